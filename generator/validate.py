"""`oit validate`: completeness, year coverage, files and fields of one assessment year."""
from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import pii, urls
from .catalog import Catalog, load_catalog
from .content import ContentItem, Site, Year, body_links, display_path, item_site_path, normalize_item_code, year_folders, is_web_url, is_text, load_site, load_year, resolve_item_file
from .coverage import check_item, url_field_satisfied
from .filecache import FileCache, cache_dir_for, is_sha
from .filecheck import DEFAULT_MAX_MB, IMAGE_SIGNATURES, check_file, decode_image, text_ids
from .findings import RULES, Finding
from .thai import BEDate, today_be
from .units import owner_findings
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
    items: list[ItemResult] = field(default_factory=list)  # in catalog order
    findings: list = field(default_factory=list)
    withheld: set = field(default_factory=set)  # real paths of files not to publish (not proven safe: PDPA guard)
    published: dict = field(default_factory=dict)  # site path → file: what the guard proved safe, all the site serves

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


# Bumped when what the cached analyses compute changes (and with the pinned pypdf/Pillow versions).
ANALYSES = "pii-2 image-1 format-2 pypdf-7.1.0 pillow-13.0.0"


def _is_hit(hit) -> bool:
    return isinstance(hit, list) and len(hit) == 3 and all(isinstance(part, str) for part in hit) and is_sha(hit[2])


# What each cached analysis returns; a cache entry of any other shape is computed again
CACHE_SHAPES = {
    "format": lambda r: r is None or (isinstance(r, (list, tuple)) and len(r) == 2 and r[0] in RULES
                                      and isinstance(r[1], str)),
    "image": lambda r: r is None or isinstance(r, str),
    "ids": lambda r: (isinstance(r, dict) and set(r) == {"ids", "error"} and isinstance(r["ids"], list)
                      and all(map(_is_hit, r["ids"])) and (r["error"] is None or isinstance(r["error"], str))),
}


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
                           f"max_file_mb must be a number of megabytes above 0, e.g. max_file_mb: 20; "
                           f"using the default {DEFAULT_MAX_MB}"))
    _, bad = pii.allow_digests(site.settings.get("pii_allow"))
    if bad:
        out.append(Finding("field-invalid", None, where, site.settings.line_of("pii_allow"), _bad_allow(bad)))
    return out


def _bad_allow(bad: list) -> str:
    return (f"pii_allow: lists 13-digit numbers that are not a person's ID (e.g. a company's tax ID); "
            f"{len(bad)} entr{'y is' if len(bad) == 1 else 'ies are'} not 13 digits")


def validate(content_dir: Path, year: int | None = None, as_of: BEDate | None = None) -> Report:
    site = load_site(content_dir)
    return load_report(site, year or site.default_year, as_of)


def load_report(site: Site, year: int, as_of: BEDate | None = None) -> Report:
    """Load one year folder and its catalog, and evaluate it."""
    return load_reports(site, [year], as_of)[0]


def load_reports(site: Site, years: list, as_of: BEDate | None = None) -> list:
    """Load and evaluate year folders with one file cache, read once and saved once. Evidence
    files the cache does not know yet are analysed in parallel first."""
    cache = file_cache(site)
    limit = max_file_bytes(site)
    loaded = [load_year(site, year, limit) for year in years]
    paths = list(dict.fromkeys(ev.path for y in loaded for c in y.items.values() for ev in c.evidence if ev.path is not None))
    cache.prefetch(paths, lambda path, size: _analyses_for(path, size, limit))
    catalogs = {y.year: load_catalog(y.framework, site.root) for y in loaded}
    pages = year_pages(site.root, catalogs)  # once for all years: a page may link to another year's
    reports = [evaluate(site, y, catalogs[y.year], as_of or today_be(), cache, pages) for y in loaded]
    cache.save()
    return reports


