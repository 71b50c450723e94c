"""`oit status`: the ITA committee's view of one year: per responsible unit, the items it owns,
their internal due dates (`schedule:` in year.yml), which are overdue and what is still missing.

States of an item, as of a date:
- complete: `oit validate` finds it complete;
- not_due: the criteria owe nothing yet (e.g. no month of a monthly item has ended);
- overdue: not complete, and its internal due date has passed;
- pending: not complete, and its due date has not passed (or the schedule gives none).
For a monthly item with `monthly_days:`, each month's document is due that many days after the
month ends, and the item's due date is that of the first month still missing.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import _
from .content import ConfigError, Year, display_path, normalize_item_code, year_settings
from .exports import csv_cell
from .gaps import public_gaps
from .i18n import N_, _, language, with_code
from .periods import first_half_months
from .report import terminal_text
from .thai import BEDate, ascii_digits, be_to_ce, month_of_index
from .time_rules import RULES as TIME_RULES, monthly_months
from .units import Unit, find_unit, load_units, owner_texts
from .yamlio import LineDict

if TYPE_CHECKING:  # read only by `oit status --history`: not loaded otherwise
    from .history import History

STATES = ("complete", "overdue", "pending", "not_due")
STATE_LABELS = {"complete": N_("complete"), "overdue": N_("overdue"),  # the committee's words, in the chosen language
                "pending": N_("in progress"), "not_due": N_("not due yet")}
UNASSIGNED = Unit(id="", name="ไม่ระบุหน่วยงานที่รับผิดชอบ")


def state_label(state: str) -> str:
    return _(STATE_LABELS[state])


# --- dates ------------------------------------------------------------------------------------

def to_date(date: BEDate) -> dt.date:
    return dt.date(be_to_ce(date.year), date.month, date.day)


def from_date(date: dt.date) -> BEDate:
    return BEDate.from_ce(date)


def month_end(index: int) -> dt.date:
    """The last day of the month with this month index (thai.month_index)."""
    year, month = month_of_index(index + 1)
    return dt.date(be_to_ce(year), month, 1) - dt.timedelta(days=1)


# --- the schedule -----------------------------------------------------------------------------

@dataclass
class Schedule:
    due: BEDate | None = None  # default due date of the year's items
    items: dict = field(default_factory=dict)  # item code -> BEDate
    monthly_days: int | None = None  # a month's document is due this many days after the month ends

    def due_of(self, code: str) -> BEDate | None:
        return self.items.get(code, self.due)


class ScheduleError(ConfigError):
    """A schedule: line that cannot be used; `oit validate` reports it as a finding (schedule_findings)."""

    def __init__(self, where: str, line, message: str):
        super().__init__(f"{where}:{line}: {message}")
        self.line, self.message = line, message


def schedule_findings(year: Year, catalog) -> list:
    """The schedule's mistakes as findings of `oit validate`, so CI sees them before the committee does."""
    from .findings import Finding
    try:
        load_schedule(year, catalog)
    except ScheduleError as err:
        return [Finding("config-invalid", None, display_path(year.folder / "year.yml"), err.line, err.message)]
    return []


def load_schedule(year: Year, catalog=None) -> Schedule:
    """`schedule:` of year.yml; a date or number that cannot be read, or (given the year's catalog)
    an item the catalog does not have, stops the run (ConfigError)."""
    path = year.folder / "year.yml"
    data = year_settings(year.folder, year.year)
    value = data.get("schedule")
    if value in (None, ""):
        return Schedule()
    where = display_path(path)
    if not isinstance(value, LineDict):
        raise ScheduleError(where, data.line_of('schedule'), "schedule: must hold due:, items: and monthly_days: lines")
    schedule = Schedule()
    if value.get("due") not in (None, ""):
        schedule.due = _schedule_date(value["due"], where, value.line_of('due'), "schedule.due")
    items = value.get("items")
    if items in (None, ""):
        items = LineDict()
    elif not isinstance(items, LineDict):
        raise ScheduleError(where, value.line_of('items'), "schedule.items: must map item codes to dates, e.g. O23: 2566-01-31")
    first: dict = {}  # code → the key that named it first (O1 and O01 are one item)
    for key, date in items.items():
        code = normalize_item_code(str(key))
        line = items.line_of(key)
        if code is None:
            raise ScheduleError(where, line, f"schedule.items: '{key}' is not an item code such as O23")
        if catalog is not None and catalog.item(code) is None:
            raise ScheduleError(where, line, _("schedule.items: '{key}' is not an item of {framework} ({codes})").format(
                key=key, framework=catalog.framework, codes=catalog.code_range()))
        if code in first:
            raise ScheduleError(where, line, _("schedule.items: '{key}' is item {code} again (line {line}); give each "
                                               "item one date").format(key=key, code=code, line=items.line_of(first[code])))
        first[code] = key
        schedule.items[code] = _schedule_date(date, where, line, f"schedule.items.{key}")
    days = value.get("monthly_days")
    if days not in (None, ""):
        schedule.monthly_days = _days(days, where, value.line_of('monthly_days'))
    return schedule


