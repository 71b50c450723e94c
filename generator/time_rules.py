"""Every time rule a catalog item may have, in one table: how coverage checks it, which periods
fit it, and what the site (Thai) and `oit new` (advice) say about it. Adding a time rule touches
this module only (docs/contracts.md#time-rules).

A checker looks at the evidence of one requirement for assessment year Y as of a date and says
whether anything is due yet; its findings go to the `Check` it is given. A month is due once it
has ended before the as-of date: an agency checking in January owes October–December only.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .findings import Finding
from .i18n import th
from .periods import Period, first_half_months, fiscal_year_months, month_list_thai, month_ranges_thai
from .thai import month_of_index


def _due_months(start: int, end: int, as_of: int) -> list:
    return [m for m in range(start, end + 1) if m < as_of]


class Check:
    """Shared state of one run: the item, its evidence and where findings point."""

    def __init__(self, item, evidence, year, as_of_month, path, time_rule=None):
        self.item, self.evidence, self.year, self.as_of, self.path = item, evidence, year, as_of_month, path
        self.time_rule = time_rule or item.time_rule
        self.findings = []

    def add(self, rule, line, message, public=None):
        """A finding; `public` is what the public page says is missing (Thai, no webmaster terms)."""
        self.findings.append(Finding(rule, self.item.code, self.path, line, message, public=public))

    def rule_label(self) -> str:
        return RULES[self.time_rule].label(self.year)

    def dated(self):
        """Evidence with a period; entries without one get a finding telling what to add
        (unless the period was written but unreadable: the loader reported that already)."""
        for ev in self.evidence:
            if ev.period is not None:
                if ev.period.start > self.as_of:
                    self.add("period-future", ev.line,
                             f"'{ev.title}' is dated {ev.period.thai()}, after the as-of date: a document cannot "
                             "report on months that have not begun; check the period")
                yield ev
            elif ev.period_text is None:
                self.add("period-invalid", ev.line,
                         f"'{ev.title}' has no period; this item's criteria are time-bound, add e.g. 'period: {self.year}'",
                         th("'{title}' does not say which period it covers").format(title=ev.title))

    def in_fiscal_year(self, wanted: str):
        """Dated evidence whose period overlaps the fiscal year; the others are wrong-year findings
        that say `wanted`."""
        start, end = fiscal_year_months(self.year)
        for ev in self.dated():
            if ev.period.end < start or ev.period.start > end:
                self.wrong_year(ev, wanted)
            else:
                yield ev

    def wrong_year(self, ev, wanted: str):
        self.add("wrong-year", ev.line, f"'{ev.title}' is for {ev.period.thai()} ({ev.period}); the criteria ask for {wanted}",
                 th("'{title}' is for {period}, not the period the criteria ask for ({rule})").format(
                     title=ev.title, period=ev.period.thai(), rule=self.rule_label()))

    def count_fitting(self, fits, wanted: str, label: str) -> None:
        """Count the dated evidence whose period `fits`; the others are wrong-year findings that
        say `wanted`; too few is evidence-missing for `label`."""
        good = 0
        for ev in self.dated():
            if fits(ev.period):
                good += 1
            else:
                self.wrong_year(ev, wanted)
        self.need_count(good, label)

    def need_count(self, good: int, wanted: str):
        if good < max(self.item.min_evidence, 1):
            need = max(self.item.min_evidence, 1)
            self.add("evidence-missing", None,
                     f"needs {need} document(s) for {wanted}, found {good}; add evidence with the right period",
                     th("No document yet for what the criteria ask: {rule}").format(rule=self.rule_label()))


def check_none(c: Check) -> bool:
    if len(c.evidence) < c.item.min_evidence:
        c.add("evidence-missing", None,
              f"needs at least {c.item.min_evidence} evidence entr{'y' if c.item.min_evidence == 1 else 'ies'}, found {len(c.evidence)}; "
              "add '- title: …' with 'file:' or 'url:' under evidence:",
              th("No evidence has been published yet"))
    return True


def check_current_year(c: Check) -> bool:
    start, end = fiscal_year_months(c.year)
    if not _due_months(start, end, c.as_of):
        return False
    c.count_fitting(lambda period: period.within(start, end), f"documents dated within ปีงบประมาณ {c.year}",
                    f"ปีงบประมาณ {c.year}")
    return True


def check_in_force(c: Check) -> bool:
    start, end = fiscal_year_months(c.year)
    if c.as_of < start:  # a plan is owed from the first day of the year it governs
        return False
    c.count_fitting(lambda period: period.covers(start, end),
                    f"a plan or policy in force for the whole ปีงบประมาณ {c.year} (e.g. period: {c.year} or {c.year}-{c.year + 4})",
                    f"ปีงบประมาณ {c.year}")
    return True


def check_first_half(c: Check) -> bool:
    start, end = first_half_months(c.year)
    due = _due_months(start, end, c.as_of)
    if not due:
        return False
    covered = set()
    for ev in c.in_fiscal_year(f"periods of ปีงบประมาณ {c.year} (ตุลาคม {c.year - 1} – มีนาคม {c.year})"):
        covered.update(ev.period.months())
    missing = [m for m in due if m not in covered]
    if missing:
        c.add("coverage-gap", None,
              f"no evidence covers {month_list_thai(missing)}; add a report with e.g. period: {c.year}-Q1, {c.year}-Q2 or {c.year}-H1",
              th("No information yet for {months}").format(months=month_ranges_thai(missing)))
    return True


def check_first_half_monthly(c: Check) -> bool:
    start, end = first_half_months(c.year)
    due = _due_months(start, end, c.as_of)
    if not due:
        return False
    months = {ev.period.start for ev in c.in_fiscal_year(f"one document per month, ตุลาคม {c.year - 1} – มีนาคม {c.year}")
              if ev.period.kind == "month"}
    missing = [m for m in due if m not in months]
    if missing:
        examples = ", ".join(_month_period(m) for m in missing[:3])
        c.add("coverage-gap", None,
              f"monthly item: no document for {month_list_thai(missing)}; add one entry per month with period {examples}",
              th("No monthly report yet for {months}").format(months=month_ranges_thai(missing)))
    return True


def check_previous_year(c: Check) -> bool:
    start, end = fiscal_year_months(c.year - 1)
    if c.as_of <= end:
        return False
    c.count_fitting(lambda period: period.covers(start, end),
                    f"the report about ปีงบประมาณ {c.year - 1} (period: {c.year - 1})", f"ปีงบประมาณ {c.year - 1}")
    return True


def _month_period(index: int) -> str:
    year, month = month_of_index(index)
    return f"{year}-{month:02d}"


@dataclass(frozen=True)
class TimeRule:
    name: str
    check: Callable[[Check], bool]  # adds findings to the Check; False while nothing is due yet
    window: Callable[[int], tuple[int, int]] | None  # months a period must lie in for a year; None: untimed
    fit: str  # how a period fits the window: "within" it, "covers" it, or "either"
    label_th: str  # on item pages: {y} the year, {py} the year before
    summary_th: str  # without a year, for `oit catalog diff`
    advice: str  # in the index.md `oit new` writes: {y}, {py}, {y4} the year + 4
    monthly: bool = False  # one document per month: `oit status` dates each month's (monthly_days:)

    def label(self, year: int) -> str:
        return self.label_th.format(y=year, py=year - 1)

    def advice_for(self, year: int) -> str:
        return self.advice.format(y=year, py=year - 1, y4=year + 4)

    def fits(self, period: Period, year: int) -> bool:
        """Whether `period` fits this rule's window of `year` (False for an untimed rule)."""
        if self.window is None:
            return False
        start, end = self.window(year)
        within, covers = period.within(start, end), period.covers(start, end)
        return {"within": within, "covers": covers, "either": within or covers}[self.fit]


