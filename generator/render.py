"""Render validated years into Markdown pages with the Jinja2 templates in site_templates/pages (resources.PAGE_TEMPLATES).

Output is a mapping {site-relative .md path: text}; the site engine turns it into HTML.
Nothing here knows which engine does that.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import pii, urls
from .engine.markup import BODY_OPEN, RAW_CLOSE, RAW_OPEN  # what the engine acts on in the Markdown
from .itempaths import item_site_path
from .fields import KEY_LABELS, kind_of, record_keys
from .gaps import public_gaps
from .face import contact_from, folder_dates, load_face, thai_date, updated_dates
from .periods import month_name
from .thai import THAI_RUN, thai_words
from .report import STATUS_TH
from .time_rules import RULES as TIME_RULES
from .resources import PAGE_TEMPLATES


FILE_TYPES = {".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WebP",
              ".doc": "Word", ".docx": "Word", ".xls": "Excel", ".xlsx": "Excel", ".csv": "CSV",
              ".ppt": "PowerPoint", ".pptx": "PowerPoint", ".zip": "ZIP", ".mp4": "วิดีโอ MP4"}


def human_size(size: int) -> str:
    """In KB from the first byte (never '1012 B' beside '1.2 KB'), MB from 1 MB."""
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# Every value a template writes is text, never Markdown or HTML. Characters HTML or Markdown
# (with the attr_list and tables extensions) read as syntax, and line breaks (which could end an
# HTML block and start Markdown), are written as character references: they read as the same
# text in Markdown, in HTML and in attribute values, so one escape serves every place. Without
# `[`, `(` and `!` start nothing (links and images need the bracket): they stay as they are.
_HTML_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_SYNTAX = re.compile(r"[&<>\"'\\`*_\[\]{}#|\n\r]")


def text(value) -> Markup:
    """`value` as literal text for a page; Markup (generated HTML) is left as it is."""
    if isinstance(value, Markup):
        return value
    return Markup(_SYNTAX.sub(lambda m: _HTML_REFERENCES.get(m[0]) or f"&#{ord(m[0])};", str(value)))


def whole_words(value) -> Markup:
    """`value` as text (see `text`) whose Thai words stay whole at line ends: the browser breaks
    Thai by its own dictionary, inside compounds ("งบ|ประมาณ"), so each word that PyThaiNLP finds
    is kept on one line (`oit-w`, CSS nowrap) with a break opportunity (<wbr>) between words."""
    value = str(value)
    out: list[str] = []
    at = 0
    for run in THAI_RUN.finditer(value):
        out.append(text(value[at:run.start()]))
        out.append("<wbr>".join(f'<span class="oit-w">{w}</span>' if len(w) > 2 else w for w in thai_words(run.group(0))))
        at = run.end()
    out.append(text(value[at:]))
    return Markup("".join(out))


@dataclass
class EvidenceRow:
    title: str
    href: str
    period: str
    kind: str
    size: str
    external: bool
    parts: tuple[str, ...] = ()  # the parts of a multi-part item it serves (record.ItemRecord.parts)
    supporting: bool = False  # role: supporting: a paper beside the evidence


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PAGE_TEMPLATES)),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, finalize=text,
    )
    env.globals["status_th"] = STATUS_TH
    env.globals["raw_open"], env.globals["raw_close"] = Markup(RAW_OPEN), Markup(RAW_CLOSE)
    env.globals["key_labels"] = KEY_LABELS
    env.filters["words"] = whole_words
    return env


class Renderer:
    def __init__(self, site, face=None, dates: dict | None = None):
        self.site = site
        self.face = face  # face.Face; from site.yml when render_site is given none
        self.dates = dates  # content file → day it last changed (face.updated_dates)
        self.default_year = site.default_year
        self.years: list[int] = []  # every year built (render_site), for the search ranks of boost()
        self.prefixes: dict = {}  # (year, code or None) → its folder in content/ (set by render_site)
        self.latest: dict = {}  # folder prefix → the day of its last change (face.folder_dates, set by render_site)
        self.relative: dict = {}  # folder → its prefix: the same folders are asked for on every rebuild
        self.env = _environment()
        sanitised = site.settings.get("unsafe_html") != "allow"  # opting out takes these words
        self.env.globals["body_open"] = Markup(BODY_OPEN if sanitised else "")

    def page(self, template: str, **context) -> str:
        return self.env.get_template(template).render(site=self.site, face=self.face, **context)

    def updated(self, year: int, code: str | None = None) -> str:
        """The Thai date of the last change of an item (or of a whole year) in content/."""
        prefix = self.prefixes.get((year, code))
        return thai_date(self.latest.get(prefix)) if prefix else "–"

    def _relative(self, folder: Path) -> str:
        if folder not in self.relative:
            self.relative[folder] = _relative_folder(self.site.root, folder)
        return self.relative[folder]

    def overview(self, report) -> dict:
        """Per item, for the assessor's table: evidence count, the periods covered, last update."""
        out = {}
        for result in report.items:
            evidence = result.content.evidence if result.content else []
            out[result.code] = {"count": len(evidence), "periods": periods_covered(evidence),
                                "updated": self.updated(report.year.year, result.code)}
        return out

    def year_context(self, report) -> dict:
        """Indicator groups with their items and completeness, for home and year pages."""
        results = {r.code: r for r in report.items}
        groups = []
        for group in report.catalog.sub_indicators:
            rows = [results[c] for c in group.codes]
            done = sum(r.status in ("complete", "not_due") for r in rows)
            groups.append({"group": group, "rows": rows, "done": done, "total": len(rows)})
        return {"report": report, "groups": groups, "summary": report.summary(),
                "year": report.year.year, "provenance": provenance_notice(report.catalog),
                "overview": self.overview(report), "updated": self.updated(report.year.year),
                "boost": self.boost(report.year.year)}

    def boost(self, year: int) -> float:
        """Search ranks the pages of the default year first, then the other years newest first."""
        if year == self.default_year:
            return 2
        others = sorted(y for y in self.years if y != self.default_year)
        return round(1 + others.index(year) / (2 * len(others)), 2)

    def item_context(self, report, result) -> dict:
        item = report.catalog.item(result.code)
        content = result.content
        year = report.year.year
        page = urls.item_page(year, item.code)
        rows = []
        for ev in (content.evidence if content else []):
            period = ev.period.thai() if ev.period else "–"
            if ev.url:
                rows.append(EvidenceRow(ev.title, ev.url, period, "ลิงก์ภายนอก", "–", True, result.serves(ev.index),
                                        ev.supporting))
            elif ev.site_path in result.published:  # the PDPA guard's decision (guard.py)
                suffix = result.published[ev.site_path].source.suffix
                rows.append(EvidenceRow(ev.title, urls.relative_link(page, ev.site_path), period,
                                        FILE_TYPES.get(suffix.lower(), suffix[1:].upper() or "ไฟล์"),
                                        human_size(result.published[ev.site_path].size), False,
                                        result.serves(ev.index), ev.supporting))
        findings = [f for f in report.findings if f.item == item.code]
        codes = [r.code for r in report.items]
        at = codes.index(result.code)
        return {**{
            "previous": codes[at - 1] if at > 0 else None, "next": codes[at + 1] if at + 1 < len(codes) else None,
            "updated": self.updated(year, item.code), "boost": self.boost(year),
            "item": item, "result": result, "content": content, "year": year, "rows": rows,
            "rule_th": TIME_RULES[item.time_rule].label(year),
            "rule_advice": TIME_RULES[item.time_rule].advice_for(year),
            "findings": findings, "fields": _fields(item, content, report),
            "gaps": public_gaps(findings, {part.id: part.label for part in item.parts} if item.has_parts else None),
            "body": content.body.strip().replace(RAW_OPEN, "<!-- oit:raw -->") if content else "",
            "group": next(g for g in report.catalog.sub_indicators if g.number == item.sub_indicator),
        }, **part_context(report.catalog, item, year, rows, findings)}

    def render_site(self, reports: list, default_year: int, only: set | None = None) -> dict:
        """All pages: home, one per year, one per item and year, the site map, the accessibility
        statement unless site.yml links one, and the policies written in content/. `only`: the
        year pages (year, None) and item pages (year, code) to render, the home page with its
        year's (an incremental build, incremental.py, which sets `dates` and `latest` as they
        are now: face.dates_after); all when None."""
        self.default_year = default_year
        self.years = [r.year.year for r in reports]
        if self.face is None:
            self.face = load_face(self.site, contact_from(reports, default_year))
        if self.dates is None:
            self.dates = updated_dates(self.site.root)
        self.prefixes = {}  # (year, code or None) → its folder, relative to content/, ending in '/'
        for report in reports:
            self.prefixes[(report.year.year, None)] = self._relative(report.year.folder)
            for res in report.items:
                if res.content:
                    self.prefixes[(report.year.year, res.code)] = self._relative(res.content.folder)
        if only is None:  # the home, year and item pages ask for the same dates again and again
            self.latest = folder_dates(self.dates)
        pages = {}
        years = sorted((r.year.year for r in reports), reverse=True)
        by_year = {r.year.year: r for r in reports}
        home = by_year.get(default_year) or by_year[years[0]]
        if only is None or (home.year.year, None) in only:
            pages[urls.page_source(urls.home_page())] = self.page("home.md.j2", years=years, **self.year_context(home))
        for report in reports:
            year = report.year.year
            if only is None or (year, None) in only:
                pages[urls.page_source(urls.year_page(year))] = self.page("year.md.j2", years=years, **self.year_context(report))
            for result in report.items:
                if only is not None and (year, result.code) not in only:
                    continue
                pages[urls.page_source(urls.item_page(year, result.code))] = self.page("item.md.j2", **self.item_context(report, result))
        pages[urls.page_source("sitemap/")] = self.page("sitemap.md.j2", years=years, reports=sorted(reports, key=lambda r: -r.year.year))
        for policy in self.face.policies:
            if policy.href == "accessibility/":
                pages[urls.page_source(policy.href)] = self.page("accessibility.md.j2", updated=thai_date(self.latest.get("")))
            elif policy.source is not None:
                body = policy.body.replace(RAW_OPEN, "<!-- oit:raw -->")
                body = pii.mask_text(body, keep=pii.allow_digests(self.site.settings.get("pii_allow"))[0])  # guard.guard_site
                pages[urls.page_source(policy.href)] = self.page("policy.md.j2", policy=policy, body=body)
        return pages


