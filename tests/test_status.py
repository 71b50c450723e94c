"""`oit status` (issue 16): responsible units, internal deadlines, the committee's report."""
from __future__ import annotations

import shutil
import csv
import io
import json
import os
import subprocess

import pytest

from conftest import GOOD_ITEMS, findings_of, run_json, run_oit

UNITS = """\
units:
  - id: admin
    name: กลุ่มงานอำนวยการ
    phone: 0 7621 1000
  - id: personnel
    name: กลุ่มงานการเจ้าหน้าที่
    contact: นางสาวตัวอย่าง ขยัน
  - id: procurement
    name: กลุ่มงานพัสดุ
    email: pasadu@example.go.th
"""
OWNERS = {"O1": "admin", "O2": "admin", "O3": "กลุ่มงานอำนวยการ", "O4": "personnel", "O5": "personnel",
          "O6": "กลุ่มงานการเจ้าหน้าที่", "O7": "procurement", "O8": "กลุ่มงานพัสดุ"}
SCHEDULE = """\
schedule:
  due: 2566-03-31
  items:
    O5: ๒๕๖๕-๑๑-๓๐      # Thai digits
  monthly_days: 15
"""
O7_MONTHS = ("2565-10", "2565-11", "2565-12")  # October–December only: January is owed next


def monthly_front(months) -> tuple[str, dict]:
    front = "evidence:\n" + "".join(f"  - title: เดือน {p}\n    file: m{p}.pdf\n    period: {p}\n" for p in months)
    return front, {f"m{p}.pdf": "pdf" for p in months}


def owned(tree, code: str, owner, front: str | None = None, files: dict | None = None):
    good_front, good_files = GOOD_ITEMS[code]
    owner_line = f"owner: {json.dumps(owner, ensure_ascii=False)}\n" if owner is not None else ""
    tree.item(code, owner_line + (good_front if front is None else front), files=good_files if files is None else files)


@pytest.fixture
def office(tree):
    """Three units, a schedule; O5 has no evidence (due 30 Nov 2565), O7 has October–December."""
    site = tree.content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + UNITS, encoding="utf-8")
    (tree.year_dir / "year.yml").write_text("framework: mini\n" + SCHEDULE, encoding="utf-8")
    for code, owner in OWNERS.items():
        owned(tree, code, owner)
    owned(tree, "O5", "personnel", front="evidence: []\n", files={})
    owned(tree, "O7", "procurement", *monthly_front(O7_MONTHS))
    return tree


def status_json(capsys, *args) -> dict:
    code, report = run_json(capsys, "status", *args)
    assert code == 0
    return report


def states(report: dict) -> dict:
    """{unit id: {code: state}}"""
    return {u["id"]: {i["code"]: i["state"] for i in u["items"]} for u in report["units"]}


def item_of(report: dict, code: str) -> dict:
    return next(i for u in report["units"] for i in u["items"] if i["code"] == code)


# --- units and owners ---------------------------------------------------------------------------

def test_unknown_owner_is_a_warning_that_names_the_closest_unit(office, capsys):
    owned(office, "O8", "กลุ่มงานพัสด")  # a letter short
    owned(office, "O2", None)
    code, report = run_json(capsys, "validate", "--as-of", "2566-01-10")
    unknown = findings_of(report, "owner-unknown")
    assert [(f["item"], f["severity"]) for f in unknown] == [("O8", "warning")]
    assert "กลุ่มงานพัสดุ (id: procurement)" in unknown[0]["message"]
    assert unknown[0]["line"] == 2 and unknown[0]["path"].endswith("O8/index.md")
    assert [f["item"] for f in findings_of(report, "owner-missing")] == ["O2"]


def test_owners_match_units_by_id_or_name_and_may_be_a_list(office, capsys):
    owned(office, "O1", ["admin", "กลุ่มงานพัสดุ"])
    code, report = run_json(capsys, "validate", "--as-of", "2566-01-10")
    assert findings_of(report, "owner-unknown") == [] and findings_of(report, "owner-missing") == []
    report = status_json(capsys, "--as-of", "2566-01-10")
    by_unit = {u["id"]: [i["code"] for i in u["items"]] for u in report["units"]}
    assert by_unit == {"admin": ["O1", "O2", "O3"], "personnel": ["O4", "O5", "O6"], "procurement": ["O1", "O7", "O8"]}


