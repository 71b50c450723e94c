"""The git history of content/ for `oit status`: how many items were complete, week by week and
per unit, and when each monthly item's folder was last changed.

Each week's point is the content as committed at the end of that day, judged as of that day (an
item complete in January may be owed more by March). One commit's content is extracted at a time
and removed before the next: the temporary space a report needs is one copy of content/. Commit dates are read in the committer's
own time zone. Without git, or outside a repository, there is no history: the report says so.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .content import load_site, load_year
from .display import set_display_root
from .errors import ConfigError
from .gitcmd import git_output
from .i18n import _
from .schedule import Schedule, load_schedule
from .status import History, from_date, status_of, to_date
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
        for (when, sha), its_weeks in _by_commit(weeks, log):
            with _snapshot(top, when, sha, content_dir) as snapshot:  # one at a time: removed before the next
                for week in its_weeks:
                    _add_point(history, snapshot, content_dir, status, from_date(week), cache)
    finally:
        set_display_root(content_dir)  # loading a snapshot moved it
    return history


def _by_commit(weeks: list, log: list) -> list:
    """[((date, sha) of the last commit on or before each week, [its weeks])], in order; the weeks
    of one commit are consecutive (the log and the weeks are both oldest first)."""
    groups: list = []
    for week in weeks:
        commit = next(((d, s) for d, s in reversed(log) if d <= week), (None, None))
        if groups and groups[-1][0] == commit:
            groups[-1][1].append(week)
        else:
            groups.append((commit, [week]))
    return groups


@contextmanager
def _snapshot(top: Path, when: dt.date | None, sha: str | None, content_dir: Path) -> Iterator[Path | None]:
    """content/ as committed in `sha`, extracted into a temporary folder removed on leaving; None
    before the first commit or when that commit has no content/ (nothing to count). A snapshot
    that cannot be extracted (disk full, a damaged repository) stops the report: a week counted as
    0 complete would be a false report to the committee."""
    relpath = _relative(content_dir, top)
    if sha is None or git_output(["cat-file", "-e", f"{sha}:{'' if relpath == '.' else relpath}"], top) is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="oit-history-") as tmp:
        try:
            _extract(top, sha, relpath, Path(tmp))
        except (OSError, tarfile.TarError) as err:
            from .errors import os_reason
            reason = (os_reason(err) if isinstance(err, OSError) else None) or str(err)
            assert when is not None
            raise ConfigError(_("the weekly history cannot be read: content/ as committed on {date} (commit {sha}) "
                                "could not be extracted ({reason}); no week is counted as 0 instead. Free disk space "
                                "in {folder} (or set TMPDIR to a larger folder) and run oit status again").format(
                                    date=BEDate.from_ce(when).iso(), sha=sha[:10], reason=reason,
                                    folder=tempfile.gettempdir())) from None
        yield Path(tmp) / relpath


def _extract(top: Path, sha: str, relpath: str, where: Path) -> None:
    """`git archive` of content/ streamed into `where`: never the whole archive in memory."""
    proc = subprocess.Popen(["git", "archive", "--format=tar", sha, "--", relpath], cwd=top, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    assert proc.stdout is not None and proc.stderr is not None
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            tar.extractall(where, filter="data")  # refuses links out of the snapshot
    finally:
        proc.stdout.close()  # git stops (a broken pipe) if the extraction stopped first
        error = proc.stderr.read().decode("utf-8", "replace").strip()
        proc.stderr.close()
        code = proc.wait()
    if code != 0:
        raise OSError(0, error.splitlines()[-1] if error else f"git archive: exit status {code}")


def _add_point(history: History, snapshot: Path | None, content_dir: Path, status, week: BEDate, cache) -> None:
    counts = _complete_by_unit(snapshot, content_dir, status, week, cache) if snapshot else {}
    history.agency.append(counts.pop(None, 0))
    for key, series in history.units.items():
        series.append(counts.get(key, 0))


def _complete_by_unit(snapshot: Path, content_dir: Path, status, week: BEDate, cache) -> dict:
    """{unit id: complete items, None: complete items of the agency} of one snapshot; a snapshot
    that cannot be loaded (no year folder yet, a broken site.yml) counts nothing."""
    from .catalog import CatalogError, load_catalog
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