def _schedule_date(value, where: str, line, key: str) -> BEDate:
    try:
        return BEDate.parse(str(value))
    except ValueError as err:
        raise ScheduleError(where, line, f"{key}: {err}") from None


def _days(value, where: str, line) -> int:
    text = ascii_digits(str(value)).strip()
    if not text.isdigit() or int(text) > 366:
        raise ScheduleError(where, line, f"schedule.monthly_days: '{value}' is not a number of days (0 to 366), e.g. monthly_days: 15")
    return int(text)


# --- the status of one year -------------------------------------------------------------------

@dataclass
class ItemStatus:
    code: str
    title: str
    status: str  # oit validate's status
    state: str  # one of STATES
    due: BEDate | None
    findings: list  # error findings: what is still missing
    owners: list  # owner texts as written
    monthly: bool = False
    folder: Path | None = None  # the item folder in content/
    last_touched: BEDate | None = None  # last commit that changed the item folder (history.py)
    stale: bool = False  # monthly evidence untouched for longer than the schedule allows
    owner_notes: list = field(default_factory=list)  # an owner text that names no unit, as written, and the closest

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def missing(self) -> list:
        return [f.rule for f in self.findings]

    def to_json(self) -> dict:
        return {"code": self.code, "title": self.title, "status": self.status, "state": self.state,
                "due": self.due.iso() if self.due else None, "overdue": self.overdue, "missing": self.missing,
                "findings": [_finding_text(f) for f in self.findings],
                "last_touched": self.last_touched.iso() if self.last_touched else None, "stale": self.stale}


@dataclass
class UnitStatus:
    unit: Unit
    items: list[ItemStatus] = field(default_factory=list)

    def totals(self) -> dict:
        return totals(self.items)

    def to_json(self) -> dict:
        u = self.unit
        return {"id": u.id or None, "name": u.name, "contact": u.contact, "phone": u.phone, "email": u.email,
                "totals": self.totals(), "items": [i.to_json() for i in self.items]}


@dataclass
class StatusReport:
    site_name: str
    year: int
    framework: str
    as_of: BEDate
    schedule: Schedule
    units: list[UnitStatus]  # units of site.yml first (or one per owner text), unassigned last
    items: list[ItemStatus]  # every item once, in catalog order
    has_units: bool
    history: History | None = None  # when read
    history_asked: bool = False  # --history or --html: the JSON then says "history": null without git

    def totals(self) -> dict:
        return totals(self.items)

    def to_json(self) -> dict:
        out = {"as_of": self.as_of.iso(), "year": self.year, "framework": self.framework, "site": self.site_name,
               "totals": self.totals(), "units": [u.to_json() for u in self.units]}
        if self.history_asked:
            out["history"] = self.history.to_json() if self.history else None
        return out


def totals(items: list) -> dict:
    counts = {"items": len(items), **{state: 0 for state in STATES}}
    for item in items:
        counts[item.state] += 1
    return counts


def _finding_text(finding) -> str:
    where = f"{finding.location()}: " if finding.path else ""
    return f"[{finding.rule}] {where}{finding.message}"


def status_report(content_dir: Path, year: int | None, as_of: BEDate) -> StatusReport:
    """Validate the year as of `as_of` and sort its items by responsible unit."""
    from .validate import validate
    report = validate(content_dir, year, as_of)
    return status_of(report, load_schedule(report.year, report.catalog))


