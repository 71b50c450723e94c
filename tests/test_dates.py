"""The "updated" dates of a warm rebuild (face.dates_after) are those a cold build takes
(face.updated_dates and folder_dates), through edits, new and removed files, files dated
earlier, commits and files put back as committed, in a real git repository."""
from __future__ import annotations

import os
import subprocess

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.face import _mtimes, dates_after, folder_dates, git_head, updated_dates

FILES = ["2566/O1/index.md", "2566/O1/a.pdf", "2566/O2/b.pdf", "2567/O1/index.md", "2567/O1/c d.pdf", "site.yml"]
DAY = 86400 * 10**9
START = 1_700_000_000 * 10**9  # 2023-11-14

operations = st.lists(st.tuples(st.sampled_from(["write", "remove", "commit", "put back"]),
                                st.sampled_from(FILES), st.integers(0, 400)), min_size=1, max_size=8)


def git(folder, *args, day: int = 0, check: bool = True):
    stamp = f"@{(START + day * DAY) // 10**9} +0700"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.go.th", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.go.th"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=check, capture_output=True)


def write(content, path: str, day: int, text: str, step: int = 0) -> None:
    """`step` nanoseconds later in the day: every write is seen (a stat that stays the same is not a change to oit serve)."""
    file = content / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    os.utime(file, ns=(START + day * DAY + step, START + day * DAY + step))


def state(content) -> dict:
    return {path: ((content / path).stat().st_size, stamp) for path, stamp in _mtimes(content).items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_a_warm_rebuild_dates_files_and_folders_as_a_cold_build(tmp_path_factory, steps):
    content = tmp_path_factory.mktemp("content")
    git(content, "init", "-q")
    for number, path in enumerate(FILES):
        write(content, path, 200 + number, f"first {path}")
    git(content, "add", "-A")
    git(content, "commit", "-qm", "first", day=100)
    head = git_head(content)
    dates = updated_dates(content)
    latest = folder_dates(dates)
    for number, (operation, path, day) in enumerate(steps):
        before = state(content)
        if operation == "write":
            write(content, path, day, f"{path} {number}", step=number + 1)
        elif operation == "remove":
            (content / path).unlink(missing_ok=True)
        elif operation == "commit":
            git(content, "add", "-A")
            git(content, "commit", "-qm", f"step {number}", "--allow-empty", day=day)
        else:  # as committed (fails, changing nothing, when HEAD has no such file)
            git(content, "checkout", "HEAD", "--", path, check=False)
        after = state(content)  # what changed, as oit serve sees it: by size and modification time
        changed = {p: after[p][1] if p in after else None for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        dates, latest, head = dates_after(content, dates, latest, changed, head)
        fresh = updated_dates(content)
        assert dates == fresh
        assert latest == folder_dates(fresh)


def test_outside_git_the_files_own_dates_are_kept(tmp_path):
    write(tmp_path, "2566/O1/a.pdf", 10, "a")
    write(tmp_path, "2566/O2/b.pdf", 20, "b")
    dates = updated_dates(tmp_path)
    latest = folder_dates(dates)
    assert git_head(tmp_path) is None
    (tmp_path / "2566/O2/b.pdf").unlink()  # the latest file of the year and of the tree goes
    dates, latest, head = dates_after(tmp_path, dates, latest, {"2566/O2/b.pdf": None}, None)
    assert head is None and "2566/O2/b.pdf" not in dates
    assert latest == folder_dates(dates) and "2566/O2/" not in latest
