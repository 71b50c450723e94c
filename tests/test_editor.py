"""`oit editor`: the CMS configuration made from every catalog in oit_items/, and the admin page."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from generator.catalog import CATALOG_DIR, load_catalog
from generator.model import Evidence
from generator.coverage import check_item
from generator.editor import accepted_periods, backend_settings, editor_config
from generator.periods import fiscal_year_months, parse_period
from tests.conftest import run_oit

FRAMEWORKS = sorted(p.stem for p in CATALOG_DIR.glob("*.yml"))
LOCAL = backend_settings("local")


def content_for(tmp_path: Path, framework: str) -> tuple[Path, int]:
    """A content tree with one year of `framework` and a folder per item, as `oit new` makes."""
    year = int(framework.rsplit("-", 1)[1])
    content = tmp_path / "content"
    (content / str(year)).mkdir(parents=True)
    (content / "site.yml").write_text(f"name: หน่วยงานทดสอบ\nbase_url: https://example.go.th/\ndefault_year: {year}\n",
                                      encoding="utf-8")
    (content / str(year) / "year.yml").write_text(f"framework: {framework}\n", encoding="utf-8")
    for item in load_catalog(framework).items:
        (content / str(year) / item.code).mkdir()
        (content / str(year) / item.code / "index.md").write_text("---\nevidence: []\n---\n", encoding="utf-8")
    return content, year


def by_name(fields: list) -> dict:
    return {f["name"]: f for f in fields}


def entry_fields(form: dict, part: str | None = None) -> dict:
    """The fields of one evidence entry; for an item with parts, those of `part`'s entry type."""
    evidence = by_name(form["fields"])["evidence"]
    if "types" in evidence:
        return by_name(by_name(evidence["types"])[part]["fields"])
    return by_name(evidence["fields"])


def periods_offered(form: dict, part: str | None = None) -> list[str]:
    return [o["value"] for o in entry_fields(form, part)["period"]["options"]]


def counts_for_part(item, part, period_text: str, year: int) -> bool:
    """Whether an entry with this period, marked for `part`, escapes every wrong-year finding of
    the real checker (the one `oit validate` runs) under one of the part's readings (a part
    read two ways passes on either; one entry alone cannot show which)."""
    as_of = fiscal_year_months(year)[1] + 1
    for rule in part.time_rules:
        reading = dataclasses.replace(part, time_rule=rule, also_accepts=())
        one_reading = dataclasses.replace(item, parts=tuple(reading if p is part else p for p in item.parts))
        entry = Evidence(0, "t", 1, url="https://example.go.th/", period=parse_period(period_text), part=part.id or None)
        found = check_item(one_reading, [entry], year, as_of, "x").findings
        if not any(f.rule in ("wrong-year", "period-future") for f in found if f.part in (None, part.id or None)):
            return True
    return False


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_item_has_its_form_fields_and_only_accepted_periods(tmp_path, framework):
    content, year = content_for(tmp_path, framework)
    config = editor_config(content, LOCAL)
    catalog = load_catalog(framework)
    (collection,) = config["collections"]
    forms = {form["name"]: form for form in collection["files"]}
    assert list(forms) == [item.code for item in catalog.items]
    for item in catalog.items:
        form = forms[item.code]
        assert form["label"] == f"{item.code} {item.title}"
        assert form["file"] == f"content/{year}/{item.code}/index.md"
        fields = by_name(form["fields"])
        assert [f["name"] for f in form["fields"]] == ["owner", *(s.name for s in item.fields), "evidence",
                                                       "pii_unchecked", "body"]
        for spec in item.fields:  # executives with a photo upload, contact, channel URLs
            keys = by_name(fields[spec.name].get("fields", []))
            assert set(keys) == set(spec.required + spec.any_of + spec.urls + spec.files)
            assert all(keys[k]["widget"] in ("file", "image") and keys[k]["media_folder"] == "" for k in spec.files)
        assert all(c in fields["evidence"]["hint"] for c in item.criteria)
        if item.has_parts:  # one entry type per part, saved as part: <id>
            assert fields["evidence"]["typeKey"] == "part"
            assert [t["name"] for t in fields["evidence"]["types"]] == [p.id for p in item.parts]
        for part in item.parts:
            evidence = entry_fields(form, part.id or None)
            assert list(evidence) == ["title", "file", "url", "period"]
            assert evidence["file"]["media_folder"] == "" and evidence["file"]["public_folder"] == ""
            offered = periods_offered(form, part.id or None)
            assert offered and all(isinstance(p, str) for p in offered)
            accepted = accepted_periods(part, year)
            if accepted is None:
                assert evidence["period"]["required"] is False  # any period, or none
                continue
            assert evidence["period"].get("required", True) is True
            assert {p.text for p in accepted} <= set(offered)
            assert all(counts_for_part(item, part, p.text, year) for p in accepted), (item.code, part.id)
            assert all(counts_for_part(item, part, text, year) for text in offered), (item.code, part.id)


