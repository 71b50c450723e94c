"""What the engine is given: the agency's mkdocs.yml (or ours), the settings of one site, and
the key that changes whenever anything that shapes every page changes."""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..i18n import _
from ..resources import GENERATOR_DIR, TEMPLATES  # the engine-neutral page templates, fonts and logo

ENGINE = "mkdocs"
# What knows MkDocs + Material, and only that: the theme's overrides, its CSS, the default
# mkdocs.yml and the search shim. Swapping the engine replaces this folder and its modules.
THEME = Path(__file__).resolve().parent / "material"
THEME_CSS = THEME / "oit.css"
DEFAULT_CONFIG = THEME / "mkdocs.yml"  # when the agency has no mkdocs.yml beside content/


class EngineError(Exception):
    """The site engine failed; the message says why."""


@dataclass
class SiteSettings:
    """What every page of one site shares, as the engine needs it."""
    config_file: Path  # config_file_for(content_dir)
    site_name: str
    site_url: str
    nav: list[tuple[str, str]]  # (label, Markdown page) of the navigation, in order
    face: dict | None = None  # face.engine_face: logo, favicon, colour, footer
    cache_dir: Path | None = None  # where the engine may keep compiled templates; None: nowhere
    language: str = "th"

    @property
    def nav_pages(self) -> list[str]:
        return [page for _, page in self.nav]


def config_file_for(content_dir: Path) -> Path:
    """The agency's mkdocs.yml beside its content/, else the built-in default."""
    candidate = content_dir.resolve().parent / "mkdocs.yml"
    return candidate if candidate.is_file() else DEFAULT_CONFIG


def read_user_config(config_file: Path) -> dict:
    """The agency's mkdocs.yml read as MkDocs reads it (MkDocs loads the same file again for the
    build): its documented tags work (!ENV, !relative, Material's !!python/name: emoji
    functions) and INHERIT is followed. The file is the agency's own code, like its hooks."""
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    from ..texts import one_line
    loader = get_yaml_loader()
    loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))  # a path MkDocs resolves
    try:
        with open(config_file, "rb") as handle:
            user = yaml_load(handle, loader)
    except (OSError, MkDocsException, yaml.YAMLError, ValueError) as err:
        raise EngineError(_("{file}: cannot read site configuration: {error}").format(file=config_file, error=one_line(err))) from None
    if not isinstance(user, dict):
        raise EngineError(_("{file}: cannot read site configuration: it must be a mapping of key: value lines")
                          .format(file=config_file))
    return user


# what else decides how pages look or which files pass the checks
PACKAGES = ("mkdocs", "mkdocs-material", "pythainlp", "pypdf", "pillow", "markdown", "pymdown-extensions",
            "jinja2", "pyyaml", "nh3")


@functools.cache  # read once per process (a tenth of a second each; `oit portal` asks once per agency)
def package_versions() -> tuple:
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}=={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return tuple(versions)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its file names only: tags MkDocs resolves (!ENV, !!python/name:) are None."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def config_references(config_file: Path) -> list:
    """Files and folders mkdocs.yml names (theme.custom_dir, extra_css, extra_javascript, hooks,
    watch): a change to one of them changes the site."""
    try:
        config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    except (OSError, ValueError, yaml.YAMLError):
        return []  # the engine reports a configuration it cannot read
    if not isinstance(config, dict):
        return []
    theme = config.get("theme")
    names = [theme.get("custom_dir")] if isinstance(theme, dict) else []
    for key in ("extra_css", "extra_javascript", "hooks", "watch"):
        values = config.get(key)
        for value in values if isinstance(values, list) else []:
            names.append(value.get("path") if isinstance(value, dict) else value)
    base = Path(config_file).parent
    return sorted({base / name for name in names if isinstance(name, str) and name and "://" not in name})


def engine_key(settings: SiteSettings, references: Sequence[Path] = ()) -> str:
    """Changes whenever anything that shapes every page changes: config and the files it names
    (`references`, from config_references), theme, templates, nav, the agency's face (logo
    bytes, colour, footer), the generator's code and the packages that render or index the pages."""
    face = settings.face
    digest = hashlib.sha256()
    digest.update(json.dumps([ENGINE, settings.site_name, settings.site_url, settings.nav, face],
                             ensure_ascii=False, default=str).encode())
    for key in ("logo", "favicon"):
        if face and face.get(key):
            digest.update(Path(face[key]).read_bytes())
    config_file = settings.config_file
    digest.update(Path(config_file).read_bytes() if Path(config_file).is_file() else b"")
    for path in sorted(THEME.rglob("*")) + sorted((TEMPLATES / "assets").rglob("*")):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    digest.update("\n".join(package_versions()).encode())
    for root in references:
        for path in [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()):
            try:
                digest.update(path.as_posix().encode() + path.read_bytes())
            except OSError:
                continue
    for source in generator_sources():  # any change to the generator itself
        digest.update(source.relative_to(GENERATOR_DIR).as_posix().encode() + source.read_bytes())
    return digest.hexdigest()


def generator_sources() -> list[Path]:
    """Every .py of generator/, this package included."""
    return sorted(p for p in GENERATOR_DIR.rglob("*.py") if "__pycache__" not in p.parts)
