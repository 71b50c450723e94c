"""Help that finds the webmaster's mistake: the file they probably meant when a name is not found,
a file in an item folder that no entry lists, and a month given twice in a monthly item.

These only advise: a near match is named in the file-not-found finding, and the other two are
warnings (a file nobody lists is simply not published)."""
from __future__ import annotations

import difflib
import os
import unicodedata
from pathlib import Path

from .findings import WARNING, Finding
from .i18n import _
from .references import FILES
from .content import display_path
from .time_rules import RULES as TIME_RULES

SKIPPED = ("index.md",)  # the item page's own source


def folder_files(folder: Path) -> list[str]:
    """Files of an item folder, as paths relative to it ('monthly/2568-10.pdf'); hidden ones left out."""
    out = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(parent).relative_to(folder)
        out += [(relative / name).as_posix() for name in sorted(files) if not name.startswith(".")]
    return [name for name in out if name not in SKIPPED]


def _plain(name: str) -> str:
    """A name as a person reads it: one letter case, one form of Thai and Latin, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def near_name(folder: Path, name: str) -> str | None:
    """The file of `folder` the webmaster probably meant by `name`: the same name in another letter
    case or with other spaces, or a small typo (difflib's ratio 0.8: one or two letters)."""
    try:
        present = folder_files(folder) if folder.is_dir() else []
    except OSError:
        return None
    same = [f for f in present if _plain(f) == _plain(name)]
    close = same or difflib.get_close_matches(name, present, n=1, cutoff=0.8)
    return close[0] if close else None


def near_match(folder: Path, name: str) -> str:
    """'; did you mean …' for a name not found in `folder`: a near name there, or the same file
    sitting in another item's folder of the year; '' when there is nothing to suggest."""
    near = near_name(folder, name)
    if near is not None:
        return _("; did you mean '{name}'?").format(name=near)
    try:
        others = sorted(p for p in folder.parent.iterdir() if p.is_dir() and p != folder and not p.name.startswith("."))
    except OSError:
        return ""
    for other in others:
        if (other / name).is_file():
            return _("; it is in {other}/: move it into {here}/").format(
                other=display_path(other), here=display_path(folder))
    return ""


def unlisted_files(content, references: list) -> list[Finding]:
    """A warning for each file of the item folder that no evidence entry, field or link names."""
    if content is None or not content.loaded:
        return []
    named = {ref.path.resolve() for ref in references if ref.path is not None}
    # a file that a misspelt entry probably means is named in that entry's finding already
    meant = {near_name(content.folder, ref.name) for ref in references if ref.kind in FILES and ref.path is None}
    named |= {(content.folder / name).resolve() for name in meant if name}
    try:
        present = folder_files(content.folder)
    except OSError:
        return []
    where = display_path(content.index_path)
    return [Finding("file-unlisted", content.code, where, None, _(
        "'{name}' is in the item folder but no entry lists it, so it is not published; add it under "
        "evidence: (title, file, period) or delete it").format(name=name), WARNING)
        for name in present if (content.folder / name).resolve() not in named]


def repeated_months(item, content) -> list[Finding]:
    """In a monthly item, two entries with the same month: usually a copied entry whose period was
    not changed, which leaves the month it should have named missing."""
    monthly = any(TIME_RULES[rule].monthly for part in item.parts for rule in part.time_rules) \
        or TIME_RULES[item.time_rule].monthly
    if content is None or not monthly:
        return []
    seen: dict = {}
    out = []
    where = display_path(content.index_path)
    for ev in content.evidence:
        if ev.period is None or ev.period.kind != "month":
            continue
        key = (ev.period.start, getattr(ev, "part", None))
        if key in seen:
            first = seen[key]
            out.append(Finding("period-repeated", content.code, where, ev.line, _(
                "'{title}' has period {period} like '{other}' (line {line}); if it is another month's "
                "document, correct its period").format(title=ev.title, period=ev.period.text, other=first.title,
                                                       line=first.line), WARNING))
        else:
            seen[key] = ev
    return out
