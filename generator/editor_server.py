"""`oit editor --serve`: edit on one machine. The admin page, its local backend (Decap's proxy
protocol, editor_backend.py: files under content/ only) and the live preview (`oit serve`), all
on 127.0.0.1 only, in this one process. Nothing is committed: the officer's changes are files,
for git as usual.

Only this session's admin page may use the backend: the server answers only its own Host (a web
page cannot re-point a name of its own here), a POST only from its own Origin, and the backend's
URL holds a secret drawn at start that only the config.yml this server answers (to its own pages)
holds; it is written to no file. decap-server, which answered any page of 127.0.0.1 or localhost
on any port and wrote any file of the repository, is not run.

The admin page's own server also answers FINDINGS_PATH: each item's status and findings from
`oit validate` (the same validation, the same messages), which the page shows beside the form
and in the item list.
"""
from __future__ import annotations

import fcntl
import hmac
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path

from .build import lock_path, manifest_path
from .display import display_path
from .editor import FINDINGS_PATH, backend_settings, editor_config, served_config, write_admin
from .editor_backend import ContentFiles, Refused, answer
from .errors import ConfigError
from .i18n import _, th
from .localserver import serve_directory
from .report import SEVERITY, STATUS_TH
from .serve import PREVIEW
from .thai import parse_be_year
from .validate import validate

WORKDIR = ".oit-editor"  # beside content/, git-ignored: the generated admin page
_VALIDATING = threading.Lock()  # one validation at a time: the page may ask twice at once


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
def one_editor(workdir: Path, content_dir: Path):
    """One `oit editor --serve` per content folder: a second would rewrite the first one's admin
    page under it. The lock is a file beside the folder, released when this process ends, however."""
    lock = lock_path(workdir)
    try:
        handle = open(lock, "a+b")
    except OSError as err:
        raise ConfigError(_("cannot create {file}: {reason}; the editor needs to write beside {content}").format(
            file=display_path(lock), reason=err.strerror, content=display_path(content_dir))) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(_("another oit editor --serve is already running for {content}; use the address "
                                "it printed, or stop it (Ctrl+C) before starting a new one").format(
                content=display_path(content_dir))) from None
        yield


def backend_call(files: ContentFiles, api_path: str, path: str, body: object) -> tuple[int, object]:
    """One request of the admin page to the backend: refused unless its URL holds this session's secret."""
    if not hmac.compare_digest(path.encode("utf-8", "replace"), api_path.encode("utf-8")):
        return 403, {"error": _("Only the editor's own page may ask")}
    try:
        return 200, answer(files, body)
    except Refused as refused:
        return refused.status, {"error": str(refused)}
    except OSError as err:
        return 500, {"error": _("cannot save or read {file}: {reason}").format(
            file=display_path(Path(err.filename)) if err.filename else "?", reason=err.strerror)}


@contextmanager
def local_editor(content_dir: Path, workdir: Path | None = None, only_year: int | None = None,
                 preview_url: str | None = None):
    """The admin page for `content_dir` and its backend, served on loopback; yields the admin
    page's URL. `preview_url`: where the live preview (`oit serve`) shows the site, for the
    preview pane."""
    content_dir = Path(content_dir)
    root = content_dir.resolve().parent
    workdir = workdir or root / WORKDIR
    with one_editor(workdir, content_dir):
        api_path = f"/api/{secrets.token_urlsafe(32)}"
        config = editor_config(content_dir, backend_settings("proxy", local_url=api_path), only_year=only_year,
                               site_url=preview_url)
        write_admin(workdir, config, content_dir, findings=True, own=workdir, config_file=False)
        files = ContentFiles(content_dir)
        endpoints = {f"/admin/{FINDINGS_PATH}": lambda query: year_findings(content_dir, query),
                     "/admin/config.yml": served_config(config).encode("utf-8")}
        with serve_directory(workdir, "127.0.0.1", 0, extra=endpoints, private=True,
                             post=lambda path, body: backend_call(files, api_path, path, body)) as url:
            yield f"{url}admin/"