def test_without_units_owners_are_not_judged_and_status_groups_by_owner_text(tree, capsys):
    owned(tree, "O1", "งานสารบรรณ")
    owned(tree, "O2", "งานสารบรรณ")
    code, report = run_json(capsys, "validate", "--as-of", "2566-01-10")
    assert findings_of(report, "owner-unknown") == [] and findings_of(report, "owner-missing") == []
    report = status_json(capsys, "--as-of", "2566-01-10")
    assert [(u["id"], u["name"], len(u["items"])) for u in report["units"]] == [
        ("งานสารบรรณ", "งานสารบรรณ", 2), (None, "ไม่ระบุหน่วยงานที่รับผิดชอบ", 6)]


def test_an_owner_given_by_unit_id_shows_the_units_name_on_the_page(office):
    from generator.validate import validate
    report = validate(office.content, None, None)
    assert {r.code: r.owner for r in report.items}["O1"] == "กลุ่มงานอำนวยการ"


# --- schedule and status --------------------------------------------------------------------------

def test_status_lists_per_unit_exactly_the_overdue_and_missing_items(office, capsys):
    report = status_json(capsys, "--as-of", "2566-02-20")
    assert report["as_of"] == "2566-02-20" and report["year"] == 2566
    assert states(report) == {
        "admin": {"O1": "complete", "O2": "complete", "O3": "complete"},
        "personnel": {"O4": "complete", "O5": "overdue", "O6": "complete"},
        "procurement": {"O7": "overdue", "O8": "complete"}}
    o5, o7 = item_of(report, "O5"), item_of(report, "O7")
    assert (o5["due"], o5["overdue"], o5["missing"]) == ("2565-11-30", True, ["evidence-missing"])
    # January's document was due 15 days after January ended
    assert (o7["due"], o7["overdue"], o7["missing"]) == ("2566-02-15", True, ["coverage-gap"])
    assert item_of(report, "O1") == {**item_of(report, "O1"), "due": "2566-03-31", "overdue": False, "missing": []}
    assert report["totals"] == {"items": 8, "complete": 6, "overdue": 2, "pending": 0, "not_due": 0}


def test_the_as_of_date_moves_items_between_not_due_pending_overdue_and_complete(office, capsys):
    def o5_o7(as_of):
        report = status_json(capsys, "--as-of", as_of)
        return item_of(report, "O5")["state"], item_of(report, "O7")["state"]

    assert o5_o7("2565-10-15") == ("pending", "not_due")  # no month has ended; O5 due 30 Nov
    assert o5_o7("2566-01-10") == ("overdue", "complete")  # October–December are in
    assert o5_o7("2566-02-10") == ("overdue", "pending")  # January missing, due 15 February
    assert o5_o7("2566-02-16") == ("overdue", "overdue")
    owned(office, "O5", "personnel")
    owned(office, "O7", "procurement", *monthly_front(O7_MONTHS + ("2566-01", "2566-02", "2566-03")))
    assert o5_o7("2566-04-20") == ("complete", "complete")


def test_text_report_is_thai_first_per_unit_with_one_line_per_finding(office, capsys):
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--lang", "th")
    assert code == 0 and err == ""
    assert "สถานะการจัดทำข้อมูล OIT ปีงบประมาณ 2566 ณ วันที่ 20 กุมภาพันธ์ 2566" in out
    block = out.split("■ กลุ่มงานพัสดุ (procurement)")[1]
    assert "pasadu@example.go.th" in block.splitlines()[0]
    assert "! O7" in block and "เกินกำหนด (overdue), กำหนดส่ง 15 กุมภาพันธ์ 2566" in block
    assert "[coverage-gap]" in block and "มกราคม 2566" in block
    assert "สรุปทั้งหน่วยงาน: 8 รายการ ครบถ้วน 6 เกินกำหนด 2" in out
    assert "overdue" not in out.replace("(overdue)", "")  # no English sentence around the code
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--lang", "en")
    assert "OIT status, fiscal year 2566, as of 2566-02-20" in out and "overdue, due 2566-02-15" in out
    assert "agency total: 8 items, 6 complete, 2 overdue" in out


