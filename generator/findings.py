"""Findings: what validation, build and check report about the content."""
from __future__ import annotations

from dataclasses import dataclass

from .pii import mask_text

ERROR = "error"
WARNING = "warning"

# Stable rule ids (docs/contracts.md#rules) and the ones this tool adds; the value is the default severity.
RULES = {
    "item-missing": ERROR,
    "evidence-missing": ERROR,
    "file-not-found": ERROR,
    "coverage-gap": ERROR,
    "wrong-year": ERROR,
    "field-missing": ERROR,
    "field-invalid": ERROR,
    "unknown-item": WARNING,
    "duplicate-item": ERROR,
    "front-matter-invalid": ERROR,
    "period-invalid": ERROR,
    "path-outside-content": ERROR,
    "pdf-invalid": ERROR,
    "image-invalid": ERROR,
    "file-invalid": ERROR,  # an empty file, or a .docx/.xlsx/… that is not one (e.g. an HTML page)
    "file-too-large": ERROR,
    "file-active": ERROR,  # a file a browser or web server would run (.html, .svg, .php, .htaccess): withheld
    "broken-link": ERROR,
    "external-timeout": WARNING,
    "pii-national-id": ERROR,
    "pii-unchecked": ERROR,  # a file the PDPA guard could not read whole: withheld (guard._proven_safe)
    "url-removed": ERROR,
    "period-future": WARNING,
    "config-invalid": ERROR,
    "owner-unknown": WARNING,  # owner: names no unit of site.yml's units: (units.py)
    "owner-missing": WARNING,  # site.yml lists units: and the item names none
    "file-unlisted": WARNING,  # a file in an item folder that no entry names: not published (hints.py)
    "period-repeated": WARNING,  # a month given twice in a monthly item (hints.py)
    "not-monthly": WARNING,  # a quarterly document under a monthly time rule: counts for its months (time_rules.py)
}


@dataclass
class Finding:
    rule: str
    item: str | None
    path: str | None
    line: int | None
    message: str
    severity: str = ""
    part: str | None = None  # the part of a multi-part item the finding is about (catalog parts:)
    link: str | None = None  # a broken link as written: validation and the link check report each once
    public: str | None = None  # what the public page says is missing, in Thai (gaps.py); None: the rule's sentence

    def __post_init__(self):
        if self.rule not in RULES:
            raise KeyError(f"unknown rule id {self.rule!r}")
        if not self.severity:
            self.severity = RULES[self.rule]
        # Findings are printed in CI logs and published on item pages: never a full national ID,
        # whatever value a message quotes (a file name, a URL, a title).
        self.message = mask_text(self.message)
        self.path = mask_text(self.path) if self.path else self.path
        self.public = mask_text(self.public) if self.public else self.public

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def to_json(self) -> dict:
        out = {"rule": self.rule, "severity": self.severity, "item": self.item,
               "path": self.path, "line": self.line, "message": self.message}
        return {**out, "part": self.part} if self.part else out
