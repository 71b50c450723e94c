"""Issue 11, today's frameworks: items with parts, time rules with two readings, URL fields given
either way, provenance, the 2568/2569 catalogs, agency families (OVEC, MOPH MOIT)."""
from __future__ import annotations

import csv
import io

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import DEMO, ROOT, Tree, findings_of, run_json, run_oit
from generator.catalog import CatalogError, load_catalog
from generator.scaffold import item_template

# A framework with the shapes the 2568/2569 lists have: a plan with its first-half progress
# (2568 O6), a channel with its statistics (2569 O10), a policy with last year's report
# (2569 O20), "measures" titled either way (seeds 002/004), a Q&A channel given as a URL field.
PARTS_CATALOG = """\
framework: parts
title: ชุดทดสอบข้อที่มีหลายส่วน
provenance:
  status: reconstructed
  sources: [tests]
  note: rebuilt from agency pages
indicators:
  - number: "9"
    title: การเปิดเผยข้อมูล
    sub_indicators:
      - number: "9.1"
        title: ทดสอบ
        items:
          - {code: O1, title: โครงสร้าง, criteria: [แผนผัง], time_rule: none}
          - code: O6
            title: แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี
            parts:
              - id: plan
                label: แผนปฏิบัติการประจำปี
                criteria: [แผนของปีที่ประเมิน]
                time_rule: current_year
              - id: progress
                label: ความก้าวหน้า 6 เดือนแรก
                criteria: [ความก้าวหน้าครอบคลุม 6 เดือนแรก]
                time_rule: first_half
          - code: O9
            title: ช่องทางการถามตอบ
            criteria: [มีช่องทาง]
            time_rule: none
            min_evidence: 0
            fields:
              qa_channel: {kind: url, label: ช่องทาง Q&A}
          - code: O10
            title: E-Service
            parts:
              - id: channel
                label: ช่องทาง E-Service
                criteria: [มีระบบ]
                time_rule: none
                min_evidence: 0
                fields:
                  eservice_url: {kind: url, label: E-Service}
              - id: statistics
                label: สถิติการใช้งาน
                criteria: [สถิติ]
                time_rule: [previous_year, first_half]
                time_rule_basis: practice
          - code: O20
            title: No Gift
            parts:
              - {id: announcement, label: ประกาศเจตนารมณ์ปีนี้, criteria: [ประกาศ], time_rule: current_year}
              - {id: report, label: รายงานของปีที่ผ่านมา, criteria: [รายงาน], time_rule: previous_year, time_rule_basis: inferred}
          - code: O25
            title: มาตรการส่งเสริมคุณธรรม
            criteria: [มาตรการ]
            time_rule: [current_year, previous_year]
"""

GOOD = {
    "O1": "evidence:\n  - {title: แผนผัง, file: a.pdf}\n",
    "O6": ("evidence:\n  - {title: แผนปฏิบัติการ 2568, file: a.pdf, period: 2568}\n"
           "  - {title: ไตรมาส 1, file: a.pdf, period: 2568-Q1}\n  - {title: ไตรมาส 2, file: a.pdf, period: 2568-Q2}\n"),
    "O9": "qa_channel: https://example.go.th/qa\n",
    "O10": "eservice_url: https://example.go.th/e\nevidence:\n  - {title: สถิติ 2567, file: a.pdf, period: 2567}\n",
    "O20": ("evidence:\n  - {title: ประกาศ 2568, file: a.pdf, period: 2568}\n"
            "  - {title: รายงาน 2567, file: a.pdf, period: 2567}\n"),
    "O25": "evidence:\n  - {title: มาตรการ 2568, file: a.pdf, period: 2568}\n",
}

AS_OF = "2568-06-01"


@pytest.fixture
def parts(tmp_path, monkeypatch):
    """A content tree of year 2568 with the parts framework; every item passes until a test breaks one."""
    monkeypatch.chdir(tmp_path)
    tree = Tree(tmp_path, 2568)
    (tmp_path / "oit_items" / "parts.yml").write_text(PARTS_CATALOG, encoding="utf-8")
    (tree.year_dir / "year.yml").write_text("framework: parts\n", encoding="utf-8")
    for folder in tree.year_dir.iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    for code, front in GOOD.items():
        tree.item(code, front, files={"a.pdf": "pdf"} if "a.pdf" in front else {})
    return tree