@pytest.mark.parametrize("schedule, problem", [
    ("schedule:\n  due: 2566-02-30\n", "year.yml:3: schedule.due: '2566-02-30' is not a real date"),
    ("schedule:\n  items:\n    X-9: 2566-01-01\n", "year.yml:4: schedule.items: 'X-9' is not an item code"),
    ("schedule:\n  items:\n    X9: 2566-01-01\n", "year.yml:4: schedule.items: 'X9' is not an item of mini (O1–O8)"),
    ("schedule:\n  monthly_days: -3\n", "year.yml:3: schedule.monthly_days: '-3' is not a number of days"),
])
def test_a_bad_schedule_is_one_line_and_exit_2(office, capsys, schedule, problem):
    (office.year_dir / "year.yml").write_text("framework: mini\n" + schedule, encoding="utf-8")
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and problem in err


def test_reports_are_never_written_inside_content(office, capsys):
    code, out, err = run_oit(capsys, "status", "--format", "csv", "--out", office.content / "status.csv")
    assert code == 2 and "published" in err and not (office.content / "status.csv").exists()
    code, out, err = run_oit(capsys, "status", "--format", "xlsx")
    assert code == 2 and "--out" in err


# --- CSV and the workbook -----------------------------------------------------------------------

def json_rows(report: dict) -> list:
    """(unit id, code, state, due, overdue, missing) of every row the JSON has."""
    return [(u["id"] or "", i["code"], i["state"], i["due"] or "", "yes" if i["overdue"] else "no", " ".join(i["missing"]))
            for u in report["units"] for i in u["items"]]


def test_csv_has_the_rows_of_the_json(office, capsys):
    report = status_json(capsys, "--as-of", "2566-02-20")
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["unit_id"], r["code"], r["state"], r["due"], r["overdue"], r["missing"]) for r in table] == json_rows(report)
    code, _, _ = run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "csv", "--out", office.base / "s.csv")
    assert (office.base / "s.csv").read_bytes().startswith("\ufeffunit_id,".encode())  # Excel reads Thai with a BOM


