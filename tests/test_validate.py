"""Every validation rule id of docs/contracts.md#rules triggered by its own fixture: rule, item, path, line."""
import pytest

from conftest import findings_of, run_json
from tools.samplefiles import make_pdf

AS_OF = "2569-01-01"


def validate(capsys, *extra):
    return run_json(capsys, "validate", "--as-of", AS_OF, *extra)


def only(report, rule):
    found = findings_of(report, rule)
    assert found, f"no {rule} in {report['findings']}"
    return found


def status_of(report, code):
    return next(i["status"] for i in report["items"] if i["code"] == code)


def test_good_tree_is_complete(tree, capsys):
    status, report = validate(capsys)
    assert status == 0, report["findings"]
    assert report["summary"] == {"items": 8, "complete": 8, "incomplete": 0, "missing": 0, "not_due": 0,
                                 "errors": 0, "warnings": 0}
    assert report["framework"] == "mini" and report["year"] == 2566 and report["as_of"] == AS_OF
    assert report["items"][0]["url"] == "https://example.go.th/oit/2566/O1/"


def test_item_missing(tree, capsys):
    import shutil
    shutil.rmtree(tree.year_dir / "O4")
    status, report = validate(capsys)
    f, = only(report, "item-missing")
    assert status == 1 and f["item"] == "O4" and f["path"].endswith("2566/O4") and f["severity"] == "error"
    assert status_of(report, "O4") == "missing"


def test_evidence_missing(tree, capsys):
    path = tree.item("O1", "owner: กลุ่มงานอำนวยการ\n")
    status, report = validate(capsys)
    f, = only(report, "evidence-missing")
    assert (f["item"], f["path"]) == ("O1", str(path.relative_to(tree.base)))
    assert status_of(report, "O1") == "incomplete"


def test_file_not_found(tree, capsys):
    path = tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: nothere.pdf\n")
    status, report = validate(capsys)
    f, = only(report, "file-not-found")
    assert (f["item"], f["path"], f["line"]) == ("O1", str(path.relative_to(tree.base)), 4)
    assert "nothere.pdf" in f["message"]


def test_coverage_gap(tree, capsys):
    path = tree.item("O6", "evidence:\n  - title: ไตรมาส 1\n    file: q1.pdf\n    period: 2566-Q1\n")
    status, report = validate(capsys)
    f, = only(report, "coverage-gap")
    assert (f["item"], f["path"]) == ("O6", str(path.relative_to(tree.base)))
    assert "มีนาคม 2566" in f["message"]


def test_wrong_year(tree, capsys):
    path = tree.item("O4", "evidence:\n  - title: ข่าวปีก่อน\n    url: https://example.go.th/n\n    period: 2565-Q4\n")
    status, report = validate(capsys)
    f, = only(report, "wrong-year")
    assert (f["item"], f["path"], f["line"]) == ("O4", str(path.relative_to(tree.base)), 3)


def test_field_missing(tree, capsys):
    path = tree.item("O2", "executives:\n  - name: นายตัวอย่าง\n    position: ผู้อำนวยการ\n    photo: boss.png\n",
                     files={"boss.png": "png"})
    status, report = validate(capsys)
    f, = only(report, "field-missing")
    assert (f["item"], f["path"], f["line"]) == ("O2", str(path.relative_to(tree.base)), 3)
    assert "phone" in f["message"] and "email" in f["message"]


def test_field_missing_contact_map(tree, capsys):
    tree.item("O3", "contact:\n  address: 1 ถนน\n  phone: 0 7621 1000\n  email: a@example.go.th\n")
    status, report = validate(capsys)
    f, = only(report, "field-missing")
    assert f["item"] == "O3" and "map" in f["message"] and f["line"] == 3


def test_unknown_item(tree, capsys):
    tree.item("O99", "evidence: []\n")
    status, report = validate(capsys)
    f, = only(report, "unknown-item")
    assert f["item"] == "O99" and f["path"].endswith("2566/O99") and f["severity"] == "warning"
    assert status == 0  # a warning does not fail the gate


def test_front_matter_invalid_with_line(tree, capsys):
    path = tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: [chart.pdf\n")
    status, report = validate(capsys)
    f, = only(report, "front-matter-invalid")
    assert (f["item"], f["path"]) == ("O1", str(path.relative_to(tree.base)))
    assert f["line"] in (4, 5)


def test_period_invalid(tree, capsys):
    path = tree.item("O4", "evidence:\n  - title: ข่าว\n    url: https://example.go.th/n\n    period: 2023-01\n")
    status, report = validate(capsys)
    f, = only(report, "period-invalid")
    assert (f["item"], f["path"], f["line"]) == ("O4", str(path.relative_to(tree.base)), 5)
    assert "2566" in f["message"]  # says how to write it in BE


@pytest.mark.parametrize("name", ["../O5/plan.pdf", "/etc/passwd", "../../../outside.pdf"])
def test_path_outside_content(tree, capsys, name):
    (tree.base / "outside.pdf").write_bytes(make_pdf(["secret"]))
    path = tree.item("O1", f"evidence:\n  - title: แผนผัง\n    file: {name}\n")
    status, report = validate(capsys)
    f, = only(report, "path-outside-content")
    assert (f["item"], f["path"], f["line"]) == ("O1", str(path.relative_to(tree.base)), 4)


def test_symlink_outside_content(tree, capsys):
    secret = tree.base / "secret.pdf"
    secret.write_bytes(make_pdf(["secret"]))
    (tree.year_dir / "O1" / "chart.pdf").unlink()
    (tree.year_dir / "O1" / "chart.pdf").symlink_to(secret)
    status, report = validate(capsys)
    f, = only(report, "path-outside-content")
    assert f["item"] == "O1" and f["line"] == 4


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"<!DOCTYPE html><html><body>Login</body></html>", "HTML"),
    (make_pdf(["x"])[:200], "truncated"),
])
def test_pdf_invalid(tree, capsys, data, words):
    (tree.year_dir / "O1" / "chart.pdf").write_bytes(data)
    status, report = validate(capsys)
    f, = only(report, "pdf-invalid")
    assert f["item"] == "O1" and f["path"].endswith("O1/chart.pdf") and words in f["message"]


def test_not_due_in_january(tree, capsys):
    # as of 15 January 2566 the monthly item owes October–December only
    tree.item("O7", "evidence:\n" + "".join(f"  - title: เดือน {p}\n    file: m{p}.pdf\n    period: {p}\n"
                                            for p in ("2565-10", "2565-11", "2565-12")))
    status, report = run_json(capsys, "validate", "--as-of", "๒๕๖๖-๐๑-๑๕")
    assert status_of(report, "O7") == "complete"
    status, report = run_json(capsys, "validate", "--as-of", "2565-10-05")
    assert status_of(report, "O7") == "not_due" and status_of(report, "O4") == "not_due"
    assert report["summary"]["not_due"] >= 3
