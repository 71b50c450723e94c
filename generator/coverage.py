"""One coverage checker per time-rule kind (docs/contracts.md#time-rules), run per requirement (part) of an item.

A checker looks at the evidence of one requirement for assessment year Y as of a date, and says
whether anything is due yet and which findings the evidence earns. A month is due once it
has ended before the as-of date: an agency checking in January owes October–December only.

An item with several parts (a plan and its first-half progress) gets each evidence entry assigned
to one part: the one its `part:` names, or else the part whose time rule its period fits most
narrowly, so a year plan (period 2568) never also counts as the first-half progress report.
A document outside the period next to documents that satisfy the requirement is a warning that
it does not count; a requirement with a time rule that has two public readings passes on either.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .findings import WARNING, Finding
from .periods import first_half_months, fiscal_year_months, month_list_thai
from .thai import month_of_index


@dataclass
class Coverage:
    due: bool
    findings: list = field(default_factory=list)


def _due_months(start: int, end: int, as_of: int) -> list:
    return [m for m in range(start, end + 1) if m < as_of]


class _Check:
    """Shared state of one run: the item, its evidence and where findings point."""

    def __init__(self, item, evidence, year, as_of_month, path, time_rule=None):
        self.item, self.evidence, self.year, self.as_of, self.path = item, evidence, year, as_of_month, path
        self.time_rule = time_rule or item.time_rule
        self.findings = []

    def add(self, rule, line, message):
        self.findings.append(Finding(rule, self.item.code, self.path, line, message))

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
                         f"'{ev.title}' has no period; this item's criteria are time-bound, add e.g. 'period: {self.year}'")

    def wrong_year(self, ev, wanted: str):
        self.add("wrong-year", ev.line, f"'{ev.title}' is for {ev.period.thai()} ({ev.period}); the criteria ask for {wanted}")

    def need_count(self, good: int, wanted: str):
        if good < max(self.item.min_evidence, 1):
            need = max(self.item.min_evidence, 1)
            self.add("evidence-missing", None,
                     f"needs {need} document(s) for {wanted}, found {good}; add evidence with the right period")


def check_none(c: _Check) -> bool:
    if len(c.evidence) < c.item.min_evidence:
        c.add("evidence-missing", None,
              f"needs at least {c.item.min_evidence} evidence entr{'y' if c.item.min_evidence == 1 else 'ies'}, found {len(c.evidence)}; "
              "add '- title: …' with 'file:' or 'url:' under evidence:")
    return True


def check_current_year(c: _Check) -> bool:
    start, end = fiscal_year_months(c.year)
    if not _due_months(start, end, c.as_of):
        return False
    good = 0
    for ev in c.dated():
        if ev.period.within(start, end):
            good += 1
        else:
            c.wrong_year(ev, f"documents dated within ปีงบประมาณ {c.year}")
    c.need_count(good, f"ปีงบประมาณ {c.year}")
    return True


def check_in_force(c: _Check) -> bool:
    start, end = fiscal_year_months(c.year)
    if c.as_of < start:  # a plan is owed from the first day of the year it governs
        return False
    good = 0
    for ev in c.dated():
        if ev.period.covers(start, end):
            good += 1
        else:
            c.wrong_year(ev, f"a plan or policy in force for the whole ปีงบประมาณ {c.year} (e.g. period: {c.year} or {c.year}-{c.year + 4})")
    c.need_count(good, f"ปีงบประมาณ {c.year}")
    return True


def check_first_half(c: _Check) -> bool:
    start, end = first_half_months(c.year)
    due = _due_months(start, end, c.as_of)
    if not due:
        return False
    fy_start, fy_end = fiscal_year_months(c.year)
    covered = set()
    for ev in c.dated():
        if ev.period.end < fy_start or ev.period.start > fy_end:
            c.wrong_year(ev, f"periods of ปีงบประมาณ {c.year} (ตุลาคม {c.year - 1} – มีนาคม {c.year})")
        covered.update(ev.period.months())
    missing = [m for m in due if m not in covered]
    if missing:
        c.add("coverage-gap", None,
              f"no evidence covers {month_list_thai(missing)}; add a report with e.g. period: {c.year}-Q1, {c.year}-Q2 or {c.year}-H1")
    return True


def check_first_half_monthly(c: _Check) -> bool:
    start, end = first_half_months(c.year)
    due = _due_months(start, end, c.as_of)
    if not due:
        return False
    fy_start, fy_end = fiscal_year_months(c.year)
    months = set()
    for ev in c.dated():
        if ev.period.end < fy_start or ev.period.start > fy_end:
            c.wrong_year(ev, f"one document per month, ตุลาคม {c.year - 1} – มีนาคม {c.year}")
        elif ev.period.kind == "month":
            months.add(ev.period.start)
    missing = [m for m in due if m not in months]
    if missing:
        examples = ", ".join(_month_period(m) for m in missing[:3])
        c.add("coverage-gap", None,
              f"monthly item: no document for {month_list_thai(missing)}; add one entry per month with period {examples}")
    return True


def check_previous_year(c: _Check) -> bool:
    start, end = fiscal_year_months(c.year - 1)
    if c.as_of <= end:
        return False
    good = 0
    for ev in c.dated():
        if ev.period.covers(start, end):
            good += 1
        else:
            c.wrong_year(ev, f"the report about ปีงบประมาณ {c.year - 1} (period: {c.year - 1})")
    c.need_count(good, f"ปีงบประมาณ {c.year - 1}")
    return True


def _month_period(index: int) -> str:
    year, month = month_of_index(index)
    return f"{year}-{month:02d}"


CHECKERS = {
    "none": check_none,
    "current_year": check_current_year,
    "in_force": check_in_force,
    "first_half": check_first_half,
    "first_half_monthly": check_first_half_monthly,
    "previous_year": check_previous_year,
}


def check_coverage(item, evidence, year: int, as_of_month: int, path: str) -> Coverage:
    """Run the checker of `item.time_rule` (an Item or a Part: anything with code, time_rule and
    min_evidence, and optionally also_accepts); `as_of_month` is the month index of the as-of date.
    With two readings of the rule, the first that has no error wins; if none does, the main
    reading's findings are reported."""
    results = []
    for rule in (item.time_rule,) + tuple(getattr(item, "also_accepts", ())):
        check = _Check(item, evidence, year, as_of_month, path, rule)
        due = CHECKERS[rule](check)
        results.append(Coverage(due, _settle(check.findings) if due else []))
    passing = [r for r in results if not any(f.is_error for f in r.findings)]
    if passing and len(results) > 1:
        due = [r for r in passing if r.due]
        return due[0] if due else passing[0]
    return results[0]


