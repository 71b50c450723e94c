import pytest
import yaml

from generator.catalog import TIME_RULES, CatalogError, load_catalog


@pytest.mark.parametrize("framework", ["nacc-2565", "nacc-2566"])
def test_nacc_catalogs_have_43_items_in_order(framework):
    catalog = load_catalog(framework)
    assert [i.code for i in catalog.items] == [f"O{n}" for n in range(1, 44)]
    assert [g.number for g in catalog.sub_indicators] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
    assert sum(len(g.codes) for g in catalog.indicators) == 43
    for item in catalog.items:
        assert item.title and item.criteria and item.time_rule in TIME_RULES
    o2, o5 = catalog.item("O2"), catalog.item("O5")
    executives = {f.name: f for f in o2.fields}["executives"]
    assert set(executives.required) == {"name", "position", "photo"} and set(executives.any_of) == {"phone", "email"}
    assert set({f.name: f for f in o5.fields}["contact"].required) == {"address", "phone", "email", "map"}


def test_2565_time_rules_follow_the_design_table():
    catalog = load_catalog("nacc-2565")
    expected = {"none": [1, 5, 8], "current_year": [7, 21, 22, 33, 34, 35, 36, 37, 38],
                "in_force": [4, 10, 18, 25, 27, 39], "first_half": [11, 15, 19, 31, 40],
                "first_half_monthly": [23], "previous_year": [12, 16, 20, 24, 28, 41, 42]}
    for rule, numbers in expected.items():
        for n in numbers:
            assert catalog.item(f"O{n}").time_rule == rule, f"O{n}"
    assert catalog.item("O10").title == "แผนดำเนินงานประจำปี"


def test_2566_differs_and_marks_carried_over_criteria():
    catalog = load_catalog("nacc-2566")
    assert catalog.item("O10").title == "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
    assert catalog.item("O21").time_rule == "first_half_monthly"
    assert catalog.item("O1").criteria_from == "nacc-2565/O1"
    assert catalog.item("O10").criteria_from is None and catalog.item("O10").criteria_note
    for n in (19, 20, 21, 22):
        assert "จัดซื้อจัดจ้าง" in catalog.item(f"O{n}").title
    for n in (27, 28, 29):
        assert "ร้องเรียน" in catalog.item(f"O{n}").title


def _catalog_dir(tmp_path, text):
    (tmp_path / "oit_items").mkdir()
    (tmp_path / "oit_items" / "broken.yml").write_text(text, encoding="utf-8")
    (tmp_path / "content").mkdir()
    return tmp_path / "content"


@pytest.mark.parametrize("text, line, words", [
    ("framework: broken\ntitle: x\nindicators:\n  - number: 9\n    title: [unclosed\n", 6, "expected"),
    ("framework: broken\ntitle: x\nindicators:\n  - number: '9'\n    title: t\n    sub_indicators:\n"
     "      - number: '9.1'\n        title: s\n        items:\n          - {code: O1, title: t, criteria: [c], time_rule: monthly}\n",
     10, "time_rule 'monthly'"),
    ("framework: other\ntitle: x\nindicators: []\n", 1, "must match the file name"),
    ("framework: broken\ntitle: x\nindicators:\n  - number: '9'\n    title: t\n    sub_indicators:\n"
     "      - number: '9.1'\n        title: s\n        items:\n          - {code: O1, title: t, criteria: [c], time_rule: none}\n"
     "          - {code: O1, title: t, criteria: [c], time_rule: none}\n", 11, "appears twice"),
])
def test_malformed_catalog_names_file_and_line(tmp_path, text, line, words):
    content = _catalog_dir(tmp_path, text)
    with pytest.raises(CatalogError) as err:
        load_catalog("broken", content)
    message = str(err.value)
    assert "broken.yml:" + str(line) in message and words in message


def test_a_new_framework_is_only_a_yaml_file(tmp_path):
    # a school list with two items, beside the agency's content/: no code involved
    data = {"framework": "school-2567", "title": "โรงเรียน", "indicators": [{"number": "9", "title": "t",
            "sub_indicators": [{"number": "9.1", "title": "s", "items": [
                {"code": "O1", "title": "โครงสร้าง", "criteria": ["แผนผัง"], "time_rule": "none"},
                {"code": "O2", "title": "แผน", "criteria": ["แผน"], "time_rule": "in_force"}]}]}]}
    content = _catalog_dir(tmp_path, "")
    (tmp_path / "oit_items" / "school-2567.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalog = load_catalog("school-2567", content)
    assert [i.code for i in catalog.items] == ["O1", "O2"]
