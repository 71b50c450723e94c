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

False positives (a company's tax ID uses the same check digit; a document number may pass by
chance) are allowed by listing the number under `pii_allow:` in the item's front matter, or in
site.yml for the whole site.
"""
from __future__ import annotations

import re

_D = "[0-9๐-๙]"
_NOT_DIGIT_BEFORE = "(?<![0-9๐-๙])"
_NOT_DIGIT_AFTER = "(?![0-9๐-๙])"
_SEP = "[-\u2010\u2011\u2012\u2013 \u00a0]"
_GAP = f"(?: ?{_SEP} ?)"
ID_PATTERN = re.compile(
    _NOT_DIGIT_BEFORE + "(?:"
    + f"{_D}{{13}}"  # 1234567890121
    + f"|{_D}{_GAP}{_D}{{4}}{_GAP}{_D}{{5}}{_GAP}{_D}{{2}}{_GAP}{_D}"  # 1-2345-67890-12-1, 1 2345 67890 12 1, 1 - 2345 - …
    + f"|{_D}(?: {_D}){{12}}"  # 1 2 3 4 5 6 7 8 9 0 1 2 1 (one box per digit)
    + ")" + _NOT_DIGIT_AFTER)
_TO_ASCII = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def digits_of(text: str) -> str:
    """The ASCII digits of `text` (Thai digits converted), everything else dropped."""
    return re.sub(r"[^0-9]", "", str(text).translate(_TO_ASCII))


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
    for match in ID_PATTERN.finditer(text):
        number = digits_of(match.group(0))
        if is_valid_id(number):
            yield match.start(), match.end(), number


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