def file_cache(site: Site) -> FileCache:
    """The on-disk cache of file analyses beside the site's content/ (filecache.py)."""
    return FileCache(cache_dir_for(site.root), ANALYSES, CACHE_SHAPES)


def evaluate(site: Site, year: Year, catalog: Catalog, as_of: BEDate, cache: FileCache,
             pages: set | None = None) -> Report:
    report = Report(site, year, catalog, as_of)
    limit = max_file_bytes(site)
    site_allow, _ = pii.allow_digests(site.settings.get("pii_allow"))
    report.findings += site_findings(site)
    by_item: dict = {}
    for finding in year.findings:
        by_item.setdefault(finding.item, []).append(finding)
    for code, folder_item in year.items.items():
        if catalog.item(code) is None:
            by_item.setdefault(code, []).append(Finding(
                "unknown-item", code, display_path(folder_item.folder), None,
                f"{code} is not an item of framework {catalog.framework} "
                f"(items {catalog.code_range()}); it is not published"))
    report.findings += by_item.pop(None, [])
    if pages is None:
        pages = year_pages(site.root, {year.year: catalog})
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
            _guard_files(item, content, year.year, limit, findings, site.root, cache, site_allow, report)
            findings += page_link_findings(content, year.year, pages)
            if any(f.is_error for f in findings):
                status = "incomplete"
            else:
                status = "complete" if due else "not_due"
        report.items.append(ItemResult(item.code, item.title, status, url, content))
        report.findings += findings
    for leftover in by_item.values():  # unknown items
        report.findings += leftover
    report.findings += owner_findings(site, report.items)
    return report


def _check_item(item, content: ContentItem, year: Year, as_of: BEDate, limit: int, findings: list,
                content_root: Path) -> bool:
    where = display_path(content.index_path)
    if not content.loaded:
        return True
    coverage = check_item(item, content.evidence, year.year, as_of.month_index, where)  # assigns parts first
    for spec in item.fields:
        findings += check_field(spec, content, where, content_root)
    findings += coverage.findings
    return coverage.due


def check_field(spec, content: ContentItem, where: str, content_root: Path) -> list:
    """Findings for one structured field the catalog declares (O2 executives, O5 contact, …)."""
    meta, code = content.meta, content.code
    out = []

    def add(rule, line, message):
        out.append(Finding(rule, code, where, line, message))

    value = meta.get(spec.name)
    if value in (None, "", []) and url_field_satisfied(spec, content.evidence):
        return out
    if value in (None, "", []):
        add("field-missing", meta.line if meta else 1,
            f"'{spec.name}:' ({spec.label}) is required by the criteria; add it to the front matter")
        return out
    if spec.kind == "url":
        if not is_web_url(value):
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
                if not is_text(name):
                    add("field-invalid", record.line_of(key), f"'{label}.{key}' must be the name of one file in this folder, e.g. photo.jpg")
                    continue
                path, rule, message = resolve_item_file(content.folder, str(name), content_root)
                if path is None:
                    add(rule, record.line_of(key), f"'{label}.{key}': {message}")
        for key in spec.urls:
            if record.get(key) not in (None, "") and not is_web_url(record.get(key)):
                add("field-invalid", record.line_of(key), f"'{label}.{key}' must be a web address starting with https://")
    return out


# --- files published besides evidence, and the personal data guard -------------------------

def attachment_names(content: ContentItem, item) -> list:
    """(name, line, is_field) of the files an item publishes besides its evidence: field files (O2
    photos) and relative links or images in the Markdown body (the guard lists what is published)."""
    out = []
    for spec in item.fields:
        value = content.meta.get(spec.name)
        for record in (value if isinstance(value, list) else [value]):
            if isinstance(record, LineDict):
                out += [(str(record[k]), record.line_of(k), True) for k in spec.files
                        if is_text(record.get(k)) and record.get(k) != ""]
    for target, offset in body_links(content.body):
        name = target.split("#")[0]
        if name and not name.endswith((".md", "/")):
            out.append((unquote(name), content.body_line + offset, False))
    return out


