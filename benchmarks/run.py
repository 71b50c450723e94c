"""`make bench`: medians of oit validate/build/check on synthetic trees of growing size, with the
baselines (plain mkdocs-material build of the same pages and files, LinkChecker over the built
site) measured in the same run, because this machine is noisy.

    python -m benchmarks.run [--sizes 1,2,4] [--runs 3] [--unit-years 5] [--files 20]

Size N× is N × unit-years years of 43 items with `files` evidence PDFs each; the issue's
"large tree" (10 years × 43 items × 20 files) is 2× with the defaults.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.synth import write_tree

BIN = Path(sys.executable).parent
LINKCHECKER_LIMIT = 900  # seconds: the baseline LinkChecker is cut off (and reported as ">") past this


def timed(command: list, cwd: Path, limit: float | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the largest process of the command) of one run.

    A run stopped at `limit` seconds counts as `limit` (the table then shows a lower bound).
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = threading.Timer(limit, process.kill) if limit else None
    if timer:
        timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except KeyboardInterrupt:
        process.kill()
        raise
    finally:
        if timer:
            timer.cancel()
    elapsed = time.perf_counter() - start
    if limit and elapsed >= limit:
        return float(limit), usage.ru_maxrss / 1024
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read().decode(errors="replace")
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({process.returncode}): {err[-800:]}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(runs: int, make_one) -> tuple[float, float]:
    results = [make_one() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def baseline_docs(work: Path, content: Path) -> Path:
    """The same Markdown pages and evidence files as a plain MkDocs project, default Material config."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator.build import load_reports
    from generator.render import Renderer
    site, reports = load_reports(content)
    project = work / "baseline"
    docs = project / "docs"
    for path, text in Renderer(site).render_site(reports, site.default_year).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    for report in reports:
        for site_path, source in report.published.items():  # what the PDPA guard lets the site serve
            (docs / site_path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, docs / site_path)
    (project / "mkdocs.yml").write_text("site_name: Baseline\ntheme:\n  name: material\n", encoding="utf-8")
    return project


def measure(size: int, args, work: Path) -> dict:
    years = size * args.unit_years
    tree = work / f"tree{size}"
    content = write_tree(tree, years, args.files)
    oit = str(BIN / "oit")
    row = {"size": f"{size}×", "years": years, "pages": years * 44 + 1, "files": None}
    row["validate"], _ = median_of(args.runs + 2, lambda: timed([oit, "validate", "--format", "json"], tree))

    fresh = iter(range(10**6))
    built = []

    def cold(*extra):
        def run():  # no previous site and no file cache: what CI on a fresh clone does
            shutil.rmtree(tree / ".oit-cache", ignore_errors=True)
            built.append(fresh_dir(tree, "site", next(fresh)))
            return timed([oit, "build", "--out", str(built[-1]), *extra], tree)
        return run
    row["build cold --link"], _ = median_of(args.runs, cold("--link"))
    row["build cold"], row["peak MB"] = median_of(args.runs, cold())
    site = built[-1]  # the next builds start from the site of a cold copy-mode build
    row["files"] = sum(1 for p in content.rglob("*") if p.is_file())
    row["build no change"], _ = median_of(args.runs + 2, lambda: timed([oit, "build", "--out", str(site)], tree))
    item = content / "2566" / "O3" / "index.md"
    counter = iter(range(10**6))

    def one_item():
        with open(item, "a", encoding="utf-8") as handle:
            handle.write(f"\nแก้ไขครั้งที่ {next(counter)}\n")
        return timed([oit, "build", "--out", str(site)], tree)
    row["build one item"], _ = median_of(args.runs, one_item)
    row["check"], _ = median_of(args.runs, lambda: timed([oit, "check", "--format", "json"], tree))

    project = baseline_docs(work / f"baseline{size}", content)
    baseline_site = []

    def baseline():
        baseline_site.append(fresh_dir(project, "site", next(fresh)))
        return timed([str(BIN / "mkdocs"), "build", "-q", "-d", str(baseline_site[-1])], project)
    row["baseline mkdocs"], _ = median_of(args.baseline_runs, baseline)
    if size in args.linkchecker_sizes:
        try:
            row["baseline linkchecker"], _ = timed(
                [str(BIN / "linkchecker"), "--no-status", "-o", "none", (baseline_site[-1] / "index.html").as_uri()],
                project, limit=LINKCHECKER_LIMIT)
        except RuntimeError as err:
            print(f"  LinkChecker baseline failed: {err}", file=sys.stderr)
    return row


def fresh_dir(parent: Path, name: str, number: int) -> Path:
    """A never-used output directory. Builds are not preceded by deleting the previous output:
    this disk is mounted with `discard`, and for some 20 s after thousands of files are deleted,
    creating files costs ~10× more (0.64 ms against 0.05 ms a file, measured with a copy loop);
    that is the disk's trim, not the build. Everything is deleted when the benchmark ends."""
    return parent / f"{name}-{number}"


COLUMNS = ["size", "years", "pages", "files", "validate", "build cold", "build cold --link", "build no change",
           "build one item", "check", "baseline mkdocs", "baseline linkchecker", "peak MB"]


def print_table(rows: list) -> None:
    def cell(value):
        return f"{value:.2f}" if isinstance(value, float) else str(value if value is not None else "–")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(cell(row.get(c)) for c in COLUMNS) + " |")
    print()
    for row in rows:
        print(f"{row['size']}: build cold / baseline mkdocs = {row['build cold'] / row['baseline mkdocs']:.2f}"
              f" (--link: {row['build cold --link'] / row['baseline mkdocs']:.2f})"
              + (f"; check / baseline linkchecker = {row['check'] / row['baseline linkchecker']:.3f}"
                 if row.get("baseline linkchecker") else ""))
    for previous, row in zip(rows, rows[1:]):
        growth = ", ".join(f"{c} ×{row[c] / previous[c]:.2f}" for c in COLUMNS[4:] if row.get(c) and previous.get(c))
        print(f"{previous['size']} → {row['size']}: {growth}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--unit-years", type=int, default=5)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--linkchecker-sizes", default="1,2",
                        help="sizes that get the LinkChecker baseline (minutes on large trees); '' for none")
    args = parser.parse_args()
    args.linkchecker_sizes = {int(x) for x in args.linkchecker_sizes.split(",") if x}
    rows = []
    with tempfile.TemporaryDirectory(prefix="oit-bench-") as work:
        os.chmod(work, 0o755)  # LinkChecker, run as root, reads the site as 'nobody'
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"measuring {size}× ({size * args.unit_years} years) …", file=sys.stderr, flush=True)
            rows.append(measure(size, args, Path(work)))
    print(f"\nmedians in seconds over {args.runs} runs ({args.runs + 2} for validate and no-change builds); "
          f"baselines over {args.baseline_runs} run(s); {os.cpu_count()} cores\n")
    print_table(rows)


if __name__ == "__main__":
    main()
