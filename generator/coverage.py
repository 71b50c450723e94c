"""Coverage of an item: the checker of each requirement's (part's) time rule, from the one table
of time rules (time_rules.py, docs/contracts.md#time-rules).

An item with several parts (a plan and its first-half progress) gets each evidence entry assigned
to one part: the one its `part:` names, or else the part whose time rule its period fits most
narrowly, so a year plan (period 2568) never also counts as the first-half progress report.
A document outside the period next to documents that satisfy the requirement is a warning that
it does not count; a requirement with a time rule that has two public readings passes on either,
judged by the reading that uses the most documents. An entry may serve several parts when it says
so (`part: [plan, progress]`); a supporting paper (`role: supporting`) is never judged.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .fields import KINDS
from .findings import WARNING, Finding
from .i18n import N_, _
from .periods import fiscal_year_months
from .time_rules import RULES, Check


@dataclass
class Coverage:
    due: bool
    findings: list = field(default_factory=list)
    parts: dict = field(default_factory=dict)  # evidence index → the part ids it serves (assign_parts)


def check_coverage(item, evidence, year: int, as_of_month: int, path: str) -> Coverage:
    """Run the checker of `item.time_rule` (an Item or a Part: anything with code, time_rule and
    min_evidence, and optionally also_accepts); `as_of_month` is the month index of the as-of date.
    With several readings of the rule, the reading that passes and uses the most documents wins
    (a passing reading that owes something already comes before one that owes nothing yet); a
    document it leaves out is said not to count only when no other reading uses it. If none passes, the main reading's
    findings are reported."""
    runs: list[tuple[Check, bool]] = []
    for rule in (item.time_rule,) + tuple(getattr(item, "also_accepts", ())):
        check = Check(item, evidence, year, as_of_month, path, rule)
        due = RULES[rule].check(check)
        runs.append((check, due))
    passing: list[tuple[Check, bool]] = [(check, due) for check, due in runs
                                         if due and not any(f.is_error for f in _settle(check.findings))]
    if not passing:
        passing = [(check, due) for check, due in runs if not due] if len(runs) > 1 else []
    check, due = max(passing, key=lambda run: run[0].explained(), default=runs[0])  # max keeps the first of a tie
    if not due:
        return Coverage(False, [])
    used_elsewhere = {id(ev) for other, other_due in runs if other is not check and other_due
                      for ev in other.evidence if id(ev) not in other.rejected}
    quiet = {id(check.rejected[key]) for key in check.rejected if key in used_elsewhere}
    return Coverage(True, _settle([f for f in check.findings if id(f) not in quiet]))


def _settle(findings: list) -> list:
    """A document outside the period does not make a satisfied requirement incomplete: when
    nothing else is wrong, its wrong-year finding is a warning saying it does not count."""
    if any(f.is_error and f.rule != "wrong-year" for f in findings):
        return findings
    return [Finding(f.rule, f.item, f.path, f.line, _("{message}; it does not count here (the other documents "
                                                      "satisfy this requirement)").format(message=f.message),
                    WARNING, public=f.public) if f.rule == "wrong-year" else f
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


def assign_parts(item, evidence, year: int, path: str) -> tuple[dict, list, dict]:
    """({part id: [evidence]}, findings about `part:` keys, {evidence index: the part ids it serves,
    the main one first}). An entry serves the parts it names
    (`part: [plan, progress]`: one document for both, said explicitly), else (unmarked) the one
    time-bound part its period fits most narrowly, else a part without time rule, else the first
    part (whose check then says the period is wrong). The entries are left as they are: the
    assignment is the returned data."""
    findings = []
    by_part: dict[str, list] = {part.id: [] for part in item.parts}
    served: dict[int, tuple[str, ...]] = {}
    ids = ", ".join(p.id for p in item.parts)
    for ev in evidence:
        named = tuple(getattr(ev, "parts", ()))
        targets = []
        if named and not item.has_parts:
            findings.append(Finding("field-invalid", item.code, path, ev.line,
                                    _("'{title}' says part: {parts}, but {code} has no parts; remove part:").format(
                                        title=ev.title, parts=", ".join(named), code=item.code), WARNING))
        elif named:
            for name in named:
                target = item.part(str(name))
                if target is None:
                    findings.append(Finding("field-invalid", item.code, path, ev.line,
                                            _("'{title}': part '{name}' is not a part of {code}; write one of {ids}")
                                            .format(title=ev.title, name=name, code=item.code, ids=ids)))
                else:
                    targets.append(target)
        if not targets:
            target, ambiguous = _match_part(item, ev, year)
            if ambiguous and not named and not getattr(ev, "supporting", False):
                findings.append(Finding("field-invalid", item.code, path, ev.line,
                                        _("'{title}' ({period}) fits parts {parts} of {code} equally; it counts for "
                                          "'{part}'; add part: to say which").format(
                                            title=ev.title, period=ev.period, parts=", ".join(ambiguous),
                                            code=item.code, part=target.id), WARNING))
            targets = [target]
        served[ev.index] = tuple(t.id for t in targets)
        for target in targets:
            by_part[target.id].append(ev)
    return by_part, findings, served


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
    by_part, findings, served = assign_parts(item, evidence, year, path)
    due = False
    for part in item.parts:
        judged = [ev for ev in by_part[part.id] if not getattr(ev, "supporting", False)]  # role: supporting
        coverage = check_coverage(part, judged, year, as_of_month, path)
        due = due or coverage.due
        for finding in coverage.findings:
            if part.inferred and finding.rule in TIME_RULE_FINDINGS:
                finding = _inferred(finding)
            findings.append(_named(finding, part) if item.has_parts else finding)
    return Coverage(due, findings, served)


TIME_RULE_FINDINGS = ("wrong-year", "coverage-gap", "evidence-missing")
INFERRED_NOTE = N_(" [time rule inferred: the criteria text does not state the period; check the official manual]")


def _named(finding: Finding, part) -> Finding:
    return Finding(finding.rule, finding.item, finding.path, finding.line,
                   _("part '{part}' ({label}): {message}").format(part=part.id, label=part.label, message=finding.message),
                   finding.severity, part=part.id,
                   public=finding.public)


def _inferred(finding: Finding) -> Finding:
    note = _(INFERRED_NOTE)
    if finding.message.endswith(note):
        return finding
    return Finding(finding.rule, finding.item, finding.path, finding.line, finding.message + note,
                   finding.severity, part=finding.part, public=finding.public)


def url_field_satisfied(spec, evidence, parts: dict) -> bool:
    """A URL-kind field (Q&A, E-Service, complaint channel) may be given as the field or as an
    evidence entry with url: serving the same part (`parts`: evidence index → part ids, check_item's)."""
    return KINDS[spec.kind].is_url and any(
        ev.url and (spec.part or "") in (parts.get(ev.index) or ("",)) for ev in evidence)
