"""The one door to the site engine (MkDocs 1.6 + Material for MkDocs).

Everything MkDocs-specific lives here: the rest of the generator hands over a directory of
Markdown pages and gets back a directory of HTML. Swapping in ProperDocs (a drop-in MkDocs 1.x
fork) or Zensical (reads mkdocs.yml) should only touch this module.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from . import plugin as mkdocs_hooks

ENGINE = "mkdocs"
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = PROJECT_ROOT / "site_templates"
DEFAULT_CONFIG = TEMPLATES / "mkdocs.yml"  # when the agency has no mkdocs.yml beside content/
ASSET_DIR = "assets"  # inside the site, for our CSS and fonts
FIXED_EPOCH = "946684800"  # 2000-01-01: sitemap dates must not change between identical builds


class EngineError(Exception):
    """The site engine failed; the message says why."""


def config_file_for(content_dir: Path) -> Path:
    """The agency's mkdocs.yml beside its content/, else the built-in default."""
    candidate = content_dir.resolve().parent / "mkdocs.yml"
    return candidate if candidate.is_file() else DEFAULT_CONFIG


def prepare_docs(docs_dir: Path, face: dict | None = None) -> list[str]:
    """Copy the theme assets (and the agency's logo, favicon and colours) into the docs dir;
    returns the extra_css entries."""
    shutil.copytree(TEMPLATES / "assets", docs_dir / ASSET_DIR, dirs_exist_ok=True)
    if not face:
        return [f"{ASSET_DIR}/oit.css"]
    for key in ("logo", "favicon"):
        shutil.copyfile(face[key], docs_dir / face_asset(face, key))
    (docs_dir / ASSET_DIR / "agency.css").write_text(agency_css(face["color"]), encoding="utf-8")
    return [f"{ASSET_DIR}/oit.css", f"{ASSET_DIR}/agency.css"]


def face_asset(face: dict, key: str) -> str:
    """Where the site publishes the agency's logo or favicon: 'assets/agency-logo.svg'."""
    return f"{ASSET_DIR}/agency-{key}{Path(face[key]).suffix.lower()}"


