"""`make bench` (second part): `oit portal build` on synthetic agencies, cold and with one agency
changed, with 1, 2 and all local workers, and the cost per agency.

    python -m benchmarks.portal [--agencies 50] [--years 3] [--files 2] [--runs 1]

Each agency is benchmarks.synth's tree (43 items a year, `files` evidence PDFs an item). Cold: no
previous site and no file cache. One changed: one item of one agency edited, the others as they
were. No change: nothing edited (the portal then sends nothing to a worker). The 1-worker run is
the baseline of the speed-up, measured in the same invocation.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.run import BIN, median_of, timed
from benchmarks.synth import write_tree


def write_portal(work: Path, agencies: int, years: int, files: int) -> Path:
    lines = ["name: พอร์ทัลทดสอบประสิทธิภาพ", "base_url: https://portal.example.go.th/", "agencies:"]
    for number in range(1, agencies + 1):
        slug = f"agency-{number:03d}"
        write_tree(work / "agencies" / slug, years, files, name=f"หน่วยงานทดสอบที่ {number}")
        lines += [f"  - slug: {slug}", f"    path: agencies/{slug}"]
    portal = work / "portal.yml"
    portal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return portal


def measure(portal: Path, workers: int, runs: int, agencies: int) -> dict:
    oit, work = str(BIN / "oit"), portal.parent
    fresh = iter(range(10**6))
    outs: list = []

    def cold():
        for cache in (work / "agencies").glob("*/.oit-cache"):
            shutil.rmtree(cache)
        outs.append(f"www-{workers}-{next(fresh)}")  # never-used output (see run.fresh_dir)
        return timed([oit, "portal", "build", str(portal), "--out", outs[-1], "--workers", str(workers)], work)
    row = {"workers": workers}
    row["cold"], row["peak MB"] = median_of(runs, cold)
    out = outs[-1]
    item = work / "agencies" / "agency-001" / "content" / "2566" / "O3" / "index.md"
    counter = iter(range(10**6))

    def one_changed():
        with open(item, "a", encoding="utf-8") as handle:
            handle.write(f"\nแก้ไขครั้งที่ {workers}-{next(counter)}\n")
        return timed([oit, "portal", "build", str(portal), "--out", out, "--workers", str(workers)], work)
    row["one agency changed"], _ = median_of(runs, one_changed)
    row["no change"], _ = median_of(runs + 2, lambda: timed(
        [oit, "portal", "build", str(portal), "--out", out, "--workers", str(workers)], work))
    row["cold per agency"] = row["cold"] / agencies
    return row


COLUMNS = ["workers", "cold", "cold per agency", "one agency changed", "no change", "peak MB"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    counts = sorted({1, 2, cores})
    rows = []
    with tempfile.TemporaryDirectory(prefix="oit-bench-portal-") as work:
        print(f"writing {args.agencies} agencies × {args.years} years …", file=sys.stderr, flush=True)
        portal = write_portal(Path(work), args.agencies, args.years, args.files)
        for workers in counts:
            print(f"measuring {workers} worker(s) …", file=sys.stderr, flush=True)
            rows.append(measure(portal, workers, args.runs, args.agencies))
    print(f"\noit portal build: {args.agencies} agencies × {args.years} years × 43 items × {args.files} PDFs; "
          f"medians in seconds over {args.runs} run(s) ({args.runs + 2} for no change); {cores} cores\n")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]) for c in COLUMNS) + " |")
    print()
    base = rows[0]
    for row in rows[1:]:
        print(f"{row['workers']} workers: cold speed-up ×{base['cold'] / row['cold']:.2f} over 1 worker")
    best = min(rows, key=lambda r: r["cold"])
    quiet = min(row["no change"] for row in rows)
    print(f"projection for 7,850 agencies like these on one such machine ({best['workers']} workers, linear in the "
          f"number of agencies): cold {best['cold per agency'] * 7850 / 3600:.1f} h; one agency changed: as above; "
          f"nothing changed ~{quiet / args.agencies * 7850:.0f} s (checked in the main process, no worker)")


if __name__ == "__main__":
    main()
