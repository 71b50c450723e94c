"""One-item rebuilds in a warm process, as `oit serve` and the editor's preview make them.

    python benchmarks/warm.py CONTENT OUT RUNS

Builds the preview of CONTENT into OUT once (not timed), then RUNS times appends a line to one
item's index.md and times the rebuild (with the look at every file's stat that finds the change);
prints the seconds of each run as a JSON list. The `oit` on PYTHONPATH is the one timed: a version
without generator/incremental.py rebuilt with build_site, as its `oit serve` did.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    content, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    try:
        from generator.incremental import Preview
        rebuild = Preview(content, out).rebuild
    except ImportError:  # before incremental.py
        from generator.build import build_site

        def rebuild():
            return build_site(content, out, link_evidence=True)
    rebuild()
    item = content / "2566" / "O3" / "index.md"
    seconds = []
    for number in range(runs):
        with open(item, "a", encoding="utf-8") as handle:
            handle.write(f"\nแก้ไขในหน้าตัวอย่างครั้งที่ {number}\n")
        start = time.perf_counter()
        rebuild()
        seconds.append(time.perf_counter() - start)
    print(json.dumps(seconds))


if __name__ == "__main__":
    main()
