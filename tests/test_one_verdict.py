"""Issue 23: one verdict. `oit validate`, `oit build`, `oit status` and `oit check` judge every item
the same way; links and images of an item's text that point into the content tree are resolved by
validation, and `oit check` adds only what needs the built site or the network."""
import json

import pytest

from conftest import run_json, run_oit

AS_OF = "2566-06-01"

# One kind of broken reference per item of the mini framework (O2 and O8 stay correct, with links
# that work: to another item's page, to another item's page with its evidence anchor, to a file
# of its own folder).
BROKEN = {
    "O1": "ดู [แผนผังฉบับเต็ม](chart-full.pdf)",                      # a file missing from the item's folder
    "O3": "![แผนที่](map.png)",                                         # an image missing from the folder
    "O4": "ดู [ข้อที่ไม่มี](../O99/index.md)",                           # a page of this year that no build has
    "O5": "แผนเดิม [ปี 2565](../../2565/O5/index.md)",                  # another year that has no folder
    "O6": "ดู [แผนของข้อ 5](../O5/plan.pdf)",                           # a file of another item's folder
    "O7": "ดู [เดือนที่หาย](m2566-04.pdf#page=2)",                      # missing file, with a fragment
}
WORKING = {
    "O2": "ดู [โครงสร้าง](../O1/index.md) และ [หลักฐานข้อ 5](../O5/index.md#evidence)",
    "O8": "ดู [รายงาน](r.pdf) ![ภาพ](r.pdf)",
}
# Root paths, resolved against the base path of site.yml (https://example.go.th/oit/).
BROKEN_ROOT = {
    "O4": "ดู [ข้อที่ไม่มี](/oit/2566/O99/)",          # a page under the base path that no build has
    "O5": "ดู [โครงสร้าง](/2566/O1/)",                # leaves the base path
    "O6": "ดู [ปีที่ไม่มี](/oit/2560/O1/index.html)",  # a year that has no folder
}
WORKING_ROOT = {"O2": "ดู [โครงสร้าง](/oit/2566/O1/) และ [หน้าปี](/oit/2566/)"}


def append(path, text):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


def verdicts(capsys, tree, tmp_path) -> dict:
    """{command: {item: complete?}} for the four commands on the same tree."""
    content = str(tree.content)
    out = {}
    status, report = run_json(capsys, "validate", "--content", content, "--as-of", AS_OF)
    out["validate"] = {i["code"]: i["status"] == "complete" for i in report["items"]}
    status, _, err = run_oit(capsys, "build", "--content", content, "--out", tmp_path / "site", "--as-of", AS_OF)
    assert status == 0, err
    built = json.loads((tmp_path / "site" / "oit-2566.json").read_text(encoding="utf-8"))
    out["build"] = {i["code"]: i["status"] == "complete" for i in built["items"]}
    status, report = run_json(capsys, "status", "--content", content, "--as-of", AS_OF)
    out["status"] = {i["code"]: i["status"] == "complete" for unit in report["units"] for i in unit["items"]}
    status, report = run_json(capsys, "check", "--content", content, "--as-of", AS_OF)
    out["check"] = {i["code"]: i["status"] == "complete" for i in report["items"]}
    out["check findings"] = report["findings"]
    return out


@pytest.mark.parametrize("broken, working", [(BROKEN, WORKING), (BROKEN_ROOT, WORKING_ROOT)], ids=["relative", "root"])
def test_four_commands_give_one_verdict_on_every_broken_reference(tree, capsys, tmp_path, broken, working):
    for code, text in {**broken, **working}.items():
        append(tree.index(code), text)
    seen = verdicts(capsys, tree, tmp_path)
    expected = {f"O{n}": f"O{n}" not in broken for n in range(1, 9)}
    for command in ("validate", "build", "status", "check"):
        assert seen[command] == expected, command
    # each broken reference is reported once, at the line that was written, by validation already
    findings = seen["check findings"]
    assert sorted(f["item"] for f in findings if f["severity"] == "error") == sorted(broken)
    for f in findings:
        line = tree.index(f["item"]).read_text(encoding="utf-8").splitlines()[f["line"] - 1]
        assert broken[f["item"]].split("](")[1].split(")")[0].split("#")[0] in line


def test_validate_names_the_missing_file_and_what_to_do(tree, capsys):
    append(tree.index("O1"), BROKEN["O1"])
    append(tree.index("O3"), BROKEN["O3"])
    status, report = run_json(capsys, "validate", "--content", str(tree.content), "--as-of", AS_OF)
    assert status == 1
    link, image = sorted((f for f in report["findings"] if f["rule"] == "broken-link"), key=lambda f: f["item"])
    assert (link["item"], link["path"], link["line"]) == ("O1", "content/2566/O1/index.md", 8)
    assert "chart-full.pdf" in link["message"] and "content/2566/O1/" in link["message"]
    assert image["item"] == "O3" and "map.png" in image["message"]


def test_a_correct_tree_stays_complete_in_all_four(tree, capsys, tmp_path):
    for code, text in WORKING.items():
        append(tree.index(code), text)
    seen = verdicts(capsys, tree, tmp_path)
    for command in ("validate", "build", "status", "check"):
        assert set(seen[command].values()) == {True}, command
    assert seen["check findings"] == []
