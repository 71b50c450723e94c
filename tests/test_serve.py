"""`oit serve` as a webmaster uses it: start it, open the page, edit content, see the change."""
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from pathlib import Path



def _wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_serve_rebuilds_when_content_changes(demo_copy):
    """Its stderr is read all along (a pipe nobody reads fills up and blocks the server's next
    line, 'stopped' included), and one edit gives one rebuild, not a loop."""
    import threading
    oit = Path(sys.executable).parent / "oit"
    # its own process group, stopped as a terminal's Ctrl+C stops it: SIGINT to the whole group
    process = subprocess.Popen([str(oit), "serve", "--content", str(demo_copy), "--port", "0"],
                               stderr=subprocess.PIPE, text=True, cwd=demo_copy.parent, start_new_session=True,
                               # as from a terminal: earlier tests' worker pools leave SIGINT ignored in this
                               # process, and a child would inherit that and never see Ctrl+C
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        def url():
            match = re.search(r"(http://127\.0\.0\.1:\d+/)", "".join(lines))
            return match and match.group(1)
        base = _wait_for(url, 60)
        assert base, lines
        page = urllib.request.urlopen(base + "2566/O3/", timeout=5).read().decode("utf-8")
        assert "อำนาจหน้าที่" in page
        index = demo_copy / "2566" / "O3" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nข้อความใหม่สำหรับทดสอบการแสดงตัวอย่าง\n", encoding="utf-8")

        def updated():
            try:
                return "ข้อความใหม่สำหรับทดสอบการแสดงตัวอย่าง" in urllib.request.urlopen(base + "2566/O3/", timeout=5).read().decode("utf-8")
            except OSError:
                return False
        assert _wait_for(updated, 30)
        time.sleep(3 * 1.0)  # three polls: nothing else changed, so no further rebuild
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            pytest.fail(f"oit serve did not stop within 30 s of Ctrl+C: {lines[-3:]}")
        reader.join(timeout=10)
    assert len(lines) <= 6, lines  # first build, address, one rebuild, stopped (and a notice or two)


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
