"""(Re)create the `oit status` example: a district office part-way through assessment year 2566.

    .venv/bin/python -m tools.make_example                 # examples/district-office/content, as of 2566-02-20
    .venv/bin/python -m tools.make_example --git /tmp/ex   # the same office as a git repository, one
                                                           # dated commit per week from October 2565

The office, สำนักงานพัฒนาชุมชนอำเภอตัวอย่าง, is fictional. Its five units were assigned the items in
October; most finished theirs by January, some are late, a few have not started, and the monthly
procurement summary (O21) lost a month. Answers and PDFs are the demo agency's (tools/make_demo.py);
what differs is who owns what, the schedule in year.yml, and how far each item got by each date.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from generator.catalog import load_catalog
from tools.make_demo import ADMIN, FINANCE, HR, INTEGRITY, IT, PROMOTION, STRATEGY, SUPPLY, write_year, year_2566

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "examples" / "district-office" / "content"
YEAR = 2566
AS_OF = dt.date(2023, 2, 20)  # 20 กุมภาพันธ์ 2566, in CE for date arithmetic
START = dt.date(2022, 10, 3)  # the committee's first meeting: 3 ตุลาคม 2565

SITE_YML = """\
# An office part-way through its year: the example of `oit status` (tools/make_example.py).
name: สำนักงานพัฒนาชุมชนอำเภอตัวอย่าง
name_en: Example District Community Development Office
base_url: https://oit.district.example.go.th/
default_year: 2566
# units: who answers which items (owner: in each index.md names a unit by id or name).
# Their contacts are for the ITA committee's report (oit status) and are never published.
units:
  - id: admin
    name: ฝ่ายบริหารทั่วไป
    contact: นางสาวสมศรี ตัวอย่าง
    phone: 0 7621 2001
  - id: plan
    name: ฝ่ายแผนงานและยุทธศาสตร์
    contact: นายวางแผน ทดลองดี
    phone: 0 7621 2002
  - id: supply
    name: งานพัสดุและการเงิน
    contact: นางพัสดุ ถูกต้อง
    email: supply@district.example.go.th
  - id: hr
    name: งานบุคคล
    contact: นายบุคคล ใจดี
    phone: 0 7621 2004
  - id: ita
    name: คณะทำงาน ITA
    contact: นางสาวโปร่งใส สุจริต
    email: ita@district.example.go.th
"""
SCHEDULE = """\
# schedule: the committee's internal deadlines (oit status). Dates in BE.
schedule:
  due: 2566-01-31            # every item, unless listed below
  items:
    O12: 2566-04-20          # the six-month report covers October to March
    O13: 2565-12-15
    O36: 2566-03-15
    O37: 2566-03-15
  monthly_days: 10           # O21: each month's summary within 10 days after the month ends
"""
UNIT_OF = {ADMIN: "admin", IT: "admin", STRATEGY: "plan", PROMOTION: "plan", SUPPLY: "supply", FINANCE: "supply",
           HR: "hr", INTEGRITY: "ita"}
NOT_STARTED = {"O16", "O24", "O36", "O41"}
LATE = {"O12": dt.date(2023, 3, 25), "O17": dt.date(2023, 2, 27), "O32": dt.date(2023, 3, 6),
        "O33": dt.date(2023, 3, 6), "O37": dt.date(2023, 3, 10)}
MONTHLY = "O21"
MISSED_MONTH = "2566-01"  # January's summary was never uploaded


def done_on(index: int, code: str) -> dt.date | None:
    """When an item's answer was complete: spread over October–January, or late, or never."""
    if code in NOT_STARTED:
        return None
    if code in LATE:
        return LATE[code]
    return START + dt.timedelta(days=7 * (index % 15) + 2)


def month_added(period: str) -> dt.date | None:
    """A monthly summary is uploaded eight days after its month ends; January's never was."""
    if period == MISSED_MONTH:
        return None
    year, month = int(period[:4]) - 543, int(period[5:])
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next + dt.timedelta(days=7)


def items_on(date: dt.date) -> dict:
    """Every item's answer as far as it got on `date`: owners are units, unfinished items have
    no evidence yet (items with structured fields were all done in the first weeks)."""
    catalog = load_catalog(f"nacc-{YEAR}")
    specs = year_2566()
    for index, item in enumerate(catalog.items):
        spec = specs[item.code]
        spec["owner"] = UNIT_OF[spec["owner"]]
        if item.code == MONTHLY:
            spec["evidence"] = [ev for ev in spec["evidence"]
                                if month_added(ev["period"]) is not None and month_added(ev["period"]) <= date]
        elif not item.fields and (done_on(index, item.code) is None or done_on(index, item.code) > date):
            spec["evidence"] = []
    return specs


def write_tree(out: Path, date: dt.date) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "site.yml").write_text(SITE_YML, encoding="utf-8")
    write_year(out, YEAR, f"nacc-{YEAR}", items_on(date), SCHEDULE)


def write_history(repo: Path) -> None:
    """`repo` as a git repository: content/ committed as it stood each Monday, START to AS_OF."""
    if repo.exists():
        raise SystemExit(f"make_example: {repo} exists; give a new directory")
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    date = START
    while date <= AS_OF:
        write_tree(repo / "content", date)
        git(repo, "add", "-A")
        stamp = f"{date.isoformat()}T16:00:00+07:00"
        git(repo, "commit", "-q", "--allow-empty", "-m", f"OIT answers as of {date.isoformat()}", stamp=stamp)
        date += dt.timedelta(days=7)


def git(repo: Path, *args, stamp: str = "") -> None:
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", "-c", "user.name=ITA secretariat", "-c", "user.email=ita@district.example.go.th",
                    *args], cwd=repo, env=env, check=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.make_example", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="content tree to (re)create")
    parser.add_argument("--git", type=Path, default=None, metavar="DIR",
                        help="instead: a new git repository DIR with DIR/content committed week by week")
    args = parser.parse_args(argv)
    if args.git:
        write_history(args.git)
        print(f"make_example: try: oit status --content {args.git}/content --as-of 2566-02-20 --html status.html",
              file=sys.stderr)
        return 0
    if args.out.exists() and not (args.out / "site.yml").is_file():
        raise SystemExit(f"make_example: {args.out} exists and is not a content tree; not touching it")
    write_tree(args.out, AS_OF)
    print(f"make_example: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
