"""`oit status --format xlsx`: the workbook the committee's monthly meeting opens. Two sheets:
a summary per unit, and one row per (unit, item) with the columns of the CSV, in the chosen
language (Thai by default); due dates are date cells shown in the Buddhist Era, so the sheet
sorts and filters by date."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .exports import csv_cell
from .i18n import _
from .status import STATES, state_label, to_date
from .status_table import COLUMNS, headings, sheet_rows, unit_rows_items

FILLS = {  # light fills a printed sheet still shows
    "complete": PatternFill("solid", fgColor="E2F0D9"),
    "overdue": PatternFill("solid", fgColor="F8D7DA"),
    "pending": PatternFill("solid", fgColor="FFF3CD"),
    "not_due": PatternFill("solid", fgColor="EDEDED"),
}
# Excel's and LibreOffice's code for a date shown in the Thai Buddhist calendar with Thai month
# names ([$-NNCCLLLL]: calendar 07 Buddhist, locale 041E Thai): 20 กุมภาพันธ์ 2566.
BE_DATE = "[$-107041E]d mmmm yyyy"
WIDTHS = {"unit_id": 14, "unit": 30, "code": 6, "title": 48, "state": 18, "status": 12, "due": 20,
          "overdue": 10, "missing": 44, "findings": 80}
BOLD = Font(bold=True)


def to_xlsx(status) -> bytes:
    book = Workbook()
    _summary_sheet(book.active, status)
    _items_sheet(book.create_sheet("รายการ"), status)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary_sheet(sheet, status) -> None:
    sheet.title = "สรุป"
    sheet.append([_text(_("{agency}: OIT status, fiscal year {year}").format(agency=status.site_name, year=status.year))])
    sheet.append([_("as of"), to_date(status.as_of)])
    sheet["B2"].number_format = BE_DATE
    sheet["B2"].alignment = Alignment(horizontal="left")
    sheet.append([])
    sheet.append([_("responsible unit"), _("items"), *(state_label(s) for s in STATES)])
    for group in status.units:
        t = group.totals()
        sheet.append([_text(group.unit.name), t["items"], *(t[s] for s in STATES)])
    t = status.totals()
    sheet.append([_("whole agency"), t["items"], *(t[s] for s in STATES)])
    for row in (1, 4, sheet.max_row):
        for cell in sheet[row]:
            cell.font = BOLD
    sheet.column_dimensions["A"].width = 40
    for column in range(2, 7):
        sheet.column_dimensions[get_column_letter(column)].width = 18


def _text(value):
    return csv_cell(value) if isinstance(value, str) else value


def _items_sheet(sheet, status) -> None:
    """One header row, then one row per item; the due date is a date cell."""
    keys = [key for key, _heading in COLUMNS]
    sheet.append(headings())
    for cell in sheet[1]:
        cell.font = BOLD
    state_column, due_column = keys.index("state"), keys.index("due")
    for row, item in zip(sheet_rows(status), unit_rows_items(status)):
        # a text Excel would run as a formula (an owner written '=HYPERLINK(…)') stays text, as in the ITAS CSV
        sheet.append([to_date(row["due"]) if key == "due" and row["due"] else _text(row[key]) for key in keys])
        cells = sheet[sheet.max_row]
        for cell in cells:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        cells[due_column].number_format = BE_DATE
        cells[state_column].fill = FILLS[item.state]
    for index, key in enumerate(keys, 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[key]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
