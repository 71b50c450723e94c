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