def _previous_fiscal_year(year: int) -> tuple[int, int]:
    return fiscal_year_months(year - 1)


RULES: dict[str, TimeRule] = {rule.name: rule for rule in (
    TimeRule("none", check_none, None, "within",
             "ไม่มีเงื่อนไขด้านเวลา", "ไม่กำหนดช่วงเวลา",
             "no time rule: publish the current information."),
    TimeRule("current_year", check_current_year, fiscal_year_months, "within",
             "ข้อมูลภายในปีงบประมาณ {y}", "ข้อมูลภายในปีที่ประเมิน",
             "documents dated within fiscal year {y} (period: {y}, {y}-Q1 … or {py}-10 …)."),
    TimeRule("in_force", check_in_force, fiscal_year_months, "covers",
             "แผนหรือนโยบายที่มีผลบังคับใช้ในปีงบประมาณ {y}", "แผนหรือนโยบายที่มีผลครอบคลุมปีที่ประเมิน",
             "a plan or policy in force for fiscal year {y} (period: {y} or a span such as {y}-{y4})."),
    TimeRule("first_half", check_first_half, first_half_months, "within",
             "ข้อมูลครอบคลุม 6 เดือนแรกของปีงบประมาณ {y} (ตุลาคม {py} – มีนาคม {y})", "ครอบคลุม ๖ เดือนแรกของปีที่ประเมิน",
             "periods that together cover October {py} – March {y} (e.g. {y}-Q1 and {y}-Q2, or {y}-H1)."),
    TimeRule("first_half_monthly", check_first_half_monthly, first_half_months, "within",
             "ข้อมูลรายเดือน ตุลาคม {py} – มีนาคม {y} ครบทุกเดือน", "รายเดือน ครบ ๖ เดือนแรกของปีที่ประเมิน",
             "one document per month, October {py} … March {y} (period: {py}-10 … {y}-03).", monthly=True),
    TimeRule("previous_year", check_previous_year, _previous_fiscal_year, "either",
             "รายงานผลของปีงบประมาณ {py}", "รายงานผลของปีที่ผ่านมา",
             "the report about fiscal year {py} (period: {py})."),
)}
