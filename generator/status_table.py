"""`oit status` as rows: the columns the CSV file and the workbook (status_xlsx.py) share, and the CSV."""
from __future__ import annotations

import csv
import io

from .exports import csv_cell
from .gaps import public_gaps
from .i18n import N_, _, language
from .status import StatusReport, finding_text, state_label


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
             "findings": "\n".join((*item.owner_notes, *map(finding_text, item.findings)))}
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
             "findings": "\n".join((*item.owner_notes, *map(finding_text, item.findings)))}
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
