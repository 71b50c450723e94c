"""A new ITA year in minutes: `oit new YYYY --from YYYY` (rollover.py) and `oit init` (init.py)."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import catalog_text, findings_of, run_json, run_oit

CARRIED_2569 = ["O2", "O3", "O5", "O17"]  # executives, contact + Q&A, the 2566–2570 plan, complaint channel


def tree_digest(folder: Path) -> dict:
    """Every file below `folder` with its bytes' hash, and every folder: to prove nothing changed."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def demo_without_2569(demo_copy):
    shutil.rmtree(demo_copy / "2569")
    return demo_copy


def test_new_2569_from_2566_carries_what_is_still_valid(demo_without_2569, capsys):
    content = demo_without_2569
    before = tree_digest(content / "2566")
    status, summary = run_json(capsys, "new", "2569", "--from", "๒๕๖๖", "--content", content)  # Thai digits
    assert status == 0 and summary["from_framework"] == "nacc-2566" and summary["framework"] == "nacc-2569"
    assert summary["carried"] == CARRIED_2569
    assert summary["new"] == ["O25"] and len(summary["to_renew"]) == 26 - 4 - 1
    assert {d["code"] for d in summary["dropped"]} == {"O6", "O9", "O10", "O17", "O37", "O41", "O42"}
    assert tree_digest(content / "2566") == before  # nothing in the earlier year changed or moved

    status, report = run_json(capsys, "validate", "--content", content, "--year", "2569", "--as-of", "2569-06-01")
    incomplete = {i["code"] for i in report["items"] if i["status"] != "complete"}
    assert incomplete == set(summary["to_renew"]) | set(summary["new"])
    assert not [f for f in report["findings"] if f["item"] in CARRIED_2569 and f["severity"] == "error"]
    assert not findings_of(report, "front-matter-invalid") and not findings_of(report, "period-invalid")

    year = content / "2569"
    assert {p.name for p in (year / "O2").iterdir()} == {"index.md", "director.png", "deputy.png", "admin-head.png"}
    assert (year / "O5" / "development-plan-2566-2570.pdf").read_bytes() == \
        (content / "2566" / "O4" / "development-plan-2566-2570.pdf").read_bytes()
    o6 = (year / "O6" / "index.md").read_text(encoding="utf-8")
    assert "ต้องจัดทำใหม่ (to renew) part plan" in o6 and "October 2568 – March 2569" in o6
    assert "content/2566/O11/action-plan-2566.pdf" in o6  # last year's document named, not copied
    assert not (year / "O6" / "action-plan-2566.pdf").exists()


def test_the_text_summary_is_a_table_in_thai(demo_without_2569, capsys):
    status, out, err = run_oit(capsys, "new", "2569", "--from", "2566", "--content", demo_without_2569)
    assert status == 0
    assert "O2   ยกมา (carried) ← 2566 O2" in out and "O25  ข้อใหม่ (new)" in out
    assert "ข้อที่ยกเลิก (dropped from nacc-2566)" in out and "สรุป: ยกมา 4 · ต้องจัดทำใหม่ 21 · ข้อใหม่ 1 · ยกเลิก 7" in out


def test_an_item_folder_already_there_is_left_alone(demo_without_2569, capsys):
    content = demo_without_2569
    (content / "2569" / "O2").mkdir(parents=True)
    (content / "2569" / "O2" / "index.md").write_text("---\nowner: ใหม่\n---\nเขียนเอง\n", encoding="utf-8")
    status, summary = run_json(capsys, "new", "2569", "--from", "2566", "--content", content)
    assert status == 0 and summary["existing"] == ["O2"] and "O2" not in summary["carried"]
    assert (content / "2569" / "O2" / "index.md").read_text(encoding="utf-8") == "---\nowner: ใหม่\n---\nเขียนเอง\n"
    assert not (content / "2569" / "O2" / "director.png").exists()


@pytest.mark.parametrize("args, says", [
    (["2566", "--from", "2569"], "must come after"),
    (["2570", "--from", "2567"], "no folder for year 2567"),
])
def test_impossible_rollovers_are_one_line_and_exit_2(demo_copy, capsys, args, says):
    status, out, err = run_oit(capsys, "new", *args, "--content", demo_copy)
    assert status == 2 and says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_same_catalog_next_year_carries_item_by_item(tree, capsys):
    """A year kept on last year's list (no new manual yet): each item continues itself."""
    status, summary = run_json(capsys, "new", "2567", "--from", "2566", "--framework", "mini", "--content", tree.content)
    assert status == 0 and summary["carried"] == ["O2", "O3", "O5"] and summary["dropped"] == []
    assert set(summary["to_renew"]) == {"O1", "O4", "O6", "O7", "O8"}  # an undated chart is renewed, not assumed
    o8 = {i["code"]: i for i in summary["items"]}["O8"]
    assert o8["to_renew"][0]["needs"].startswith("the report about fiscal year 2566")
    status, report = run_json(capsys, "validate", "--content", tree.content, "--year", "2567", "--as-of", "2567-06-01")
    assert {i["code"] for i in report["items"] if i["status"] == "complete"} == {"O2", "O3", "O5"}


