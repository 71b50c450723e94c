"""Thai first (docs/contracts.md#language): every sentence a person reads has a Thai text and an
English text. The English text is the gettext msgid written in the code, `_("…")`; the Thai text is
in the .po files of generator/locale/th/LC_MESSAGES/, which a translator edits (pybabel extract/update, see
the README). The language is Thai unless `--lang en` or OIT_LANG=en says otherwise.

Placeholders are named, `_("file {name} is missing").format(name=…)`, so a translation may put
them in any order."""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

LANGUAGES = ("th", "en")
DEFAULT = "th"
PO_FOLDER = Path(__file__).parent / "locale" / "th" / "LC_MESSAGES"

_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """The language of this process's messages (`--lang`); None falls back to OIT_LANG, then Thai."""
    global _chosen
    _chosen = lang


def language() -> str:
    lang = _chosen or os.environ.get("OIT_LANG", "").strip().lower()[:2] or DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


@functools.cache
def thai_catalog() -> dict[str, str]:
    """msgid → Thai text, from the .po files (no compiled .mo is kept in git). Read by read_po
    below, not Babel's (40 ms a run, every run of oit prints Thai); tests/test_messages.py checks
    that both read the same."""
    texts: dict[str, str] = {}
    for po_file in sorted(PO_FOLDER.glob("*.po")):
        texts.update(read_po(po_file.read_text(encoding="utf-8")))
    return texts


_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def read_po(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file as `make messages` writes it (no plurals, no contexts):
    entries marked fuzzy, untranslated and obsolete (#~) ones left out."""
    texts: dict[str, str] = {}
    entry: dict[str, str] = {}
    key, fuzzy = "", False

    def finish():
        if entry.get("msgid") and entry.get("msgstr") and not fuzzy:
            texts[entry["msgid"]] = entry["msgstr"]

    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line or (line.startswith("#") and key == "msgstr"):  # an entry ends
            finish()
            entry, key, fuzzy = {}, "", False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ")):
            key, _sep, line = line.partition(" ")
            entry[key] = ""
        if line.startswith('"') and key:
            entry[key] += re.sub(r'\\(.)', lambda m: _PO_ESCAPES.get(m.group(1), m.group(1)), line[1:-1])
    return texts


def _(msgid: str) -> str:
    """The message in the chosen language (the English msgid when it has no Thai text yet)."""
    if language() == "en":
        return msgid
    return thai_catalog().get(msgid, msgid)


def th(msgid: str) -> str:
    """Always Thai, whatever the language: the public site's own sentences."""
    return thai_catalog().get(msgid, msgid)


def N_(msgid: str) -> str:
    """Marks a message for extraction where it is translated later (tables of texts)."""
    return msgid


def with_code(label: str, code: str) -> str:
    """A word for the reader with the stable code in brackets (what scripts and the JSON carry),
    'ครบถ้วน (complete)'; just the word where the two are the same."""
    return label if label == code else f"{label} ({code})"
