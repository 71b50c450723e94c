"""`oit serve` and `oit editor --serve` run as a webmaster runs them: a process of its own, its
stderr read all along (a pipe nobody reads fills up and blocks the server), stopped with Ctrl+C."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def wait_for(predicate, seconds: float):
    """The first true value of `predicate()` within `seconds` (polled), else None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


@dataclass
class Running:
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)  # its stderr so far
    address: str | None = None  # what it printed matching `ready`
    stopped: bool = False  # it ended within the wait after Ctrl+C

    def said(self, text: str) -> bool:
        return text in "".join(self.lines)


@contextmanager
def running_oit(args: list, cwd: Path, ready: str = r"(http://127\.0\.0\.1:\d+/\S*)", seconds: float = 120,
                stop_seconds: float = 60):
    """`oit ARGS` in its own session, as from a terminal (earlier tests' worker pools leave SIGINT
    ignored in pytest, and a child would inherit that and never see Ctrl+C); waits until stderr
    matches `ready`, and at the end sends Ctrl+C to its process group (its workers included)."""
    oit = Path(sys.executable).parent / "oit"
    process = subprocess.Popen([str(oit), *map(str, args)], stderr=subprocess.PIPE, text=True, cwd=cwd,
                               start_new_session=True, env={**os.environ, "OIT_LANG": "en"},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    run = Running(process)
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: run.lines.extend(iter(process.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        found = wait_for(lambda: re.search(ready, "".join(run.lines)), seconds)
        assert found, run.lines
        run.address = found.group(1) if found.groups() else found.group(0)
        yield run
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=stop_seconds)
            run.stopped = True
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        reader.join(timeout=10)