def _relative_folder(root: Path, folder: Path) -> str:
    return Path(os.path.relpath(folder, root)).as_posix() + "/"


def periods_covered(evidence: list) -> str:
    """The months the dated evidence of an item spans, in Thai ('–' when none is dated)."""
    periods = [ev.period for ev in evidence if ev.period is not None]
    if not periods:
        return "–"
    if len({p.text for p in periods}) == 1:
        return periods[0].thai()
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    return month_name(start) if start == end else f"{month_name(start)} – {month_name(end)}"


INFERRED_TH = " (ช่วงเวลานี้อนุมานจากแนวปฏิบัติ ยังไม่ยืนยันจากคู่มือทางการ)"


def provenance_notice(catalog, item=None) -> str:
    """A plain Thai sentence when the framework (or the item) is not from the official manual, else "":
    one quiet line at the foot of the public pages (docs/contracts.md#page-layout)."""
    provenance = catalog.item_provenance(item) if item is not None else catalog.provenance
    if provenance.is_official:
        return ""
    whose = "เกณฑ์ของข้อนี้" if item is not None and item.provenance is not None else "เกณฑ์ปีนี้"  # an item that differs
    return whose + provenance.thai  # what to check before publishing is for webmasters: oit validate says it


def rule_text(part, year: int) -> str:
    """The time rule of a requirement in Thai; two readings joined with 'หรือ'; inferred rules say so."""
    text = " หรือ ".join(TIME_RULES[rule].label(year) for rule in part.time_rules)
    return text + (INFERRED_TH if part.inferred else "")