def test_each_time_rule_offers_its_own_periods(tmp_path):
    """The mini catalog has one item per rule (tests/conftest.py); year 2566."""
    from tests.conftest import MINI_CATALOG
    (tmp_path / "oit_items").mkdir()
    (tmp_path / "oit_items" / "mini.yml").write_text(MINI_CATALOG, encoding="utf-8")
    content = tmp_path / "content"
    (content / "2566").mkdir(parents=True)
    (content / "2566" / "year.yml").write_text("framework: mini\n", encoding="utf-8")
    (content / "site.yml").write_text("name: ทดสอบ\nbase_url: https://example.go.th/\ndefault_year: 2566\n", encoding="utf-8")
    for code in ("O1", "O4", "O5", "O6", "O07", "O8"):
        (content / "2566" / code).mkdir()
    forms = {f["name"]: f for f in editor_config(content, LOCAL)["collections"][0]["files"]}
    months_h1 = ["2565-10", "2565-11", "2565-12", "2566-01", "2566-02", "2566-03"]
    months_h2 = ["2566-04", "2566-05", "2566-06", "2566-07", "2566-08", "2566-09"]
    assert periods_offered(forms["O7"]) == months_h1 + months_h2  # first_half_monthly: every month of the year
    labels = [o["label"] for o in entry_fields(forms["O7"])["period"]["options"]]
    assert all(label.endswith("· ต้องมีตามเกณฑ์") for label in labels[:6])  # the months the criteria require
    assert not any("ต้องมี" in label for label in labels[6:])
    assert forms["O7"]["file"] == "content/2566/O07/index.md"  # the folder as named (O07 is item O7)
    assert {"2566-Q1", "2566-Q2", "2566-H1", *months_h1} <= set(periods_offered(forms["O6"]))
    assert not {"2566-Q3", "2566-H2", "2565", "2566-04"} & set(periods_offered(forms["O6"]))
    assert "2566" in periods_offered(forms["O4"]) and "2565" not in periods_offered(forms["O4"])
    assert "2565-09" not in periods_offered(forms["O4"]) and "2566-09" in periods_offered(forms["O4"])
    assert {"2566", "2566-2570", "2562-2566"} <= set(periods_offered(forms["O5"]))  # in_force: plans
    assert not {"2566-Q1", "2565", "2567-2570"} & set(periods_offered(forms["O5"]))
    assert "2565" in periods_offered(forms["O8"]) and "2566" not in periods_offered(forms["O8"])
    o1_period = entry_fields(forms["O1"])["period"]
    assert o1_period["required"] is False  # no time rule: a period may be given, none is needed
    assert "O2" not in forms  # a catalog item without a folder has no file to edit yet


def test_o6_parts_each_offer_their_own_periods_and_o11_every_month(tmp_path):
    content, year = content_for(tmp_path, "nacc-2569")
    forms = {f["name"]: f for f in editor_config(content, LOCAL)["collections"][0]["files"]}
    plan, progress = periods_offered(forms["O6"], "plan"), periods_offered(forms["O6"], "progress")
    assert plan[0] == "2569" and "2569-Q3" in plan and "2568-10" in plan  # the plan of the year: within it
    assert set(progress) == {"2569-H1", "2569-Q1", "2569-Q2", "2568-10", "2568-11", "2568-12",
                             "2569-01", "2569-02", "2569-03"}  # the first half only
    assert not [p for p in plan + progress if p.count("-") == 1 and len(p) == 9]  # no multi-year span (2565-2569)
    o11 = periods_offered(forms["O11"])
    assert o11 == [f"2568-{m}" for m in ("10", "11", "12")] + [f"2569-{m:02d}" for m in range(1, 10)]


