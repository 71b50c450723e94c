"""Reading a content tree's git history (the face's "updated" dates, `oit status --history`)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git_output(args: list, cwd: Path, binary: bool = False):
    """git's output, or None when git is missing or fails (not a repository, no such path).
    GIT_OPTIONAL_LOCKS=0: reading must never take the index lock of a working tree in use."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")
