"""Personal data guard (PDPA): Thai national ID numbers must never be published.

A Thai national ID (เลขประจำตัวประชาชน) has 13 digits; the last is a check digit over the first
twelve: sum of digit × weight for weights 13 … 2, check = (11 − sum mod 11) mod 10. We look for
13 digits written as one run (1234567890121), in the official grouping 1-2345-67890-12-1 (dashes or
spaces), or as 13 single digits separated by spaces (forms with one box per digit), in ASCII or
Thai digits, and report only numbers whose check digit is right: a random 13-digit number passes
one time in ten, so reference numbers, amounts and phone lists rarely do.

Nothing here ever returns or prints a full number: findings carry `mask()` (first and last digit
kept) and `digest()` (SHA-256 of the 13 ASCII digits, which is how the on-disk cache and the
allow-lists compare numbers).

A number written around the pattern is found too: the text is also read as a person sees it
(`normalized`): digits of any script and compatibility forms (fullwidth, circled) as ASCII, any
dash, dot or space between the groups, Markdown emphasis, HTML tags, comments and character
references, and invisible characters (zero-width space, soft hyphen, joiners) removed.

False positives (a company's tax ID uses the same check digit; a document number may pass by
chance) are allowed by listing the number under `pii_allow:` in the item's front matter, or in
site.yml for the whole site.
"""
from __future__ import annotations

import html
import re
import unicodedata


def _id_pattern(digit: str, space: str, separator: str) -> re.Pattern:
    """13 digits as one run (1234567890121), in the official grouping with any separator
    (1-2345-67890-12-1, 1 2345 67890 12 1, 1 - 2345 - …, 1.2345.67890.12.1), or one digit per box."""
    gap = f"(?:{space}{{0,3}}{separator}{space}{{0,3}}|{space}{{1,3}})"
    return re.compile(
        f"(?<!{digit})(?:{digit}{{13}}"
        + f"|{digit}{gap}{digit}{{4}}{gap}{digit}{{5}}{gap}{digit}{{2}}{gap}{digit}"
        + f"|{digit}(?:{gap}{digit}){{12}})(?!{digit})")


# The text as written: ASCII and Thai digits, the usual dashes and spaces
ID_PATTERN = _id_pattern("[0-9๐-๙]", "[ \u00a0]", "[-.\u2010-\u2015\u2212]")


class _Fold(dict):
    """str.translate table, filled on first sight of each character: a decimal digit of any script
    becomes ASCII, any dash '-', a middle dot '.', any space ' '; format and control characters,
    combining marks and Markdown's emphasis, escape and link characters are dropped."""

    def __missing__(self, code: int):
        char = chr(code)
        category = unicodedata.category(char)
        out: int | str | None = code
        if category == "Nd":
            out = str(unicodedata.decimal(char))
        elif category == "Pd" or char in "\u2212\u2043\u2796":
            out = "-"
        elif char in "\u00b7\u2024\u2027\u2219\u22c5\u30fb":
            out = "."
        elif category == "Zs" or char == "\t":
            out = " "
        elif category in ("Zl", "Zp"):
            out = "\n"
        elif category in ("Cf", "Mn", "Me") or (category == "Cc" and char not in "\n\r") or char in "*_`~\\[":
            out = None
        self[code] = out
        return out


_FOLD = _Fold()
# What a reader does not see between two digits: a comment, an inline tag. A block tag (a cell, a
# paragraph, a line break) ends a line; character references are decoded (the same ones html.unescape does)
_COMMENT = r"<!--.*?(?:-->|\Z)"
_BLOCK_TAG = r"</?(?:p|div|br|hr|li|ul|ol|td|th|tr|table|thead|tbody|h[1-6]|blockquote|pre|section|article|dl|dt|dd)\b[^<>]*>"
_TAG = r"<[^<>]*>"
_REFERENCE = r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)"
_LINK_TARGET = r"\]\([^()\s]*\)"  # [1103](https://…)700123458 reads as one number: the target goes, the brackets too
_HIDDEN = re.compile(f"{_COMMENT}|{_TAG}|{_LINK_TARGET}", re.S)
_BLOCK = re.compile(_BLOCK_TAG, re.I)
_TOKEN = re.compile(f"(?P<comment>{_COMMENT})|(?P<block>{_BLOCK_TAG})|(?P<tag>{_TAG}|{_LINK_TARGET})|(?P<ref>{_REFERENCE})|.",
                    re.S | re.I)
