"""The item's record (docs/contracts.md#record): what evaluation decided about one item of one
year, made once by validate.evaluate and never changed after.

Render, exports, status, history, rollover and check read the record; nothing after evaluation
writes into the loaded content (tests/test_record.py walks the code to hold that). The site's
published files are the union of the records' `published`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .model import ContentItem
from .references import Reference

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class PublishedFile:
    """A file the PDPA guard proved safe to publish, with its size when it was judged."""
    source: Path
    size: int


@dataclass(frozen=True)
class ItemRecord:
    code: str
    title: str
    status: str  # validate.STATUSES
    url: str  # the item page's address on the published site
    content: ContentItem | None  # the item as pages and exports show it: the PDPA guard's (masked) copy
    references: tuple[Reference, ...] = ()  # what it points at (references.py), as written
    parts: Mapping[int, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)  # evidence index → the part ids it serves
    published: Mapping[str, PublishedFile] = field(default_factory=lambda: _EMPTY)  # site path → file the site serves
    owner: str | None = None  # the responsible units as the page names them (units.py: a unit id → its name)

    def serves(self, index: int) -> tuple[str, ...]:
        """The parts evidence entry `index` serves (coverage.assign_parts), () when judged for none."""
        return self.parts.get(index, ())
