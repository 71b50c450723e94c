"""One test group per time-rule kind, with the edge cases of the fiscal calendar."""
import pytest

from generator.model import Evidence
from generator.coverage import check_coverage
from generator.periods import parse_period
from generator.thai import month_index


class FakeItem:  # only the catalog attributes a checker reads
    def __init__(self, rule, min_evidence=1):
        self.code, self.time_rule, self.min_evidence = "O9", rule, min_evidence


def evidence(*periods):
    return [Evidence(i, f"doc {p}", 10 + i, period=parse_period(p) if p else None) for i, p in enumerate(periods)]


def run(rule, periods, as_of=(2569, 1), year=2566, min_evidence=1):
    result = check_coverage(FakeItem(rule, min_evidence), evidence(*periods), year, month_index(*as_of), "x/index.md")
    return result.due, sorted(f.rule for f in result.findings), result.findings


def test_none_counts_entries():
    assert run("none", [None]) == (True, [], [])
    assert run("none", [], min_evidence=1)[1] == ["evidence-missing"]
    assert run("none", [], min_evidence=0)[1] == []


def test_current_year():
    assert run("current_year", ["2566-Q2"])[1] == []
    assert run("current_year", ["2565-10"])[1] == []  # October 2565 is in FY 2566
    due, rules, findings = run("current_year", ["2565-09"])  # September 2565 is FY 2565
    assert rules == ["evidence-missing", "wrong-year"]
    assert findings[0].line == 10
    assert run("current_year", [None])[1] == ["evidence-missing", "period-invalid"]


def test_in_force():
    assert run("in_force", ["2566-2570"])[1] == []
    assert run("in_force", ["2566"])[1] == []
    assert run("in_force", ["2561-2565"])[1] == ["evidence-missing", "wrong-year"]
    assert run("in_force", ["2566-Q1"])[1] == ["evidence-missing", "wrong-year"]  # does not span the year


def test_first_half_built_from_quarters_or_months():
    assert run("first_half", ["2566-Q1", "2566-Q2"])[1] == []
    assert run("first_half", ["2566-H1"])[1] == []
    assert run("first_half", ["2565-10", "2565-11", "2565-12", "2566-Q2"])[1] == []
    due, rules, findings = run("first_half", ["2566-Q1"])
    assert rules == ["coverage-gap"]
    assert "มกราคม 2566" in findings[0].message and "มีนาคม 2566" in findings[0].message
    assert run("first_half", ["2565-Q1", "2565-Q2"])[1] == ["coverage-gap", "wrong-year", "wrong-year"]


def test_first_half_monthly_missing_february():
    months = ["2565-10", "2565-11", "2565-12", "2566-01", "2566-03"]
    due, rules, findings = run("first_half_monthly", months)
    assert rules == ["coverage-gap"]
    assert "กุมภาพันธ์ 2566" in findings[0].message and "2566-02" in findings[0].message
    assert "มกราคม" not in findings[0].message
    assert run("first_half_monthly", months + ["2566-02"])[1] == []
    # a half-year report does not replace the monthly ones
    assert run("first_half_monthly", ["2566-H1"])[1] == ["coverage-gap"]


def test_quarterly_files_under_a_monthly_rule_cover_their_months_with_a_warning():
    due, rules, findings = run("first_half_monthly", ["2566-Q1", "2566-Q2"])
    assert rules == ["not-monthly", "not-monthly"] and not any(f.is_error for f in findings)
    assert "ตุลาคม 2565, พฤศจิกายน 2565, ธันวาคม 2565" in findings[0].message and "2566-Q1" in findings[0].message
    due, rules, findings = run("first_half_monthly", ["2566-Q1", "2566-01", "2566-02"])  # March missing
    assert rules == ["coverage-gap", "not-monthly"]
    gap = next(f for f in findings if f.rule == "coverage-gap")
    assert "มีนาคม 2566" in gap.message and "ตุลาคม" not in gap.message


def test_previous_year():
    assert run("previous_year", ["2565"])[1] == []
    # the twelve monthly summaries of the previous year lie inside it: not wrong-year, and together they cover it
    months = [f"2564-{m:02d}" for m in (10, 11, 12)] + [f"2565-{m:02d}" for m in range(1, 10)]
    assert run("previous_year", months + ["2565"])[1] == []
    assert run("previous_year", months)[1] == []
    assert run("previous_year", months[:6])[1] == ["evidence-missing"]  # half a year is not the report
    assert run("previous_year", ["2565-Q4"])[1] == ["evidence-missing"]
    assert run("previous_year", ["2566"])[1] == ["evidence-missing", "wrong-year"]


@pytest.mark.parametrize("as_of, due_rules", [
    ((2565, 9), set()),  # before FY 2566: nothing owed except rules without time
    ((2565, 10), {"in_force", "previous_year"}),  # first day of the year: plans and last year's report
    ((2565, 11), {"in_force", "previous_year", "current_year", "first_half", "first_half_monthly"}),
])
def test_not_due_before_the_months_end(as_of, due_rules):
    for rule in ("current_year", "in_force", "first_half", "first_half_monthly", "previous_year"):
        due, rules, _ = run(rule, [], as_of=as_of)
        assert due == (rule in due_rules), rule
        if not due:
            assert rules == []


def test_january_owes_october_to_december_only():
    due, rules, findings = run("first_half_monthly", ["2565-10", "2565-11", "2565-12"], as_of=(2566, 1))
    assert (due, rules) == (True, [])
    due, rules, findings = run("first_half_monthly", ["2565-10", "2565-12"], as_of=(2566, 1))
    assert rules == ["coverage-gap"] and "พฤศจิกายน 2565" in findings[0].message
    assert "มกราคม" not in findings[0].message


def test_evidence_dated_after_the_as_of_date_is_flagged():
    # in January a report for February cannot exist yet: a warning, the month still counts
    due, rules, findings = run("first_half_monthly", ["2565-10", "2565-11", "2565-12", "2566-02"], as_of=(2566, 1))
    assert rules == ["period-future"] and findings[0].severity == "warning"
    assert "กุมภาพันธ์ 2566" in findings[0].message
    assert run("in_force", ["2566-2570"], as_of=(2566, 1))[1] == []  # a plan that began is fine


class TwoReadings(FakeItem):
    def __init__(self, rule, *also):
        super().__init__(rule)
        self.also_accepts = also


def test_the_reading_that_uses_most_documents_wins_and_says_nothing_of_documents_another_uses():
    """A year plan and a 2566–2570 plan under [current_year, in_force]: both are right."""
    result = check_coverage(TwoReadings("current_year", "in_force"), evidence("2566", "2566-2570"), 2566,
                            month_index(2569, 1), "x/index.md")
    assert result.findings == []
    result = check_coverage(TwoReadings("previous_year", "current_year"), evidence("2565", "2566-Q1"), 2566,
                            month_index(2569, 1), "x/index.md")
    assert result.findings == []  # each document is used by one accepted reading
    result = check_coverage(TwoReadings("current_year", "in_force"), evidence("2566", "2560"), 2566,
                            month_index(2569, 1), "x/index.md")
    assert [(f.rule, f.severity, f.line) for f in result.findings] == [("wrong-year", "warning", 11)]  # no reading uses 2560


def test_without_a_passing_reading_the_main_one_speaks():
    result = check_coverage(TwoReadings("current_year", "in_force"), evidence("2560"), 2566,
                            month_index(2569, 1), "x/index.md")
    assert sorted(f.rule for f in result.findings) == ["evidence-missing", "wrong-year"]
    assert "fiscal year 2566" in result.findings[0].message
