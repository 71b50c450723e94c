"""The engine wing (generator/engine/): the one part that knows MkDocs and Material."""
from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from generator import urls
from generator.build import build_site
from generator.engine import EngineError, md_link_to_html, page_html, page_url
from sitescan import words_joined

GENERATOR = ROOT / "generator"
MKDOCS_IMPORT = re.compile(r"^\s*(import|from)\s+(mkdocs|material)\b", re.M)
# Material's name and its file names (search index, search worker) belong in the wing only
ENGINE_NAMES = re.compile(r"material|search_index|javascripts", re.I)


def test_nothing_outside_the_engine_wing_imports_mkdocs_or_knows_material():
    outside = [p for p in sorted(GENERATOR.rglob("*.py"))
               if "engine" not in p.relative_to(GENERATOR).parts[:1] and "__pycache__" not in p.parts]
    assert GENERATOR / "build.py" in outside
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0).strip()}" for p in outside
                 for m in [MKDOCS_IMPORT.search(text) or ENGINE_NAMES.search(text)
                           for text in [p.read_text(encoding="utf-8")]] if m]
    assert offenders == []


# What only Material's templates and CSS know: its class and data-attribute prefixes, its template
# blocks (a Jinja block or extends outside the wing would be an override of the theme), its name.
MATERIAL_MARKUP = re.compile(r"\bmd-[a-z]|data-md-|\{%-?\s*(block|extends)\b|material", re.I)


def test_the_theme_lives_in_the_wing_and_the_rest_names_no_material_block_or_class():
    """Swapping MkDocs + Material touches generator/engine/ only: the page templates, fonts, the
    editor's and the portal's templates, and every other module name no Material class, block or file."""
    outside = [p for root in (GENERATOR, ROOT / "site_templates") for p in sorted(root.rglob("*"))
               if p.is_file() and p.suffix in (".py", ".j2", ".html", ".css", ".js", ".yml")
               and "engine" not in p.relative_to(GENERATOR if root == GENERATOR else root).parts[:1]
               and "__pycache__" not in p.parts]
    assert ROOT / "site_templates" / "pages" / "item.md.j2" in outside and GENERATOR / "render.py" in outside
    offenders = [f"{p.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 1}: {m.group(0)}" for p in outside
                 for text in [p.read_text(encoding="utf-8")] for m in [MATERIAL_MARKUP.search(text)] if m]
    assert offenders == []
    theme = GENERATOR / "engine" / "material"
    assert (theme / "overrides" / "main.html").is_file() and MATERIAL_MARKUP.search((theme / "oit.css").read_text(encoding="utf-8"))


def test_the_renderer_reads_the_engine_markers_without_loading_mkdocs():
    code = "import sys, generator.render, generator.check; print(sorted(m for m in sys.modules if m.startswith(('mkdocs', 'material'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_plugin_is_registered_as_an_entry_point():
    found = [e for e in importlib.metadata.entry_points(group="mkdocs.plugins") if e.name == "oit"]
    assert [e.value for e in found] == ["generator.engine.plugin:OitPlugin"]
    from generator.engine.plugin import OitPlugin
    assert found[0].load() is OitPlugin


AGENCY_HOOK = """
def on_page_content(html, **kwargs):
    return '<!-- agency hook -->' + html

def on_post_page(output, **kwargs):  # after the oit plugin's (priority 100): the page as published
    return output.replace('</body>', '<!-- blocks back: %s --></body>' % ('data-oit-block' not in output))
"""


@pytest.mark.parametrize("plugins", ["plugins:\n  - search\n", "plugins:\n  search: {}\n"])
def test_an_agencys_own_plugins_and_hooks_run_beside_ours(tree, tmp_path, plugins):
    (tree.base / "mkdocs.yml").write_text(f"theme:\n  name: material\n{plugins}hooks:\n  - hooks/agency.py\n",
                                          encoding="utf-8")
    (tree.base / "hooks").mkdir()
    (tree.base / "hooks" / "agency.py").write_text(AGENCY_HOOK, encoding="utf-8")
    tree.item("O1", "evidence:\n  - title: แผนผังโครงสร้าง\n    file: chart.pdf\n",
              body='คำอธิบาย <script>alert(1)</script> <b onclick="steal()">ตัวหนา</b>\n', files={"chart.pdf": "pdf"})
    out = tmp_path / "site"
    build_site(tree.content, out)
    html = (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert "<!-- agency hook -->" in html and "<!-- blocks back: True -->" in html  # the agency's hook ran
    assert "alert(1)" not in html and "steal()" not in html and "<b>ตัวหนา</b>" in html  # ours sanitised
    assert 'class="oit-evidence"' in html and "แผนผังโครงสร้าง" in words_joined(html)  # and put the generated block back
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))  # the agency's search ran
    assert any(d["location"].startswith("2566/O1/") and "\u200b" in d["text"] for d in index["docs"])


def test_an_agency_that_lists_our_plugin_itself_gets_one_line(tree, tmp_path):
    (tree.base / "mkdocs.yml").write_text("theme:\n  name: material\nplugins:\n  - search\n  - oit\n", encoding="utf-8")
    with pytest.raises(EngineError, match="remove 'oit' from plugins") as raised:
        build_site(tree.content, tmp_path / "site")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("site_path", [urls.home_page(), urls.year_page(2566), urls.item_page(2566, "O1"), "sitemap/"])
def test_page_paths_round_trip(site_path):
    source = urls.page_source(site_path)
    assert source.endswith(".md")
    assert page_url(source) == site_path
    assert page_html(source) == site_path + "index.html"


@pytest.mark.parametrize("link, html", [
    ("../O5/index.md", "../O5/"), ("../../2566/O1/index.md#evidence", "../../2566/O1/#evidence"),
    ("index.md", ""), ("about.md", "about/"), ("fooindex.md", "fooindex/"),
    ("report.pdf", "report.pdf"), ("#criteria", "#criteria"),
])
def test_markdown_links_become_the_engines_page_links(link, html):
    assert md_link_to_html(link) == html
