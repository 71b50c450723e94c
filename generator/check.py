"""`oit check`: the CI gate. Validate, build into a temporary directory, check every link,
and report each problem against the content file and line that caused it."""
from __future__ import annotations

import csv
import posixpath
import re
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import urls
from .build import BuildResult, build_site, load_reports
from .display import display_path
from .texts import encoding_advice, read_text_file
from .engine import md_link_to_html, page_html
from .filecache import CHECK_SITE, cache_dir_for
from .findings import Finding
from .i18n import _
from .linkcheck import BrokenLink, internal_links, resolve, run_linkchecker
from .references import EVIDENCE_FILE, FIELD_FILE, SITE_BODY
from .urls import home_page, item_page, page_source

HOME_PAGE = page_html(page_source(home_page()))  # 'index.html'

def item_page_file(year: int, code: str) -> str:
    """The built file of an item page, as the link check names pages: '2566/O1/index.html'."""
    return page_html(page_source(item_page(year, code)))


class SourceMap:
    """Which content file and line produced a link on a built page (from each item's references)."""

    def __init__(self, reports, base_path: str = "/"):
        self.base_path = base_path
        self.items = {}  # item page → its result
        for report in reports:
            for result in report.items:
                if result.content is not None:
                    self.items[item_page_file(report.year.year, result.code)] = result

    def finding(self, broken) -> Finding:
        if broken.reason == "anchor":
            what = _("anchor does not exist")
        elif broken.reason == "missing":
            what = _("target not found (missing)")
        else:
            what = _("target not found ({reason})").format(reason=broken.reason)
        if broken.page not in self.items:
            return Finding("broken-link", None, broken.page, broken.html_line,
                           _("generated page links to '{link}': {what}").format(link=broken.link, what=what))
        result = self.items[broken.page]
        where = display_path(result.content.index_path)
        for ref in result.references:
            if ref.kind in (EVIDENCE_FILE, FIELD_FILE) and ref.site_path and broken.target == ref.site_path:
                return Finding("broken-link", result.code, where, ref.line,
                               _("{label}: the site does not serve {path}; upload the file again").format(
                                   label=ref.label, path=ref.site_path))
        ref = self._written_link(result.references, broken)
        if ref is None:
            return Finding("broken-link", result.code, where, None, _("page {page} links to '{link}': {what}").format(
                page=broken.page, link=broken.link, what=what))
        return Finding("broken-link", result.code, where, ref.line,
                       _("link '{link}': {what}; correct the link or the page it points to").format(link=ref.name, what=what),
                       link=ref.name)

    def _written_link(self, references, broken):
        """The body reference behind a broken link: the one with the same target and anchor, else
        (the engine may have rewritten the anchor) the first one to the same page."""
        candidates = []
        for ref in references:
            if ref.kind not in SITE_BODY:
                continue
            resolved = resolve(broken.page, md_link_to_html(ref.name), self.base_path)
            if resolved is None:
                continue
            path, anchor = resolved
            if broken.link in (ref.name, md_link_to_html(ref.name)) or (f"{path}#{anchor}" if anchor else path) == broken.target:
                return ref
            if path == broken.target.split("#")[0]:
                candidates.append(ref)
        return candidates[0] if candidates else None


def external_links(report) -> list:
    """(url, item, path, line) of every external web address the year's content publishes."""
    return [(ref.url, result.code, display_path(result.content.index_path), ref.line)
            for result in report.items if result.content is not None
            for ref in result.references if ref.url]


def probe_url(url: str, timeout: float) -> tuple[str, str] | None:
    """None if the URL answers within `timeout` seconds in all; else ("broken-link" |
    "external-timeout", reason).

    Socket timeouts bound each read, not the request: a server that sends one byte a second
    would hold urllib forever. The request runs in a daemon thread that is abandoned at the
    deadline (it ends with the server's connection, or with the process).
    """
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_probe(url, timeout)), daemon=True)
    worker.start()
    worker.join(timeout)
    return outcome[0] if outcome else ("external-timeout", _("no complete answer within {seconds} s").format(seconds=f"{timeout:g}"))


