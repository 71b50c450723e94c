"""`oit status` as text for the terminal and as JSON for scripts (the data: status.py)."""
from __future__ import annotations

import json

from .i18n import _, language, with_code
from .report import terminal_text
from .status import StatusReport, UnitStatus, finding_text, state_label
from .thai import BEDate


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
        lines += [f"       {text}" for text in (*item.owner_notes, *map(finding_text, item.findings))]
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
