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

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import _
from .i18n import N_
from .thai import BEDate, be_to_ce, month_of_index
from .time_rules import RULES as TIME_RULES, months_without_document
from .schedule import Schedule, load_schedule
from .units import Unit, find_unit, load_units, owner_texts

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
                "findings": [finding_text(f) for f in self.findings],
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


def finding_text(finding) -> str:
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
                        _group(items, units), items)


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
    evidence = [ev for ev in (content.evidence if content else []) if not ev.supporting]  # role: supporting
    missing = months_without_document(evidence, year, as_of.month_index)
    return from_date(month_end(missing[0]) + dt.timedelta(days=days)) if missing else None


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


# --- rows: CSV and the workbook ---------------------------------------------------------------


@dataclass
class History:
    weeks: list  # BEDate of each point, oldest first
    agency: list[int]  # complete items at each point
    units: dict[str, list[int]] = field(default_factory=dict)  # unit id → complete items at each point
    items: int = 0  # items of the year (the top of the chart)

    def to_json(self) -> dict:
        return {"weeks": [w.iso() for w in self.weeks], "items": self.items, "agency": self.agency,
                "units": [{"id": key or None, "complete": counts} for key, counts in self.units.items()]}
