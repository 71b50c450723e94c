"""Catalogs a committee can write: successor links, `oit catalog new|check|diff` (catalog_lineage, catalog_new, catalog_check, catalog_diff)."""
from __future__ import annotations


import shutil

import pytest

from generator.catalog import CATALOG_DIR, CatalogError, load_catalog, parse_catalog_file
from tests.conftest import catalog_text, run_json, run_oit

SHIPPED = sorted(p.name for p in CATALOG_DIR.glob("*.yml"))


def test_2568_and_2569_link_every_continuing_item():
    nacc_2569 = load_catalog("nacc-2569")
    assert [link.source for link in nacc_2569.item("O10").continues] == ["nacc-2568/O10", "nacc-2568/O11"]
    assert [link.part for link in nacc_2569.item("O10").continues] == ["channel", "statistics"]
    assert [l.source for l in nacc_2569.item("O25").continues] == ["nacc-2568/O27"]  # research update 2569-12 D6
    assert all(item.continues for item in load_catalog("nacc-2568").items)


def test_diff_2568_2569_shows_merges_split_and_the_new_item(capsys):
    status, diff = run_json(capsys, "catalog", "diff", "nacc-2568", "nacc-2569")
    assert status == 0 and diff["items_before"] == 28 and diff["items_after"] == 26
    merged = {m["code"]: m["from"] for m in diff["merged"]}
    assert merged["O10"] == ["O10", "O11"] and merged["O20"] == ["O21", "O22"]
    assert {"code": "O12", "to": ["O11", "O12"]}.items() <= {k: v for k, v in diff["split"][0].items()}.items()
    assert diff["added"] == [] and diff["removed"] == []  # 2568 O27 carries on as 2569 O25
    assert {"code": "O13", "from": "O14"}.items() <= next(r for r in diff["renumbered"] if r["code"] == "O13").items()
    assert any(c["code"] == "O11" and c["before"] == ["first_half"] and c["after"] == ["first_half_monthly"]
               for c in diff["time_rule_changed"])


def test_diff_in_thai_for_the_committee(capsys):
    status, out, err = run_oit(capsys, "catalog", "diff", "nacc-2568", "nacc-2569")
    assert status == 0 and out.startswith("เปรียบเทียบรายการข้อมูล OIT: nacc-2568 (28 ข้อ) → nacc-2569 (26 ข้อ)")
    for heading in ("ข้อใหม่: ไม่มี", "ข้อที่ยกเลิก: ไม่มี", "ข้อที่รวมกัน: 3", "ข้อที่แยกออก: 1", "เปลี่ยนช่วงเวลาของหลักฐาน"):
        assert heading in out
    assert "รวมจาก O21 " in out and "ครอบคลุม ๖ เดือนแรกของปีที่ประเมิน → รายเดือน" in out


def test_diff_across_two_years_follows_the_links_through_2568(capsys):
    status, diff = run_json(capsys, "catalog", "diff", "nacc-2566", "nacc-2569")
    assert not diff["matched_by_code"]
    merged = {m["code"]: m["from"] for m in diff["merged"]}
    assert merged["O3"] == ["O5", "O8"] and sorted(merged["O20"]) == ["O31", "O32", "O33"]
    assert {r["code"] for r in diff["removed"]} == {"O6", "O9", "O10", "O17", "O37", "O41"}  # O42 → 2568 O27 → 2569 O25
    assert any(c["code"] == "O18" and c["from"] == "O29" and c["after"] == ["previous_year"] for c in diff["time_rule_changed"])


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_catalogs_pass_check(capsys, name):
    status, out, err = run_oit(capsys, "catalog", "check", CATALOG_DIR / name)
    assert status == 0, out


BROKEN = catalog_text("broken", """\
          - code: O1
            title: โครงสร้าง
            criteria: [แผนผัง]
            time_rule: none
            continues: [nacc-2568/O99]
          - code: O2
            title: ผู้บริหาร
            criteria: [ชื่อ]
            time_rule: none
            continues:
              - {from: nacc-2568/O6, from_part: budget}
              - {from: nacc-2567/O2}
          - code: O1
            title: ซ้ำ
            criteria: [ซ้ำ]
            time_rule: none
""")


