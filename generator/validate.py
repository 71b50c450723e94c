"""`oit validate`: completeness, year coverage, files and fields of one assessment year."""
from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from . import guard, pii, urls
from .catalog import Catalog, load_catalog
from .codes import normalize_item_code
from .content import year_folders, load_site, load_year
from .display import display_path
from .itempaths import RESERVED_NAMES
from .model import ContentItem, Site, Year
from .texts import is_web_url, is_text
from .coverage import check_item, url_field_satisfied
from .fields import is_record, kind_of, record_label
from .filecache import FileCache
from .filecheck import DEFAULT_MAX_MB
from .findings import Finding
from .hints import repeated_months, unlisted_files
from .i18n import _, th
from .record import ItemRecord
from .schedule import schedule_findings
from .references import BODY_FILE, BODY_PAGE, BODY_ROOT, FIELD_FILE, FILES, Reference, item_references, root_page_source
from .thai import BEDate, today_be
from .units import owner_findings

STATUSES = ("complete", "incomplete", "missing", "not_due")


@dataclass
class Report:
    site: Site
    year: Year
    catalog: Catalog
    as_of: BEDate
    items: list[ItemRecord] = field(default_factory=list)  # in catalog order
    findings: list = field(default_factory=list)
    # code → (record before owner names, its findings): what an incremental build (incremental.py) reuses
    evaluated: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def published(self) -> dict[str, Path]:
        """Site path → file: what the guard proved safe, all the site serves (the records' union)."""
        return {site_path: file.source for record in self.items for site_path, file in record.published.items()}

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
        self.items = [dataclasses.replace(record, status="incomplete")
                      if record.code in failed and record.status in ("complete", "not_due") else record
                      for record in self.items]

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def to_json(self) -> dict:
        return {
            "year": self.year.year,
            "framework": self.catalog.framework,
            **({"provenance": provenance_json(self.catalog)} if not self.catalog.provenance.is_official else {}),
            "as_of": self.as_of.iso(),
            "summary": self.summary(),
            "items": [{"code": r.code, "title": r.title, "status": r.status, "url": r.url} for r in self.items],
            "findings": [f.to_json() for f in self.findings],
        }


def provenance_json(catalog) -> dict:
    """How sure the framework is, for JSON output (only for a framework not from the official manual)."""
    p = catalog.provenance
    return {"status": p.status, "sources": list(p.sources), "note": p.note}


def max_file_bytes(site: Site) -> int:
    value = site.settings.get("max_file_mb", DEFAULT_MAX_MB)
    if not _valid_limit(value):
        value = DEFAULT_MAX_MB
    return int(float(value) * 1_000_000)


