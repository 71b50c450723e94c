"""The content model (docs/contracts.md#content-tree): what the loader (content.py) reads from the
content tree. Loaded content is frozen: evaluation and every stage after it read it and never
change it (their decisions go into the item's record, record.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .periods import Period
from .yamlio import LineDict


# Loaded content is frozen: evaluation and every stage after it read it and never change it
# (their decisions go into the item's record, record.py).
@dataclass(frozen=True)
class Evidence:
    index: int
    title: str
    line: int | None
    file: str | None = None  # as written
    url: str | None = None
    period: Period | None = None
    path: Path | None = None  # resolved file inside the item folder, when safe
    site_path: str | None = None  # where the file is published, relative to the site root
    period_text: str | None = None  # as written, when it could not be parsed (already reported)
    ref_line: int | None = None  # line of its file: or url: key
    part: str | None = None  # the part of a multi-part item it serves, as written (part: progress)
    parts: tuple[str, ...] = ()  # every part it names: `part: [plan, progress]` (one document for both)
    supporting: bool = False  # `role: supporting`: published beside the evidence, never judged as evidence

    @property
    def is_file(self) -> bool:
        return self.file is not None


@dataclass(frozen=True)
class ContentItem:
    code: str
    folder: Path
    index_path: Path
    meta: LineDict = field(default_factory=LineDict)
    body: str = ""
    body_line: int = 1  # file line on which the Markdown body starts
    front: str = ""  # the front matter as written (the personal data guard scans it first)
    evidence: list = field(default_factory=list)
    owner: str | None = None
    loaded: bool = False  # front matter could be read


@dataclass(frozen=True)
class Site:
    root: Path
    name: str
    name_en: str
    base_url: str
    default_year: int
    settings: LineDict


@dataclass(frozen=True)
class Year:
    year: int
    folder: Path
    framework: str
    items: dict[str, ContentItem] = field(default_factory=dict)  # by canonical code
    findings: list = field(default_factory=list)