def test_a_link_to_a_part_marks_the_evidence_with_it(tmp_path, monkeypatch, capsys):
    """2566 O4 → 2568 O5 → 2569 O5 is plain; here an agency's own catalog merges two items into
    parts and the carried entry says which part it serves."""
    monkeypatch.chdir(tmp_path)
    items = tmp_path / "oit_items"
    items.mkdir()
    (items / "a-1.yml").write_text(catalog_text(name="a-1", items=(
        "          - {code: O1, title: แผน, criteria: [แผน], time_rule: in_force}\n"
        "          - {code: O2, title: ช่องทาง, criteria: [ช่องทาง], time_rule: none, min_evidence: 0,"
        " fields: {qa_channel: {kind: url, label: ถามตอบ}}}\n")), encoding="utf-8")
    (items / "a-2.yml").write_text(catalog_text(name="a-2", items=(
        "          - code: O1\n"
        "            title: แผนและช่องทาง\n"
        "            continues: [{from: a-1/O1, part: plan}, {from: a-1/O2, part: channel}]\n"
        "            parts:\n"
        "              - {id: plan, label: แผน, criteria: [แผน], time_rule: in_force}\n"
        "              - {id: channel, label: ช่องทาง, criteria: [ช่องทาง], time_rule: none, min_evidence: 0,"
        " fields: {qa_channel: {kind: url, label: ถามตอบ}}}\n")), encoding="utf-8")
    content = tmp_path / "content"
    (content / "2566" / "O1").mkdir(parents=True)
    (content / "2566" / "O2").mkdir()
    (content / "site.yml").write_text("name: x\nbase_url: https://x.go.th/\ndefault_year: 2566\n", encoding="utf-8")
    (content / "2566" / "year.yml").write_text("framework: a-1\n", encoding="utf-8")
    (content / "2566" / "O1" / "index.md").write_text(
        "---\nevidence:\n  - {title: แผน 5 ปี, url: 'https://x.go.th/plan', period: 2566-2570}\n---\nแผน\n", encoding="utf-8")
    (content / "2566" / "O2" / "index.md").write_text("---\nqa_channel: https://x.go.th/qa\n---\nถามตอบ\n", encoding="utf-8")
    status, summary = run_json(capsys, "new", "2568", "--from", "2566", "--framework", "a-2", "--content", content)
    assert status == 0 and summary["carried"] == ["O1"] and summary["items"][0]["from"] == ["O1", "O2"]
    text = (content / "2568" / "O1" / "index.md").read_text(encoding="utf-8")
    assert "part: plan" in text and "qa_channel: https://x.go.th/qa" in text
    status, report = run_json(capsys, "validate", "--content", content, "--year", "2568", "--as-of", "2568-06-01")
    assert report["items"][0]["status"] == "complete", report["findings"]


# --- oit init ---------------------------------------------------------------------------------

def test_init_in_an_empty_folder_then_validate_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status, out, err = run_oit(capsys, "init", "--name", "สำนักงานทดสอบ: ภาค #1", "--name-en", "Test office",
                               "--base-url", "https://oit.example.go.th/", "--year", "๒๕๖๙")
    assert status == 0, err
    site = (tmp_path / "content" / "site.yml").read_text(encoding="utf-8")
    assert "# name: the agency's official name in Thai" in site and "default_year: 2569" in site
    assert (tmp_path / "content" / "2569" / "year.yml").read_text(encoding="utf-8") == "framework: nacc-2569\n"
    status, report = run_json(capsys, "validate", "--as-of", "2569-06-01")
    assert status == 1 and report["summary"]["items"] == 26 and report["summary"]["missing"] == 0  # incomplete, not a config error
    status, out, err = run_oit(capsys, "build", "--out", tmp_path / "site")
    assert status == 0, err
    assert "สำนักงานทดสอบ: ภาค #1" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_init_without_a_catalog_for_the_year_takes_the_last_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status, out, err = run_oit(capsys, "init", "--name", "โรงพยาบาล", "--base-url", "https://h.go.th/",
                               "--family", "moph", "--year", "2570")
    assert status == 0 and "no moph-2570 catalog yet" in err and "oit catalog new moph-2570 --from moph-2569" in err
    assert (tmp_path / "content" / "2570" / "MOIT1").is_dir()
    status, report = run_json(capsys, "validate", "--as-of", "2570-06-01")
    assert report["framework"] == "moph-2569" and report["year"] == 2570


