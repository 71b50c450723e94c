"""Structured field kinds (fields.py): one table that the catalog, validation, pages, scaffold and editor read."""
from __future__ import annotations

from conftest import MINI_CATALOG, Tree, findings_of, run_json
from generator import catalog, fields
from generator.build import build_site
from generator.editor import item_form
from generator.scaffold import field_example

TEMPLATES = fields.__file__.rsplit("/generator/", 1)[0] + "/site_templates/pages/"


def test_every_kind_has_its_template_and_the_catalog_accepts_exactly_the_table():
    assert catalog.FIELD_KINDS == tuple(fields.KINDS)
    for kind in fields.KINDS.values():
        with open(TEMPLATES + kind.template, encoding="utf-8") as template:
            assert "f.spec" in template.read()


def test_a_list_field_of_any_name_is_shown_checked_and_scaffolded(tmp_path, monkeypatch, capsys):
    """A catalog's own list field (not O2's executives) gets cards on the page, its checks and an example."""
    monkeypatch.chdir(tmp_path)
    committee = ("            fields:\n              committee: {kind: list, label: คณะกรรมการ, min: 2, "
                 "required: [name, position], any_of: [phone, email], urls: [profile], files: [photo]}\n")
    text = MINI_CATALOG.replace("          - {code: O1, title: โครงสร้าง, criteria: [แสดงแผนผัง], time_rule: none}\n",
                                "          - code: O1\n            title: โครงสร้าง\n            criteria: [แสดงแผนผัง]\n"
                                "            time_rule: none\n" + committee)
    tree = Tree(tmp_path)
    (tmp_path / "oit_items" / "mini.yml").write_text(text, encoding="utf-8")
    tree.item("O1", "evidence:\n  - title: ผัง\n    file: chart.pdf\ncommittee:\n"
                    "  - name: นางสาวหนึ่ง\n    position: ประธาน\n    photo: one.png\n    profile: https://example.go.th/one\n"
                    "  - name: นายสอง\n    email: two@example.go.th\n",
              files={"chart.pdf": "pdf", "one.png": "png"})
    status, report = run_json(capsys, "validate", "--content", "content", "--as-of", "2566-06-01")
    missing = findings_of(report, "field-missing")
    assert [(f["item"], f["line"]) for f in missing] == [("O1", 6), ("O1", 10)]
    assert "committee[1]" in missing[0]["message"] and "phone or email" in missing[0]["message"]
    assert "committee[2]" in missing[1]["message"] and "'position:'" in missing[1]["message"]

    page = (build_site(tree.content, tmp_path / "site").out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="oit-card"') == 2 and 'id="field-committee"' in page
    assert '<img src="one.png" alt="รูปถ่าย นางสาวหนึ่ง"' in page
    assert '<a href="https://example.go.th/one">' in page and 'href="mailto:two@example.go.th"' in page

    spec = next(s for s in catalog.load_catalog("mini", tree.content).item("O1").fields)
    assert field_example(spec) == 'committee:  # คณะกรรมการ\n  - name: ""\n    position: ""\n    phone: ""\n    email: ""\n'
    form = next(f for f in item_form(catalog.load_catalog("mini", tree.content).item("O1"), 2566, "content/2566/O1")["fields"]
                if f["name"] == "committee")
    assert form["widget"] == "list" and form["min"] == 2
    assert [k["name"] for k in form["fields"]] == ["name", "position", "phone", "email", "profile", "photo"]