def status_of(report, schedule: Schedule) -> StatusReport:
    """The committee's view of a validation report (validate.Report)."""
    units, _ = load_units(report.site)
    errors: dict = {}
    owner_notes: dict = {}  # a misspelt owner must not vanish into "no unit": say what was written
    for finding in report.findings:
        if finding.is_error and finding.item:
            errors.setdefault(finding.item, []).append(finding)
        elif finding.rule == "owner-unknown":
            owner_notes.setdefault(finding.item, []).append(finding.message)
    items = [_item_status(report, result, schedule, errors.get(result.code, [])) for result in report.items]
    for item in items:
        item.owner_notes = owner_notes.get(item.code, [])
    return StatusReport(report.site.name, report.year.year, report.catalog.framework, report.as_of, schedule,
                        _group(items, units), items, bool(units))


def _item_status(report, result, schedule: Schedule, findings: list) -> ItemStatus:
    catalog_item = report.catalog.item(result.code)
    monthly_days = schedule.monthly_days if TIME_RULES[catalog_item.time_rule].monthly else None
    monthly = monthly_days is not None  # each month's document has its own due date
    due = schedule.due_of(result.code)
    if monthly_days is not None and result.status in ("incomplete", "missing"):
        due = _first_missing_month_due(result.content, report.year.year, report.as_of, monthly_days) or due
    if result.status in ("complete", "not_due"):
        state, findings = result.status, []
    elif due is not None and to_date(report.as_of) > to_date(due):
        state = "overdue"
    else:
        state = "pending"
    return ItemStatus(result.code, result.title, result.status, state, due, findings, owner_texts(result.content),
                      monthly=monthly, folder=result.content.folder if result.content else None)


def _first_missing_month_due(content, year: int, as_of: BEDate, days: int) -> BEDate | None:
    """Due date of the first month (October–March) that has ended and has no document."""
    start, end = first_half_months(year)
    have = {month for ev in (content.evidence if content else []) if ev.period and not ev.supporting
            for month in monthly_months(ev.period)}
    for month in range(start, min(end, as_of.month_index - 1) + 1):
        if month not in have:
            return from_date(month_end(month) + dt.timedelta(days=days))
    return None


def _group(items: list, units: list) -> list:
    """One UnitStatus per unit of site.yml (an item owned by two units is under both), or, without
    units:, one per owner text; items whose owner is none of them come last, unassigned."""
    groups = {u.id: UnitStatus(u) for u in units}
    unassigned = UnitStatus(UNASSIGNED)
    for item in items:
        owners = [find_unit(text, units) for text in item.owners] if units else [Unit(t, t) for t in item.owners]
        known = list(dict.fromkeys(u for u in owners if u is not None))
        for unit in known:
            groups.setdefault(unit.id, UnitStatus(unit)).items.append(item)
        if not known or len(known) < len(owners):
            unassigned.items.append(item)
    return list(groups.values()) + ([unassigned] if unassigned.items else [])


# --- text and JSON ----------------------------------------------------------------------------

MARKS = {"complete": "✓", "overdue": "!", "pending": "✗", "not_due": "·"}


def to_text(status: StatusReport) -> str:
    lines = [_("{agency} — OIT status, fiscal year {year}, as of {date} (framework {framework})").format(
        agency=status.site_name, year=status.year, date=_date_text(status.as_of), framework=status.framework), ""]
    for group in status.units:
        lines += _unit_lines(group)
    if status.history_asked:
        lines += _history_lines(status.history)
    lines.append(_("agency total: {totals}").format(totals=_totals_text(status.totals())))
    return terminal_text("\n".join(lines)) + "\n"


def _date_text(date: BEDate) -> str:
    """A date as the reader writes it: 20 กุมภาพันธ์ 2566 in Thai, 2566-02-20 in English."""
    return date.iso() if language() == "en" else date.thai()


def _state_text(state: str) -> str:
    return with_code(state_label(state), state)


