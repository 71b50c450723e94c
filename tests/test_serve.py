"""`oit serve` as a webmaster uses it: start it, open the page, edit content, see the change."""
import time
import urllib.request

from oitprocess import running_oit, wait_for


def test_serve_rebuilds_when_content_changes(demo_copy):
    """One edit gives one rebuild, not a loop, and Ctrl+C stops it (its stderr is read all along)."""
    with running_oit(["serve", "--content", demo_copy, "--port", "0"], demo_copy.parent, seconds=60) as run:
        base = run.address
        page = urllib.request.urlopen(base + "2566/O3/", timeout=5).read().decode("utf-8")
        assert "อำนาจหน้าที่" in page
        index = demo_copy / "2566" / "O3" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nข้อความใหม่สำหรับทดสอบการแสดงตัวอย่าง\n", encoding="utf-8")

        def updated():
            try:
                return "ข้อความใหม่สำหรับทดสอบการแสดงตัวอย่าง" in urllib.request.urlopen(base + "2566/O3/", timeout=5).read().decode("utf-8")
            except OSError:
                return False
        assert wait_for(updated, 30)
        time.sleep(3 * 1.0)  # three polls: nothing else changed, so no further rebuild
    assert run.stopped, f"oit serve did not stop on Ctrl+C: {run.lines[-3:]}"
    assert len(run.lines) <= 6, run.lines  # first build, address, one rebuild, stopped (and a notice or two)


def test_the_preview_watches_what_the_build_reads(tree):
    """Not only content/: a style or an override mkdocs.yml names, and the agency's own catalogs
    (the watcher looked at content/ and mkdocs.yml only, so such an edit showed no change)."""
    from generator.serve import snapshot
    (tree.base / "mkdocs.yml").write_text("site_name: x\nextra_css: [extra/agency.css]\ntheme:\n  name: material\n",
                                          encoding="utf-8")
    style = tree.base / "extra" / "agency.css"
    style.parent.mkdir()
    style.write_text("h1 { color: red }\n", encoding="utf-8")
    before = snapshot(tree.content)
    style.write_text("h1 { color: navy }\n", encoding="utf-8")
    after_style = snapshot(tree.content)
    assert after_style != before
    catalog = tree.base / "oit_items" / "mini.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_catalog = snapshot(tree.content)
    assert after_catalog != after_style
    (tree.content / ".oit-notes").mkdir()  # a hidden folder is never published: no rebuild
    (tree.content / ".oit-notes" / "x.txt").write_text("x", encoding="utf-8")
    assert snapshot(tree.content) == after_catalog
