"""The public site as a Thai government site (issue 13): its own face, correct pages, nothing
internal published. Every test builds a real site with the real `oit` command."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_oit
from generator.render import human_size


def build(capsys, tree, *extra) -> Path:
    status, _, err = run_oit(capsys, "build", "--content", tree.content, "--out", tree.base / "site", *extra)
    assert status == 0, err
    return tree.base / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_an_ampersand_in_a_title_is_escaped_once(capsys, tree):
    (tree.base / "oit_items" / "mini.yml").write_text(
        (tree.base / "oit_items" / "mini.yml").read_text(encoding="utf-8").replace("title: แผนยุทธศาสตร์", "title: Q&A แผน"),
        encoding="utf-8")
    site = build(capsys, tree)
    html = page(site, "2566/O5")
    assert "<h1" in html and "O5 Q&amp;A แผน" in html and "&amp;amp;" not in html
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"] if d["location"] == "2566/O5/"]
    assert titles and "&amp;amp;" not in titles[0]


def test_the_published_files_are_only_the_site(capsys, tree):
    """Nothing the build uses internally (manifest, lock, caches, scratch) is inside the output."""
    site = build(capsys, tree)
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert not [p for p in published if any(part.startswith(".") for part in p.split("/"))]
    assert not [p for p in published if "manifest" in p and p != "evidence-manifest.json"]
    top = {p.split("/")[0] for p in published}
    assert top == {"2566", "404.html", "accessibility", "assets", "evidence-manifest.json", "index.html",
                   "itas-2566.csv", "oit-2566.json", "robots.txt", "search", "sitemap", "sitemap.xml",
                   "sitemap.xml.gz"}
    assert not any(str(tree.base) in (site / p).read_text(encoding="utf-8", errors="replace")
                   for p in published if p.endswith((".html", ".json", ".csv", ".txt", ".xml")))


def test_an_item_met_by_its_fields_does_not_say_it_lacks_evidence(capsys, tree):
    site = build(capsys, tree)
    for code, anchor in (("O2", "field-executives"), ("O3", "field-contact")):
        html = page(site, f"2566/{code}")
        assert "ยังไม่มีหลักฐาน" not in html, code
        assert "ไม่ต้องมีไฟล์หลักฐานแยก" in html and f'href="#{anchor}"' in html and f'id="{anchor}"' in html


def test_search_results_carry_the_year(capsys, tree):
    tree2565 = tree.content / "2565"
    tree2565.mkdir()
    (tree2565 / "year.yml").write_text("framework: mini\n", encoding="utf-8")
    tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n", files={"chart.pdf": "pdf"},
              folder="../2565/O1")
    site = build(capsys, tree)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["location"]: d for d in index["docs"]}
    assert "2566" in titles["2566/O1/"]["title"].replace("\u200b", "")
    assert "2565" in titles["2565/O1/"]["title"].replace("\u200b", "")
    assert titles["2566/O1/"].get("boost", 1) > titles["2565/O1/"].get("boost", 1)  # the default year first


def test_the_evidence_table_has_sizes_in_kb_and_padded_cells(capsys, tree):
    assert human_size(1012) == "1.0 KB" and human_size(200) == "0.2 KB" and human_size(3 * 1024 * 1024) == "3.0 MB"
    site = build(capsys, tree)
    assert not re.search(r"<td>\d+ B</td>", page(site, "2566/O1"))
    css = (site / "assets" / "oit.css").read_text(encoding="utf-8")
    assert re.search(r"table\.oit-evidence td \{\s*padding", css) or "table.oit-evidence td {\n  padding" in css \
        or re.search(r"\.md-typeset table\.oit-evidence td \{[^}]*padding", css.replace(",\n", ", "))


def test_every_item_has_the_same_section_anchors(capsys, tree):
    site = build(capsys, tree)
    for code in ("O1", "O2", "O6"):
        html = page(site, f"2566/{code}")
        for anchor in ("criteria", "explanation", "evidence"):
            assert f'id="{anchor}"' in html, (code, anchor)
    assert 'id="findings"' in page(site, "2566/O6") or True  # only an item with findings has that block


def test_the_published_json_has_ce_dates_and_no_build_day(capsys, tree):
    site = build(capsys, tree)
    data = json.loads((site / "oit-2566.json").read_text(encoding="utf-8"))
    assert "as_of" not in data  # the build day: rebuilding another day must give the same bytes
    assert re.fullmatch(r"20\d\d-\d\d-\d\d", data["updated"])  # CE, as machines read ISO dates
    site = build(capsys, tree, "--as-of", "2566-04-01")
    data = json.loads((site / "oit-2566.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2023-04-01"


def test_updated_dates_come_from_the_files_not_the_clock(capsys, tree):
    stamp = 1_600_000_000  # 2020-09-13 UTC
    for path in tree.year_dir.rglob("*"):
        os.utime(path, (stamp, stamp))
    site = build(capsys, tree)
    assert "ปรับปรุงล่าสุด 13 กันยายน 2563" in page(site, "2566/O1")
    assert "13 กันยายน 2563" in page(site, "2566")
    assert json.loads((site / "oit-2566.json").read_text(encoding="utf-8"))["updated"] == "2020-09-13"


def test_the_face_defaults(capsys, tree):
    site = build(capsys, tree)
    home = page(site, "")
    assert 'rel="icon" href="assets/agency-favicon.svg"' in home and "assets/agency-logo.svg" in home
    assert "Made with" not in home
    footer = home[home.index("<footer"):]
    assert "หน่วยงานทดสอบ" in footer and "1 ถนนตัวอย่าง" in footer and "mailto:a@example.go.th" in footer  # from O3
    assert 'href="sitemap/"' in footer and 'href="accessibility/"' in footer
    assert '<meta name="description" content="' in home and '<meta name="description" content="' in page(site, "2566/O1")
    assert "ไม่พบหน้าที่ต้องการ" in (site / "404.html").read_text(encoding="utf-8")
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.go.th/oit/sitemap.xml\n"
    sitemap = page(site, "sitemap")
    assert 'href="../2566/O8/"' in sitemap and 'href="../itas-2566.csv"' in sitemap
    assert "WCAG 2.1" in page(site, "accessibility")


def test_the_face_from_site_yml(capsys, tree):
    (tree.content / "emblem.png").write_bytes((tree.year_dir / "O2" / "boss.png").read_bytes())
    (tree.content / "privacy.md").write_text("# ignored heading\n\nเราเก็บข้อมูลเท่าที่จำเป็น <script>alert(1)</script>\n",
                                             encoding="utf-8")
    with open(tree.content / "site.yml", "a", encoding="utf-8") as handle:
        handle.write("logo: emblem.png\ncolor: \"#ffd700\"\nwebsite: https://www.example.go.th/\n"
                     "contact:\n  address: 5 ถนนหลัก\n  phone: 0 2111 1111\n  email: info@example.go.th\n"
                     "policies:\n  website: https://www.example.go.th/policy\n  privacy: privacy.md\n")
    site = build(capsys, tree)
    home = page(site, "")
    footer = home[home.index("<footer"):]
    assert "5 ถนนหลัก" in footer and "1 ถนนตัวอย่าง" not in footer
    assert 'href="https://www.example.go.th/"' in footer and 'href="https://www.example.go.th/policy"' in footer
    assert 'href="policies/privacy/"' in footer and 'href="accessibility/"' in footer
    assert (site / "assets" / "agency-logo.png").read_bytes() == (tree.content / "emblem.png").read_bytes()
    css = (site / "assets" / "agency.css").read_text()
    assert "--md-primary-fg-color: #ffd700" in css and "--md-primary-bg-color: #000000" in css  # gold: black text
    privacy = page(site, "policies/privacy")
    assert "เราเก็บข้อมูลเท่าที่จำเป็น" in privacy and "<script>alert" not in privacy


@pytest.mark.parametrize("line, says", [("color: blue\n", "color"), ("logo: nothere.png\n", "logo"),
                                        ("policies:\n  cookies: https://x.example/\n", "cookies"),
                                        ("website: www.example.go.th\n", "website")])
def test_a_face_setting_that_cannot_be_used_is_one_line_with_its_place(capsys, tree, line, says):
    with open(tree.content / "site.yml", "a", encoding="utf-8") as handle:
        handle.write(line)
    status, _, err = run_oit(capsys, "build", "--content", tree.content, "--out", tree.base / "site")
    assert status == 2 and "site.yml:" in err and says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_the_year_page_is_an_assessors_overview(capsys, tree):
    site = build(capsys, tree)
    year = page(site, "2566")
    row = re.search(r'<tr><td class="oit-code"><a href="O7/">O7</a>.*?</tr>', year, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[2] == "6"  # evidence count
    assert cells[3] == "ตุลาคม 2565 – มีนาคม 2566"  # the months the evidence covers
    assert re.fullmatch(r"\d{1,2} \S+ \d{4}", cells[4])  # last update


def test_item_pages_lead_back_and_on(capsys, tree):
    site = build(capsys, tree)
    html = page(site, "2566/O2")
    assert 'href="../"' in html and 'href="../O1/" rel="prev"' in html and 'href="../O3/" rel="next"' in html
    assert 'rel="prev"' not in page(site, "2566/O1") and 'rel="next"' not in page(site, "2566/O8")
    assert 'class="oit-print-header">หน่วยงานทดสอบ' in html and "ปีงบประมาณ 2566" in html


def test_the_itas_sheet_names_the_agency_and_the_status_in_thai(capsys, tree):
    site = build(capsys, tree)
    rows = list(csv.reader(io.StringIO((site / "itas-2566.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:6] == ["code", "title", "url", "status", "explanation", "parts"]  # earlier sheets still read
    assert rows[0][6:] == ["agency", "status_th"]
    assert rows[1][6:] == ["หน่วยงานทดสอบ", "ครบถ้วน"]


def test_material_markup_the_nu_checker_rejects_is_fixed(capsys, tree):
    site = build(capsys, tree)
    for path in ("", "2566", "2566/O1", "404.html"):
        html = page(site, path) if path != "404.html" else (site / path).read_text(encoding="utf-8")
        assert not re.search(r'<input[^>]*type="checkbox"[^>]*autocomplete', html)
        if 'for="__toc"' in html:
            assert 'id="__toc"' in html


# --- links between pages: what the build shows agrees with the gate ---------------------------

LINKS_LINE = "ดู [แผน](../O5/index.md) [ส่วนที่ไม่มี](../O5/index.md#no-such-part) [ไม่มีหน้า](../O99/index.md)\n"


def _with_page_links(tree):
    text = tree.index("O4").read_text(encoding="utf-8")
    tree.index("O4").write_text(text.rstrip("\n") + "\n\n" + LINKS_LINE, encoding="utf-8")
    return text.rstrip("\n").count("\n") + 3  # the file line of LINKS_LINE


def test_a_link_to_no_page_makes_the_item_incomplete_in_the_build_too(tree, capsys):
    line = _with_page_links(tree)
    status, _, err = run_oit(capsys, "build", "--as-of", "2566-06-01")
    assert status == 0 and "1 errors" in err
    data = json.loads((tree.base / "site" / "oit-2566.json").read_text(encoding="utf-8"))
    o4 = next(i for i in data["items"] if i["code"] == "O4")
    broken = [f for f in data["findings"] if f["rule"] == "broken-link"]
    assert o4["status"] == "incomplete" and [(f["item"], f["line"]) for f in broken] == [("O4", line)]
    assert "'../O99/index.md'" in broken[0]["message"]


def test_the_gate_names_a_bad_anchor_as_written_on_its_line(tree, capsys):
    line = _with_page_links(tree)
    status, out, _ = run_oit(capsys, "check", "--format", "json", "--as-of", "2566-06-01")
    broken = [f for f in json.loads(out)["findings"] if f["rule"] == "broken-link"]
    assert status == 1 and sorted((f["line"], f["message"].split("'")[1]) for f in broken) == [
        (line, "../O5/index.md#no-such-part"), (line, "../O99/index.md")]  # each once, as the author wrote it


def test_links_to_pages_every_build_has_are_not_findings(tree, capsys):
    """An item of the catalog without a folder still has its page (shown as missing), and the site
    map lives outside the year folders: neither link is broken."""
    shutil.rmtree(tree.year_dir / "O8")
    text = tree.index("O4").read_text(encoding="utf-8")
    tree.index("O4").write_text(text + "\n[รายงาน](../O8/index.md) [ผังเว็บไซต์](../../sitemap/)\n", encoding="utf-8")
    status, out, _ = run_oit(capsys, "validate", "--format", "json", "--as-of", "2566-06-01")
    assert [f for f in json.loads(out)["findings"] if f["rule"] == "broken-link"] == []
