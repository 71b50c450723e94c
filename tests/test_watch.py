"""`oit serve` learns what changed from the system (watch.py), not from a look at every file: what
it keeps must always equal that look (incremental.snapshot), whatever the webmaster does."""
from __future__ import annotations

import os
import shutil
import time

from generator.incremental import snapshot
from generator.watch import Watch


def settled(watch: Watch, content, seconds: float = 10.0) -> bool:
    """True once the watch's snapshot equals a full look (events arrive within moments)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        watch.wait(0.2)
        if watch.current() == snapshot(content):
            return True
    return False


def test_the_watch_keeps_the_snapshot_a_full_look_would_take(tree):
    watch = Watch(tree.content)
    try:
        assert watch.observer is not None, "inotify is available on Linux: the watch must not fall back to polling"
        assert watch.current() == snapshot(tree.content)
        steps = []
        item = next(p for p in tree.content.rglob("index.md") if p.parent.parent.parent == tree.content)
        year = item.parent.parent

        steps.append(lambda: item.write_text(item.read_text(encoding="utf-8") + "\nแก้ไข\n", encoding="utf-8"))
        steps.append(lambda: (year / "O99").mkdir() or (year / "O99" / "index.md").write_text("x", encoding="utf-8"))
        steps.append(lambda: (year / "O99" / "a.pdf").write_bytes(b"%PDF-1.4\n"))
        steps.append(lambda: os.rename(year / "O99" / "a.pdf", year / "O99" / "b.pdf"))
        steps.append(lambda: shutil.rmtree(year / "O99"))
        steps.append(lambda: (tree.content / ".notes").mkdir() or (tree.content / ".notes" / "x.txt").write_text("x"))
        catalog = tree.base / "oit_items" / "mini.yml"
        steps.append(lambda: catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8"))
        style = tree.base / "extra" / "agency.css"

        def name_a_style():  # the configuration names a file the watch did not watch before
            style.parent.mkdir(exist_ok=True)
            style.write_text("h1 { color: red }\n", encoding="utf-8")
            (tree.base / "mkdocs.yml").write_text(
                "site_name: x\nextra_css: [extra/agency.css]\ntheme:\n  name: material\n", encoding="utf-8")
        steps.append(name_a_style)
        steps.append(lambda: style.write_text("h1 { color: navy }\n", encoding="utf-8"))
        for number, step in enumerate(steps):
            before = watch.current()
            step()
            assert settled(watch, tree.content), f"step {number}: the watch missed a change"
            if number != 5:  # a hidden folder is never read by a build
                assert watch.current() != before, f"step {number}: no change seen"
    finally:
        watch.close()