NOT_PUBLISHED = "the file is not published until then"
PII_ADVICE = ("personal data (PDPA) must not be published; remove the number, or if it is not a person's "
              "ID (e.g. a company's tax ID) list it under pii_allow: in the front matter")


def _guard_files(item, content: ContentItem, year: int, limit: int, findings: list, content_root: Path,
                 cache: FileCache, site_allow: set, report: Report) -> None:
    """The PDPA guard: publish only what was proven safe. Every file the item publishes (evidence,
    photos, body attachments) passes its format and size checks and is read whole with no
    unallowed national ID, or the front matter lists it under pii_unchecked:; any other file is
    withheld from the site (`report.withheld`) with a finding; the others are `report.published`,
    the one list of files the build publishes. IDs in the front matter and the body are errors and
    masked on the page."""
    if not content.loaded:
        return
    where = display_path(content.index_path)
    code = content.code
    withheld = report.withheld
    listed = _item_files(item, content, year, content_root, findings)
    files = []
    for path, label, _ in listed:
        problem = _check_file(path, limit, cache)
        if problem:
            findings.append(Finding(problem[0], code, display_path(path), None, f"{label}: {problem[1]}; {NOT_PUBLISHED}"))
            withheld.add(os.path.realpath(path))
        else:
            files.append((path, label))

    allowed, bad = pii.allow_digests(content.meta.get("pii_allow"))
    if bad:
        findings.append(Finding("field-invalid", code, where, content.meta.line_of("pii_allow"), _bad_allow(bad)))
    allowed |= site_allow
    hits = False
    texts = sorted(_front_matter_texts(content.meta), key=lambda t: t[1]) if any(pii.find_ids(content.front)) else ()
    for text, line in texts:
        for _, _, number in pii.find_ids(text):
            if pii.digest(number) not in allowed:
                hits = True
                findings.append(Finding("pii-national-id", code, where, line,
                                        f"national ID number {pii.mask(number)} in the front matter: {PII_ADVICE}"))
    for start, _, number in pii.find_ids(content.body):
        if pii.digest(number) not in allowed:
            hits = True
            findings.append(Finding("pii-national-id", code, where, content.body_line + content.body.count("\n", 0, start),
                                    f"national ID number {pii.mask(number)} in the text: {PII_ADVICE}"))
    unchecked_allowed = _unchecked_allowance(content, content_root, findings) if files else set()
    for path, label in files:
        if not _proven_safe(path, label, code, cache, allowed, unchecked_allowed, findings):
            withheld.add(os.path.realpath(path))
    if hits:
        _mask_content(content, allowed)
    if withheld or hits:
        for ev in content.evidence:
            if ev.path is not None and (os.path.realpath(ev.path) in withheld or
                                        any(pii.digest(n) not in allowed for _, _, n in pii.find_ids(ev.file or ""))):
                withheld.add(os.path.realpath(ev.path))
                ev.path = ev.site_path = None  # neither copied nor linked
    for path, _, site_path in listed:
        if not withheld or os.path.realpath(path) not in withheld:  # no realpath when nothing is withheld
            report.published[site_path] = path


def _item_files(item, content: ContentItem, year: int, content_root: Path, findings: list) -> list:
    """(path, label, site path) of every distinct file the item publishes: evidence, field files, body
    attachments. A body link that leads out of the item folder is reported here (a field file
    that does, by check_field)."""
    code = content.code
    where = display_path(content.index_path)
    files, seen = [], set()
    for ev in content.evidence:
        if ev.path is not None and ev.path not in seen:
            seen.add(ev.path)
            files.append((ev.path, f"'{ev.title}' ({ev.file})" if ev.title else f"'{ev.file}'", ev.site_path))
    for name, line, is_field in attachment_names(content, item):
        path, rule, message = resolve_item_file(content.folder, name, content_root)
        if path is None:
            if rule in ("path-outside-content", "field-invalid") and not is_field:  # field files: check_field
                findings.append(Finding(rule, code, where, line, f"link {message}; it is not published"))
        elif path not in seen:
            seen.add(path)
            files.append((path, f"'{name}'", item_site_path(year, content.code, name)))
    return files