def _settle(findings: list) -> list:
    """A document outside the period does not make a satisfied requirement incomplete: when
    nothing else is wrong, its wrong-year finding is a warning saying it does not count."""
    if any(f.is_error and f.rule != "wrong-year" for f in findings):
        return findings
    return [Finding(f.rule, f.item, f.path, f.line, f"{f.message}; it does not count here (the other documents "
                    "satisfy this requirement)", WARNING) if f.rule == "wrong-year" else f for f in findings]


# --- items with parts -------------------------------------------------------------------------

def part_window(rule: str, year: int):
    """(start, end) months an evidence period must lie in to fit `rule`, or None for no time rule."""
    if rule in ("first_half", "first_half_monthly"):
        return first_half_months(year)
    if rule == "previous_year":
        return fiscal_year_months(year - 1)
    if rule in ("current_year", "in_force"):
        return fiscal_year_months(year)
    return None


def _fit(part, period, year: int):
    """How narrowly `period` fits the part: the month count of the smallest window it fits
    (smaller is a better match), or None if it fits none of the part's readings."""
    sizes = []
    for rule in part.time_rules:
        window = part_window(rule, year)
        if window is None:
            continue
        start, end = window
        fits = period.covers(start, end) if rule == "in_force" else period.within(start, end)
        if rule == "previous_year":
            fits = period.covers(start, end) or period.within(start, end)
        if fits:
            sizes.append(end - start + 1)
    return min(sizes) if sizes else None


