"""The item's record (generator/record.py): evaluation decides once, every later stage reads.

Loaded content is frozen, so no stage can write into it; the AST walk holds the loophole shut
(object.__setattr__, setattr); render reads what it shows from the record, not from the disk.
"""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from generator.content import load_site, load_year
from generator.render import Renderer
from generator.validate import load_reports

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
LOADER = {"content.py", "yamlio.py"}  # the loader builds the content it then hands on frozen


def test_loaded_content_and_records_cannot_be_changed(demo_copy):
    site = load_site(demo_copy)
    year = load_year(site, 2566)
    item = year.items["O1"]
    report = load_reports(site, [2566])[0]
    for thing, attribute in ((site, "name"), (year, "framework"), (item, "owner"), (item, "body"),
                             (item.evidence[0], "title"), (report.items[0], "status")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(thing, attribute, "changed")


def test_no_module_works_around_the_frozen_content():
    """`object.__setattr__`/`setattr` would write into frozen content behind the types' back."""
    offenders = []
    for path in sorted(GENERATOR.rglob("*.py")):
        if path.name in LOADER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in ("setattr", "object.__setattr__"):
                    offenders.append(f"{path.relative_to(GENERATOR)}:{node.lineno}: {name}")
    assert offenders == []


def test_the_published_files_are_the_union_of_the_records(demo_copy):
    report = load_reports(load_site(demo_copy), [2566])[0]
    union = {site_path: file.source for record in report.items for site_path, file in record.published.items()}
    assert union and report.published == union
    o1 = next(r for r in report.items if r.code == "O1")
    assert all(file.size == file.source.stat().st_size for file in o1.published.values())


def test_the_item_page_shows_what_the_record_says_not_what_the_disk_says_later(demo_copy):
    """Render reads the record: a file removed after evaluation still shows the size it was judged at."""
    site = load_site(demo_copy)
    report = load_reports(site, [2566])[0]
    record = next(r for r in report.items if r.code == "O1")
    site_path, file = next(iter(record.published.items()))
    file.source.unlink()
    page = Renderer(site).render_site([report], 2566)["2566/O1/index.md"]
    assert site_path.rsplit("/", 1)[1] in page and "KB" in page


def test_parts_served_are_data_of_the_record_not_of_the_evidence(demo_copy):
    site = load_site(demo_copy)
    report = load_reports(site, [2566])[0]
    with_parts = [r for r in report.items if any(r.parts.values())]
    assert with_parts
    for record in with_parts:
        assert record.content is not None
        for ev in record.content.evidence:
            assert not hasattr(ev, "serves") and not hasattr(ev, "serves_parts")
        assert set(record.parts) <= {ev.index for ev in record.content.evidence}
