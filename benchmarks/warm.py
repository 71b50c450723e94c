"""One-item rebuilds in a warm process, as `oit serve` and the editor's preview make them.

    python benchmarks/warm.py CONTENT OUT RUNS

Builds the preview of CONTENT into OUT once (not timed), then RUNS times appends a line to one
item's index.md and times what `oit serve` does until the site shows it: the system's report of
the change (watch.py; a look at every file's stat in versions without it) and the rebuild;
prints the seconds of each run as a JSON list. The `oit` on PYTHONPATH is the one timed: a version
without generator/incremental.py rebuilt with build_site, as its `oit serve` did.
"""
from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path


def main() -> None:
    content, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    try:
        from generator.incremental import Preview
        preview = Preview(content, out)
        rebuild = preview.rebuild
    except ImportError:  # before incremental.py
        from generator.build import build_site
        preview = None

        def rebuild(stats=None):
            return build_site(content, out, link_evidence=True)
    try:
        from generator.watch import Watch
        watch = Watch(content)
    except ImportError:  # before watch.py: rebuild looks at every file itself
        watch = None
    between = getattr(preview, "between_rebuilds", None)  # as oit serve does, untimed (not in older versions)
    if between:
        gc.disable()  # serve collects between rebuilds only
    rebuild(watch.current() if watch else None)
    item = content / "2566" / "O3" / "index.md"
    seconds = []
    for number in range(runs):
        if between:
            between()
        if watch:
            watch.wait(0.5)  # the reports of the last rebuild's own writes, if any, are taken first
            watch.current()
        start = time.perf_counter()
        with open(item, "a", encoding="utf-8") as handle:
            handle.write(f"\nแก้ไขในหน้าตัวอย่างครั้งที่ {number}\n")
        if watch:
            watch.wait(5)
        rebuild(watch.current() if watch else None)
        seconds.append(time.perf_counter() - start)
    if watch:
        watch.close()
    print(json.dumps(seconds))


if __name__ == "__main__":
    main()