def _proven_safe(path: Path, label: str, code: str, cache: FileCache, allowed: set, unchecked_allowed: set,
                 findings: list) -> bool:
    """True when the file was read whole and holds no unallowed ID, or pii_unchecked: lists it
    (and no unallowed ID was found in what could be read); else False, with its findings."""
    found = _file_ids(path, cache)
    leaks = [hit for hit in found["ids"] if hit[2] not in allowed]
    for location, masked, _ in leaks:
        line = int(location[5:]) if location.startswith("line ") and location[5:].isdigit() else None
        findings.append(Finding("pii-national-id", code, display_path(path), line,
                                f"national ID number {masked} ({location}) in {label}: {PII_ADVICE}; {NOT_PUBLISHED}"))
    if leaks:
        return False
    if found["error"] and os.path.realpath(path) not in unchecked_allowed:
        findings.append(Finding("pii-unchecked", code, display_path(path), None,
                                f"{label} cannot be checked whole for national ID numbers: {found['error']}; "
                                "it is not published. Save it as PDF, Word, Excel, OpenDocument or text; or, if "
                                "it holds no personal data, list it under pii_unchecked: in the front matter"))
        return False
    return True


def _unchecked_allowance(content: ContentItem, content_root: Path, findings: list) -> set:
    """Real paths of the files the front matter lists under `pii_unchecked:` (published even when
    the guard cannot read them whole: a video, an old .doc checked by a person)."""
    value = content.meta.get("pii_unchecked")
    if value in (None, "", []):
        return set()
    line = content.meta.line_of("pii_unchecked")
    names = value if isinstance(value, list) else [value]
    out = set()
    for name in names:
        path = resolve_item_file(content.folder, str(name), content_root)[0] if is_text(name) else None
        if path is None:
            findings.append(Finding("field-invalid", content.code, display_path(content.index_path), line,
                                    f"pii_unchecked: lists names of files in this folder, e.g. pii_unchecked: [video.mp4]; "
                                    f"{str(name)[:60]!r} is not one", "warning"))
        else:
            out.add(os.path.realpath(path))
    return out


def _check_file(path: Path, limit: int, cache: FileCache):
    """The size limit, filecheck's format checks and, for images, a real decode. The format
    checks read the head and tail of the file: cached, so an unchanged file is only stat'ed."""
    try:
        size = path.stat().st_size
        problem = check_file(path, limit) if size > limit else cache.get(path, "format", _format_problem)
    except OSError as err:
        return ("file-not-found", f"file cannot be read ({err.strerror or err}); upload it again")
    problem = tuple(problem) if problem else None
    if problem is None and path.suffix.lower() in IMAGE_SIGNATURES:
        try:
            message = cache.get(path, "image", decode_image)
        except OSError as err:
            message = f"image cannot be read ({err.strerror or err})"
        if message:
            problem = ("image-invalid", str(message))
    return problem


def _analyses_for(path: Path, size: int, limit: int) -> dict:
    """The cached analyses that _check_file and _file_ids will ask for (for FileCache.prefetch)."""
    if size > limit:
        return {}
    image = path.suffix.lower() in IMAGE_SIGNATURES
    return {"format": _format_problem, **({"image": decode_image} if image else {"ids": text_ids})}


def _format_problem(path: Path):
    return check_file(path, float("inf"))


