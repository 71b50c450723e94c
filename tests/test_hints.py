"""Help that finds the mistake (generator/hints.py): the file the webmaster meant, files nobody
lists, a month given twice."""
from __future__ import annotations

import pytest
from conftest import findings_of, run_json

PLAN = "evidence:\n  - title: แผน\n    file: {name}\n    period: 2566-2570\n"


@pytest.mark.parametrize("written, on_disk", [
    ("plan.pdf", "Plan.PDF"),  # letter case
    ("แผน ปี 2566.pdf", "แผน  ปี 2566.pdf"),  # a double space
    ("plan-2566.pdf", "plan-2565.pdf"),  # a one-letter typo
])
def test_a_missing_file_names_the_file_that_was_probably_meant(tree, capsys, written, on_disk):
    (tree.year_dir / "O5" / "plan.pdf").unlink()
    tree.item("O5", PLAN.format(name=written), files={on_disk: "pdf"})
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    [finding] = findings_of(report, "file-not-found")
    assert code == 1 and finding["message"].endswith(f"did you mean '{on_disk}'?")
    assert not findings_of(report, "file-unlisted")  # the suggestion already names it


def test_a_file_in_another_items_folder_is_found_there(tree, capsys):
    tree.item("O5", PLAN.format(name="strategy.pdf"))
    tree.file(tree.year_dir / "O4" / "strategy.pdf", "pdf")
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    [finding] = findings_of(report, "file-not-found")
    assert "it is in content/2566/O4/: move it into content/2566/O5/" in finding["message"]


def test_nothing_is_suggested_for_a_name_like_no_file(tree, capsys):
    tree.item("O5", PLAN.format(name="annual-budget.pdf"), files={"chart-of-units.png": "png"})
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    [finding] = findings_of(report, "file-not-found")
    assert "did you mean" not in finding["message"] and "move it" not in finding["message"]


def test_a_file_no_entry_lists_is_a_warning_that_it_is_not_published(tree, capsys):
    tree.file(tree.year_dir / "O1" / "old-chart.pdf", "pdf")
    tree.file(tree.year_dir / "O1" / ".hidden.pdf", "pdf")
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    [finding] = findings_of(report, "file-unlisted")
    assert code == 0 and finding["severity"] == "warning" and finding["item"] == "O1"
    assert "'old-chart.pdf'" in finding["message"] and "not published" in finding["message"]


def test_a_month_given_twice_in_a_monthly_item_is_named_once(tree, capsys):
    index = tree.index("O7")
    text = index.read_text(encoding="utf-8").replace("period: 2566-01", "period: 2565-12")
    index.write_text(text, encoding="utf-8")
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    [repeated] = findings_of(report, "period-repeated")
    assert repeated["line"] and "2565-12" in repeated["message"] and "เดือน 2565-12" in repeated["message"]
    assert [f["rule"] for f in report["findings"] if f["item"] == "O7" and f["severity"] == "error"] == ["coverage-gap"]


def test_the_same_month_twice_in_an_item_that_is_not_monthly_is_not_flagged(tree, capsys):
    tree.item("O4", "evidence:\n" + "".join(f"  - title: ข่าว {n}\n    url: https://example.go.th/{n}\n    period: 2566-01\n"
                                            for n in (1, 2)))
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    assert not findings_of(report, "period-repeated")
