"""How findings show a path: relative to the folder that holds content/ (usually the repository),
so a report is the same text whichever directory `oit` is run from."""
from __future__ import annotations

import os
from pathlib import Path



_display_root: str | None = None  # the folder that holds content/, set by load_site


def set_display_root(content_dir: Path) -> None:
    """Show paths relative to the folder that holds `content_dir` (usually the repository), so a
    report is the same text whichever directory `oit` is run from."""
    global _display_root
    _display_root = os.path.dirname(os.path.abspath(content_dir))


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the folder that holds content/ (before a content
    tree is loaded: to the working directory)."""
    try:
        return os.path.relpath(os.path.abspath(path), _display_root or os.getcwd())
    except ValueError:
        return str(path)
