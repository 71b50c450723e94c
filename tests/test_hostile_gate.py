"""The CI gate, the command line and content loading under hostile or unlucky input (issue 12, part d):
no false failure, no traceback, no hang."""
from __future__ import annotations

from pathlib import Path

from conftest import findings_of, run_json, run_oit

AS_OF = "2569-01-01"


def set_base_url(content: Path, url: str) -> None:
    site_yml = content / "site.yml"
    lines = [f"base_url: {url}" if line.startswith("base_url:") else line
             for line in site_yml.read_text(encoding="utf-8").splitlines()]
    site_yml.write_text("\n".join(lines) + "\n", encoding="utf-8")


def append_body(index: Path, text: str) -> None:
    with open(index, "a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


# --- 1. base_url with a path ------------------------------------------------------------------

def test_check_passes_the_demo_published_under_a_path(demo_copy, capsys):
    set_base_url(demo_copy, "https://example.go.th/oit/")
    status, report = run_json(capsys, "check", "--content", demo_copy)
    assert findings_of(report, "broken-link") == []
    assert status == 0 and report["summary"]["errors"] == 0


def test_root_relative_links_resolve_against_the_base_path(tree, capsys):
    set_base_url(tree.content, "https://example.go.th/oit/")
    append_body(tree.index("O4"), "[ok](/oit/2566/O1/) [outside](/2566/O1/) [relative](../O1/index.md)")
    status, report = run_json(capsys, "check", "--as-of", AS_OF)
    broken = findings_of(report, "broken-link")
    assert [f["item"] for f in broken] == ["O4"] and "/2566/O1/" in broken[0]["message"]
    assert "/oit/2566/O1/" not in broken[0]["message"]
