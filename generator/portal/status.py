"""`oit portal status`: the supervisor's view. Per agency and item: complete / incomplete /
missing / not due, with the item's first finding; the agencies furthest behind first. Made from
each agency's validation report (docs/contracts.md#report-json): run now as tasks
(`oit portal status`), or read from the oit-YYYY.json its site published (`publish_status: true`).
Never published unless portal.yml says so."""
from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..exports import csv_bytes
from ..i18n import N_, _, language, th
from ..report import STATUS_TH
from ..thai import BEDate
from . import agency as tasks
from . import fanout, sources


@dataclass
class AgencyStatus:
    slug: str
    name: str
    url: str
    year: int | None = None
    error: str | None = None  # its report could not be made: furthest behind of all
    summary: dict = field(default_factory=dict)
    items: list[dict] = field(default_factory=list)  # code, title, status, status_th, finding

    @property
    def share_behind(self) -> float:
        """The share of items that are due and not complete (an item not yet due is not behind)."""
        behind = self.summary.get("incomplete", 0) + self.summary.get("missing", 0)
        return behind / self.summary["items"] if self.summary.get("items") else 0.0

    @property
    def behind(self) -> list[dict]:
        return [item for item in self.items if item["status"] in ("incomplete", "missing")]


def from_report(slug: str, name: str, url: str, report: dict) -> AgencyStatus:
    firsts: dict = {}
    for finding in sorted(report.get("findings", []), key=lambda f: f.get("severity") != "error"):  # errors first
        firsts.setdefault(finding.get("item"), finding.get("message", ""))
    items = [{"code": i["code"], "title": i["title"], "status": i["status"], "status_th": STATUS_TH[i["status"]],
              "finding": firsts.get(i["code"], "")} for i in report.get("items", [])]
    return AgencyStatus(slug, name, url, int(report["year"]), None, dict(report.get("summary", {})), items)


def furthest_behind_first(statuses: list[AgencyStatus]) -> list[AgencyStatus]:
    """No report at all first, then the largest share of items due and not complete, the most missing, by name."""
    return sorted(statuses, key=lambda s: (s.error is None, -s.share_behind, -s.summary.get("missing", 0), s.name))


def collect(portal, checkouts: Path, as_of: BEDate | None, year: int | None, scheduler: str | None = None,
            workers: int | None = None) -> list[AgencyStatus]:
    """Validate every agency now, as tasks (fanout.py)."""
    from ..content import load_site
    from ..display import set_display_root
    from ..errors import ConfigError
    statuses, jobs = {}, []
    for agency in portal.agencies:
        status = statuses[agency.slug] = AgencyStatus(agency.slug, agency.slug, portal.agency_url(agency))
        try:
            content = sources.content_dir(agency, checkouts)
            status.name = load_site(content).name
        except ConfigError as err:
            status.error = str(err)
            continue
        jobs.append(tasks.job(agency.slug, content, as_of, year=year))
    if jobs:
        with fanout.executor(scheduler, workers) as pool:
            for done in fanout.run_all(pool, tasks.validate_agency, jobs):
                status = statuses[done["slug"]]
                if done["error"]:
                    status.error = done["error"]
                else:
                    statuses[done["slug"]] = from_report(status.slug, status.name, status.url, done["result"])
    set_display_root(portal.file)
    return furthest_behind_first(list(statuses.values()))


