"""The one door to the site engine (MkDocs 1.6 + Material for MkDocs).

Everything MkDocs-specific lives here: the rest of the generator hands over a directory of
Markdown pages and gets back a directory of HTML. Swapping in ProperDocs (a drop-in MkDocs 1.x
fork) or Zensical (reads mkdocs.yml) should only touch this module.
"""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import yaml

ENGINE = "mkdocs"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "site_templates"
DEFAULT_CONFIG = PROJECT_ROOT / "mkdocs.yml"
ASSET_DIR = "assets"  # inside the site, for our CSS and fonts
FIXED_EPOCH = "946684800"  # 2000-01-01: sitemap dates must not change between identical builds


class EngineError(Exception):
    """The site engine failed; the message says why."""


def config_file_for(content_dir: Path) -> Path:
    """The agency's mkdocs.yml beside its content/, else the project's own."""
    candidate = content_dir.resolve().parent / "mkdocs.yml"
    return candidate if candidate.is_file() else DEFAULT_CONFIG


def prepare_docs(docs_dir: Path) -> list[str]:
    """Copy the theme assets into the docs dir; returns the extra_css entries."""
    shutil.copytree(TEMPLATES / "assets", docs_dir / ASSET_DIR, dirs_exist_ok=True)
    return [f"{ASSET_DIR}/oit.css"]


def build_html(docs_dir: Path, site_dir: Path, *, config_file: Path, site_name: str, site_url: str,
               nav: list, language: str = "th") -> None:
    """Build `docs_dir` (Markdown) into `site_dir` (HTML) with MkDocs + Material."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    extra_css = prepare_docs(docs_dir)
    try:
        with open(config_file, encoding="utf-8") as handle:
            user = yaml.safe_load(handle) or {}
    except (OSError, yaml.YAMLError) as err:
        raise EngineError(f"{config_file}: cannot read site configuration: {err}") from None
    theme = dict(user.get("theme") or {"name": "material"})
    theme.setdefault("language", language)
    theme["font"] = False  # never Google Fonts
    theme["custom_dir"] = str(TEMPLATES / "overrides")
    overrides = {
        "docs_dir": str(docs_dir), "site_dir": str(site_dir), "site_name": site_name,
        "site_url": site_url, "nav": nav, "theme": theme,
        "extra_css": list(user.get("extra_css") or []) + extra_css,
        "use_directory_urls": True, "strict": False,
        # Links to evidence files are checked by `oit check`, which knows the content line.
        "validation": {"nav": {"omitted_files": "ignore", "not_found": "warn"},
                       "links": {"not_found": "ignore", "anchors": "ignore",
                                 "absolute_links": "ignore", "unrecognized_links": "ignore"}},
    }
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), **overrides)
        build(config)
    except MkDocsException as err:
        raise EngineError(f"site engine ({ENGINE}): {err}") from None
    except (OSError, yaml.YAMLError, ValueError) as err:
        raise EngineError(f"site engine ({ENGINE}) failed: {err}") from None
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
