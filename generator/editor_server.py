"""`oit editor --serve`: edit on one machine. Decap's own local backend (decap-server, from npm,
writing into the folder that holds content/), the admin page and the live preview (`oit serve`),
all on 127.0.0.1 only. Nothing is committed: the officer's changes are files, for git as usual.

The admin page's own server also answers FINDINGS_PATH: each item's status and findings from
`oit validate` (the same validation, the same messages), which the page shows beside the form
and in the item list; only to pages of that server (localserver: same origin).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .build import manifest_path
from .errors import ConfigError
from .editor import FINDINGS_PATH, backend_settings, editor_config, write_admin
from .i18n import th
from .localserver import serve_directory
from .report import SEVERITY, STATUS_TH
from .serve import PREVIEW
from .thai import parse_be_year
from .validate import validate
from .resources import PROJECT_DIR

DECAP_SERVER = PROJECT_DIR / "editor" / "node_modules" / "decap-server" / "dist" / "index.js"
WORKDIR = ".oit-editor"  # beside content/, git-ignored: the generated admin page
STARTUP_SECONDS = 30.0
_VALIDATING = threading.Lock()  # one validation at a time: the page may ask twice at once


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


def year_findings(content_dir: Path, query: dict) -> dict:
    """`oit validate --year Y` as the admin page shows it: per item its status and findings, in
    the language of the messages (Thai by default), and when the live preview was last built (the
    page reloads its preview once that changes). A mistake that stops validation (a broken
    site.yml in the middle of an edit) is the answer's `error`, never a failed request."""
    preview = manifest_path(content_dir.resolve().parent / PREVIEW)
    built = preview.stat().st_mtime_ns if preview.is_file() else None
    try:
        year = parse_be_year((query.get("year") or [""])[0], "year")
        with _VALIDATING:
            report = validate(content_dir, year)
    except (ConfigError, OSError, ValueError) as err:
        return {"error": str(err), "built": built}
    findings: dict = {}
    for finding in report.findings:
        findings.setdefault(finding.item, []).append(
            {**finding.to_json(), "severity_th": th(SEVERITY.get(finding.severity, finding.severity))})
    return {"year": year, "built": built, "site": findings.get(None, []),
            "items": {r.code: {"status": r.status, "status_th": STATUS_TH[r.status], "findings": findings.get(r.code, [])}
                      for r in report.items}}


@contextmanager
def local_editor(content_dir: Path, workdir: Path | None = None, log=subprocess.DEVNULL, only_year: int | None = None,
                 preview_url: str | None = None):
    """The admin page for `content_dir`, served on loopback with decap-server behind it; yields
    the admin page's URL. The repository root of the CMS is the folder that holds content/.
    `preview_url`: where the live preview (`oit serve`) shows the site, for the preview pane."""
    content_dir = Path(content_dir)
    root = content_dir.resolve().parent
    workdir = workdir or root / WORKDIR
    port = free_port()
    backend = backend_settings("local", local_url=f"http://127.0.0.1:{port}/api/v1")
    write_admin(workdir, editor_config(content_dir, backend, only_year=only_year, site_url=preview_url),
                findings=True)
    endpoint = {f"/admin/{FINDINGS_PATH}": lambda query: year_findings(content_dir, query)}
    with decap_server(root, port, log), serve_directory(workdir, "127.0.0.1", 0, extra=endpoint) as url:
        yield f"{url}admin/"