def _probe(url: str, timeout: float) -> tuple[str, str] | None:
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": "oit-check/1"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read(1)
            return None
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue  # some servers refuse HEAD; ask again with GET
            return "broken-link", f"HTTP {err.code} {err.reason}"
        except (socket.timeout, TimeoutError):
            return "external-timeout", _("no answer within {seconds} s").format(seconds=f"{timeout:g}")
        except urllib.error.URLError as err:
            if isinstance(err.reason, (socket.timeout, TimeoutError)):
                return "external-timeout", _("no answer within {seconds} s").format(seconds=f"{timeout:g}")
            return "broken-link", _("cannot connect ({reason})").format(reason=err.reason)
        except (OSError, ValueError) as err:
            return "broken-link", _("cannot fetch ({reason})").format(reason=err)
    return None


def check_external(report, timeout: float) -> list:
    links = external_links(report)
    unique = sorted({url for url, *_ in links})
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcome = dict(zip(unique, pool.map(lambda u: probe_url(u, timeout), unique)))
    findings = []
    for url, code, where, line in links:
        problem = outcome[url]
        if problem:
            findings.append(Finding(problem[0], code, where, line, f"{url}: {problem[1]}"))
    return findings


def check_previous(previous: Path, base_url: str, site: Path) -> list:
    """Every URL of an earlier itas-YYYY.csv must still be served (assessors re-open them)."""
    where = display_path(previous)
    try:
        text = read_text_file(previous)
        if "\0" in text:  # UTF-16 ("Unicode Text") decodes as UTF-8 with a NUL in every other byte
            return [Finding("config-invalid", None, where, 1, _("previous ITAS file is not UTF-8 text "
                            "(it looks like UTF-16, Excel's 'Unicode Text'); save it as CSV UTF-8"))]
    except UnicodeDecodeError as err:
        line, message = encoding_advice(previous, err)
        return [Finding("config-invalid", None, where, line, _("previous ITAS {message}").format(message=message))]
    except OSError as err:
        return [Finding("config-invalid", None, where, None,
                        _("cannot read the previous ITAS file ({reason})").format(reason=err.strerror))]
    findings = []
    reader = csv.DictReader(text.splitlines())
    try:
        rows = list(reader)
    except csv.Error as err:  # e.g. a field longer than csv.field_size_limit(): not an ITAS export
        return [Finding("config-invalid", None, where, reader.line_num,
                        _("previous ITAS file cannot be read as CSV ({error}); give the itas-YYYY.csv the site exported")
                        .format(error=err))]
    if rows and "url" not in rows[0]:
        return [Finding("config-invalid", None, where, 1,
                        _("previous ITAS file has no 'url' column (expected itas-YYYY.csv)"))]
    for number, row in enumerate(rows, start=2):
        url = (row.get("url") or "").strip()
        if not url:
            continue
        served = False
        if url.startswith(base_url):
            path = _site_path(url, base_url)
            if path is not None:
                target = site / path
                served = target.is_file() or (target / "index.html").is_file()
        if not served:
            findings.append(Finding("url-removed", row.get("code") or None, where, number,
                                    _("{url} was submitted to ITAS but the new site no longer serves it; "
                                      "keep the page at that address (assessors re-open submitted URLs)").format(url=url)))
    return findings


def _site_path(url: str, base_url: str) -> str | None:
    """The file path under the site that a URL names, as a browser resolves its dots (oit/2566/../2566/O1/
    is 2566/O1), or None when it leaves the site's folder (oit/../victim.txt is not served by the site)."""
    base = urllib.parse.urlsplit(base_url).path.rstrip("/") + "/"
    path = posixpath.normpath(urllib.parse.unquote(urllib.parse.urlsplit(url).path) or "/")
    if not (path + "/").startswith(base):
        return None
    return path[len(base):] or "."