def validate(capsys, tree):
    status, report = run_json(capsys, "validate", "--content", tree.content, "--as-of", AS_OF)
    return status, report, {i["code"]: i["status"] for i in report["items"]}


def test_parts_tree_is_complete(parts, capsys):
    status, report, items = validate(capsys, parts)
    assert status == 0, report["findings"]
    assert set(items.values()) == {"complete"} and report["findings"] == []


def test_year_plan_does_not_count_as_first_half_progress(parts, capsys):
    parts.item("O6", "evidence:\n  - {title: แผนปฏิบัติการ 2568, file: a.pdf, period: 2568}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    assert status == 1 and items["O6"] == "incomplete"
    [gap] = [f for f in report["findings"] if f["item"] == "O6"]
    assert gap["rule"] == "coverage-gap" and gap["part"] == "progress"
    assert "part 'progress' (ความก้าวหน้า 6 เดือนแรก)" in gap["message"]
    assert "ตุลาคม 2567" in gap["message"] and "มีนาคม 2568" in gap["message"]


def test_progress_without_the_plan_names_the_plan_part(parts, capsys):
    parts.item("O6", "evidence:\n  - {title: ครึ่งปีแรก, file: a.pdf, period: 2568-H1}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    [missing] = [f for f in report["findings"] if f["item"] == "O6"]
    assert missing["rule"] == "evidence-missing" and missing["part"] == "plan"
    assert "fiscal year 2568" in missing["message"]


def test_part_key_says_which_requirement_an_entry_serves(parts, capsys):
    # a plan labelled by its first quarter would match the progress part; part: plan says otherwise
    parts.item("O6", "evidence:\n  - {title: แผน, file: a.pdf, period: 2568-Q1, part: plan}\n"
               "  - {title: ครึ่งปีแรก, file: a.pdf, period: 2568-H1}\n", files={"a.pdf": "pdf"})
    assert validate(capsys, parts)[2]["O6"] == "complete"
    parts.item("O6", "evidence:\n  - {title: แผน, file: a.pdf, period: 2568, part: plna}\n"
               "  - {title: ครึ่งปีแรก, file: a.pdf, period: 2568-H1}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    bad = [f for f in report["findings"] if f["item"] == "O6" and f["rule"] == "field-invalid"]
    assert bad and "plan, progress" in bad[0]["message"] and bad[0]["line"] == 3


def test_part_key_on_an_item_without_parts_is_a_warning(parts, capsys):
    parts.item("O1", "evidence:\n  - {title: แผนผัง, file: a.pdf, part: plan}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    assert status == 0 and items["O1"] == "complete"
    assert [f["severity"] for f in report["findings"]] == ["warning"]


def test_document_outside_the_period_beside_good_ones_does_not_count(parts, capsys):
    parts.item("O20", GOOD["O20"] + "  - {title: รายงาน 2566, file: a.pdf, period: 2566, part: report}\n",
               files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    assert status == 0 and items["O20"] == "complete"
    [warning] = report["findings"]
    assert warning["rule"] == "wrong-year" and warning["severity"] == "warning" and "does not count" in warning["message"]
    # alone, the same document is an error: the requirement is unmet
    parts.item("O20", "evidence:\n  - {title: ประกาศ 2568, file: a.pdf, period: 2568}\n"
               "  - {title: รายงาน 2566, file: a.pdf, period: 2566, part: report}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    assert status == 1 and items["O20"] == "incomplete"
    assert {f["rule"] for f in report["findings"] if f["severity"] == "error"} == {"wrong-year", "evidence-missing"}


def test_single_item_document_outside_period_beside_good_one_is_a_warning(tree, capsys):
    tree.item("O8", "evidence:\n  - {title: รายงาน 2565, file: r.pdf, period: 2565}\n"
              "  - {title: นโยบาย 2566, file: r.pdf, period: 2566}\n", files={"r.pdf": "pdf"})
    status, report = run_json(capsys, "validate", "--content", tree.content, "--as-of", "2569-01-01")
    assert status == 0
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("wrong-year", "warning")]


@pytest.mark.parametrize("period, ok", [("2568", True), ("2567", True), ("2566", False)])
def test_measures_accept_both_readings_of_the_year(parts, capsys, period, ok):
    # seed 002 titles the measures by their own year (2567 measures from the 2566 result), seed 004
    # by the year of the analysed result: both are public practice
    parts.item("O25", f"evidence:\n  - {{title: มาตรการ, file: a.pdf, period: {period}}}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    assert (items["O25"] == "complete") == ok, report["findings"]


@pytest.mark.parametrize("front, ok", [
    ("qa_channel: https://example.go.th/qa\n", True),
    ("evidence:\n  - {title: ช่องทางถามตอบ, url: https://example.go.th/qa}\n", True),
    ("evidence: []\n", False),
])
def test_url_field_is_satisfied_by_the_field_or_a_url_entry(parts, capsys, front, ok):
    parts.item("O9", front)
    status, report, items = validate(capsys, parts)
    assert (items["O9"] == "complete") == ok, report["findings"]
    if not ok:
        assert [f["rule"] for f in report["findings"]] == ["field-missing"]


def test_url_entry_satisfies_the_url_field_of_its_part(parts, capsys):
    parts.item("O10", "evidence:\n  - {title: ระบบ E-Service, url: https://example.go.th/e}\n"
               "  - {title: สถิติ 2567, file: a.pdf, period: 2567}\n", files={"a.pdf": "pdf"})
    assert validate(capsys, parts)[2]["O10"] == "complete"


@pytest.mark.parametrize("period", ["2567", "2568-H1"])
def test_statistics_part_accepts_both_readings(parts, capsys, period):
    parts.item("O10", f"eservice_url: https://example.go.th/e\nevidence:\n  - {{title: สถิติ, file: a.pdf, period: {period}}}\n",
               files={"a.pdf": "pdf"})
    assert validate(capsys, parts)[2]["O10"] == "complete"


def test_inferred_time_rule_says_so_in_the_finding(parts, capsys):
    parts.item("O20", "evidence:\n  - {title: ประกาศ 2568, file: a.pdf, period: 2568}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    [missing] = report["findings"]
    assert missing["part"] == "report" and "time rule inferred" in missing["message"]


def test_reconstructed_framework_is_said_plainly(parts, capsys):
    status, report, _ = validate(capsys, parts)
    assert report["provenance"]["status"] == "reconstructed"
    status, out, _ = run_oit(capsys, "validate", "--content", parts.content, "--as-of", AS_OF)
    assert "not the official" in out.splitlines()[1]


@pytest.mark.parametrize("snippet, words", [
    ("parts: []", "parts must be a non-empty list"),
    ("time_rule: none\n            parts:\n              - {id: a, label: x, criteria: [c], time_rule: none}", "sets time_rule in each part"),
    ("parts:\n              - {id: A, label: x, criteria: [c], time_rule: none}", "part id must be lower-case"),
    ("parts:\n              - {id: a, criteria: [c], time_rule: none}", "'label' is required"),
    ("parts:\n              - {id: a, label: x, criteria: [c], time_rule: [none, yearly]}", "time_rule 'yearly'"),
])
def test_malformed_parts_name_the_problem(tmp_path, snippet, words):
    text = ("framework: broken\ntitle: x\nindicators:\n  - number: '9'\n    title: t\n    sub_indicators:\n"
            "      - number: '9.1'\n        title: s\n        items:\n          - code: O1\n            title: t\n"
            f"            {snippet}\n")
    (tmp_path / "oit_items").mkdir()
    (tmp_path / "oit_items" / "broken.yml").write_text(text, encoding="utf-8")
    (tmp_path / "content").mkdir()
    with pytest.raises(CatalogError) as err:
        load_catalog("broken", tmp_path / "content")
    assert "broken.yml:" in str(err.value) and words in str(err.value)


# --- content written before items had parts -----------------------------------------------------

def _break_2566(content: Path) -> None:
    """The same breaks recorded against the code before this change (see the expected list)."""
    year = content / "2566"

    def rewrite(code, change):
        path = year / code / "index.md"
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    rewrite("O21", lambda t: re.sub(r"  - title: [^\n]*กุมภาพันธ์ 2566[^\n]*\n[^\n]*\n[^\n]*\n", "", t))
    rewrite("O13", lambda t: t.replace("    period: 2565", "    period: 2566", 1))
    rewrite("O1", lambda t: t.split("evidence:")[0] + "evidence: []\n---\nx\n")
    shutil.rmtree(year / "O40")


def test_2566_tree_written_before_parts_gives_the_same_findings(demo_copy, capsys):
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--year", "2566", "--as-of", "2567-06-01")
    assert status == 0 and report["findings"] == [] and report["summary"]["complete"] == 43
    _break_2566(demo_copy)
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--year", "2566", "--as-of", "2567-06-01")
    # recorded with the code before this change (commit 3f5c5ec)
    # the files of removed entries stay in their folders: not published, and said so (hints.py, later)
    unlisted = [f["item"] for f in report["findings"] if f["rule"] == "file-unlisted"]
    assert [(f["rule"], f["item"], f["severity"], f["line"]) for f in report["findings"]
            if f["rule"] != "file-unlisted"] == [
        ("evidence-missing", "O1", "error", None), ("wrong-year", "O13", "error", 6),
        ("evidence-missing", "O13", "error", None), ("coverage-gap", "O21", "error", None),
        ("item-missing", "O40", "error", None)]
    assert set(unlisted) <= {"O1", "O13", "O21"}
    assert report["summary"] == {"items": 43, "complete": 39, "incomplete": 3, "missing": 1, "not_due": 0,
                                 "errors": 5, "warnings": len(unlisted)}
    assert all("part" not in f for f in report["findings"])


# --- the 2568 and 2569 catalogs ------------------------------------------------------------------

@pytest.mark.parametrize("framework, count, merged", [
    ("nacc-2568", 28, {"O6": ["plan", "progress"], "O16": ["code", "activities"]}),
    ("nacc-2569", 26, {"O6": ["plan", "progress"], "O10": ["channel", "statistics"],
                       "O20": ["announcement", "report", "knowledge"]}),
])
def test_today_catalogs_load_with_parts_and_provenance(framework, count, merged):
    catalog = load_catalog(framework)
    assert [i.code for i in catalog.items] == [f"O{n}" for n in range(1, count + 1)]
    assert catalog.provenance.status == "reconstructed" and catalog.provenance.sources
    assert catalog.family == "nacc"
    for code, ids in merged.items():
        assert [p.id for p in catalog.item(code).parts] == ids
    for item in catalog.items:
        assert item.criteria_from or item.criteria_note, item.code  # says where its criteria come from
        for part in item.parts:
            assert part.criteria and part.time_rule
    assert catalog.item("O6").part("progress").time_rule == "first_half"
    assert catalog.item("O6").title == "แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี"


def test_2568_and_2569_time_rules_follow_the_research():
    c68, c69 = load_catalog("nacc-2568"), load_catalog("nacc-2569")
    assert c68.item("O19").time_rule == "previous_year"  # changed from first_half in 2566
    assert c68.item("O22").parts[0].inferred  # "likely previous_year", inferred
    assert set(c68.item("O27").parts[0].time_rules) == {"current_year", "previous_year"}  # seeds 002/004
    assert c69.item("O11").time_rule == "first_half_monthly"
    assert [p.time_rule for p in c69.item("O20").parts] == ["current_year", "previous_year", "none"]
    assert c69.item_provenance(c69.item("O25")).status == "inferred"


# The catalog corrections of the December 2569 research update (docs/research/ita-frameworks-update-2569-12.md).

def test_2569_o22_and_o24_are_previous_year_reports_only():
    """§5.1 D1/D2: the source's latest evidence links FY2568 reports under both codes."""
    c69 = load_catalog("nacc-2569")
    for code, before in (("O22", "nacc-2568/O24"), ("O24", "nacc-2568/O26")):
        item = c69.item(code)
        assert item.parts[0].time_rules == ("previous_year",) and item.parts[0].time_rule_basis == "practice"
        assert item.criteria[-1] == "เป็นรายงานผลของปีที่ผ่านมา"  # the unsourced 'or this year's round' bullet is gone
        assert [link.source for link in item.continues] == [before]


def test_2569_o25_continues_2568_o27():
    """§5.1 D6: O25 takes the 2568 O27 slot, so `oit new --from` and `catalog diff` follow it."""
    c69 = load_catalog("nacc-2569")
    assert [link.source for link in c69.item("O25").continues] == ["nacc-2568/O27"]
    assert c69.item_provenance(c69.item("O25")).status == "inferred"  # the link is medium confidence, the item guessed


def test_2568_o16_activities_and_o20_time_rules_rest_on_practice():
    """§5.2 E1/E2: rtrda's 2568 files confirm both current-year rules."""
    c68 = load_catalog("nacc-2568")
    assert (c68.item("O20").time_rule, c68.item("O20").parts[0].time_rule_basis) == ("current_year", "practice")
    activities = c68.item("O16").part("activities")
    assert (activities.time_rule, activities.time_rule_basis) == ("current_year", "practice")


def test_ovec_o20_to_o23_follow_the_two_colleges_that_agree():
    """§5.3 D-OVEC: RCAT and srpoly against Sisaket."""
    ovec = load_catalog("ovec-2569")
    titles = {code: ovec.item(code).title for code in ("O20", "O21", "O22", "O23")}
    assert titles == {"O20": "ประกาศเจตนารมณ์นโยบายไม่รับของขวัญ (No Gift Policy)",
                      "O21": "การประเมินผลควบคุมภายในของสถานศึกษา",
                      "O22": "การเสริมสร้างวัฒนธรรมองค์กรให้มีความซื่อสัตย์สุจริต",
                      "O23": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในสถานศึกษา"}
    assert [p.time_rules for p in ovec.item("O20").parts] == [("current_year",), ("current_year",)]
    assert ovec.item("O21").parts[0].time_rules == ("previous_year",)  # ย้อนหลัง ๑ ปีงบประมาณ
    assert ovec.item("O22").parts[0].inferred and ovec.item("O23").parts[0].time_rules == ("current_year",)
    for code in titles:
        assert ovec.item(code).continues == ()  # no earlier OVEC catalog
        assert "56650855874" in " ".join(ovec.item_provenance(ovec.item(code)).sources)


def test_no_2570_catalog_is_shipped():
    """NACC announced an overhaul; no 2570 list exists (research update §6)."""
    assert not list((ROOT / "oit_items").glob("*2570*"))


# --- item page, ITAS export, scaffold ----------------------------------------------------------

def test_item_page_has_one_block_per_part_with_what_is_there_and_missing(parts, capsys, tmp_path):
    parts.item("O6", "evidence:\n  - {title: แผนปฏิบัติการ 2568, file: a.pdf, period: 2568}\n", files={"a.pdf": "pdf"})
    status, _, err = run_oit(capsys, "build", "--content", parts.content, "--out", tmp_path / "site")
    assert status == 0, err
    page = (tmp_path / "site" / "2568" / "O6" / "index.html").read_text(encoding="utf-8")
    plan = page[page.index('id="part-plan"'):page.index('id="part-progress"')]
    progress = page[page.index('id="part-progress"'):]
    assert "แผนปฏิบัติการ 2568" in plan and "ครบถ้วน" in plan
    assert "ยังไม่มีหลักฐานของส่วนนี้" in progress and "ไม่ครบถ้วน" in progress
    assert "ยังไม่มีข้อมูลของเดือนตุลาคม 2567 – มีนาคม 2568" in progress  # the public's words, no rule id
    assert "coverage-gap" not in progress
    # the framework is reconstructed: one quiet line at the foot of the public pages, not a box
    assert 'class="oit-provenance"' in page and "ไม่ใช่ฉบับทางการ" not in page and "admonition warning oit-prov" not in page
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "ไม่ใช่คู่มือทางการของ ป.ป.ช." in home
    text = (tmp_path / "site" / "itas-2568.csv").read_text(encoding="utf-8-sig")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["O6"]["parts"] == "plan (แผนปฏิบัติการประจำปี): complete; progress (ความก้าวหน้า 6 เดือนแรก): incomplete"
    assert rows["O1"]["parts"] == ""  # single items: no parts


def test_official_framework_shows_no_notice(demo_copy, capsys, tmp_path):
    status, _, err = run_oit(capsys, "build", "--content", demo_copy, "--year", "2566", "--out", tmp_path / "site")
    page = (tmp_path / "site" / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert status == 0 and "oit-provenance" not in page and "oit-part" not in page


@pytest.mark.parametrize("framework, count", [("nacc-2568", 28), ("nacc-2569", 26)])
def test_new_scaffolds_the_items_with_their_parts(tmp_path, monkeypatch, capsys, framework, count):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yml").write_text(f"name: หน่วยงานใหม่\nbase_url: https://example.go.th/\ndefault_year: {framework[-4:]}\n", encoding="utf-8")
    year = framework[-4:]
    status, _, err = run_oit(capsys, "new", year, "--content", content)
    assert status == 0 and f"{count} item folders created" in err
    o6 = (content / year / "O6" / "index.md").read_text(encoding="utf-8")
    assert "part: plan" in o6 and "part: progress" in o6 and "first_half" in o6
    status, report = run_json(capsys, "validate", "--content", content, "--as-of", f"{year}-06-01")
    assert report["summary"]["items"] == count and report["provenance"]["status"] == "reconstructed"
    o6_findings = [f for f in report["findings"] if f["item"] == "O6"]
    assert {f.get("part") for f in o6_findings} == {"plan", "progress"}


# --- the demo's current year --------------------------------------------------------------------

def test_demo_2569_is_complete_and_a_missing_part_is_named(demo_copy, capsys):
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--as-of", "2569-11-15")
    assert report["year"] == 2569 and report["framework"] == "nacc-2569"  # default_year
    assert status == 0 and report["summary"]["items"] == 26 and report["summary"]["complete"] == 26
    assert report["findings"] == []
    index = demo_copy / "2569" / "O6" / "index.md"
    text = index.read_text(encoding="utf-8")
    start = text.index("  - title: รายงานความก้าวหน้า")
    end = text.index("part: progress", start) + len("part: progress\n")
    index.write_text(text[:start] + text[end:], encoding="utf-8")  # the first-half progress is gone
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--as-of", "2569-11-15")
    [finding] = [f for f in report["findings"] if f["severity"] == "error"]
    assert status == 1 and finding["item"] == "O6" and finding["part"] == "progress"
    assert "ความก้าวหน้า" in finding["message"] and "ตุลาคม 2568" in finding["message"] and "มีนาคม 2569" in finding["message"]


def test_demo_keeps_its_archive_years():
    years = sorted(p.name for p in DEMO.iterdir() if p.is_dir())
    assert years == ["2565", "2566", "2569"]
    assert "default_year: 2569" in (DEMO / "site.yml").read_text(encoding="utf-8")


# --- agency families -----------------------------------------------------------------------------

def test_family_catalogs_load_with_their_codes():
    ovec, moph = load_catalog("ovec-2569"), load_catalog("moph-2569")
    assert [i.code for i in ovec.items] == [f"O{n}" for n in range(1, 24)] and ovec.family == "ovec"
    assert [i.code for i in moph.items] == [f"MOIT{n}" for n in range(1, 23)] and moph.family == "moph"
    assert moph.item("MOIT5").number == 5 and moph.code_range() == "MOIT1–MOIT22"
    # where the sources disagree, the catalog says which it follows and why
    for code in ("O20", "O21", "O22", "O23"):
        provenance = ovec.item_provenance(ovec.item(code))
        assert provenance.status == "reconstructed" and "Sisaket" in provenance.note
    assert ovec.item_provenance(ovec.item("O1")).status == "reconstructed"


def _family_agency(tmp_path, family):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yml").write_text(f"name: โรงพยาบาลตัวอย่าง\nbase_url: https://example.go.th/oit/\ndefault_year: 2569\n"
                                      f"family: {family}\n", encoding="utf-8")
    return content


@pytest.mark.parametrize("family, count, first", [("moph", 22, "MOIT1"), ("ovec", 23, "O1")])
def test_site_family_makes_new_pick_its_catalog(tmp_path, monkeypatch, capsys, family, count, first):
    monkeypatch.chdir(tmp_path)
    content = _family_agency(tmp_path, family)
    status, _, err = run_oit(capsys, "new", "2569", "--content", content)
    assert status == 0 and f"{count} item folders created" in err and f"{family}-2569" in err
    assert (content / "2569" / first / "index.md").is_file()
    assert (content / "2569" / "year.yml").read_text(encoding="utf-8") == f"framework: {family}-2569\n"


def test_moit_codes_work_in_folders_urls_exports_and_search(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    content = _family_agency(tmp_path, "moph")
    run_oit(capsys, "new", "2569", "--content", content)
    year = content / "2569"
    shutil.rmtree(year / "MOIT5")
    Tree.file(year / "MOIT05" / "m.pdf", "pdf")  # a zero-padded folder is the same item
    (year / "MOIT05" / "index.md").write_text(
        "---\nevidence:\n" + "".join(f"  - {{title: สรุปผลการจัดซื้อจัดจ้าง {p}, file: m.pdf, period: {p}}}\n"
                                     for p in ("2568-10", "2568-11", "2568-12", "2569-01", "2569-02", "2569-03"))
        + "---\nสรุปรายเดือน\n", encoding="utf-8")
    status, report = run_json(capsys, "validate", "--content", content, "--as-of", "2569-06-01")
    items = {i["code"]: i for i in report["items"]}
    assert list(items)[:3] == ["MOIT1", "MOIT2", "MOIT3"] and len(items) == 22
    assert items["MOIT5"]["status"] == "complete" and items["MOIT5"]["url"] == "https://example.go.th/oit/2569/MOIT5/"
    assert not [f for f in report["findings"] if f["rule"] == "unknown-item"]
    status, _, err = run_oit(capsys, "build", "--content", content, "--out", tmp_path / "site")
    assert status == 0, err
    site = tmp_path / "site"
    assert (site / "2569" / "MOIT5" / "index.html").is_file() and (site / "2569" / "MOIT5" / "m.pdf").is_file()
    csv = (site / "itas-2569.csv").read_text(encoding="utf-8-sig")
    assert "\nMOIT5,สรุปผลการจัดซื้อจัดจ้างรายเดือน,https://example.go.th/oit/2569/MOIT5/,complete" in csv
    assert "MOIT15" in csv and "anti-corruption (" in csv  # parts column
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("2569/MOIT5/") for doc in index["docs"])


def test_unknown_moit_code_names_the_family_range(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    content = _family_agency(tmp_path, "moph")
    run_oit(capsys, "new", "2569", "--content", content)
    (content / "2569" / "MOIT23").mkdir()
    (content / "2569" / "MOIT23" / "index.md").write_text("x\n", encoding="utf-8")
    status, report = run_json(capsys, "validate", "--content", content, "--as-of", "2569-06-01")
    [unknown] = findings_of(report, "unknown-item")
    assert unknown["item"] == "MOIT23" and "MOIT1–MOIT22" in unknown["message"]


# --- corrections to the 2565/2566 catalogs ---------------------------------------------------------

def test_2566_items_written_from_titles_say_their_time_rule_is_inferred(demo_copy, capsys, tmp_path):
    catalog = load_catalog("nacc-2566")
    for code in ("O33", "O41"):
        assert catalog.item(code).parts[0].inferred and catalog.item_provenance(catalog.item(code)).status == "inferred"
    assert catalog.provenance.status == "official" and not catalog.item("O1").parts[0].inferred
    index = demo_copy / "2566" / "O33" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("    period: 2565", "    period: 2564"), encoding="utf-8")
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--year", "2566", "--as-of", "2567-06-01")
    assert {f["rule"] for f in report["findings"]} == {"wrong-year", "evidence-missing"}
    assert all(f["item"] == "O33" and "time rule inferred" in f["message"] for f in report["findings"])
    status, _, err = run_oit(capsys, "build", "--content", demo_copy, "--year", "2566", "--out", tmp_path / "site")
    page = (tmp_path / "site" / "2566" / "O33" / "index.html").read_text(encoding="utf-8")
    assert "เกณฑ์ของข้อนี้อนุมาน" in page and "ยังไม่ยืนยันจากคู่มือทางการ" in page
    assert "time rule inferred" in item_template(catalog.item("O41"), 2566)  # oit new says so too


@pytest.mark.parametrize("framework", ["nacc-2565", "nacc-2566"])
def test_measures_item_accepts_both_readings_in_the_older_catalogs(demo_copy, capsys, framework):
    year = framework[-4:]
    index = demo_copy / year / "O42" / "index.md"
    text = index.read_text(encoding="utf-8")
    previous = str(int(year) - 1)
    assert f"    period: {previous}" in text
    index.write_text(text.replace(f"    period: {previous}", f"    period: {year}"), encoding="utf-8")  # titled by the measures' year
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--year", year, "--as-of", f"{int(year) + 1}-06-01")
    assert status == 0 and {i["code"]: i["status"] for i in report["items"]}["O42"] == "complete"


# --- issue 23: how agencies publish ---------------------------------------------------------

def test_one_document_serves_the_parts_its_part_list_names(parts, capsys, tmp_path):
    """rtrda published one O6 file (a first-half report that restates the plan): said with a list."""
    one = "evidence:\n  - {title: รายงานผลการดำเนินงาน ครึ่งปีแรก, file: a.pdf, period: 2568-H1, part: [plan, progress]}\n"
    parts.item("O6", one, files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    assert status == 0 and items["O6"] == "complete" and report["findings"] == []
    status, _, err = run_oit(capsys, "build", "--content", parts.content, "--out", tmp_path / "site")
    page = (tmp_path / "site" / "2568" / "O6" / "index.html").read_text(encoding="utf-8")
    plan = page[page.index('id="part-plan"'):page.index('id="part-progress"')]
    progress = page[page.index('id="part-progress"'):page.index('id="evidence"')]
    assert "รายงานผลการดำเนินงาน ครึ่งปีแรก" in plan and "รายงานผลการดำเนินงาน ครึ่งปีแรก" in progress
    # never guessed: the same entry without the list serves one part only
    parts.item("O6", one.replace(", part: [plan, progress]", ""), files={"a.pdf": "pdf"})
    assert validate(capsys, parts)[2]["O6"] == "incomplete"
    # a misspelt id in the list is named; the other id still counts
    parts.item("O6", one.replace("[plan, progress]", "[plan, progres]"), files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    bad = [f for f in report["findings"] if f["rule"] == "field-invalid"]
    assert len(bad) == 1 and "'progres'" in bad[0]["message"] and bad[0]["line"] == 3
    assert not any(f.get("part") == "plan" for f in report["findings"])


def test_part_that_is_not_an_id_or_a_list_of_ids_is_reported(parts, capsys):
    parts.item("O6", GOOD["O6"] + "  - {title: อื่น, file: a.pdf, period: 2568, part: {plan: yes}}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    [bad] = [f for f in report["findings"] if f["rule"] == "field-invalid"]
    assert bad["line"] == 6 and "part: [plan, progress]" in bad["message"]


def test_supporting_papers_are_published_but_never_judged(parts, capsys, tmp_path):
    """O19-style orders and minutes numbered in the calendar year, with or without a period."""
    parts.item("O20", GOOD["O20"] + "  - {title: คำสั่ง 52-2567, file: b.pdf, role: supporting}\n"
               "  - {title: รายงานการประชุม ครั้งที่ 4-2566, file: b.pdf, period: 2566, role: supporting}\n",
               files={"a.pdf": "pdf", "b.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    assert status == 0 and items["O20"] == "complete" and report["findings"] == []
    status, _, err = run_oit(capsys, "build", "--content", parts.content, "--out", tmp_path / "site")
    page = (tmp_path / "site" / "2568" / "O20" / "index.html").read_text(encoding="utf-8")
    assert page.count("(เอกสารประกอบ)") == 2 and (tmp_path / "site" / "2568" / "O20" / "b.pdf").is_file()
    # supporting papers are not the evidence: alone they leave the item incomplete
    parts.item("O20", "evidence:\n  - {title: คำสั่ง, file: b.pdf, period: 2568, role: supporting}\n", files={"b.pdf": "pdf"})
    assert validate(capsys, parts)[2]["O20"] == "incomplete"
    parts.item("O20", GOOD["O20"] + "  - {title: คำสั่ง, file: a.pdf, role: ประกอบ}\n", files={"a.pdf": "pdf"})
    status, report, items = validate(capsys, parts)
    [bad] = [f for f in report["findings"] if f["rule"] == "field-invalid"]
    assert bad["line"] == 5 and "supporting" in bad["message"]
