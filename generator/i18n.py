"""Thai first (docs/contracts.md#language): every sentence a person reads has a Thai text and an
English text. The English text is the gettext msgid written in the code, `_("…")`; the Thai text is
in the .po files of generator/locale/th/LC_MESSAGES/, which a translator edits (pybabel extract/update, see
the README). The language is Thai unless `--lang en` or OIT_LANG=en says otherwise.

Placeholders are named, `_("file {name} is missing").format(name=…)`, so a translation may put
them in any order."""
from __future__ import annotations

import functools
import os
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
    """msgid → Thai text, from the .po files (read with Babel, so no compiled .mo is kept in git)."""
    from babel.messages.pofile import read_po

    texts: dict[str, str] = {}
    for po_file in sorted(PO_FOLDER.glob("*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale="th")
        texts.update({str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy})
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