def test_check_reports_broken_links_and_a_duplicate_code_with_their_lines(tmp_path, capsys):
    path = tmp_path / "broken.yml"
    path.write_text(BROKEN, encoding="utf-8")
    status, out, err = run_oit(capsys, "catalog", "check", path)
    assert status == 1 and "Traceback" not in err
    lines = out.splitlines()
    assert any(line.endswith(":14: error: O1: continues nacc-2568/O99: nacc-2568 has no item O99 (its items: O1–O28)")
               for line in lines), out
    assert any(":20: error: O2: continues nacc-2568/O6: from_part 'budget' is not a part of nacc-2568/O6 (plan, progress)"
               in line for line in lines), out
    assert any(":21: error:" in line and "no catalog 'nacc-2567'" in line for line in lines), out
    assert any(":22: error: item O1 appears twice (first on line 10)" in line for line in lines), out
    status, report = run_json(capsys, "catalog", "check", path)
    assert report["errors"] == 4 and [p["line"] for p in report["problems"]] == [14, 20, 21, 22]


def test_check_reports_schema_errors_numbering_and_groups(tmp_path, capsys):
    path = tmp_path / "x.yml"
    path.write_text(BROKEN.replace("framework: broken", "framework: x").replace("            continues: [nacc-2568/O99]\n", "")
                    .replace('number: "9.1"', 'number: "8.1"')
                    .replace("time_rule: none\n            continues:", "time_rule: sometimes\n            continues:")
                    .replace("- code: O1\n            title: ซ้ำ", "- code: O4\n            title: ซ้ำ"), encoding="utf-8")
    status, out, err = run_oit(capsys, "catalog", "check", path)
    assert status == 1
    assert ":7: warning: sub-indicator 8.1 is under indicator 9" in out
    assert ":17: error: item O2: time_rule 'sometimes' must be one of" in out
    assert ":21: warning: O4: O3 expected here" in out


