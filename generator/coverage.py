"""Coverage of an item: the checker of each requirement's (part's) time rule, from the one table
of time rules (time_rules.py, docs/contracts.md#time-rules).

An item with several parts (a plan and its first-half progress) gets each evidence entry assigned
to one part: the one its `part:` names, or else the part whose time rule its period fits most
narrowly, so a year plan (period 2568) never also counts as the first-half progress report.
A document outside the period next to documents that satisfy the requirement is a warning that
it does not count; a requirement with a time rule that has two public readings passes on either.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .fields import KINDS
from .findings import WARNING, Finding
from .periods import fiscal_year_months
from .time_rules import RULES, Check


@dataclass
class Coverage:
    due: bool
    findings: list = field(default_factory=list)


def check_coverage(item, evidence, year: int, as_of_month: int, path: str) -> Coverage:
    """Run the checker of `item.time_rule` (an Item or a Part: anything with code, time_rule and
    min_evidence, and optionally also_accepts); `as_of_month` is the month index of the as-of date.
    With two readings of the rule, the first that has no error wins; if none does, the main
    reading's findings are reported."""
    results = []
    for rule in (item.time_rule,) + tuple(getattr(item, "also_accepts", ())):
        check = Check(item, evidence, year, as_of_month, path, rule)
        due = RULES[rule].check(check)
        results.append(Coverage(due, _settle(check.findings) if due else []))
    passing = [r for r in results if not any(f.is_error for f in r.findings)]
    if passing and len(results) > 1:
        passing_due = [r for r in passing if r.due]
        return passing_due[0] if passing_due else passing[0]
    return results[0]


def _settle(findings: list) -> list:
    """A document outside the period does not make a satisfied requirement incomplete: when
    nothing else is wrong, its wrong-year finding is a warning saying it does not count."""
    if any(f.is_error and f.rule != "wrong-year" for f in findings):
        return findings
    return [Finding(f.rule, f.item, f.path, f.line, f"{f.message}; it does not count here (the other documents "
                    "satisfy this requirement)", WARNING, public=f.public) if f.rule == "wrong-year" else f
            for f in findings]


def counts_for(part, ev, year: int) -> bool:
    """Whether validation counts `ev` (a dated entry) for `part` in `year` under one of the readings
    it accepts: the one rule for "still valid" that `oit new --from` carries by (rollover.py), so
    whatever is carried, `oit validate` of the new year accepts. Judged at the end of the year, when
    every period is due; the entry is counted unless a reading that is due reports its period."""
    end = fiscal_year_months(year)[1] + 1
    for rule in part.time_rules:
        check = Check(part, [ev], year, end, "", rule)
        if RULES[rule].check(check) and not any(f.rule in ("wrong-year", "period-future", "period-invalid")
                                                for f in check.findings):
            return True
    return False


# --- items with parts -------------------------------------------------------------------------

def part_window(rule: str, year: int) -> tuple[int, int] | None:
    """(start, end) months an evidence period must lie in to fit `rule`, or None for no time rule."""
    window = RULES[rule].window
    return window(year) if window else None


def _fit(part, period, year: int) -> int | None:
    """How narrowly `period` fits the part: the month count of the smallest window it fits
    (smaller is a better match), or None if it fits none of the part's readings."""
    sizes = []
    for rule in part.time_rules:
        window = part_window(rule, year)
        if window and RULES[rule].fits(period, year):
            sizes.append(window[1] - window[0] + 1)
    return min(sizes) if sizes else None


def assign_parts(item, evidence, year: int, path: str) -> tuple[dict, list]:
    """{part id: [evidence]} and findings about `part:` keys. Each entry serves one part: the
    one it names, else (unmarked) the time-bound part its period fits most narrowly, else a
    part without time rule, else the first part (whose check then says the period is wrong).
    Sets `ev.serves` to the part id."""
    findings = []
    by_part: dict[str, list] = {part.id: [] for part in item.parts}
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
                   f"part '{part.id}' ({part.label}): {finding.message}", finding.severity, part=part.id,
                   public=finding.public)


def _inferred(finding: Finding) -> Finding:
    if finding.message.endswith(INFERRED_NOTE):
        return finding
    return Finding(finding.rule, finding.item, finding.path, finding.line, finding.message + INFERRED_NOTE,
                   finding.severity, part=finding.part, public=finding.public)


def url_field_satisfied(spec, evidence) -> bool:
    """A URL-kind field (Q&A, E-Service, complaint channel) may be given as the field or as an
    evidence entry with url: serving the same part."""
    return KINDS[spec.kind].is_url and any(ev.url and getattr(ev, "serves", None) in (None, spec.part or "")
                                      for ev in evidence)
