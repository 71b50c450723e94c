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
from .i18n import N_, _, th
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
        self.rejected: dict[int, Finding] = {}  # id(evidence) → its wrong-year finding: what this reading does not use

    def add(self, rule, line, message, public=None, severity=""):
        """A finding; `public` is what the public page says is missing (Thai, no webmaster terms)."""
        self.findings.append(Finding(rule, self.item.code, self.path, line, message, severity, public=public))
        return self.findings[-1]

    def rule_label(self) -> str:
        return RULES[self.time_rule].label(self.year)

    def explained(self) -> int:
        """How many documents this reading uses (coverage prefers the reading that uses most)."""
        return len(self.evidence) - len(self.rejected)

    def dated(self):
        """Evidence with a period; entries without one get a finding telling what to add
        (unless the period was written but unreadable: the loader reported that already)."""
        for ev in self.evidence:
            if ev.period is not None:
                if ev.period.start > self.as_of:
                    self.add("period-future", ev.line, _(
                        "'{title}' is dated {period}, after the as-of date: a document cannot report on months "
                        "that have not begun; check the period").format(title=ev.title, period=ev.period.thai()))
                yield ev
            elif ev.period_text is None:
                self.add("period-invalid", ev.line,
                         _("'{title}' has no period; this item's criteria are time-bound, add e.g. 'period: {year}'")
                         .format(title=ev.title, year=self.year),
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
        self.rejected[id(ev)] = self.add(
            "wrong-year", ev.line, _("'{title}' is for {period} ({code}); the criteria ask for {wanted}").format(
                title=ev.title, period=ev.period.thai(), code=ev.period, wanted=wanted),
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
                     _("needs {need} document(s) for {wanted}, found {good}; add evidence with the right period")
                     .format(need=need, wanted=wanted, good=good),
                     th("No document yet for what the criteria ask: {rule}").format(rule=self.rule_label()))


def check_none(c: Check) -> bool:
    if len(c.evidence) < c.item.min_evidence:
        c.add("evidence-missing", None,
              _("needs at least {need} evidence entry(ies), found {found}; add '- title: …' with 'file:' or 'url:' "
                "under evidence:").format(need=c.item.min_evidence, found=len(c.evidence)),
              th("No evidence has been published yet"))
    return True


def check_current_year(c: Check) -> bool:
    start, end = fiscal_year_months(c.year)
    if not _due_months(start, end, c.as_of):
        return False
    c.count_fitting(lambda period: period.within(start, end),
                    _("documents dated within fiscal year {year}").format(year=c.year),
                    _("fiscal year {year}").format(year=c.year))
    return True


def check_in_force(c: Check) -> bool:
    start, end = fiscal_year_months(c.year)
    if c.as_of < start:  # a plan is owed from the first day of the year it governs
        return False
    c.count_fitting(lambda period: period.covers(start, end),
                    _("a plan or policy in force for the whole fiscal year {year} (e.g. period: {year} or {year}-{y4})")
                    .format(year=c.year, y4=c.year + 4),
                    _("fiscal year {year}").format(year=c.year))
    return True


def check_first_half(c: Check) -> bool:
    start, end = first_half_months(c.year)
    due = _due_months(start, end, c.as_of)
    if not due:
        return False
    covered = set()
    for ev in c.in_fiscal_year(_("periods of fiscal year {year} (October {py} – March {year})").format(
            year=c.year, py=c.year - 1)):
        covered.update(ev.period.months())
    missing = [m for m in due if m not in covered]
    if missing:
        c.add("coverage-gap", None,
              _("no evidence covers {months}; add a report with e.g. period: {year}-Q1, {year}-Q2 or {year}-H1").format(
                  months=month_list_thai(missing), year=c.year),
              th("No information yet for {months}").format(months=month_ranges_thai(missing)))
    return True


def check_first_half_monthly(c: Check) -> bool:
    start, end = first_half_months(c.year)
    due = _due_months(start, end, c.as_of)
    if not due:
        return False
    evidence = list(c.in_fiscal_year(_("one document per month, October {py} – March {year}").format(
        year=c.year, py=c.year - 1)))
    for ev in evidence:
        if ev.period.kind == "quarter":
            c.add("not-monthly", ev.line, _(
                "'{title}' ({period}) is a quarterly document: it counts for {months}, but the criteria ask for "
                "monthly data; make sure it shows each month separately, or publish one document per month"
            ).format(title=ev.title, period=ev.period, months=month_list_thai(ev.period.months())))
    missing = months_without_document(evidence, c.year, c.as_of)
    if missing:
        examples = ", ".join(_month_period(m) for m in missing[:3])
        c.add("coverage-gap", None,
              _("monthly item: no document for {months}; add one entry per month with period {examples}").format(
                  months=month_list_thai(missing), examples=examples),
              th("No monthly report yet for {months}").format(months=month_ranges_thai(missing)))
    return True


def months_without_document(evidence, year: int, as_of_month: int) -> list[int]:
    """The months of the first half (October–March) of `year` that ended before `as_of_month` and
    that no dated entry of `evidence` covers under the monthly rule: what the checker reports
    missing and what `oit status` dates a monthly item's next due day by."""
    start, end = first_half_months(year)
    have = {month for ev in evidence if ev.period for month in monthly_months(ev.period)}
    return [month for month in _due_months(start, end, as_of_month) if month not in have]


def monthly_months(period: Period) -> range:
    """The months a document counts for under a monthly rule: its month, or the three months of a
    quarter (agencies publish quarterly files of monthly rows; coverage warns that it is not monthly)."""
    return period.months() if period.kind in ("month", "quarter") else range(0)


def check_previous_year(c: Check) -> bool:
    """A report about the whole previous year, or documents inside it (the twelve monthly
    summaries agencies publish under the annual procurement item) that together cover it."""
    start, end = fiscal_year_months(c.year - 1)
    if c.as_of <= end:
        return False
    whole, months = 0, set()
    for ev in c.dated():
        if ev.period.covers(start, end):
            whole += 1
        elif ev.period.within(start, end):
            months.update(ev.period.months())
        else:
            c.wrong_year(ev, _("the report about fiscal year {year} (period: {year})").format(year=c.year - 1))
    if months >= set(range(start, end + 1)):
        whole += 1
    c.need_count(whole, _("fiscal year {year}").format(year=c.year - 1))
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
        return _(self.advice).format(y=year, py=year - 1, y4=year + 4)

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
             N_("no time rule: publish the current information.")),
    TimeRule("current_year", check_current_year, fiscal_year_months, "within",
             "ข้อมูลภายในปีงบประมาณ {y}", "ข้อมูลภายในปีที่ประเมิน",
             N_("documents dated within fiscal year {y} (period: {y}, {y}-Q1 … or {py}-10 …).")),
    TimeRule("in_force", check_in_force, fiscal_year_months, "covers",
             "แผนหรือนโยบายที่มีผลบังคับใช้ในปีงบประมาณ {y}", "แผนหรือนโยบายที่มีผลครอบคลุมปีที่ประเมิน",
             N_("a plan or policy in force for fiscal year {y} (period: {y} or a span such as {y}-{y4}).")),
    TimeRule("first_half", check_first_half, first_half_months, "within",
             "ข้อมูลครอบคลุม 6 เดือนแรกของปีงบประมาณ {y} (ตุลาคม {py} – มีนาคม {y})", "ครอบคลุม ๖ เดือนแรกของปีที่ประเมิน",
             N_("periods that together cover October {py} – March {y} (e.g. {y}-Q1 and {y}-Q2, or {y}-H1).")),
    TimeRule("first_half_monthly", check_first_half_monthly, first_half_months, "within",
             "ข้อมูลรายเดือน ตุลาคม {py} – มีนาคม {y} ครบทุกเดือน", "รายเดือน ครบ ๖ เดือนแรกของปีที่ประเมิน",
             N_("one document per month, October {py} … March {y} (period: {py}-10 … {y}-03)."), monthly=True),
    TimeRule("previous_year", check_previous_year, _previous_fiscal_year, "either",
             "รายงานผลของปีงบประมาณ {py}", "รายงานผลของปีที่ผ่านมา",
             N_("the report about fiscal year {py} (period: {py}).")),
)}