def _file_ids(path: Path, cache: FileCache) -> dict:
    """{"ids": hits, "error": why the file was not read whole, or None}. A decoded image has no
    text layer to read (its decode is checked by _check_file)."""
    if path.suffix.lower() in IMAGE_SIGNATURES:
        return {"ids": [], "error": None}
    try:
        return cache.get(path, "ids", text_ids)
    except OSError as err:
        return {"ids": [], "error": f"it cannot be read ({err.strerror or err})"}


def _front_matter_texts(meta):
    """(text, line) of every key and scalar value of the front matter, except pii_allow."""
    stack = [(meta, meta.line if isinstance(meta, LineDict) else 1)]
    while stack:
        value, line = stack.pop()
        if isinstance(value, LineDict):
            for key, child in value.items():
                if key == "pii_allow" and value is meta:
                    continue
                stack.append((child, value.line_of(key)))
                if is_text(key):
                    yield str(key), value.line_of(key)
        elif isinstance(value, LineList):
            stack += [(child, value.line_of(i)) for i, child in enumerate(value)]
        elif isinstance(value, (dict, list)):
            stack += [(child, line) for child in (value.values() if isinstance(value, dict) else value)]
        elif is_text(value):
            yield str(value), line


def _mask_content(content: ContentItem, allowed: set) -> None:
    """Mask the numbers in what the page shows: body, front matter values, titles, owner."""
    def masked(text):
        return pii.mask_text(text, keep=allowed)

    def walk(value):
        if isinstance(value, dict):
            for key, child in value.items():
                value[key] = walk(child)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                value[index] = walk(child)
        elif is_text(value) and pii.mask_text(str(value), keep=allowed) != str(value):
            return masked(str(value))
        return value

    content.body = masked(content.body)
    for key, child in list(content.meta.items()):
        if key != "pii_allow":
            content.meta[key] = walk(child)
    for ev in content.evidence:
        ev.title = masked(ev.title)
        if ev.url and masked(ev.url) != ev.url:
            ev.url = None  # an address holding an ID is not linked, nor shown (reported as front matter)
    if content.owner:
        content.owner = masked(content.owner)


# --- links between pages -------------------------------------------------------------------

YEAR_PAGE = re.compile(r"\d{4}/")


def year_pages(root: Path, catalogs: dict) -> set:
    """The pages a build has inside year folders: each year's page and an item page for every item
    of a loaded year's catalog (the renderer writes one even for a missing item), or, for a year
    not loaded, for every item folder."""
    pages = set()
    for year, folder in year_folders(root).items():
        pages.add(f"{year}/index.md")
        catalog = catalogs.get(year)
        codes = ([item.code for item in catalog.items] if catalog is not None else
                 [normalize_item_code(entry.name) for entry in os.scandir(folder) if entry.is_dir()])
        pages.update(f"{year}/{code}/index.md" for code in codes if code)
    return pages


def page_link_findings(content: ContentItem, year: int, pages: set) -> list:
    """A link in the text to a page of a year folder ('../O5/index.md', '../../2566/O1/') that no
    build will have is an error now, so `oit build` shows the item incomplete as `oit check`
    would. Pages outside year folders (site map, policies) and anchors are proven by `oit check`,
    which has the built pages."""
    out = []
    for target, offset in body_links(content.body):
        path = unquote(target.split("#")[0].split("?")[0])
        if not (path.endswith(".md") or path.endswith("/")):
            continue  # a file of the item folder: checked with the attachments
        page = posixpath.normpath(posixpath.join(f"{year}/{content.code}", path))
        page = page + "/index.md" if path.endswith("/") else page
        page = page.removeprefix("./")
        if (YEAR_PAGE.match(page) or page.split("/")[0] == "..") and page not in pages:  # '..': out of the site
            out.append(Finding("broken-link", content.code, display_path(content.index_path),
                               content.body_line + offset,
                               f"link '{target}' points to no page of this site; link an item page as "
                               f"../O5/index.md (same year) or ../../2566/O5/index.md (another year)"))
    return out
