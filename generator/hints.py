"""Help that finds the webmaster's mistake: the file they probably meant when a name is not found,
a file in an item folder that no entry lists, and a month given twice in a monthly item.

These only advise: a near match is named in the file-not-found finding, and the other two are
warnings (a file nobody lists is simply not published)."""
from __future__ import annotations

import os
from pathlib import Path

from .display import display_path
from .findings import WARNING, Finding
from .i18n import _
from .itempaths import folder_files, near_name
from .references import FILES
from .time_rules import RULES as TIME_RULES


def unlisted_files(content, references: list) -> list[Finding]:
    """A warning for each file of the item folder that no evidence entry, field or link names."""
    if content is None or not content.loaded:
        return []
    real_folder = content.folder.resolve()
    try:  # the folder's links, as its listing says (no stat a file)
        links = {entry.name for entry in os.scandir(content.folder) if entry.is_symlink()}
    except OSError:
        return []

    def real(path: Path) -> Path:
        """path.resolve(); for a file right in the item folder that is not a link, that folder's
        real path and the name, not an lstat per folder of the path: an item lists dozens of
        files, a site thousands."""
        if path.parent == content.folder and path.name not in ("", ".", "..") and path.name not in links:
            return real_folder / path.name
        return path.resolve()
    named = {real(ref.path) for ref in references if ref.path is not None}
    # a file that a misspelt entry probably means is named in that entry's finding already
    meant = {near_name(content.folder, ref.name) for ref in references if ref.kind in FILES and ref.path is None}
    named |= {real(content.folder / name) for name in meant if name}
    try:
        present = folder_files(content.folder)
    except OSError:
        return []
    where = display_path(content.index_path)
    return [Finding("file-unlisted", content.code, where, None, _(
        "'{name}' is in the item folder but no entry lists it, so it is not published; add it under "
        "evidence: (title, file, period) or delete it").format(name=name), WARNING)
        for name in present if real(content.folder / name) not in named]


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
