"""One room per idea (issue 14): contracts in the repository's docs, one table per time rule,
thin commands, one error policy."""
from __future__ import annotations

import re

from conftest import ROOT

from generator.findings import RULES

CONTRACTS = ROOT / "docs" / "contracts.md"
OLD_CITATION = "DESIGN " + "§"  # split, so this file does not cite it


def _section(text: str, anchor: str) -> str:
    """The text under the heading whose anchor is `anchor`, up to the next heading of its level."""
    match = re.search(rf"^(#+) {re.escape(anchor)}\n(.*?)(?=^\1 |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/contracts.md has no section #{anchor}"
    return match.group(2)


def test_contracts_list_every_rule_with_its_default_severity():
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|$", _section(CONTRACTS.read_text(encoding="utf-8"), "rules"),
                      flags=re.M)
    assert dict(rows) == RULES


def test_comments_cite_sections_that_exist():
    """Every section of the contracts a comment cites (docs/contracts.md plus #, the heading's
    anchor) is a heading of that document, and nothing cites the design note that is not here."""
    text = CONTRACTS.read_text(encoding="utf-8")
    anchors = {line.lstrip("#").strip().replace(" ", "-") for line in text.splitlines() if line.startswith("#")}
    cited = set()
    for folder in ("generator", "tests", "tools"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert OLD_CITATION not in source, f"{path}: cites {OLD_CITATION}, a document not in the repository"
            cited |= set(re.findall(r"docs/contracts\.md#([a-z-]+)", source))
            cited |= set(re.findall(r"docs/contracts\.md#[a-z-]+(?:, #([a-z-]+))+", source))
    assert cited and cited <= anchors, sorted(cited - anchors)


def test_one_table_per_time_rule():
    """Adding a time rule touches time_rules.py only: catalog loader, coverage, renderer, scaffold
    and catalog diff read that table and keep no table of their own."""
    from generator import catalog, time_rules
    assert catalog.TIME_RULES is time_rules.RULES
    for module in ("catalog", "coverage", "render", "scaffold", "catalog_tools", "rollover", "editor"):
        source = (ROOT / "generator" / f"{module}.py").read_text(encoding="utf-8")
        for name in list(time_rules.RULES)[1:]:  # "none" is also a plain word
            assert f'"{name}"' not in source, f"generator/{module}.py names time rule {name!r}: use time_rules.RULES"
    for rule in time_rules.RULES.values():
        assert rule.label(2566) and rule.advice_for(2566) and rule.summary_th and callable(rule.check)


def test_a_new_time_rule_needs_no_other_module(tree, capsys, monkeypatch):
    """A rule registered in time_rules.RULES alone is accepted by the catalog loader, checked by
    coverage and shown by the renderer and scaffold."""
    from generator import time_rules
    from generator.periods import fiscal_year_months
    extra = time_rules.TimeRule("second_half", time_rules.RULES["current_year"].check, fiscal_year_months, "within",
                                "ครึ่งปีหลัง {y}", "ครึ่งปีหลัง", "the second half of fiscal year {y}.")
    monkeypatch.setitem(time_rules.RULES, "second_half", extra)
    catalog_file = tree.base / "oit_items" / "mini.yml"
    catalog_file.write_text(catalog_file.read_text(encoding="utf-8").replace(
        "time_rule: previous_year}", "time_rule: second_half}"), encoding="utf-8")
    from conftest import run_oit
    code, out, _ = run_oit(capsys, "new", "2567", "--framework", "mini", "--content", str(tree.content))
    assert code == 0, out
    assert "the second half of fiscal year 2567." in (tree.content / "2567" / "O8" / "index.md").read_text(encoding="utf-8")
