"""`oit status --format xlsx`: the workbook the committee's monthly meeting opens. Two sheets:
a summary per unit, and one row per (unit, item) with the columns of the CSV."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .status import COLUMNS, STATE_TH, STATES, rows

FILLS = {  # light fills a printed sheet still shows
    "complete": PatternFill("solid", fgColor="E2F0D9"),
    "overdue": PatternFill("solid", fgColor="F8D7DA"),
    "pending": PatternFill("solid", fgColor="FFF3CD"),
    "not_due": PatternFill("solid", fgColor="EDEDED"),
}
WIDTHS = {"unit_id": 14, "unit": 30, "code": 6, "title": 48, "state": 18, "status": 12, "due": 12,
          "overdue": 10, "missing": 24, "findings": 80}
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
    sheet.append([f"{status.site_name}: สถานะการจัดทำข้อมูล OIT ปีงบประมาณ {status.year}"])
    sheet.append([f"ณ วันที่ {status.as_of.thai()} (as of {status.as_of.iso()})"])
    sheet.append([])
    sheet.append(["หน่วยงานที่รับผิดชอบ", "จำนวนรายการ", *(STATE_TH[s] for s in STATES)])
    sheet.append(["unit", "items", *STATES])
    for group in status.units:
        t = group.totals()
        sheet.append([group.unit.name, t["items"], *(t[s] for s in STATES)])
    t = status.totals()
    sheet.append(["รวมทั้งหน่วยงาน (agency)", t["items"], *(t[s] for s in STATES)])
    for row in (1, 4, 5, sheet.max_row):
        for cell in sheet[row]:
            cell.font = BOLD
    sheet.column_dimensions["A"].width = 40
    for column in range(2, 7):
        sheet.column_dimensions[get_column_letter(column)].width = 18


def _items_sheet(sheet, status) -> None:
    """Headings in Thai (row 1) and the machine names of the CSV (row 2), then one row per item."""
    sheet.append([th for _, th, _ in COLUMNS])
    sheet.append([key for key, _, _ in COLUMNS])
    for cell in (*sheet[1], *sheet[2]):
        cell.font = BOLD
    state_column = [key for key, _, _ in COLUMNS].index("state")
    for row in rows(status):
        sheet.append([row[key] for key, _, _ in COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet[sheet.max_row][state_column].fill = FILLS[row["state"]]
    for index, (key, _, _) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[key]
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
