"""`oit editor --serve`: edit on one machine. Decap's own local backend (decap-server, from npm,
writing into the folder that holds content/), the admin page and the live preview (`oit serve`),
all on 127.0.0.1 only. Nothing is committed: the officer's changes are files, for git as usual.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from .content import ConfigError, display_path
from .editor import PROJECT_DIR, backend_settings, editor_config, write_admin
from .localserver import serve_directory

DECAP_SERVER = PROJECT_DIR / "editor" / "node_modules" / "decap-server" / "dist" / "index.js"
WORKDIR = ".oit-editor"  # beside content/, git-ignored: the generated admin page
STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(f"decap-server stopped at start (exit status {process.returncode}); "
                              "run 'make editor-deps' and try again")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ConfigError(f"decap-server did not answer on 127.0.0.1:{port} within {STARTUP_SECONDS:g} s")


@contextmanager
def decap_server(repo_dir: Path, port: int, log=subprocess.DEVNULL):
    """decap-server in file-system mode: reads and writes files under `repo_dir`, loopback only."""
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.is_file():
        raise ConfigError("the local editor needs Node.js and decap-server: run 'make editor-deps' "
                          "(apt-get install nodejs npm, then npm ci in editor/)")
    env = {**os.environ, "MODE": "fs", "GIT_REPO_DIRECTORY": str(repo_dir), "BIND_HOST": "127.0.0.1",
           "PORT": str(port), "LOG_LEVEL": "warn"}
    process = subprocess.Popen([node, str(DECAP_SERVER)], env=env, stdout=log, stderr=log)
    try:
        _wait_for_port(port, process, time.monotonic() + STARTUP_SECONDS)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def local_editor(content_dir: Path, workdir: Path | None = None, log=subprocess.DEVNULL, only_year: int | None = None):
    """The admin page for `content_dir`, served on loopback with decap-server behind it; yields
    the admin page's URL. The repository root of the CMS is the folder that holds content/."""
    content_dir = Path(content_dir)
    root = content_dir.resolve().parent
    workdir = workdir or root / WORKDIR
    port = free_port()
    backend = backend_settings("local", local_url=f"http://127.0.0.1:{port}/api/v1")
    write_admin(workdir, editor_config(content_dir, backend, only_year=only_year))
    with decap_server(root, port, log), serve_directory(workdir, "127.0.0.1", 0) as url:
        yield f"{url}admin/"