def test_init_never_overwrites_and_needs_its_answers(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status, out, err = run_oit(capsys, "init", "--name", "x")  # no terminal to ask in: the flags are needed
    assert status == 2 and "--base-url" in err and not (tmp_path / "content").exists()
    run_oit(capsys, "init", "--name", "x", "--base-url", "https://x.go.th/", "--year", "2569")
    status, out, err = run_oit(capsys, "init", "--name", "y", "--base-url", "https://y.go.th/")
    assert status == 2 and "already exists" in err
    assert "name: \"x\"" in (tmp_path / "content" / "site.yml").read_text(encoding="utf-8")


def test_new_on_a_tree_without_site_yml_points_to_init(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    status, out, err = run_oit(capsys, "new", "2569")
    assert status == 2 and "oit init" in err and list((tmp_path / "content").iterdir()) == []


def test_personal_data_decisions_go_with_the_files_they_were_about(tree, capsys):
    tree.item("O5", "pii_allow: ['0-1055-51234-56-7']\npii_unchecked: [plan.pdf, other.mp4]\n"
                    "evidence:\n  - title: แผน\n    file: plan.pdf\n    period: 2566-2570\n", files={"plan.pdf": "pdf"})
    status, summary = run_json(capsys, "new", "2567", "--from", "2566", "--framework", "mini", "--content", tree.content)
    text = (tree.content / "2567" / "O5" / "index.md").read_text(encoding="utf-8")
    assert "pii_allow:\n- 0-1055-51234-56-7\npii_unchecked:\n- plan.pdf\n" in text  # other.mp4 was not carried
    assert "O5" in summary["carried"]


def test_a_link_that_does_not_resolve_stops_with_one_line(tree, capsys):
    catalog = (tree.base / "oit_items" / "mini.yml").read_text(encoding="utf-8")
    (tree.base / "oit_items" / "next.yml").write_text(
        catalog.replace("framework: mini", "framework: next")
        .replace("{code: O1, title: โครงสร้าง,", "{code: O1, continues: [mini/O9], title: โครงสร้าง,"), encoding="utf-8")
    status, out, err = run_oit(capsys, "new", "2567", "--from", "2566", "--framework", "next", "--content", tree.content)
    assert status == 2 and "O1 continues mini/O9, which does not exist" in err and len(err.strip().splitlines()) == 1


def test_plain_new_fills_a_year_with_the_catalog_its_year_yml_names(tree, capsys):
    """`oit new` without --framework, on a year folder whose year.yml names a framework, uses that
    framework (as `oit new --from` does), not the family's catalog of that year."""
    folder = tree.content / "2567"
    folder.mkdir()
    (folder / "year.yml").write_text("framework: mini\n", encoding="utf-8")
    status, _, err = run_oit(capsys, "new", "2567")
    assert status == 0, err
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == [f"O{n}" for n in range(1, 9)]


@pytest.mark.parametrize("new, earlier, catalog", [
    ("2570", "2569", "nacc-2569"),  # through an agency's own copy of the latest catalog
    ("2569", "2566", None),  # through the successor links 2569 → 2568 → 2566
    ("2566", "2565", None),
])
def test_whatever_rollover_carries_validation_accepts(demo_copy, capsys, new, earlier, catalog):
    """One rule for "still valid" (coverage.counts_for): every entry `oit new --from` carries into
    the new year is counted by `oit validate` of that year, at any date of it; a 2569-H1 report
    carried as a 2570 document and then called wrong-year was two parts of the tool disagreeing."""
    content = demo_copy
    if (content / new).exists():
        shutil.rmtree(content / new)
    if catalog:
        code, _, err = run_oit(capsys, "catalog", "new", f"nacc-{new}", "--from", catalog, "--content", content)
        assert code == 0, err
    status, summary = run_json(capsys, "new", new, "--from", earlier, "--content", content)
    carried = [i["code"] for i in summary["items"] if i["status"] in ("carried", "renew")]
    assert status == 0 and carried
    entries = sum(len(re.findall(r"(?m)^\s*- title:", (content / new / code / "index.md").read_text(encoding="utf-8")))
                  for code in carried)
    assert entries  # something was carried to judge
    for as_of in (f"{new}-01-15", f"{new}-09-30"):
        code, report = run_json(capsys, "validate", "--year", new, "--as-of", as_of, "--content", content)
        wrong = [f for f in report["findings"] if f["rule"] in ("wrong-year", "period-future", "period-invalid")]
        assert wrong == [], wrong