def test_the_workbook_read_back_with_openpyxl_has_the_rows_of_the_json(office, capsys):
    """In English (scripts): the codes of the JSON. In Thai (the committee, the default): Thai
    words, due dates as date cells shown in the Buddhist Era, so the sheet sorts and filters."""
    import datetime as dt

    from openpyxl import load_workbook

    from generator.thai import BEDate
    report = status_json(capsys, "--as-of", "2566-02-20")
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "xlsx", "--out", office.base / "s.xlsx")
    assert code == 0 and out == "" and err == ""
    book = load_workbook(office.base / "s.xlsx")
    assert book.sheetnames == ["สรุป", "รายการ"]
    sheet = book["รายการ"]
    header = [c.value for c in sheet[1]]
    found = [dict(zip(header, (c.value or "" for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert [(r["unit_id"], r["code"], r["state"], BEDate.from_ce(r["due"].date()).iso() if r["due"] else "",
             r["overdue"], r["missing"]) for r in found] == json_rows(report)

    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "xlsx", "--out",
                             office.base / "th.xlsx", "--lang", "th")
    book = load_workbook(office.base / "th.xlsx")
    sheet = book["รายการ"]
    assert [c.value for c in sheet[1]][:5] == ["รหัสหน่วยงาน", "หน่วยงานที่รับผิดชอบ", "ข้อ", "รายการ", "สถานะ"]
    rows = [[c for c in row] for row in sheet.iter_rows(min_row=2)]
    states = {row[2].value: row[4].value for row in rows}
    assert states["O7"] == "เกินกำหนด" and states["O1"] == "ครบถ้วน"
    assert not {str(row[4].value) for row in rows} & {"complete", "overdue", "pending", "not_due"}
    due = next(row[6] for row in rows if row[2].value == "O7")
    assert due.is_date and due.value == dt.datetime(2023, 2, 15) and "107041E" in due.number_format
    missing = next(row[8].value for row in rows if row[2].value == "O7")
    assert "ยังไม่มีรายงานประจำเดือน" in missing and "coverage-gap" not in missing
    assert {row[7].value for row in rows} <= {"ใช่", "ไม่ใช่"}
    summary = {row[0].value: [c.value for c in row[1:]] for row in book["สรุป"].iter_rows(min_row=5)}
    assert summary["กลุ่มงานพัสดุ"] == [2, 1, 1, 0, 0]
    assert summary["รวมทั้งหน่วยงาน"] == [8, 6, 2, 0, 0]


# --- git history ----------------------------------------------------------------------------------

def git(base, *args, date: str | None = None):
    env = {**os.environ, "GIT_AUTHOR_DATE": date or "", "GIT_COMMITTER_DATE": date or "",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "user.name=เลขานุการ", "-c", "user.email=ita@example.go.th", *args],
                   cwd=base, env=env, check=True, capture_output=True)


def commit(base, date: str, message: str):
    git(base, "add", "-A")
    git(base, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def office_history(office):
    """Three commits in January 2566: O5 and O7 incomplete, then O5 fixed, then O7's December."""
    git(office.base, "init", "-q")
    owned(office, "O7", "procurement", *monthly_front(O7_MONTHS[:2]))
    commit(office.base, "2023-01-02T10:00:00+07:00", "first answers")
    owned(office, "O5", "personnel")
    commit(office.base, "2023-01-12T16:30:00+07:00", "O5: plan")
    owned(office, "O7", "procurement", *monthly_front(O7_MONTHS))
    commit(office.base, "2023-01-25T09:00:00+07:00", "O7: December")
    (office.base / "notes.txt").write_text("not content\n", encoding="utf-8")
    commit(office.base, "2023-01-28T09:00:00+07:00", "outside content/")
    return office


def test_weekly_completion_series_from_the_git_history(office_history, capsys):
    report = status_json(capsys, "--as-of", "2566-01-30", "--history")
    history = report["history"]
    assert history["weeks"] == ["2566-01-02", "2566-01-09", "2566-01-16", "2566-01-23", "2566-01-30"]
    assert history["items"] == 8
    assert history["agency"] == [6, 6, 7, 7, 8]
    assert {u["id"]: u["complete"] for u in history["units"]} == {
        "admin": [3, 3, 3, 3, 3], "personnel": [2, 2, 3, 3, 3], "procurement": [1, 1, 1, 1, 2]}


def test_the_weeks_start_at_the_first_commit_of_content(office_history, capsys):
    history = status_json(capsys, "--as-of", "2566-01-10", "--history")["history"]
    assert (history["weeks"], history["agency"]) == (["2566-01-03", "2566-01-10"], [6, 6])


def test_monthly_evidence_untouched_for_longer_than_the_schedule_allows_is_flagged(office_history, capsys):
    # O7 last changed 25 January; February's document was due 15 March
    o7 = item_of(status_json(capsys, "--as-of", "2566-03-10"), "O7")
    assert (o7["last_touched"], o7["stale"]) == ("2566-01-25", False)
    o7 = item_of(status_json(capsys, "--as-of", "2566-03-20"), "O7")
    assert (o7["state"], o7["stale"]) == ("overdue", True)
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-03-20", "--lang", "th")
    assert "ไม่มีการปรับปรุงหลักฐานรายเดือนตั้งแต่ 25 มกราคม 2566" in out


def test_without_git_there_is_no_history_and_no_error(office, capsys):
    report = status_json(capsys, "--as-of", "2566-01-30", "--history")
    assert report["history"] is None and item_of(report, "O7")["last_touched"] is None


def test_a_snapshot_that_cannot_be_read_is_an_error_not_a_week_of_zeros(office_history, capsys):
    """Issue 26: a week whose content could not be extracted counted 0 complete, exit 0."""
    blob = subprocess.run(["git", "rev-parse", "HEAD~3:content/2566/O5/index.md"], cwd=office_history.base,
                          capture_output=True, text=True, check=True).stdout.strip()
    (office_history.base / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # a damaged repository
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-01-30", "--history")
    assert code == 2 and "weekly history cannot be read" in err and "2566-01-02" in err, (code, out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-01-30", "--html", office_history.base / "r.html",
                             "--lang", "th")
    assert code == 2 and "อ่านประวัติรายสัปดาห์ไม่ได้" in err, err
    assert status_json(capsys, "--as-of", "2566-01-30")["units"]  # without the history: the report as before


@pytest.fixture
def small_temp(tmp_path, monkeypatch):
    """A 6 MB file system as the temporary folder (a full disk is the test's, not the machine's)."""
    space = tmp_path / "tmp-space"
    space.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(space)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    monkeypatch.setattr("tempfile.tempdir", str(space))
    yield space
    subprocess.run(["umount", str(space)], check=False)


def _history_with_bulk(office, size: int):
    """office_history's commits, each also replacing a `size`-byte file in content/."""
    git(office.base, "init", "-q")
    bulk = office.year_dir / "O1" / "scans.bin"
    steps = [("2023-01-02T10:00:00+07:00", lambda: owned(office, "O7", "procurement", *monthly_front(O7_MONTHS[:2]))),
             ("2023-01-12T16:30:00+07:00", lambda: owned(office, "O5", "personnel")),
             ("2023-01-25T09:00:00+07:00", lambda: owned(office, "O7", "procurement", *monthly_front(O7_MONTHS)))]
    for date, change in steps:
        change()
        bulk.write_bytes(os.urandom(size))  # incompressible, different in every commit
        commit(office.base, date, "answers and scans")


def test_history_needs_the_space_of_one_snapshot_not_of_all(office, small_temp, capsys):
    _history_with_bulk(office, 2_500_000)  # three snapshots of 2.5 MB: 7.5 MB kept at once would not fit in 6 MB
    history = status_json(capsys, "--as-of", "2566-01-30", "--history")["history"]
    assert history["agency"] == [6, 6, 7, 7, 8]
    assert list(small_temp.iterdir()) == []  # nothing left behind


def test_temporary_space_too_small_for_a_snapshot_is_an_error(office, small_temp, capsys):
    _history_with_bulk(office, 7_000_000)
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-01-30", "--history")
    assert code == 2 and "could not be extracted" in err and "TMPDIR" in err, (code, out, err)
    assert list(small_temp.iterdir()) == []


# --- the HTML report ------------------------------------------------------------------------------

def test_html_report_is_one_self_contained_file_with_charts_and_thai_labels(office_history, capsys):
    out_file = office_history.base / "report.html"
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--html", out_file)
    assert code == 0 and err == ""
    html = out_file.read_text(encoding="utf-8")
    assert "<script" not in html and "src=" not in html.replace("src:url(data:", "")
    assert "http://" not in html and "https://" not in html.replace("https://www.openstreetmap.org/", "")
    assert html.count("<svg") == 2 and "<polyline" in html  # units' bars, weekly completion
    assert "ความครบถ้วนรายสัปดาห์" in html and "รายการที่ต้องติดตาม" in html and "@media print" in html
    follow = html.split("รายการที่ต้องติดตาม")[1].split("</table>")[0]
    assert "<td>O7</td>" in follow and "<td>O5</td>" not in follow  # O5 was fixed on 12 January
    assert "pasadu@example.go.th" in html


def test_reports_and_unit_contacts_stay_out_of_the_built_site(office, capsys, tmp_path):
    code, _, _ = run_oit(capsys, "build", "--out", tmp_path / "site")
    assert code == 0
    published = b"".join(p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert "pasadu@example.go.th".encode() not in published and "กลุ่มงานพัสดุ".encode() in published


def test_the_example_office_has_late_and_missing_items(capsys, tmp_path):
    from conftest import ROOT
    shutil.copytree(ROOT / "examples" / "district-office", tmp_path / "district-office")  # its cache stays out of the checkout
    report = status_json(capsys, "--content", tmp_path / "district-office" / "content", "--as-of", "2566-02-20")
    assert report["totals"] == {"items": 43, "complete": 33, "overdue": 7, "pending": 3, "not_due": 0}
    assert item_of(report, "O21")["due"] == "2566-02-10" and item_of(report, "O21")["overdue"]


def test_the_demo_agency_names_a_unit_for_every_item_and_stays_complete(capsys):
    from conftest import DEMO
    code, report = run_json(capsys, "validate", "--content", DEMO, "--year", "2566")
    assert code == 0 and findings_of(report, "owner-unknown") == findings_of(report, "owner-missing") == []
    status = status_json(capsys, "--content", DEMO, "--year", "2566", "--as-of", "2566-04-30")
    assert len(status["units"]) == 8 and all(u["id"] for u in status["units"])
    assert status["totals"]["complete"] == 43
    assert item_of(status, "O1")["due"] == "2566-01-31" and item_of(status, "O22")["due"] == "2566-03-31"


def test_history_in_the_text_report(office_history, capsys):
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-01-30", "--history", "--lang", "th")
    assert "จำนวนข้อที่ครบถ้วนรายสัปดาห์:\n  2566-01-02  6/8\n" in out and "2566-01-30  8/8" in out


@pytest.mark.parametrize("units, count", [("units: procurement\n", 1),
                                          ("units:\n  - id: admin\n  - name: กลุ่มงานพัสดุ\n", 2),
                                          ("units:\n  - {id: a, name: กลุ่ม ก}\n  - {id: a, name: กลุ่ม ข}\n", 1)])
def test_a_malformed_units_list_is_a_warning_not_a_crash(tree, capsys, units, count):
    site = tree.content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + units, encoding="utf-8")
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    bad = findings_of(report, "config-invalid")
    assert code == 0 and len(bad) == count
    assert all(f["severity"] == "warning" and f["path"].endswith("site.yml") for f in bad)
    assert status_json(capsys, "--as-of", "2566-04-30")["totals"]["complete"] == 8


def test_a_misspelt_owner_shows_what_was_written_and_the_closest_unit(office, capsys):
    """It used to vanish into 'ไม่ระบุหน่วยงานที่รับผิดชอบ' with nothing to say why."""
    owned(office, "O5", "กลุ่มงานพัสดู")  # one letter off กลุ่มงานพัสดุ
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--lang", "th")
    block = out.split("■ ไม่ระบุหน่วยงานที่รับผิดชอบ")[1]
    assert "O5" in block and "'กลุ่มงานพัสดู'" in block and "หมายถึง กลุ่มงานพัสดุ (id: procurement) หรือไม่" in block
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "csv", "--lang", "th")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["ข้อ"] == "O5")
    assert "กลุ่มงานพัสดู" in row["รายละเอียดและวิธีแก้ไข"] and row["สถานะ"] == "ครบถ้วน"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_text_of_the_committee_files_is_neutralised_as_in_the_itas_csv(tree, capsys, lang):
    """Issue 26: the agency name, unit ids and names, owner texts and catalog titles written as
    formulas: every cell of the CSV and of both sheets of the workbook stays text."""
    from openpyxl import load_workbook
    from conftest import MINI_CATALOG
    from generator.exports import FORMULA_START, csv_cell
    hyperlink = '=HYPERLINK("https://example.com/x","เปิด")'
    site = tree.content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("name: หน่วยงานทดสอบ", f"name: {json.dumps(hyperlink)}")
                    + "units:\n  - id: '+admin'\n    name: '@SUM(1+1)'\n  - id: procurement\n    name: '-1+1'\n",
                    encoding="utf-8")
    (tree.base / "oit_items" / "mini.yml").write_text(
        MINI_CATALOG.replace("title: รายงานผลประจำปี", 'title: "=1+1 รายงาน"'), encoding="utf-8")
    owned(tree, "O1", "+admin")
    owned(tree, "O5", "\t=cmd|' /C calc'!A0", front="")
    owned(tree, "O7", "-1+1")
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "csv", "--lang", lang)
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert code == 0 and "'=1+1 รายงาน" in cells and "'@SUM(1+1)" in cells, out
    assert not [c for c in cells if c.startswith(FORMULA_START)], out
    run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "xlsx", "--out", tree.base / "s.xlsx", "--lang", lang)
    book = load_workbook(tree.base / "s.xlsx")
    values = [(c.value, c.data_type) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    texts = [v for v, kind in values if isinstance(v, str)]
    assert not [v for v in values if v[1] == "f"] and not [t for t in texts if t.startswith(FORMULA_START)]
    assert {csv_cell("=1+1 รายงาน"), csv_cell("@SUM(1+1)"), csv_cell("-1+1"), csv_cell("+admin")} <= set(texts), texts
    assert any(t.startswith("'" + hyperlink) for t in book["สรุป"]["A1"].value.splitlines()), book["สรุป"]["A1"].value


def test_the_committee_files_never_hold_a_live_formula(tree, capsys):
    """An owner, a title or the agency name written as a formula stays text in the CSV and the
    workbook, exactly as the published ITAS CSV neutralises it (exports.csv_cell)."""
    from openpyxl import load_workbook
    formula = '=HYPERLINK("https://example.com/x","เปิด")'
    owned(tree, "O5", formula, front="")
    code, out, err = run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "csv", "--lang", "th")
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert "'" + formula in cells and formula not in cells
    run_oit(capsys, "status", "--as-of", "2566-02-20", "--format", "xlsx", "--out", tree.base / "s.xlsx")
    book = load_workbook(tree.base / "s.xlsx")
    values = [(c.value, c.data_type) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert ("'" + formula, "s") in values and not [v for v in values if v[1] == "f"]