def _luminance(color: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(color[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def agency_css(color: str) -> str:
    """The agency's colour for the header and links; header text black when white would not
    reach 4.5:1 on it, links a darker shade when the colour itself is too light on white."""
    light = _luminance(color)
    on_color = "#ffffff" if 1.05 / (light + 0.05) >= 4.5 else "#000000"
    scale = 1.0
    while (1.05 / (_luminance(_shade(color, scale)) + 0.05)) < 4.5 and scale > 0.1:  # link text on white
        scale -= 0.05
    return (f":root, [data-md-color-scheme=default] {{ --md-primary-fg-color: {color}; "
            f"--md-primary-fg-color--light: {color}; --md-primary-fg-color--dark: {_shade(color, 0.8)}; "
            f"--md-primary-bg-color: {on_color}; --md-primary-bg-color--light: {on_color}; "
            f"--md-accent-fg-color: {_shade(color, scale * 0.8)}; "
            f"--md-typeset-a-color: {_shade(color, scale)}; --oit-agency-color: {color}; }}\n")


def _shade(color: str, scale: float) -> str:
    return "#" + "".join(f"{min(255, int(int(color[i:i + 2], 16) * scale)):02x}" for i in (1, 3, 5))


def _load_user_config(config_file: Path) -> dict:
    """The agency's mkdocs.yml read as MkDocs reads it (MkDocs loads the same file again for the
    build): its documented tags work (!ENV, !relative, Material's !!python/name: emoji
    functions) and INHERIT is followed. The file is the agency's own code, like its hooks."""
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    from ..content import one_line
    loader = get_yaml_loader()
    loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))  # a path MkDocs resolves
    try:
        with open(config_file, "rb") as handle:
            user = yaml_load(handle, loader)
    except (OSError, MkDocsException, yaml.YAMLError, ValueError) as err:
        raise EngineError(f"{config_file}: cannot read site configuration: {one_line(err)}") from None
    if not isinstance(user, dict):
        raise EngineError(f"{config_file}: cannot read site configuration: it must be a mapping of key: value lines")
    return user


# what else decides how pages look or which files pass the checks
PACKAGES = ("mkdocs", "mkdocs-material", "pythainlp", "pypdf", "pillow", "markdown", "pymdown-extensions",
            "jinja2", "pyyaml", "nh3")


def package_versions() -> list:
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}=={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return versions


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


def engine_key(config_file: Path, nav: list, site_name: str, site_url: str, face: dict | None = None,
               references: Sequence[Path] = ()) -> str:
    """Changes whenever anything that shapes every page changes: config and the files it names
    (`references`, from config_references), theme, templates, nav, the agency's face (logo
    bytes, colour, footer), the generator's code and the packages that render or index the pages."""
    digest = hashlib.sha256()
    digest.update(json.dumps([ENGINE, site_name, site_url, nav, face], ensure_ascii=False, default=str).encode())
    for key in ("logo", "favicon"):
        if face and face.get(key):
            digest.update(Path(face[key]).read_bytes())
    digest.update(Path(config_file).read_bytes() if Path(config_file).is_file() else b"")
    for path in sorted((TEMPLATES / "overrides").rglob("*")) + sorted((TEMPLATES / "assets").rglob("*")):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    digest.update("\n".join(package_versions()).encode())
    for root in references:
        for path in [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()):
            try:
                digest.update(path.as_posix().encode() + path.read_bytes())
            except OSError:
                continue
    for source in sorted(Path(__file__).parent.parent.glob("*.py")):  # any change to the generator itself
        digest.update(source.read_bytes())
    return digest.hexdigest()


def build_html(docs_dir: Path, site_dir: Path, *, config_file: Path, site_name: str, site_url: str,
               nav: list, language: str = "th", cache_dir: Path | None = None, link_only: Sequence[str] = (),
               face: dict | None = None) -> None:
    """Build `docs_dir` (Markdown) into `site_dir` (HTML) with MkDocs + Material.

    The pages named in `nav` must be in `docs_dir`; any other page may be missing, so a caller
    can rebuild only the pages that changed: a page's HTML depends on its own Markdown and
    on the configuration and nav, not on which other pages are built with it, provided the
    pages it may link to and that are not in `docs_dir` are named in `link_only`.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    extra_css = prepare_docs(docs_dir, face)
    user = _load_user_config(config_file)
    theme = dict(user.get("theme") or {"name": "material"})
    theme.setdefault("language", language)
    extra = dict(user.get("extra") or {})
    if face:  # an agency's own mkdocs.yml may still name other files
        theme.setdefault("logo", face_asset(face, "logo"))
        theme.setdefault("favicon", face_asset(face, "favicon"))
        extra["oit"] = face["footer"]  # site_templates/overrides/partials/copyright.html
        extra.setdefault("generator", False)  # no "Made with Material for MkDocs": the agency's footer
    theme["font"] = False  # never Google Fonts
    theme["custom_dir"] = str(TEMPLATES / "overrides")
    overrides: dict[str, Any] = {  # MkDocs settings by key, over the agency's mkdocs.yml
        "docs_dir": str(docs_dir), "site_dir": str(site_dir), "site_name": site_name,
        "site_url": site_url, "nav": nav, "theme": theme,
        "extra_css": list(user.get("extra_css") or []) + extra_css, "extra": extra,
        "use_directory_urls": True, "strict": False,
        "hooks": list(user.get("hooks") or []) + [mkdocs_hooks.__file__],
        # Links to evidence files are checked by `oit check`, which knows the content line.
        "validation": {"nav": {"omitted_files": "ignore", "not_found": "warn"},
                       "links": {"not_found": "ignore", "anchors": "ignore",
                                 "absolute_links": "ignore", "unrecognized_links": "ignore"}},
    }
    settings = {"SOURCE_DATE_EPOCH": FIXED_EPOCH,
                mkdocs_hooks.CACHE_ENV: str(cache_dir / "jinja") if cache_dir is not None else None,
                mkdocs_hooks.LINK_ONLY_ENV: "\n".join(link_only)}
    saved = {name: os.environ.get(name) for name in settings}
    _set_environ(settings)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), **overrides)
        build(config)
    except MkDocsException as err:
        raise EngineError(f"site engine ({ENGINE}): {err}") from None
    except (OSError, yaml.YAMLError, ValueError) as err:
        raise EngineError(f"site engine ({ENGINE}) failed: {err}") from None
    finally:
        _set_environ(saved)


def _set_environ(values: dict) -> None:
    """Set (or, for None, remove) environment variables the engine reads during one build."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


SEARCH_INDEX = "search/search_index.json"  # Material's built-in search: one file for the whole site


def page_url(md_path: str) -> str:
    """The URL path the engine gives a page: '2566/O1/index.md' → '2566/O1/'."""
    return md_path[: -len("index.md")] if md_path.endswith("index.md") else md_path[:-3] + "/"


def merge_site_wide(previous_site: Path | None, built_site: Path, rebuilt: list) -> None:
    """Make the whole-site files of a partial build cover every page.

    Material's search index lists only the pages built in a run: entries of the rebuilt pages
    replace theirs in the previous index. Entries are sorted by location in every build, so
    a partial build gives the same bytes as a whole one.
    """
    index_file = built_site / SEARCH_INDEX
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = index["docs"]
    if previous_site is not None and (previous_site / SEARCH_INDEX).is_file():
        rebuilt_urls = {page_url(p) for p in rebuilt}
        old = json.loads((previous_site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
        # a rebuilt page whose text did not change keeps its entry as post-processed before
        # (search.py segments Thai words with U+200B): no need to segment it again
        previous = {d["location"]: d for d in old}
        docs = [previous[d["location"]] if _same_entry(d, previous.get(d["location"])) else d for d in docs]
        docs = [d for d in old if d["location"].split("#")[0] not in rebuilt_urls] + docs
    by_location = {d["location"]: d for d in docs}
    index["docs"] = [by_location[k] for k in sorted(by_location)]
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _same_entry(new: dict, old: dict | None) -> bool:
    if old is None:
        return False
    return all(str(new.get(k, "")) == str(old.get(k, "")).replace("\u200b", "") for k in ("title", "text"))


PARALLEL_MIN_PAGES = 100  # per process: below this, one more costs more (~0.35 s to set up) than it saves


def build_pages(pages: dict, site_dir: Path, *, nav_pages: list, site_pages: Iterable[str] = (),
                workers: int | None = None, meanwhile=None, **options) -> None:
    """Build Markdown `pages` ({path: text}) into `site_dir`, split over processes when it pays.

    Every part gets the nav pages (they are few) so its pages render exactly as in a whole build,
    and the names of all other pages of the site (`site_pages`: those of earlier builds too)
    so that links to them resolve.
    `meanwhile`, if given, is called in this process while the workers render (it must not
    touch `site_dir`): the caller's own file work then costs no extra time, and takes a core.
    On 2 cores that leaves one engine process, which measured faster than two up to at least
    881 pages with 18,000 evidence files (two pay the set-up twice and compete with the caller).
    """
    cores = os.cpu_count() or 1
    spare = max(1, cores - 1) if meanwhile else cores
    workers = max(1, min(workers or spare, len(pages) // PARALLEL_MIN_PAGES or 1))
    others = sorted(p for p in pages if p not in nav_pages)
    parts = [others[i::workers] for i in range(workers)]
    every_page = set(site_pages) | set(pages)
    # beside the output, not in /tmp: a killed build's scratch is then found and removed by the next
    with tempfile.TemporaryDirectory(prefix=".oit-docs-", dir=site_dir.parent) as scratch:
        jobs = []
        for number, part in enumerate(parts):
            docs = Path(scratch) / f"docs{number}"
            for path in list(nav_pages) + part:
                target = docs / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(pages[path], encoding="utf-8")
            link_only = sorted(every_page - set(nav_pages) - set(part))
            jobs.append((docs, site_dir if workers == 1 else Path(scratch) / f"site{number}",
                         {**options, "link_only": link_only}))
        if workers == 1 and not meanwhile:
            build_html(jobs[0][0], jobs[0][1], **jobs[0][2])
            return
        import material.plugins.search.plugin  # noqa: F401  imported once here, inherited by the forks
        import mkdocs.commands.build  # noqa: F401
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
        context = multiprocessing.get_context("fork")
        try:  # not multiprocessing.Pool: it waits forever for the pages of a worker that was killed
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_die_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                pending = [pool.submit(_build_part, *job) for job in jobs]
                if meanwhile:
                    meanwhile()
                failures = [f for f in (part.result() for part in pending) if f]
        except BrokenProcessPool:
            raise EngineError(f"site engine ({ENGINE}): an engine process died before it finished its pages "
                              "(killed, or out of memory?); nothing was published") from None
        if failures:
            raise EngineError(failures[0])
        if workers == 1:  # the one part was built in place
            return
        for _, part_site, _ in jobs:  # parts overlap only in identical files (assets, nav pages)
            if (site_dir / SEARCH_INDEX).is_file():  # except the search index: each part has its pages
                merge_site_wide(site_dir, part_site, [])
                (site_dir / SEARCH_INDEX).unlink()
            for path in part_site.rglob("*"):
                target = site_dir / path.relative_to(part_site)
                if path.is_file() and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)


def _build_part(docs: Path, site: Path, options: dict) -> str | None:
    try:
        build_html(docs, site, **options)
        return None
    except Exception as err:  # reported by the parent; a worker must not die silently
        return str(err)


def _die_with_parent(parent: int) -> None:
    """An engine worker whose build was killed goes too (Linux): an orphan would hold the build's
    output pipes and its lock on the output directory (inherited by fork) forever."""
    import ctypes
    import signal
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
