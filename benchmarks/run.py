"""`make bench`: medians of `oit build` (cold, nothing changed, one item changed), of `oit serve`'s
rebuild after one item changed (in its warm process, benchmarks/warm.py) and of `oit check`
on synthetic trees of growing size, with the plain mkdocs-material build of the same pages and
files measured in the same run (this machine is noisy), and the ratio of the cold build to it.

    python -m benchmarks.run [--sizes 1,2,4] [--runs 3] [--unit-years 5] [--files 20] [--before DIR] [--only-serve]

Size N× is N × unit-years years of 43 items (44 pages a year and the home page) with `files`
evidence PDFs each, every PDF a different document; the defaults give 221 / 441 / 881 pages.
`--before DIR` times another source checkout too (e.g. `git worktree add /tmp/base main`), the
two versions taking turns on the same trees: before and after, measured alike.
"""
from __future__ import annotations

import argparse
import json
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


def timed(command: list, cwd: Path, limit: float | None = None, env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the largest process of the command) of one run.

    A run stopped at `limit` seconds counts as `limit` (the table then shows a lower bound).
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
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


class Program:
    """One version of oit to time: this checkout's `oit`, or (--before DIR) the source checkout of
    another version run with this environment's packages, so both are timed on the same trees in
    the same run (this machine is too noisy to compare runs made apart)."""

    def __init__(self, name: str, source: Path | None = None):
        self.name, self.source = name, source

    def command(self, *args) -> list:
        if self.source is None:
            return [str(BIN / "oit"), *args]
        return [sys.executable, "-m", "generator", *args]

    def env(self) -> dict | None:
        return None if self.source is None else {**os.environ, "PYTHONPATH": str(self.source)}


def round_robin(runs: int, programs: list, make_one) -> dict:
    """Per program, the median of `runs` runs of make_one(program), the programs taking turns,
    in the other order every other round: a run pays for the files the run before it deleted
    (fresh_dir), so no version should always follow the same one."""
    results: dict = {program.name: [] for program in programs}
    for number in range(runs):
        for program in programs if number % 2 == 0 else programs[::-1]:
            results[program.name].append(make_one(program))
    return {name: (statistics.median(r[0] for r in rs), max(r[1] for r in rs)) for name, rs in results.items()}


def measure(size: int, args, work: Path, programs: list) -> list:
    """One row per program: cold build, no-op rebuild, one-item rebuild and `oit check` on the
    same tree of `size`×, and the plain MkDocs build of the same pages and files (once per tree)."""
    years = size * args.unit_years
    tree = work / f"tree{size}"
    content = write_tree(tree, years, args.files)
    os.sync()  # the tree on disk before anything is timed: its writeback must not fall on the first version's runs
    files = sum(1 for p in content.rglob("*") if p.is_file())
    fresh = iter(range(10**6))
    sites: dict = {}
    rows = {p.name: {"version": p.name, "size": f"{size}×", "pages": years * 44 + 1, "files": files} for p in programs}
    if args.only_serve:
        for program in programs:
            rows[program.name]["serve one item"] = warm_rebuilds(program, content, tree / f".preview-{program.name}", args.runs)
        return list(rows.values())

    def run(program, *command):
        return timed(program.command(*command), tree, env=program.env())

    def cold(program):  # no previous site and no file cache: what CI does on a fresh clone
        shutil.rmtree(tree / ".oit-cache", ignore_errors=True)
        sites[program.name] = fresh_dir(tree, "site", next(fresh))
        return run(program, "build", "--out", str(sites[program.name]))

    for name, (seconds, peak) in round_robin(args.runs, programs, cold).items():
        rows[name]["build cold"], rows[name]["peak MB"] = seconds, peak
    for name, (seconds, _) in round_robin(args.runs, programs,
                                          lambda p: run(p, "build", "--out", str(sites[p.name]))).items():
        rows[name]["build no change"] = seconds
    item = content / "2566" / "O3" / "index.md"
    counter = iter(range(10**6))

    def one_item(program):  # one item's text edited, then the site that was built before is rebuilt
        with open(item, "a", encoding="utf-8") as handle:
            handle.write(f"\nแก้ไขครั้งที่ {next(counter)}\n")
        return run(program, "build", "--out", str(sites[program.name]))

    for name, (seconds, _) in round_robin(args.runs, programs, one_item).items():
        rows[name]["build one item"] = seconds
    for program in programs:  # `oit serve`'s rebuild after one edit, in its warm process (benchmarks/warm.py)
        rows[program.name]["serve one item"] = warm_rebuilds(program, content, tree / f".preview-{program.name}", args.runs)
    for name, (seconds, _) in round_robin(args.runs, programs, lambda p: run(p, "check", "--format", "json")).items():
        rows[name]["check"] = seconds

    project = baseline_docs(work / f"baseline{size}", content)
    baseline_site = []

    def baseline():
        baseline_site.append(fresh_dir(project, "site", next(fresh)))
        return timed([str(BIN / "mkdocs"), "build", "-q", "-d", str(baseline_site[-1])], project)
    mkdocs, _ = median_of(args.baseline_runs, baseline)
    linkchecker = None
    if size in args.linkchecker_sizes:
        try:
            linkchecker, _ = timed(
                [str(BIN / "linkchecker"), "--no-status", "-o", "none", (baseline_site[-1] / "index.html").as_uri()],
                project, limit=LINKCHECKER_LIMIT)
        except RuntimeError as err:
            print(f"  LinkChecker baseline failed: {err}", file=sys.stderr)
    for row in rows.values():
        row["baseline mkdocs"], row["baseline linkchecker"] = mkdocs, linkchecker
        row["cold / mkdocs"] = row["build cold"] / mkdocs
    return list(rows.values())


