"""Where the files shipped beside the code are: the catalogs, the engine-neutral templates, fonts
and logo, and the editor's page. One place, so a move is one change (pyproject.toml installs them)."""
from __future__ import annotations

from pathlib import Path

GENERATOR_DIR = Path(__file__).resolve().parent
PROJECT_DIR = GENERATOR_DIR.parent
CATALOG_DIR = PROJECT_DIR / "oit_items"  # the shipped catalogs
TEMPLATES = PROJECT_DIR / "site_templates"
PAGE_TEMPLATES = TEMPLATES / "pages"  # Jinja2 → Markdown pages (render.py)
PORTAL_TEMPLATES = TEMPLATES / "portal"
EDITOR_TEMPLATES = TEMPLATES / "editor"
FONTS = TEMPLATES / "assets" / "fonts"  # Sarabun, self-hosted (offline build)
DEFAULT_LOGO = TEMPLATES / "assets" / "logo.svg"  # a neutral emblem, not the theme's book icon