# The same in the normalised text (every digit ASCII, every dash '-', every space ' ')
NORMALIZED_PATTERN = _id_pattern("[0-9]", " ", "[-.]")
# A text of only these characters reads as written: ASCII but for & * < [ \\ _ ` ~ (markup) and the
# tab, Thai but for the marks above and below (dropped when read) ...
_UNUSUAL = re.compile("[^\n\r !-%'-)+-;=-Z\\]^a-}\u0e00-\u0e30\u0e32\u0e33\u0e3b-\u0e46\u0e4f-\u0e7f"
                      "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# ... unless such a mark follows a digit, where it could hide inside a number
_MARK_AFTER_DIGIT = re.compile("[0-9\u0e50-\u0e59][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# Digits of any script and the compatibility forms NFKC makes digits of (superscripts, circled,
# parenthesised): a text with fewer than 13 holds no ID (a character reference has digits too)
_DIGITISH = re.compile("[\\d\u00b2\u00b3\u00b9\u2070-\u2089\u2150-\u218b\u2460-\u24ff\u2776-\u2793"
                       "\u3220-\u3229\u3248-\u325f\u3280-\u3289\u32b1-\u32bf\U0001f100-\U0001f10c]")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def normalized(text: str) -> str:
    """`text` as a reader sees it, reduced for matching (see the module's docstring)."""
    return _fold(html.unescape(_HIDDEN.sub("", _BLOCK.sub("\n", text))))


def _normalized_with_places(text: str) -> tuple[str, list, list]:
    """`normalized(text)` and, for each of its characters, where its source starts and ends in `text`."""
    out, starts, ends = [], [], []
    for token in _TOKEN.finditer(text):
        kind = token.lastgroup
        if kind in ("comment", "tag"):
            continue
        piece = "\n" if kind == "block" else _fold(html.unescape(token.group()) if kind == "ref" else token.group())
        out.append(piece)
        starts += [token.start()] * len(piece)
        ends += [token.end()] * len(piece)
    return "".join(out), starts, ends


def digits_of(text: str) -> str:
    """The ASCII digits of `text` (digits of any script converted), everything else dropped."""
    return re.sub(r"[^0-9]", "", _fold(str(text)))


def check_digit(first12: str) -> int:
    total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1)))
    return (11 - total % 11) % 10


def is_valid_id(number: str) -> bool:
    """True for 13 ASCII digits whose last digit is the right check digit."""
    return len(number) == 13 and number.isdigit() and check_digit(number[:12]) == int(number[12])


def mask(number: str) -> str:
    """'1-xxxx-xxxxx-xx-1': enough to find the number in a document, never enough to use it."""
    return f"{number[0]}-xxxx-xxxxx-xx-{number[12]}"


def digest(number: str) -> str:
    import hashlib  # here, not at the top: `oit validate` starts faster when nothing is found

    return hashlib.sha256(number.encode("ascii")).hexdigest()


def find_ids(text: str):
    """(start, end, number) of every valid national ID in `text`; `number` is 13 ASCII digits."""
    if not text:
        return
    found = []
    for match in ID_PATTERN.finditer(text):
        number = digits_of(match.group(0))
        if is_valid_id(number):
            found.append((match.start(), match.end(), number))
    if not (_UNUSUAL.search(text) or _MARK_AFTER_DIGIT.search(text)) or len(_DIGITISH.findall(text)) < 13:
        yield from found
        return
    yield from sorted(found + list(_read_ids(text, found)))  # in order: mask_text replaces them in turn


def _read_ids(text: str, found: list):
    """The IDs of `text` as a reader sees it that the plain pattern did not find (`found`)."""
    # When the text as read holds more numbers than the plain pattern found, find where they are
    seen = [number for _start, _end, number in found]
    extra = [n for n in map(digits_of, NORMALIZED_PATTERN.findall(normalized(text))) if is_valid_id(n)]
    for number in seen:
        if number in extra:
            extra.remove(number)
    if not extra:
        return
    reduced, starts, ends = _normalized_with_places(text)
    for match in NORMALIZED_PATTERN.finditer(reduced):
        number = digits_of(match.group(0))
        start, end = starts[match.start()], ends[match.end() - 1]
        if is_valid_id(number) and not any(s < end and start < e for s, e, _n in found):
            yield start, end, number


def mask_text(text: str, keep: set[str] | frozenset[str] = frozenset()) -> str:
    """`text` with every valid national ID replaced by its mask, except those whose digest is in `keep`."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    out, last = [], 0
    for start, end, number in find_ids(text):
        if keep and digest(number) in keep:
            continue
        out += [text[last:start], mask(number)]
        last = end
    return "".join(out) + text[last:] if out else text


def allow_digests(values) -> tuple[set, list]:
    """Digests of a `pii_allow:` list and the entries that are not 13-digit numbers."""
    if values is None:
        return set(), []
    if not isinstance(values, list):
        values = [values]
    allowed, bad = set(), []
    for value in values:
        number = digits_of(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if len(number) == 13:
            allowed.add(digest(number))
        else:
            bad.append(value)
    return allowed, bad
