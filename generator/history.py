"""The git history of content/ for `oit status`: how many items were complete, week by week and
per unit, and when each monthly item's folder was last changed.

Each week's point is the content as committed at the end of that day, judged as of that day (an
item complete in January may be owed more by March). Commit dates are read in the committer's
own time zone. Without git, or outside a repository, there is no history: the report says so.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import tarfile
import tempfile
from pathlib import Path

from .content import load_site, load_year
from .display import set_display_root
from .gitcmd import git_output
from .status import History, Schedule, from_date, load_schedule, status_of, to_date
from .thai import BEDate
from .validate import evaluate, max_file_bytes

MAX_WEEKS = 60  # a fiscal year and a bit: older points say nothing to this year's committee
MONTH_DAYS = 31  # the longest month: how long a monthly item may rest before its next document


def repo_of(content_dir: Path) -> Path | None:
    top = git_output(["rev-parse", "--show-toplevel"], content_dir)
    return Path(top.strip()) if top else None


def _relative(path: Path, top: Path) -> str:
    return os.path.relpath(os.path.realpath(path), os.path.realpath(top))


def _commit_date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso.strip()[:10])  # %cI: the committer's local date


def commits(top: Path, relpath: str) -> list:
    """(date, sha) of the commits that changed `relpath`, oldest first."""
    out = git_output(["log", "--reverse", "--format=%H %cI", "--", relpath], top) or ""
    return [(_commit_date(line.split()[1]), line.split()[0]) for line in out.splitlines() if line.strip()]


def last_touched(top: Path, path: Path) -> BEDate | None:
    out = git_output(["log", "-1", "--format=%cI", "--", _relative(path, top)], top)
    return BEDate.from_ce(_commit_date(out)) if out and out.strip() else None


def mark_stale(status, content_dir: Path) -> None:
    """Set last_touched of monthly items and flag those not complete whose folder has not been
    changed for longer than a month and the schedule's monthly_days."""
    top = repo_of(content_dir)
    days = status.schedule.monthly_days
    if top is None or days is None:
        return
    for item in status.items:
        if item.monthly and item.folder is not None:
            item.last_touched = last_touched(top, item.folder)
            idle = (to_date(status.as_of) - to_date(item.last_touched)).days if item.last_touched else 0
            item.stale = item.state in ("overdue", "pending") and idle > MONTH_DAYS + days


def weekly_completion(content_dir: Path, status, max_weeks: int = MAX_WEEKS) -> History | None:
    """Complete items per week, agency and per unit of `status` (the current report), from the
    first commit of content/ (or the start of the fiscal year) to the as-of date; None without git."""
    top = repo_of(content_dir)
    log = commits(top, _relative(content_dir, top)) if top else []
    if top is None or not log:
        return None
    as_of = to_date(status.as_of)
    year_start = dt.date(status.year - 543 - 1, 10, 1)
    start = max(log[0][0], year_start)
    weeks = [as_of - dt.timedelta(days=7 * k) for k in range(max_weeks) if as_of - dt.timedelta(days=7 * k) >= start][::-1]
    history = History([from_date(w) for w in weeks], [], {g.unit.id: [] for g in status.units}, len(status.items))
    from .guard import file_cache
    cache = file_cache(load_site(content_dir).root)  # evidence is cached by content: each file is read once
    try:
        with tempfile.TemporaryDirectory(prefix="oit-history-") as tmp:
            snapshots: dict = {}
            for week in weeks:
                sha = next((s for d, s in reversed(log) if d <= week), None)
                if sha not in snapshots:
                    snapshots[sha] = _snapshot(top, sha, content_dir, Path(tmp) / str(len(snapshots)))
                _add_point(history, snapshots[sha], content_dir, status, from_date(week), cache)
    finally:
        set_display_root(content_dir)  # loading a snapshot moved it
    return history


def _snapshot(top: Path, sha: str | None, content_dir: Path, where: Path) -> Path | None:
    """content/ as committed in `sha`, extracted under `where`; None when it cannot be."""
    if sha is None:
        return None
    relpath = _relative(content_dir, top)
    data = git_output(["archive", "--format=tar", sha, "--", relpath], top, binary=True)
    if data is None:
        return None
    where.mkdir(parents=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(where, filter="data")  # refuses links out of the snapshot
    except (tarfile.TarError, OSError):
        return None  # that week counts nothing, as before the first commit
    return where / relpath


def _add_point(history: History, snapshot: Path | None, content_dir: Path, status, week: BEDate, cache) -> None:
    counts = _complete_by_unit(snapshot, content_dir, status, week, cache) if snapshot else {}
    history.agency.append(counts.pop(None, 0))
    for key, series in history.units.items():
        series.append(counts.get(key, 0))


def _complete_by_unit(snapshot: Path, content_dir: Path, status, week: BEDate, cache) -> dict:
    """{unit id: complete items, None: complete items of the agency} of one snapshot; a snapshot
    that cannot be loaded (no year folder yet, a broken site.yml) counts nothing."""
    from .catalog import CatalogError, load_catalog
    from .errors import ConfigError
    try:
        site = load_site(snapshot)
        year = load_year(site, status.year, max_file_bytes(site))
        catalog = load_catalog(year.framework, content_dir)  # the agency's catalogs as they are now
        report = evaluate(site, year, catalog, week, cache)
        try:
            schedule = load_schedule(year, catalog)
        except ConfigError:
            schedule = Schedule()
    except (ConfigError, CatalogError):
        return {}
    past = status_of(report, schedule)
    counts: dict[str | None, int] = {None: past.totals()["complete"]}  # unit id (None: the agency) → complete
    for group in past.units:
        counts[group.unit.id] = sum(item.state == "complete" for item in group.items)
    return counts