def _valid_limit(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < float("inf")


def site_findings(site: Site) -> list:
    """Problems of site.yml that do not stop the run (the keys that do are checked by load_site)."""
    out = []
    where = display_path(site.root / "site.yml")
    value = site.settings.get("max_file_mb")
    if value is not None and not _valid_limit(value):
        out.append(Finding("config-invalid", None, where, site.settings.line_of("max_file_mb"),
                           _("max_file_mb must be a number of megabytes above 0, e.g. max_file_mb: 20; "
                             "using the default {default}").format(default=DEFAULT_MAX_MB)))
    _digests, bad = pii.allow_digests(site.settings.get("pii_allow"))
    if bad:
        out.append(Finding("field-invalid", None, where, site.settings.line_of("pii_allow"), guard.bad_allow_message(bad)))
    return out


def validate(content_dir: Path, year: int | None = None, as_of: BEDate | None = None) -> Report:
    site = load_site(content_dir)
    return load_report(site, year or site.default_year, as_of)


def load_report(site: Site, year: int, as_of: BEDate | None = None) -> Report:
    """Load one year folder and its catalog, and evaluate it."""
    return load_reports(site, [year], as_of)[0]


def load_reports(site: Site, years: list, as_of: BEDate | None = None, cache: FileCache | None = None) -> list:
    """Load and evaluate year folders with one file cache, read once and saved once (`cache`: the
    caller's, whose hashes it then reuses). The files the items publish that the cache does not
    know yet are analysed in parallel (filecache.FileCache.prefetch), each year's from when it is loaded."""
    cache = guard.file_cache(site.root) if cache is None else cache
    limit = max_file_bytes(site)
    loaded, catalogs, references = [], {}, {}
    try:
        for number in years:  # each year's files read by workers while the next years load, and the first are evaluated
            year = load_year(site, number, limit)
            loaded.append(year)
            catalogs[number] = load_catalog(year.framework, site.root)
            references[number] = year_references(year, catalogs[number], site.root)
            guard.prefetch(cache, guarded_files({number: references[number]}), limit)
        pages = year_pages(site.root, catalogs)  # once for all years: a page may link to another year's
        site_verdict = guard.guard_site(site, cache)
        reports = [evaluate(site, y, catalogs[y.year], as_of or today_be(), cache, pages, references[y.year], site_verdict)
                   for y in loaded]
    finally:
        cache.settle()
    cache.save()
    return reports


def guarded_files(references: dict) -> list:
    """Every file the PDPA guard reads for `references` (year → code → references), each once."""
    return list(dict.fromkeys(ref.path for refs in references.values() for item in refs.values() for ref in item
                              if ref.kind in FILES and ref.path is not None))


def year_references(year: Year, catalog: Catalog, content_root: Path) -> dict[str, list[Reference]]:
    """The references of every item of `year` that its catalog knows, by code."""
    out = {}
    for code, content in year.items.items():
        item = catalog.item(code)
        if item is not None:
            out[code] = item_references(item, content, year.year, content_root)
    return out


def evaluate(site: Site, year: Year, catalog: Catalog, as_of: BEDate, cache: FileCache,
             pages: set | None = None, references: dict | None = None,
             site_verdict: guard.SiteVerdict | None = None, reuse: dict | None = None) -> Report:
    """One year's report; `site_verdict` (guard.guard_site) when the caller has it for all years.
    The report's site is the site as published (national IDs of site.yml masked). `reuse`: code →
    (record, findings) of an earlier evaluation (Report.evaluated) whose item and files did not change."""
    site_verdict = site_verdict or guard.guard_site(site, cache)
    report = Report(site_verdict.shown, year, catalog, as_of)
    limit = max_file_bytes(site)
    site_allow, _bad = pii.allow_digests(site.settings.get("pii_allow"))
    report.findings += site_findings(site) + site_verdict.findings + schedule_findings(year, catalog)
    by_item: dict = {}
    for finding in year.findings:
        by_item.setdefault(finding.item, []).append(finding)
    for code, folder_item in year.items.items():
        if catalog.item(code) is None:
            by_item.setdefault(code, []).append(Finding(
                "unknown-item", code, display_path(folder_item.folder), None,
                _("{code} is not an item of framework {framework} (items {range}); it is not published").format(
                    code=code, framework=catalog.framework, range=catalog.code_range())))
    report.findings += by_item.pop(None, [])
    if pages is None:
        pages = year_pages(site.root, {year.year: catalog})
    if references is None:
        references = year_references(year, catalog, site.root)
    base_path = urls.base_path_of(site.base_url)
    for item in catalog.items:
        loaded = by_item.pop(item.code, [])
        if reuse is not None and item.code in reuse:
            record, findings = reuse[item.code]
            findings = list(findings)
        else:
            record, findings = _evaluate_item(item, year.items.get(item.code), references.get(item.code, []),
                                              loaded, year, as_of, cache, pages, base_path, limit, site_allow, site)
        report.evaluated[item.code] = (record, tuple(findings))
        report.items.append(record)
        report.findings += findings
    for leftover in by_item.values():  # unknown items
        report.findings += leftover
    owners, owner_problems = owner_findings(site, report.items)
    report.items = [dataclasses.replace(record, owner=owners[record.code]) if record.code in owners else record
                    for record in report.items]
    report.findings += owner_problems
    return report


def _evaluate_item(item, content: ContentItem | None, refs: list[Reference], findings: list, year: Year,
                   as_of: BEDate, cache: FileCache, pages: set, base_path: str, limit: int, site_allow: set,
                   site: Site) -> tuple[ItemRecord, list]:
    """The record of one catalog item and its findings (`findings`: the loader's, extended)."""
    url = urls.absolute(site.base_url, urls.item_page(year.year, item.code))
    if content is None:
        findings.append(Finding("item-missing", item.code, display_path(year.folder / item.code), None,
                                _("{code} {title}: no folder; create {folder}/index.md "
                                  "(oit new {year} scaffolds every item)").format(
                                    code=item.code, title=item.title, folder=display_path(year.folder / item.code),
                                    year=year.year),
                                public=th("This item has not been published yet")))
        return ItemRecord(item.code, item.title, "missing", url, None, tuple(refs)), findings
    due, parts = _check_item(item, content, refs, year, as_of, findings)
    verdict = guard.guard_item(content, refs, limit, cache, site_allow, site.root)
    findings += verdict.findings
    shown = verdict.shown
    findings += page_link_findings(shown, refs, pages, base_path)
    findings += unlisted_files(shown, refs) + repeated_months(item, shown)
    if any(f.is_error for f in findings):
        status = "incomplete"
    else:
        status = "complete" if due else "not_due"
    return ItemRecord(item.code, item.title, status, url, shown, tuple(refs), MappingProxyType(parts),
                      MappingProxyType(verdict.published), shown.owner), findings


def _check_item(item, content: ContentItem, references: list[Reference], year: Year, as_of: BEDate,
                findings: list) -> tuple[bool, dict]:
    """(due, evidence index → the part ids it serves); the findings go into `findings`."""
    where = display_path(content.index_path)
    if not content.loaded:
        return True, {}
    coverage = check_item(item, content.evidence, year.year, as_of.month_index, where)
    unpublishable = {ref.label: ref.problem for ref in references if ref.kind == FIELD_FILE and ref.problem}
    for spec in item.fields:
        findings += check_field(spec, content, where, unpublishable, coverage.parts)
    findings += coverage.findings
    return coverage.due, coverage.parts


def check_field(spec, content: ContentItem, where: str, unpublishable: dict, parts: dict) -> list:
    """Findings for one structured field the catalog declares (O2 executives, O5 contact, …).
    `unpublishable`: why a field file cannot be published, by its reference label ('executives[1].photo');
    `parts`: evidence index → the part ids it serves (coverage.check_item)."""
    meta, code = content.meta, content.code
    out = []

    def add(rule, line, message):
        out.append(Finding(rule, code, where, line, message))

    value = meta.get(spec.name)
    if value in (None, "", []) and url_field_satisfied(spec, content.evidence, parts):
        return out
    if value in (None, "", []):
        add("field-missing", meta.line if meta else 1,
            _("'{key}:' ({label}) is required by the criteria; add it to the front matter").format(
                key=spec.name, label=spec.label))
        return out
    records = kind_of(spec).shaped(spec, value, meta.line_of(spec.name), add)  # the kind's own shape (fields.py)
    for number, record in enumerate(records or [], 1):
        label = record_label(spec, number)
        if not is_record(record):
            add("field-invalid", meta.line_of(spec.name), _("'{label}' must be key: value lines ({keys})").format(
                label=label, keys=", ".join(spec.required)))
            continue
        for key in spec.required:
            if record.get(key) in (None, ""):
                add("field-missing", record.line, _("'{label}' has no '{key}:'; the criteria require {keys}").format(
                    label=label, key=key, keys=", ".join(spec.required)))
        if spec.any_of and not any(record.get(key) not in (None, "") for key in spec.any_of):
            add("field-missing", record.line, _("'{label}' needs at least one of {keys} (contact channel)").format(
                label=label, keys=_(" or ").join(spec.any_of)))
        for key in spec.files:
            name = record.get(key)
            if name not in (None, ""):
                if not is_text(name):
                    add("field-invalid", record.line_of(key), _(
                        "'{label}.{key}' must be the name of one file in this folder, e.g. photo.jpg").format(
                            label=label, key=key))
                    continue
                problem = unpublishable.get(f"{label}.{key}")
                if problem:
                    add(problem[0], record.line_of(key), f"'{label}.{key}': {problem[1]}")
        for key in spec.urls:
            if record.get(key) not in (None, "") and not is_web_url(record.get(key)):
                add("field-invalid", record.line_of(key), _(
                    "'{label}.{key}' must be a web address starting with https://").format(label=label, key=key))
    return out


# --- links between pages -------------------------------------------------------------------

YEAR_PAGE = re.compile(r"\d{4}/")


def year_pages(root: Path, catalogs: dict) -> set:
    """The pages a build has inside year folders: each year's page and an item page for every item
    of a loaded year's catalog (the renderer writes one even for a missing item), or, for a year
    not loaded, for every item folder."""
    pages = set()
    for year, folder in year_folders(root).items():
        pages.add(urls.page_source(urls.year_page(year)))
        catalog = catalogs.get(year)
        codes = ([item.code for item in catalog.items] if catalog is not None else
                 [normalize_item_code(entry.name) for entry in os.scandir(folder) if entry.is_dir()])
        pages.update(urls.page_source(urls.item_page(year, code)) for code in codes if code)
    return pages


def _page_itself(name: str) -> bool:
    """'index.html' with no such file: a link to the item page itself (`oit check` proves it)."""
    return PurePosixPath(name.replace("\\", "/")).name.lower() in RESERVED_NAMES


def page_link_findings(content: ContentItem, references: list[Reference], pages: set, base_path: str = "/") -> list:
    """A link or image in the text that no build will serve is an error now, so `oit validate`,
    `oit build` and `oit status` show the item incomplete as `oit check` would (one verdict,
    docs/contracts.md#rules): a file missing from the item folder, or a page of a year folder
    ('../O5/index.md', '../../2566/O1/', '/oit/2566/O1/' under the base path) that no build will
    have, or a root path that leaves the site's base path. A file outside the item folder
    is the guard's path-outside-content. Pages outside year folders (site map, policies) and
    anchors are proven by `oit check`, which has the built pages."""
    out = []
    for ref in references:
        if ref.kind == BODY_FILE and ref.problem and ref.problem[0] == "file-not-found" and not _page_itself(ref.name):
            message = _("image '{link}' shows nothing: {advice}") if ref.image else _("link '{link}' leads nowhere: {advice}")
            out.append(Finding("broken-link", content.code, display_path(content.index_path), ref.line,
                               message.format(link=ref.name, advice=ref.problem[1]), link=ref.name))
            continue
        page = (root_page_source(ref.name, base_path) if ref.kind == BODY_ROOT else ref.site_path) or ""
        if ref.kind in (BODY_PAGE, BODY_ROOT) and (YEAR_PAGE.match(page) or page.split("/")[0] == "..") and page not in pages:  # '..': out of the site
            out.append(Finding("broken-link", content.code, display_path(content.index_path), ref.line,
                               _("link '{link}' points to no page of this site; link an item page as "
                                 "../O5/index.md (same year) or ../../2566/O5/index.md (another year)").format(
                                   link=ref.name), link=ref.name))
    return out