def from_published(portal, out: Path, states: list) -> list[AgencyStatus]:
    """The supervisor's view from what the agencies' sites published (their newest year)."""
    statuses = []
    for state in states:
        url = portal.agency_url(state.agency)
        report = None
        if state.years:
            try:
                report = json.loads((out / state.agency.slug / f"oit-{state.years[0]['year']}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                report = None
        statuses.append(from_report(state.agency.slug, state.name, url, report) if report
                        else AgencyStatus(state.agency.slug, state.name, url, error=state.error or th("it has no site yet")))
    return furthest_behind_first(statuses)


# --- formats --------------------------------------------------------------------------------

def _counts(s: AgencyStatus, t=_) -> str:
    m = s.summary
    return t(N_("complete {complete}/{items} · incomplete {incomplete} · missing {missing} · not due {not_due}")).format(
        complete=m.get("complete", 0), items=m.get("items", 0), incomplete=m.get("incomplete", 0),
        missing=m.get("missing", 0), not_due=m.get("not_due", 0))


def _title(portal, statuses: list, as_of: BEDate, t=_) -> str:
    return t(N_("{portal}: OIT progress of {count} agencies as of {date}")).format(
        portal=portal.name, count=len(statuses), date=as_of.thai())


NO_REPORT = N_("could not be checked")


def to_text(portal, statuses: list[AgencyStatus], as_of: BEDate) -> str:
    lines = [_title(portal, statuses, as_of), "(" + _("furthest behind first") + ")", ""]
    for rank, s in enumerate(statuses, 1):
        if s.error:
            lines += [f"{rank}. {s.name} ({s.slug}): {_(NO_REPORT)} — {s.error}", ""]
            continue
        lines.append(f"{rank}. {s.name} ({s.slug}) " + _("fiscal year {year}").format(year=s.year) + f": {_counts(s)}")
        for item in s.behind:
            finding = f" — {item['finding']}" if item["finding"] else ""
            lines.append(f"   {item['code']:<6} {item['title']} — {item['status_th']}{finding}")
        lines.append("")
    return "\n".join(lines)


def to_json(portal, statuses: list[AgencyStatus], as_of: BEDate) -> str:
    data = {"portal": portal.name, "as_of": as_of.iso(), "agencies": [
        {"slug": s.slug, "name": s.name, "url": s.url, "year": s.year, "error": s.error, "summary": s.summary,
         "items": s.items} for s in statuses]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


COLUMNS = ["rank", "slug", "agency", "year", "code", "title", "status", "status_th", "finding"]


def rows(statuses: list[AgencyStatus]) -> list[list]:
    out: list[list] = []
    for rank, s in enumerate(statuses, 1):
        if s.error:
            out.append([rank, s.slug, s.name, "", "", "", "error", _(NO_REPORT), s.error])
        out += [[rank, s.slug, s.name, s.year, i["code"], i["title"], i["status"], i["status_th"], i["finding"]]
                for i in s.items]
    return out


def to_csv(statuses: list[AgencyStatus]) -> bytes:
    return csv_bytes([COLUMNS, *rows(statuses)])


def to_xlsx(portal, statuses: list[AgencyStatus], as_of: BEDate) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    sheet = book.active
    sheet.title = "สรุป"
    sheet.append([_title(portal, statuses, as_of)])
    sheet.append(["ลำดับ", "หน่วยงาน", "ปีงบประมาณ", *STATUS_TH.values(), "ทั้งหมด", "หมายเหตุ"])
    for rank, s in enumerate(statuses, 1):
        m = s.summary
        sheet.append([rank, s.name, s.year, m.get("complete"), m.get("incomplete"), m.get("missing"),
                      m.get("not_due"), m.get("items"), s.error or ""])
    items = book.create_sheet("รายการ")
    items.append(COLUMNS)
    for row in rows(statuses):
        items.append(row)
    for sheet_ in (sheet, items):
        for cell in sheet_[2 if sheet_ is sheet else 1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_html(portal, statuses: list[AgencyStatus], as_of: BEDate, t=_) -> str:
    """`t`: i18n._ for a report (the chosen language), i18n.th for the published page (always Thai)."""
    e = html.escape
    parts = [f"""<!doctype html>
<html lang="{'th' if t is th else language()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(_title(portal, statuses, as_of, t))}</title>
<style>body{{font-family:"Sarabun","Tahoma",sans-serif;margin:1rem;line-height:1.5}}table{{border-collapse:collapse;width:100%}}
th,td{{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}h2{{font-size:1.1rem;margin-top:1.5rem}}
.error{{color:#8a3b00;font-weight:700}}@media print{{h2{{break-after:avoid}}}}</style></head><body>
<h1>{e(_title(portal, statuses, as_of, t))}</h1>
<p>{e(t(N_("furthest behind first")))}</p>"""]
    for rank, s in enumerate(statuses, 1):
        parts.append(f'<h2 id="{e(s.slug)}">{rank}. <a href="{e(s.url)}">{e(s.name)}</a></h2>')
        if s.error:
            parts.append(f'<p class="error">{e(t(NO_REPORT))}: {e(s.error)}</p>')
            continue
        parts.append(f"<p>{e(t(N_('fiscal year {year}')).format(year=s.year))}: {e(_counts(s, t))}</p>")
        behind = s.behind
        if behind:
            parts.append("<table><thead><tr><th scope=\"col\">ข้อ</th><th scope=\"col\">รายการ</th>"
                         "<th scope=\"col\">สถานะ</th><th scope=\"col\">สิ่งที่ต้องแก้ (ข้อแรก)</th></tr></thead><tbody>")
            parts += [f"<tr><td>{e(i['code'])}</td><td>{e(i['title'])}</td><td>{e(i['status_th'])}</td>"
                      f"<td>{e(i['finding'])}</td></tr>" for i in behind]
            parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
