"""`oit validate`: completeness, year coverage, files and fields of one assessment year."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .catalog import Catalog, load_catalog
from .content import ContentItem, Site, Year, display_path, load_site, load_year, resolve_item_file
from .coverage import check_coverage
from .filecheck import DEFAULT_MAX_MB, check_file
from .findings import Finding
from .thai import BEDate, today_be
from .yamlio import LineDict, LineList

STATUSES = ("complete", "incomplete", "missing", "not_due")


@dataclass
class ItemResult:
    code: str
    title: str
    status: str
    url: str
    content: ContentItem | None


@dataclass
class Report:
    site: Site
    year: Year
    catalog: Catalog
    as_of: BEDate
    items: list = field(default_factory=list)  # ItemResult in catalog order
    findings: list = field(default_factory=list)

    def summary(self) -> dict:
        counts = {status: 0 for status in STATUSES}
        for result in self.items:
            counts[result.status] += 1
        return {"items": len(self.items), **counts,
                "errors": sum(f.is_error for f in self.findings),
                "warnings": sum(not f.is_error for f in self.findings)}

    def add_findings(self, findings: list) -> None:
        """Findings found after validation (links, removed URLs); an item with a new error is incomplete."""
        self.findings += findings
        failed = {f.item for f in findings if f.is_error}
        for result in self.items:
            if result.code in failed and result.status in ("complete", "not_due"):
                result.status = "incomplete"

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def to_json(self) -> dict:
        return {
            "year": self.year.year,
            "framework": self.catalog.framework,
            "as_of": self.as_of.iso(),
            "summary": self.summary(),
            "items": [{"code": r.code, "title": r.title, "status": r.status, "url": r.url} for r in self.items],
            "findings": [f.to_json() for f in self.findings],
        }


def max_file_bytes(site: Site) -> int:
    value = site.settings.get("max_file_mb", DEFAULT_MAX_MB)
    return int(float(value) * 1_000_000) if isinstance(value, (int, float)) else DEFAULT_MAX_MB * 1_000_000


def validate(content_dir: Path, year: int | None = None, as_of: BEDate | None = None) -> Report:
    site = load_site(content_dir)
    return load_report(site, year or site.default_year, as_of)


def load_report(site: Site, year: int, as_of: BEDate | None = None) -> Report:
    """Load one year folder and its catalog, and evaluate it."""
    loaded = load_year(site, year)
    return evaluate(site, loaded, load_catalog(loaded.framework, site.root), as_of or today_be())


def evaluate(site: Site, year: Year, catalog: Catalog, as_of: BEDate) -> Report:
    report = Report(site, year, catalog, as_of)
    limit = max_file_bytes(site)
    by_item: dict = {}
    for finding in year.findings:
        by_item.setdefault(finding.item, []).append(finding)
    for code, content in year.items.items():
        if catalog.item(code) is None:
            by_item.setdefault(code, []).append(Finding(
                "unknown-item", code, display_path(content.folder), None,
                f"{code} is not an item of framework {catalog.framework} "
                f"(items O1–O{max(i.number for i in catalog.items)}); it is not published"))
    report.findings += by_item.pop(None, [])
    for item in catalog.items:
        content = year.items.get(item.code)
        findings = by_item.pop(item.code, [])
        url = urls.absolute(site.base_url, urls.item_page(year.year, item.code))
        if content is None:
            findings.append(Finding("item-missing", item.code, display_path(year.folder / item.code), None,
                                    f"{item.code} {item.title}: no folder; create {display_path(year.folder / item.code)}/index.md "
                                    f"(oit new {year.year} scaffolds every item)"))
            status = "missing"
        else:
            due = _check_item(item, content, year, as_of, limit, findings, site.root)
            if any(f.is_error for f in findings):
                status = "incomplete"
            else:
                status = "complete" if due else "not_due"
        report.items.append(ItemResult(item.code, item.title, status, url, content))
        report.findings += findings
    for leftover in by_item.values():  # unknown items
        report.findings += leftover
    return report


def _check_item(item, content: ContentItem, year: Year, as_of: BEDate, limit: int, findings: list,
                content_root: Path) -> bool:
    where = display_path(content.index_path)
    if not content.loaded:
        return True
    for ev in content.evidence:
        if ev.path is not None:
            problem = check_file(ev.path, limit)
            if problem:
                findings.append(Finding(problem[0], item.code, display_path(ev.path), None,
                                        f"'{ev.title}' ({ev.file}): {problem[1]}"))
    for spec in item.fields:
        findings += check_field(spec, content, where, content_root)
    coverage = check_coverage(item, content.evidence, year.year, as_of.month_index, where)
    findings += coverage.findings
    return coverage.due


def check_field(spec, content: ContentItem, where: str, content_root: Path) -> list:
    """Findings for one structured field the catalog declares (O2 executives, O5 contact, …)."""
    meta, code = content.meta, content.code
    out = []

    def add(rule, line, message):
        out.append(Finding(rule, code, where, line, message))

    value = meta.get(spec.name)
    if value in (None, "", []):
        add("field-missing", meta.line if meta else 1,
            f"'{spec.name}:' ({spec.label}) is required by the criteria; add it to the front matter")
        return out
    if spec.kind == "url":
        if not _is_url(value):
            add("field-invalid", meta.line_of(spec.name), f"'{spec.name}' must be a web address starting with https://")
        return out
    records = value if spec.kind == "list" else [value]
    if spec.kind == "list" and not isinstance(value, LineList):
        add("field-invalid", meta.line_of(spec.name), f"'{spec.name}' must be a list; start each entry with '- name: …'")
        return out
    if spec.kind == "list" and len(records) < spec.min:
        add("field-missing", meta.line_of(spec.name), f"'{spec.name}' needs at least {spec.min} entries, found {len(records)}")
    for number, record in enumerate(records, 1):
        label = f"{spec.name}[{number}]" if spec.kind == "list" else spec.name
        if not isinstance(record, LineDict):
            add("field-invalid", meta.line_of(spec.name), f"'{label}' must be key: value lines ({', '.join(spec.required)})")
            continue
        for key in spec.required:
            if record.get(key) in (None, ""):
                add("field-missing", record.line, f"'{label}' has no '{key}:'; the criteria require {', '.join(spec.required)}")
        if spec.any_of and not any(record.get(key) not in (None, "") for key in spec.any_of):
            add("field-missing", record.line, f"'{label}' needs at least one of {' or '.join(spec.any_of)} (contact channel)")
        for key in spec.files:
            name = record.get(key)
            if name not in (None, ""):
                path, rule, message = resolve_item_file(content.folder, str(name), content_root)
                if path is None:
                    add(rule, record.line_of(key), f"'{label}.{key}': {message}")
        for key in spec.urls:
            if record.get(key) not in (None, "") and not _is_url(record.get(key)):
                add("field-invalid", record.line_of(key), f"'{label}.{key}' must be a web address starting with https://")
    return out


def _is_url(value) -> bool:
    return isinstance(value, str) and value.strip().startswith(("https://", "http://")) and " " not in value.strip()