def assign_parts(item, evidence, year: int, path: str) -> tuple[dict, list]:
    """{part id: [evidence]} and findings about `part:` keys. Each entry serves one part: the
    one it names, else (unmarked) the time-bound part its period fits most narrowly, else a
    part without time rule, else the first part (whose check then says the period is wrong).
    Sets `ev.serves` to the part id."""
    findings = []
    by_part = {part.id: [] for part in item.parts}
    ids = ", ".join(p.id for p in item.parts)
    for ev in evidence:
        named = getattr(ev, "part", None)
        target = None
        if named is not None and not item.has_parts:
            findings.append(Finding("field-invalid", item.code, path, ev.line,
                                    f"'{ev.title}' says part: {named}, but {item.code} has no parts; remove part:", WARNING))
        elif named is not None:
            target = item.part(str(named))
            if target is None:
                findings.append(Finding("field-invalid", item.code, path, ev.line,
                                        f"'{ev.title}': part '{named}' is not a part of {item.code}; write one of {ids}"))
        if target is None:
            target, ambiguous = _match_part(item, ev, year)
            if ambiguous and named is None:
                findings.append(Finding("field-invalid", item.code, path, ev.line,
                                        f"'{ev.title}' ({ev.period}) fits parts {', '.join(ambiguous)} of {item.code} "
                                        f"equally; it counts for '{target.id}'; add part: to say which", WARNING))
        ev.serves = target.id
        by_part[target.id].append(ev)
    return by_part, findings


def _match_part(item, ev, year: int):
    """(part, ids of equally good parts when more than one) for an entry without `part:`."""
    parts = item.parts
    if len(parts) == 1:
        return parts[0], []
    untimed = [p for p in parts if all(part_window(r, year) is None for r in p.time_rules)]
    if ev.period is not None:
        fits = [(size, p) for p in parts if (size := _fit(p, ev.period, year)) is not None]
        if fits:
            best = min(size for size, _ in fits)
            tied = [p for size, p in fits if size == best]
            return tied[0], [p.id for p in tied] if len(tied) > 1 else []
    return (untimed or parts)[0], []


def check_item(item, evidence, year: int, as_of_month: int, path: str) -> Coverage:
    """Coverage of every part of an item. Findings of a part of a multi-part item name the part
    ('progress: ความก้าวหน้า … — needs …'); the item is due when any part is."""
    by_part, findings = assign_parts(item, evidence, year, path)
    due = False
    for part in item.parts:
        coverage = check_coverage(part, by_part[part.id], year, as_of_month, path)
        due = due or coverage.due
        for finding in coverage.findings:
            if part.inferred and finding.rule in TIME_RULE_FINDINGS:
                finding = _inferred(finding)
            findings.append(_named(finding, part) if item.has_parts else finding)
    return Coverage(due, findings)


TIME_RULE_FINDINGS = ("wrong-year", "coverage-gap", "evidence-missing")
INFERRED_NOTE = " [time rule inferred: the criteria text does not state the period; check the official manual]"


def _named(finding: Finding, part) -> Finding:
    return Finding(finding.rule, finding.item, finding.path, finding.line,
                   f"part '{part.id}' ({part.label}): {finding.message}", finding.severity, part=part.id)


def _inferred(finding: Finding) -> Finding:
    if finding.message.endswith(INFERRED_NOTE):
        return finding
    return Finding(finding.rule, finding.item, finding.path, finding.line, finding.message + INFERRED_NOTE,
                   finding.severity, part=finding.part)


def url_field_satisfied(spec, evidence) -> bool:
    """A URL-kind field (Q&A, E-Service, complaint channel) may be given as the field or as an
    evidence entry with url: serving the same part."""
    return spec.kind == "url" and any(ev.url and getattr(ev, "serves", None) in (None, spec.part or "")
                                      for ev in evidence)
