"""`oit serve`: live preview for webmasters. Builds, serves on loopback, rebuilds on change (the
loop is commands.serve), in one warm process: a change rebuilds what it affects (incremental.py)."""
from __future__ import annotations

import time
from pathlib import Path

from .outdir import check_own_dir
from .catalog import CatalogError
from .errors import ConfigError
from .engine import EngineError
from .i18n import _
from .incremental import Preview, snapshot as _snapshot

POLL_SECONDS = 1.0
PREVIEW = ".oit-preview"  # beside content/, git-ignored


def snapshot(content_dir: Path) -> dict[str, str]:
    """Size and modification time of every file that can change the site (build.input_state):
    content, catalogs, the agency's mkdocs.yml and the overrides and styles it names."""
    return _snapshot(content_dir)


def preview_dir(out: Path, content_dir: Path) -> None:
    """Refuse a preview folder that is not ours: it is served as it is when a build fails, so a
    link (to / say) or someone else's folder there would be published on the preview port."""
    check_own_dir(out, content_dir)


def rebuild(preview: Preview, stats: dict | None = None) -> str:
    """Bring the preview up to date (`stats`: the snapshot that showed a change); the line to show.
    A failed build keeps the last good site served (the webmaster is in the middle of an edit), so
    its error is a line, not a stop."""
    started = time.perf_counter()
    try:
        result = preview.rebuild(stats)  # a private preview: evidence linked
    except (ConfigError, CatalogError, EngineError, OSError) as err:  # CatalogError: year.yml names no catalog
        return _("oit serve: build failed, still showing the previous version: {error}").format(error=err)
    errors = sum(r.summary()["errors"] for r in result.reports)
    return _("oit serve: rebuilt in {seconds}s ({errors} error findings; run oit validate for details)").format(
        seconds=f"{time.perf_counter() - started:.1f}", errors=errors)
