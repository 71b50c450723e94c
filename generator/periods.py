"""The `period` grammar of evidence (docs/contracts.md#period) and fiscal-year arithmetic.

A period is a closed range of months. Months are counted by `thai.month_index`, so
"which months does this cover" is plain integer arithmetic. The fiscal year YYYY
runs from October YYYY-1 to September YYYY.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import N_, _
from .thai import MONTHS_TH, ascii_digits, month_index, month_name, parse_be_year

GRAMMAR_HELP = N_(
    "write YYYY (fiscal year), YYYY-Q1..Q4, YYYY-H1/H2, YYYY-MM (month) or YYYY-YYYY (span), "
    "years in Buddhist Era, e.g. 2566, 2566-Q1, 2566-H1, 2565-10, 2566-2570"
)

_PATTERN = re.compile(r"(\d{4})(?:-(?:([QqHh])(\d)|(\d{1,2})|(\d{4})))?")


class PeriodError(ValueError):
    """A period that does not follow the grammar; the message says what to write."""


def fiscal_year_months(year: int) -> tuple[int, int]:
    """First and last month index of fiscal year `year` (BE)."""
    return month_index(year - 1, 10), month_index(year, 9)


def first_half_months(year: int) -> tuple[int, int]:
    """October (year-1) to March `year`."""
    return month_index(year - 1, 10), month_index(year, 3)


@dataclass(frozen=True)
class Period:
    kind: str  # year | quarter | half | month | span
    text: str  # canonical ASCII text, e.g. "2566-Q1"
    start: int  # first month index
    end: int  # last month index, inclusive

    def months(self) -> range:
        return range(self.start, self.end + 1)

    def covers(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    def within(self, start: int, end: int) -> bool:
        return start <= self.start and self.end <= end

    def thai(self) -> str:
        """The period in Thai words, as an assessor reads it."""
        year = int(self.text[:4])
        if self.kind == "month":
            return month_name(self.start)
        if self.kind == "year":
            return f"ปีงบประมาณ {year}"
        if self.kind == "quarter":
            return f"ไตรมาส {self.text[-1]} ปีงบประมาณ {year}"
        if self.kind == "half":
            which = "ครึ่งปีแรก" if self.text.endswith("1") else "ครึ่งปีหลัง"
            return f"{which} ปีงบประมาณ {year} ({month_name(self.start)} – {month_name(self.end)})"
        return f"ปีงบประมาณ {year} – {self.text[5:]}"

    def english(self) -> str:
        year = int(self.text[:4])
        names = {"Q": "quarter", "H": "half"}
        if self.kind == "month":
            return f"month {self.text}"
        if self.kind in ("quarter", "half"):
            return f"fiscal {names[self.text[5]]} {self.text[-1]} of {year}"
        if self.kind == "year":
            return f"fiscal year {year}"
        return f"fiscal years {self.text}"

    def __str__(self):
        return self.text


def parse_period(value) -> Period:
    """Parse a period; Thai digits allowed. Raises PeriodError with advice."""
    raw = str(value).strip()
    text = ascii_digits(raw)
    match = _PATTERN.fullmatch(text)
    if not match:
        raise PeriodError(_("period '{period}' is not understood; {help}").format(period=raw, help=_(GRAMMAR_HELP)))
    year_text, letter, number, month_text, end_text = match.groups()
    try:
        year = parse_be_year(year_text, _("period year"))
    except ValueError as err:
        raise PeriodError(_("{error} (period '{period}')").format(error=err, period=raw)) from None
    fy_start, fy_end = fiscal_year_months(year)
    if letter:
        letter, number = letter.upper(), int(number)
        size = 3 if letter == "Q" else 6
        if not 1 <= number <= 12 // size:
            raise PeriodError(_("period '{period}': {letter}{number} does not exist; use {letter}1–{letter}{last}")
                              .format(period=raw, letter=letter, number=number, last=12 // size))
        start = fy_start + (number - 1) * size
        return Period("quarter" if letter == "Q" else "half", f"{year}-{letter}{number}", start, start + size - 1)
    if month_text:
        month = int(month_text)
        if not 1 <= month <= 12:
            raise PeriodError(_("period '{period}': month {month} does not exist; write YYYY-MM with MM 01–12, "
                                "e.g. {year}-10").format(period=raw, month=month, year=year))
        index = month_index(year, month)
        return Period("month", f"{year}-{month:02d}", index, index)
    if end_text:
        try:
            end_year = parse_be_year(end_text, _("period end year"))
        except ValueError as err:
            raise PeriodError(_("{error} (period '{period}')").format(error=err, period=raw)) from None
        if end_year < year:
            raise PeriodError(_("period '{period}' ends before it starts; write the earlier year first, "
                                "e.g. {first}-{second}").format(period=raw, first=end_year, second=year))
        return Period("span", f"{year}-{end_year}", fy_start, fiscal_year_months(end_year)[1])
    return Period("year", f"{year}", fy_start, fy_end)


def month_list_thai(indices) -> str:
    return ", ".join(month_name(i) for i in indices)


def month_ranges_thai(indices) -> str:
    """Months as runs a reader takes in at once: 'ตุลาคม – ธันวาคม 2568 และ มีนาคม 2569'."""
    runs: list[list[int]] = []
    for index in sorted(set(indices)):
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    texts = []
    for run in runs:
        first, last = month_name(run[0]), month_name(run[-1])
        if len(run) == 1:
            texts.append(first)
        elif first.rsplit(" ", 1)[1] == last.rsplit(" ", 1)[1]:  # same year: the year once
            texts.append(f"{first.rsplit(' ', 1)[0]} – {last}")
        else:
            texts.append(f"{first} – {last}")
    return " และ ".join(texts)


__all__ = [
    "Period", "PeriodError", "parse_period", "fiscal_year_months", "first_half_months",
    "month_list_thai", "month_ranges_thai", "GRAMMAR_HELP", "MONTHS_TH",
]