def test_owner_is_a_choice_of_units_once_site_yml_lists_them(tmp_path):
    content, _ = content_for(tmp_path, "nacc-2569")
    owner = by_name(editor_config(content, LOCAL)["collections"][0]["files"][0]["fields"])["owner"]
    assert owner["widget"] == "string"  # no units yet: free text
    with (content / "site.yml").open("a", encoding="utf-8") as site:
        site.write("units:\n  - id: procurement\n    name: กลุ่มงานพัสดุ\n  - id: it\n    name: กลุ่มงานสารสนเทศ\n")
    owner = by_name(editor_config(content, LOCAL)["collections"][0]["files"][0]["fields"])["owner"]
    assert owner["widget"] == "select"
    assert owner["options"] == [{"label": "กลุ่มงานพัสดุ", "value": "กลุ่มงานพัสดุ"},
                                {"label": "กลุ่มงานสารสนเทศ", "value": "กลุ่มงานสารสนเทศ"}]


def test_default_year_first_and_files_checked_by_hand_have_a_field(tmp_path):
    content, _ = content_for(tmp_path, "nacc-2569")
    (content / "2566").mkdir()
    (content / "2566" / "year.yml").write_text("framework: nacc-2566\n", encoding="utf-8")
    (content / "2570").mkdir()  # after a rollover the newest year is not yet the default
    (content / "2570" / "year.yml").write_text("framework: nacc-2569\n", encoding="utf-8")
    config = editor_config(content, LOCAL)
    assert [c["name"] for c in config["collections"]] == ["y2569", "y2570", "y2566"]
    form = config["collections"][0]["files"][0]
    unchecked = by_name(form["fields"])["pii_unchecked"]
    assert unchecked["widget"] == "list" and unchecked["field"]["widget"] == "string"
    assert form["preview_path"] == "2569/O1/"


def test_oit_editor_writes_admin_page_served_locally(tmp_path, capsys, monkeypatch):
    content, year = content_for(tmp_path, "nacc-2569")
    monkeypatch.chdir(tmp_path)
    status, out, err = run_oit(capsys, "editor", "--content", content, "--out", tmp_path / "public")
    assert status == 0, err
    admin = tmp_path / "public" / "admin"
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert '<html lang="th">' in html
    for src in re.findall(r'src="([^"]+)"', html):
        assert not re.match(r"(https?:)?//", src) and (admin / src).is_file(), src  # nothing from a CDN
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "th" and config["local_backend"]["url"].startswith("http://127.0.0.1:")
    assert config["collections"][0]["label"] == f"ปีงบประมาณ {year}"
    assert "O21" in (admin / "config.yml").read_text(encoding="utf-8")  # Thai as UTF-8, not \\u escapes
    assert "การประเมินความเสี่ยงการทุจริต" in (admin / "config.yml").read_text(encoding="utf-8")


def test_production_backend_needs_the_repository(tmp_path, capsys, monkeypatch):
    content, _ = content_for(tmp_path, "nacc-2569")
    monkeypatch.chdir(tmp_path)
    status, _, err = run_oit(capsys, "editor", "--content", content, "--out", tmp_path / "p", "--backend", "gitea")
    assert status == 2 and err.count("\n") == 1 and "--repo" in err
    status, _, err = run_oit(capsys, "editor", "--content", content, "--out", tmp_path / "p", "--backend", "gitea",
                             "--repo", "it/oit", "--api-root", "https://git.example.go.th/api/v1")
    assert status == 0, err
    config = yaml.safe_load((tmp_path / "p" / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "gitea", "repo": "it/oit", "branch": "main",
                                 "api_root": "https://git.example.go.th/api/v1"}
    assert "local_backend" not in config
    assert config["site_url"] == "https://example.go.th/"  # Decap's link opens the item's published page
    settings = (tmp_path / "p" / "admin" / "oit-settings.js").read_text(encoding="utf-8")
    assert '"ci": "https://git.example.go.th/it/oit/actions"' in settings  # the pane links CI, asks no findings
    assert '"findings": null' in settings and "ดูผลการตรวจของการบันทึกล่าสุด" in settings


def test_editor_without_out_or_content_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content, _ = content_for(tmp_path, "nacc-2569")
    for args in (["editor", "--content", content], ["editor", "--content", tmp_path / "none", "--out", "x"],
                 ["editor", "--content", content, "--out", "x", "--year", "2566"]):
        status, out, err = run_oit(capsys, *args)
        assert status == 2 and err.count("\n") == 1 and "Traceback" not in err, (args, err)
