"""One list of what an item points at (references.py), and a guard that returns its decisions (guard.py)."""
from __future__ import annotations

from conftest import Tree
from generator import references as refs
from generator.build import build_site
from generator.check import external_links
from generator.catalog import load_catalog
from generator.content import load_site, load_year
from generator.guard import file_cache
from generator.thai import BEDate
from generator.validate import evaluate, load_report
from tools.samplefiles import make_pdf

BODY = ("คำอธิบาย\n"
        "ดู [แผนผัง](chart.pdf#page=2) และ ![รูป](map%20a.png)\n"
        "[ข้อ 5](../O5/index.md) [เว็บ](https://example.go.th/x) [เมล](mailto:a@b.go.th) [บน](#top)\n"
        "[ออกนอก](../O5/plan.pdf)\n")


def test_every_reference_of_an_item_once_with_its_line_and_site_path(tree: Tree):
    index = tree.item("O2", "executives:\n  - name: นาย ก\n    position: ผอ.\n    photo: boss.png\n"
                            "    phone: 1\n    website: https://example.go.th/boss\n"
                            "evidence:\n  - title: ผัง\n    file: chart.pdf\n  - title: ลิงก์\n    url: https://example.go.th/e\n",
                      body=BODY, files={"boss.png": "png", "chart.pdf": "pdf", "map a.png": "png"})
    report = load_report(load_site(tree.content), 2566)
    result = next(r for r in report.items if r.code == "O2")
    found = [(r.kind, r.name, r.line, r.site_path) for r in result.references]
    assert found == [
        (refs.EVIDENCE_FILE, "chart.pdf", 10, "2566/O2/chart.pdf"),
        (refs.EVIDENCE_URL, "https://example.go.th/e", 12, None),
        (refs.FIELD_FILE, "boss.png", 5, "2566/O2/boss.png"),
        (refs.BODY_FILE, "chart.pdf", 15, "2566/O2/chart.pdf"),
        (refs.BODY_FILE, "map a.png", 15, "2566/O2/map a.png"),
        (refs.BODY_PAGE, "../O5/index.md", 16, "2566/O5/index.md"),
        (refs.BODY_URL, "https://example.go.th/x", 16, None),
        (refs.BODY_FILE, "../O5/plan.pdf", 17, None),
    ]
    assert [r.image for r in result.references if r.kind == refs.BODY_FILE] == [False, True, False]
    outside = result.references[-1]
    assert outside.problem and outside.problem[0] == "path-outside-content"
    # the field's website is not a file or url key of the mini catalog's executives: not a reference
    assert "https://example.go.th/boss" not in [r.name for r in result.references]
    # the gate's external probe reads the same list: evidence, field and body addresses, each with its line
    probed = {(url, line) for url, code, _, line in external_links(report) if code in ("O2", "O3")}
    assert probed == {("https://example.go.th/e", 12), ("https://example.go.th/x", 16),
                      ("https://www.openstreetmap.org/", 6)}
    assert index.is_file()


def test_the_guard_returns_its_decisions_and_leaves_the_loaded_content_alone(tree: Tree, tmp_path):
    person = "1103700123458"  # a valid national ID (check digit 8)
    tree.item("O1", f"evidence:\n  - title: ผัง {person}\n    file: chart.pdf\n  - title: รายชื่อ\n    file: staff.pdf\n",
              body=f"ติดต่อ {person}\n", files={"chart.pdf": "pdf"})
    (tree.year_dir / "O1" / "staff.pdf").write_bytes(make_pdf([f"บัตร {person}"], "staff"))
    site = load_site(tree.content)
    year = load_year(site, 2566)
    report = evaluate(site, year, load_catalog(year.framework, site.root), BEDate(2566, 1, 15), file_cache(site.root))
    shown = next(r for r in report.items if r.code == "O1").content
    assert shown is not None and person not in shown.body and person not in shown.evidence[0].title
    assert "2566/O1/staff.pdf" not in report.published and "2566/O1/chart.pdf" in report.published
    # the guard changed nothing it was given: the loaded item still reads as written
    loaded = year.items["O1"]
    assert person in loaded.body and person in loaded.evidence[0].title and loaded.evidence[1].path is not None
    # and the build takes the guard's decisions as its input
    result = build_site(tree.content, tmp_path / "site")
    assert not (result.out / "2566" / "O1" / "staff.pdf").exists()
    page = (result.out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert person not in page and 'O1/staff.pdf"' not in page and 'O1/chart.pdf"' in page  # linked: only the safe one


def test_markdown_links_are_read_by_one_scanner():
    links = list(refs.markdown_links("a\n[x](a.pdf) ![y](b.png \"t\")\n\n[z](https://e.go.th)"))
    assert links == [refs.MarkdownLink("a.pdf", 1, False), refs.MarkdownLink("b.png", 1, True),
                     refs.MarkdownLink("https://e.go.th", 3, False)]
    assert [refs.is_relative(t) for t in ("a.pdf", "../O1/", "#x", "/a", "mailto:x", "C:/x")] == [
        True, True, False, False, False, False]