def warm_rebuilds(program, content: Path, out: Path, runs: int) -> float:
    """The median of `runs` one-item rebuilds in one warm process (after a first build, not timed)."""
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("warm.py")), str(content), str(out), str(runs)],
                          capture_output=True, text=True, env=program.env(), cwd=content.parent)
    if done.returncode != 0:
        raise RuntimeError(f"warm rebuilds failed: {done.stderr[-800:]}")
    return statistics.median(json.loads(done.stdout.splitlines()[-1]))


def fresh_dir(parent: Path, name: str, number: int) -> Path:
    """A never-used output directory. Builds are not preceded by deleting the previous output:
    this disk is ext4 without a journal, whose inode allocator skips every inode deleted in the
    last minute or more (`recently_deleted`, reading its inode table block each time), so after
    thousands of files are deleted, creating files costs ~10× more (0.64 ms against 0.05 ms a
    file, measured with a copy loop; perf shows the kernel in `recently_deleted`): that is the
    disk, not the build. Everything is deleted when the benchmark ends."""
    return parent / f"{name}-{number}"


COLUMNS = ["version", "size", "pages", "files", "build cold", "build no change", "build one item", "serve one item", "check",
           "baseline mkdocs", "cold / mkdocs", "baseline linkchecker", "peak MB"]


def print_table(rows: list) -> None:
    def cell(value):
        return f"{value:.2f}" if isinstance(value, float) else str(value if value is not None else "–")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(cell(row.get(c)) for c in COLUMNS) + " |")
    print()
    for version in dict.fromkeys(row["version"] for row in rows):
        mine = [row for row in rows if row["version"] == version]
        for previous, row in zip(mine, mine[1:]):
            growth = ", ".join(f"{c} ×{row[c] / previous[c]:.2f}" for c in COLUMNS[4:9] if row.get(c) and previous.get(c))
            print(f"{version} {previous['size']} → {row['size']}: {growth}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--unit-years", type=int, default=5)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--before", type=Path, default=None, metavar="DIR",
                        help="also time the oit-site source checkout in DIR (e.g. a git worktree of main), "
                             "taking turns with this one on the same trees")
    parser.add_argument("--linkchecker-sizes", default="",
                        help="sizes that also get a LinkChecker crawl of the plain MkDocs site (minutes on large trees)")
    parser.add_argument("--only-serve", action="store_true",
                        help="time only oit serve's one-item rebuild (no cold build, check or plain MkDocs)")
    args = parser.parse_args()
    args.linkchecker_sizes = {int(x) for x in args.linkchecker_sizes.split(",") if x}
    programs = [Program("this")] + ([Program("before", args.before.resolve())] if args.before else [])
    rows = []
    with tempfile.TemporaryDirectory(prefix="oit-bench-") as work:
        os.chmod(work, 0o755)  # LinkChecker, run as root, reads the site as 'nobody'
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"measuring {size}× ({size * args.unit_years} years) …", file=sys.stderr, flush=True)
            rows += measure(size, args, Path(work), programs)
    rows.sort(key=lambda row: row["version"] != "this")
    print(f"\nmedians in seconds over {args.runs} runs, versions taking turns; plain MkDocs over "
          f"{args.baseline_runs} run(s); {os.cpu_count()} cores\n")
    print_table(rows)


if __name__ == "__main__":
    main()