def run_check(content_dir: Path, year: int | None, as_of, external=False, previous=None, timeout=10.0,
              out: Path | None = None):
    """Returns (report of the selected year with all check findings, timings in seconds by what
    `oit check` prints for each, in the chosen language). With `out`, the site is built there as
    `oit build --out` builds it (evidence copied) and kept: CI publishes the site it checked."""
    timings = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="oit-check-") as tmp:
        if out is None:  # private: kept in the cache (the next check rebuilds only what changed), else thrown away
            cache = cache_dir_for(content_dir)
            private = cache / CHECK_SITE if cache is not None else Path(tmp) / "site"
            result = build_site(content_dir, private, as_of, link_evidence=True)
        else:
            result = build_site(content_dir, out, as_of)
        if result.unchanged:  # the site built is this content's: check it with this content's reports
            result = BuildResult(result.out, load_reports(content_dir, as_of)[1])
            for built in result.reports:
                result.published.update(built.published)
        timings[_("validate+build")] = time.perf_counter() - start
        site_dir = result.out
        chosen = year or result.reports[0].site.default_year
        report = next((r for r in result.reports if r.year.year == chosen), None)
        if report is None:
            from .errors import ConfigError
            raise ConfigError(_("no folder for year {year} in {folder}").format(year=chosen, folder=display_path(content_dir)))
        base_path = urls.base_path_of(report.site.base_url)  # root-relative links are resolved under it
        sources = SourceMap(result.reports, base_path)
        t = time.perf_counter()
        broken = internal_links(site_dir, base_path)
        seen = {(b.page, b.target.split("#")[0]) for b in broken}
        broken += [b for b in unserved(result, site_dir) if (b.page, b.target) not in seen]
        timings[_("internal links")] = time.perf_counter() - t
        authored = pages_with_authored_links(result)
        if authored:  # LinkChecker reads only what a person wrote; with nothing written it has nothing to do
            t = time.perf_counter()
            outside = run_linkchecker(site_dir, skip=_skip_patterns(site_dir, result.published),
                                      pages=authored, base_path=base_path)
            timings[_("linkchecker")] = time.perf_counter() - t
            seen = {(b.page, b.target.split("#")[0]) for b in broken}
            broken += [b for b in outside if (b.page, b.target.split("#")[0]) not in seen]
        findings = [sources.finding(b) for b in broken]
        if previous is not None:
            findings += check_previous(previous, report.site.base_url, site_dir)
    if external:
        t = time.perf_counter()
        findings += check_external(report, timeout)
        timings[_("external")] = time.perf_counter() - t
    known = {(f.location(), f.link) for f in report.findings if f.link}  # broken links validation found already
    report.add_findings(_unique([f for f in findings if (f.location(), f.link) not in known]))
    timings[_("total")] = time.perf_counter() - start
    return report, timings


def unserved(result, site_dir: Path) -> list:
    """What the build generated links to, from its data rather than its HTML: every page it
    rendered and every evidence or field file the guard let it publish must be a file of the
    built site. A missing file is reported on the item page that links to it."""
    broken = [BrokenLink(HOME_PAGE, page_html(path), page_html(path), "missing")
              for path in result.pages if not (site_dir / page_html(path)).is_file()]
    for report in result.reports:
        published = report.published  # the records' union, made once (not once per reference)
        for item in report.items:
            for ref in item.references:
                if (ref.kind in (EVIDENCE_FILE, FIELD_FILE) and ref.site_path in published
                        and not (site_dir / ref.site_path).is_file()):
                    page = item_page_file(report.year.year, item.code)
                    broken.append(BrokenLink(page, ref.site_path, ref.site_path, "missing"))
    return broken


def pages_with_authored_links(result) -> list:
    """Every item page whose Markdown body links somewhere: the links a person wrote. All other
    links are generated from validated data and proved by internal_links, without LinkChecker."""
    pages = []
    for report in result.reports:
        for item in report.items:
            if any(ref.kind in SITE_BODY for ref in item.references):
                pages.append(item_page_file(report.year.year, item.code))
    return pages


def _skip_patterns(site_dir: Path, published: dict) -> list:
    """Evidence files are proved by the internal check; LinkChecker need not read them."""
    if not published:
        return []
    suffixes = sorted({Path(p).suffix.lower().lstrip(".") for p in published if Path(p).suffix})
    return [r".*\.(?i:" + "|".join(map(re.escape, suffixes)) + r")$"] if suffixes else []


def _unique(findings: list) -> list:
    seen, out = set(), []
    for f in findings:
        key = (f.rule, f.item, f.path, f.line, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def github_annotations(report) -> str:
    """`::error file=…,line=…,title=…::message` lines, escaped as the GitHub Actions toolkit does
    (escapeProperty and escapeData): a file name or message cannot end a property or the line."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    lines = []
    for f in report.findings:
        level = "error" if f.is_error else "warning"
        props = ",".join(f"{name}={prop(str(value))}" for name, value in
                         (("file", f.path), ("line", f.line), ("title", f"oit {f.rule}")) if value)
        lines.append(f"::{level} {props}::{data((f.item + ': ' if f.item else '') + f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