def test_a_link_to_a_part_the_item_does_not_have_stops_the_loader_with_its_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text(BROKEN.replace("continues: [nacc-2568/O99]", "continues: [{from: nacc-2568/O1, part: plan}]")
                    .split("          - code: O2")[0], encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        parse_catalog_file(path)
    assert err.value.line == 14 and "part 'plan' is not a part of this item" in str(err.value)


def test_catalog_new_is_a_linked_copy_to_edit(demo_copy, capsys):
    status, out, err = run_oit(capsys, "catalog", "new", "nacc-๒๕๗๐", "--from", "nacc-๒๕๖๙", "--content", demo_copy)
    path = demo_copy.parent / "oit_items" / "nacc-2570.yml"  # the agency's own catalogs, beside content/
    assert status == 0 and path.is_file() and "26 items copied" in err
    text = path.read_text(encoding="utf-8")
    assert "framework: nacc-2570" in text and "ปีงบประมาณ พ.ศ. 2570" in text and "fiscal year 2570 (2027)" in text
    assert "# rtrda evidence: the Q2 progress report" in text  # the source's comments are kept
    copy = parse_catalog_file(path)
    assert copy.provenance.status == "inferred"
    assert all([link.source for link in item.continues] == [f"nacc-2569/{item.code}"] for item in copy.items)
    status, out, err = run_oit(capsys, "catalog", "check", path, "--content", demo_copy)
    assert status == 0, out
    status, diff = run_json(capsys, "catalog", "diff", "nacc-2569", path, "--content", demo_copy)
    assert not any(diff[k] for k in ("added", "removed", "merged", "split", "renamed", "renumbered", "time_rule_changed"))
    # and the next year starts from it, through its links
    status, summary = run_json(capsys, "new", "2570", "--from", "2569", "--content", demo_copy)
    assert status == 0 and summary["framework"] == "nacc-2570" and "O2" in summary["carried"] and summary["new"] == []
    status, out, err = run_oit(capsys, "catalog", "new", "nacc-2570", "--from", "nacc-2569", "--content", demo_copy)
    assert status == 2 and "already exists" in err


def test_catalog_new_of_an_unknown_catalog_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status, out, err = run_oit(capsys, "catalog", "new", "nacc-2570", "--from", "nacc-2599")
    assert status == 2 and "no catalog 'nacc-2599'" in err and len(err.strip().splitlines()) == 1
    status, out, err = run_oit(capsys, "catalog", "diff", "nacc-2569", tmp_path / "none.yml")
    assert status == 2 and "no such catalog file" in err


def test_a_copy_of_a_copy_with_one_line_items_links_to_its_source(tree, capsys):
    for name, source in (("mini2", "mini"), ("mini3", "mini2")):
        status, out, err = run_oit(capsys, "catalog", "new", name, "--from", source, "--content", tree.content)
        assert status == 0, err
    text = (tree.base / "oit_items" / "mini3.yml").read_text(encoding="utf-8")
    assert "- {code: O1, continues: [mini2/O1], title: โครงสร้าง," in text and "mini/O1" not in text
    assert text.count("# Copied from ") == 1 and text.count("provenance:") == 1
    status, out, err = run_oit(capsys, "catalog", "check", tree.base / "oit_items" / "mini3.yml", "--content", tree.content)
    assert status == 0, out
    status, diff = run_json(capsys, "catalog", "diff", "mini", "mini3", "--content", tree.content)  # through mini2
    assert not diff["matched_by_code"] and not diff["added"] and not diff["removed"]


# --- issue 23: what catalog check accepts, the loader loads ------------------------------------

E_FAMILY = catalog_text("efamily", """\
          - {code: E1, title: โครงสร้าง, criteria: [แผนผัง], time_rule: none}
          - {code: E2, title: แผน, criteria: [แผนของปี], time_rule: current_year}
""")


def test_a_family_with_another_letter_has_its_item_folders_loaded(tree, capsys):
    """Codes of one letter other than O (E1) are accepted by the catalog schema: their folders load too."""
    (tree.base / "oit_items" / "efamily.yml").write_text(E_FAMILY, encoding="utf-8")
    (tree.year_dir / "year.yml").write_text("framework: efamily\n", encoding="utf-8")
    for folder in [p for p in tree.year_dir.iterdir() if p.is_dir()]:
        shutil.rmtree(folder)
    tree.item("E1", "evidence:\n  - {title: แผนผัง, file: a.pdf}\n", files={"a.pdf": "pdf"})
    tree.item("E02", "evidence:\n  - {title: แผน, file: a.pdf, period: 2566}\n", files={"a.pdf": "pdf"})
    status, out, err = run_oit(capsys, "catalog", "check", tree.base / "oit_items" / "efamily.yml")
    assert status == 0, out
    status, report = run_json(capsys, "validate", "--content", tree.content, "--as-of", "2566-06-01")
    assert status == 0 and report["findings"] == []
    assert [(i["code"], i["status"]) for i in report["items"]] == [("E1", "complete"), ("E2", "complete")]


def test_check_rejects_a_framework_name_no_year_yml_can_load(tmp_path, capsys):
    path = tmp_path / "NACC-2570.yml"
    path.write_text(E_FAMILY.replace("framework: efamily", "framework: NACC-2570"), encoding="utf-8")
    status, out, err = run_oit(capsys, "catalog", "check", path)
    assert status == 1 and ":1: error:" in out and "nacc-2570" in out and "Traceback" not in err


def test_every_code_the_schema_accepts_names_its_own_folder():
    """catalog.CODE_PATTERN and the folder pattern of content.py agree, so the loader's guard holds."""
    from generator.codes import CODE_PATTERN
    from generator.codes import normalize_item_code
    for code in ("O1", "E1", "E12", "MOIT5", "ABCDEF123", "Z9"):
        assert CODE_PATTERN.fullmatch(code) and normalize_item_code(code) == code
    assert normalize_item_code("e1") is None and normalize_item_code("o1") == "O1"