def part_context(catalog, item, year: int, rows: list, findings: list) -> dict:
    """For the item page: the provenance notice, the time rule, and for an item with parts one
    block per part with its evidence (what is there) and its findings (what is missing)."""
    parts: list[dict] = []
    out = {"provenance": provenance_notice(catalog, item), "parts": parts}
    if not item.has_parts:
        out["rule_th"] = rule_text(item.parts[0], year) if item.parts else TIME_RULES[item.time_rule].label(year)
        return out
    out["rule_th"] = "แต่ละส่วนของข้อนี้มีช่วงเวลาของตนเอง (ดูหัวข้อ ส่วนของข้อนี้)"
    for part in item.parts:
        parts.append({"part": part, "rule_th": rule_text(part, year),
                             "rows": [r for r in rows if part.id in r.parts],
                             "findings": [f for f in findings if f.part == part.id],
                             "gaps": public_gaps([f for f in findings if f.part == part.id])})
    return out


def _fields(item, content, report) -> list:
    """Structured fields as (spec, value) for the templates; file keys become links to the file
    the site publishes beside the page, or are dropped: never a remote or outside address."""
    out = []
    for spec in item.fields:
        value = content.meta.get(spec.name) if content else None
        if value in (None, "", []):
            continue
        kind = kind_of(spec)
        records = kind.records(value)
        if spec.files:
            records = [_with_local_files(r, spec.files, content.code, report) if isinstance(r, dict) else r
                       for r in records]
        keys = [key for key in record_keys(spec) if key not in spec.files]  # shown as text, the first names a record
        out.append({"spec": spec, "value": value, "records": records, "template": kind.template, "text_keys": keys})
    return out


def _with_local_files(record: dict, keys: tuple, code: str, report) -> dict:
    """`record` with each file key as the page-relative link of the file published from the item
    folder; a key naming no such file (a URL, `//host/p.png`, `../x.png`, a withheld file) is left out."""
    local = dict(record)
    for key in keys:
        name = str(record.get(key) or "")
        local.pop(key, None)
        site_path = item_site_path(report.year.year, code, name) if name else ""
        if site_path in report.published:  # the one list of published files (the PDPA guard's)
            local[key] = quote(site_path.split("/", 2)[2])
    return local