def _unit_lines(group: UnitStatus) -> list:
    unit = group.unit
    contact = ", ".join(x for x in (unit.contact, unit.phone, unit.email) if x)
    head = f"■ {unit.name}" + (f" ({unit.id})" if unit.id and unit.id != unit.name else "")
    lines = [head + (" — " + _("contact: {contact}").format(contact=contact) if contact else "")]
    for item in group.items:
        due = ", " + _("due {date}").format(date=_date_text(item.due)) if item.due else ""
        lines.append(f"  {MARKS[item.state]} {item.code:<4} {item.title} — {_state_text(item.state)}{due}")
        lines += [f"       {text}" for text in (*item.owner_notes, *map(_finding_text, item.findings))]
        if item.stale and item.last_touched:  # stale is only known with the date of the last change
            lines.append("       " + _("monthly evidence untouched since {date}").format(
                date=_date_text(item.last_touched)))
    lines += ["  " + _("total: {totals}").format(totals=_totals_text(group.totals())), ""]
    return lines


def _history_lines(history) -> list:
    if history is None:
        return [_("no weekly history: content/ is not in a git repository"), ""]
    return ([_("complete items per week:")]
            + [f"  {week.iso()}  {count}/{history.items}" for week, count in zip(history.weeks, history.agency)] + [""])


def _totals_text(t: dict) -> str:
    return _("{items} items, {complete} complete, {overdue} overdue, {pending} pending, {not_due} not due").format(**t)


def to_json(status: StatusReport) -> str:
    return json.dumps(status.to_json(), ensure_ascii=False, indent=2) + "\n"


# --- rows: CSV and the workbook ---------------------------------------------------------------

COLUMNS = [  # (key, heading in the chosen language)
    ("unit_id", N_("unit id")),
    ("unit", N_("responsible unit")),
    ("code", N_("item")),
    ("title", N_("title")),
    ("state", N_("state")),
    ("status", N_("validation result")),
    ("due", N_("due date")),
    ("overdue", N_("overdue")),
    ("missing", N_("what is still missing")),
    ("findings", N_("details and what to do")),
]
VALIDATE_STATUS = {"complete": N_("complete"), "incomplete": N_("incomplete"), "missing": N_("no data"),
                   "not_due": N_("not due yet")}


def rows(status: StatusReport) -> list:
    """One dict per (unit, item) with stable codes (state, rule ids, ISO dates), in the order of
    the text report; keys are COLUMNS' keys. What scripts read; `sheet_rows` is what people read."""
    return [{"unit_id": group.unit.id, "unit": group.unit.name, "code": item.code, "title": item.title,
             "state": item.state, "status": item.status, "due": item.due.iso() if item.due else "",
             "overdue": "yes" if item.overdue else "no", "missing": " ".join(item.missing),
             "findings": "\n".join((*item.owner_notes, *map(_finding_text, item.findings)))}
            for group in status.units for item in group.items]


def sheet_rows(status: StatusReport) -> list:
    """The rows as the committee reads them, in the chosen language: state and result in words,
    the due date as a date, what is missing as the public page says it (which part, which months),
    and the findings with where to fix them. In English the codes of `rows` stay, for scripts."""
    if language() == "en":
        return [{**row, "due": item.due} for row, item in zip(rows(status), unit_rows_items(status))]
    return [{"unit_id": group.unit.id, "unit": group.unit.name, "code": item.code, "title": item.title,
             "state": state_label(item.state), "status": _(VALIDATE_STATUS[item.status]), "due": item.due,
             "overdue": _("yes") if item.overdue else _("no"), "missing": "\n".join(public_gaps(item.findings)),
             "findings": "\n".join((*item.owner_notes, *map(_finding_text, item.findings)))}
            for group in status.units for item in group.items]


def unit_rows_items(status: StatusReport) -> list:
    """The item of each row of `rows` and `sheet_rows`, in the same order (an item under two units twice)."""
    return [item for group in status.units for item in group.items]


def headings() -> list:
    """The header row: the machine names in English (scripts read them), Thai headings in Thai."""
    return [key if language() == "en" else _(heading) for key, heading in COLUMNS]


def to_csv(status: StatusReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headings())
    for row in sheet_rows(status):
        due = row["due"]
        row["due"] = (due.iso() if language() == "en" else due.thai()) if due else ""
        writer.writerow([csv_cell(row[key]) for key, _heading in COLUMNS])  # never a live formula
    return out.getvalue()
