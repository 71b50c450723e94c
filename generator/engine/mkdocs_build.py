"""Running MkDocs + Material: one build of a docs folder, and a site's pages split over processes."""
from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from ..i18n import _
from ..urls import attribute_safe
from .config import ENGINE, THEME, EngineError, SiteSettings, read_user_config
from .search import INDEX as SEARCH_INDEX, merge_index
from .theme import face_asset, prepare_docs

FIXED_EPOCH = "946684800"  # 2000-01-01: sitemap dates must not change between identical builds
PLUGIN = "oit"  # plugin.OitPlugin, as the entry point in pyproject.toml names it


def build_html(docs_dir: Path, site_dir: Path, settings: SiteSettings, pages: dict[str, str],
               link_only: Sequence[str] = (), assets_in_site: bool = False) -> None:
    """Build Markdown `pages` ({path: text}) into `site_dir` (HTML) with MkDocs + Material.

    The pages are handed to MkDocs as they are, not written to disk first (`docs_dir` gets the
    theme's assets only): a build creates and deletes no file per page, which on a disk that is
    slow to create files (ext4 without a journal skips recently deleted inodes) cost ~0.3 ms each.
    The pages named in the nav must be in `pages`; any other page may be missing, so a caller
    can rebuild only the pages that changed: a page's HTML depends on its own Markdown and
    on the configuration and nav, not on which other pages are built with it, provided the
    pages it may link to and that are not in `pages` are named in `link_only`.
    `assets_in_site`: the theme's files are not copied (a warm rebuild: the site has them).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    overrides = _overrides(docs_dir, site_dir, settings)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(settings.config_file), **overrides)
        config.theme.get_env = lambda: _theme_env(config.theme)  # type: ignore[method-assign]
        _add_plugin(config, settings, pages, link_only, assets_in_site)
        build(config)
    except MkDocsException as err:
        raise EngineError(_("site engine ({engine}): {error}").format(engine=ENGINE, error=err)) from None
    except (OSError, yaml.YAMLError, ValueError) as err:
        raise EngineError(_("site engine ({engine}) failed: {error}").format(engine=ENGINE, error=err)) from None
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


_theme_envs: dict = {}  # (theme folders, language) → its Jinja environment, in this process


def _theme_env(theme):
    """The theme's Jinja environment, made once per process. MkDocs makes a new one each time it
    is asked (twice a build: Material's search plugin, then the build), so every template was
    compiled again and the theme's 14,000 files listed again: the warm rebuilds of `oit serve`
    find them ready. Templates do not change during a build; every whole build starts afresh
    (start_early_workers), and a change of templates in a warm process is a whole build."""
    from mkdocs.theme import Theme

    key = (tuple(theme.dirs), str(theme.locale))
    if key not in _theme_envs:
        env = Theme.get_env(theme)
        listed: dict = {}
        list_templates = env.list_templates

        def listing(extensions=None, filter_func=None):  # the same caller lists with the same filter
            by = (tuple(extensions or ()), getattr(filter_func, "__qualname__", filter_func))
            if by not in listed:
                listed[by] = list_templates(extensions, filter_func)
            return listed[by]
        env.list_templates = listing  # type: ignore[method-assign]
        _theme_envs[key] = env
    return _theme_envs[key]


def _overrides(docs_dir: Path, site_dir: Path, settings: SiteSettings) -> dict[str, Any]:
    """MkDocs settings by key, over the agency's mkdocs.yml (each replaces the file's value)."""
    face = settings.face
    extra_css = prepare_docs(docs_dir, face)
    user = read_user_config(settings.config_file)
    theme = _theme_options(user, settings.language)
    extra = dict(user.get("extra") or {})
    if face:  # an agency's own mkdocs.yml may still name other files
        theme.setdefault("logo", face_asset(face, "logo"))
        theme.setdefault("favicon", face_asset(face, "favicon"))
        extra["oit"] = face["footer"]  # engine/material/overrides/partials/copyright.html
        extra.setdefault("generator", False)  # no "Made with Material for MkDocs": the agency's footer
    return {
        "docs_dir": str(docs_dir), "site_dir": str(site_dir), "site_name": settings.site_name,
        "site_url": attribute_safe(settings.site_url), "nav": [{label: page} for label, page in settings.nav], "theme": theme,
        "extra_css": list(user.get("extra_css") or []) + extra_css, "extra": extra,
        "use_directory_urls": True, "strict": False,  # paths.py maps pages as directory URLs
        # Links to evidence files are checked by `oit check`, which knows the content line.
        "validation": {"nav": {"omitted_files": "ignore", "not_found": "warn"},
                       "links": {"not_found": "ignore", "anchors": "ignore",
                                 "absolute_links": "ignore", "unrecognized_links": "ignore"}},
    }


def _theme_options(user: dict, language: str) -> dict[str, Any]:
    """The theme of the agency's mkdocs.yml (`user`) as oit builds with it: our overrides, no Google Fonts."""
    theme = dict(user.get("theme") or {"name": "material"})
    theme.setdefault("language", language)
    theme["font"] = False  # never Google Fonts
    theme["custom_dir"] = str(THEME / "overrides")
    return theme


def _add_plugin(config, settings: SiteSettings, pages: dict[str, str], link_only: Sequence[str],
                assets_in_site: bool = False) -> None:
    """Our plugin, registered after the agency's plugins and hooks (so its events run after theirs,
    as when it was a hooks file listed last). Added to the loaded configuration rather than
    through a `plugins` override, which would replace the agency's list and re-read its options."""
    from .plugin import OitPlugin
    if PLUGIN in config.plugins:
        raise EngineError(_("{file}: remove '{plugin}' from plugins: oit build adds it itself").format(
            file=settings.config_file, plugin=PLUGIN))
    plugin = OitPlugin()
    options = {"jinja_cache": str(settings.cache_dir / "jinja") if settings.cache_dir is not None else None,
               "link_only": list(link_only)}
    errors, _warnings = plugin.load_config(options, config.config_file_path)
    if errors:
        raise EngineError(_("site engine ({engine}): plugin {plugin}: {option}: {error}").format(
            engine=ENGINE, plugin=PLUGIN, option=errors[0][0], error=errors[0][1]))
    plugin.pages, plugin.assets_in_site = pages, assets_in_site
    config.plugins[PLUGIN] = plugin


PARALLEL_MIN_PAGES = 100  # per process: below this, one more costs more (~0.35 s to set up) than it saves


def build_pages(pages: dict, site_dir: Path, settings: SiteSettings, *, site_pages: Iterable[str] = (),
                workers: int | None = None, meanwhile=None, assets_in_site: bool = False) -> None:
    """Build Markdown `pages` ({path: text}) into `site_dir`, split over processes when it pays.

    Every part gets the nav pages among `pages` (they are few), and the names of all other pages
    of the site (`site_pages`: those of earlier builds too) so that links to them resolve: a page
    renders exactly as in a whole build (the navigation is laid out from the configuration's nav
    titles; the incremental property test, tests/test_incremental.py, compares the bytes).
    `meanwhile`, if given, is called in this process while the workers render (it must not
    touch `site_dir`): the caller's own file work then costs no extra time, and takes a core.
    On 2 cores that leaves one engine process, which measured faster than two up to at least
    881 pages with 18,000 evidence files (two pay the set-up twice and compete with the caller).
    """
    nav_pages = [p for p in settings.nav_pages if p in pages]  # the others are link targets, as any page not built
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
            docs = Path(scratch) / f"docs{number}"  # the theme's assets (theme.prepare_docs): the pages stay in memory
            docs.mkdir()
            link_only = sorted(every_page - set(nav_pages) - set(part))
            jobs.append((docs, site_dir if workers == 1 else Path(scratch) / f"site{number}", settings,
                         {path: pages[path] for path in list(nav_pages) + part}, link_only, assets_in_site))
        if workers == 1 and not meanwhile:
            build_html(*jobs[0])
            return
        from concurrent.futures import wait
        from concurrent.futures.process import BrokenProcessPool
        try:
            with _workers(workers) as pool:
                pending = [pool.submit(_build_part, *job) for job in jobs]
                try:
                    if meanwhile:
                        meanwhile()
                finally:  # the workers write into `scratch`: they finish before it goes, also when meanwhile failed
                    wait(pending)
                failures = [f for f in (part.result() for part in pending) if f]
        except BrokenProcessPool:
            raise EngineError(_("site engine ({engine}): an engine process died before it finished its pages "
                                "(killed, or out of memory?); nothing was published").format(engine=ENGINE)) from None
        if failures:
            raise EngineError(failures[0])
        if workers == 1:  # the one part was built in place
            return
        for _docs, part_site, *_rest in jobs:  # parts overlap only in identical files (assets, nav pages)
            if (site_dir / SEARCH_INDEX).is_file():  # except the search index: each part has its pages
                merge_index(site_dir, part_site, [])
                (site_dir / SEARCH_INDEX).unlink()
            for path in part_site.rglob("*"):
                target = site_dir / path.relative_to(part_site)
                if path.is_file() and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)


_early: list = []  # (pool, its number of workers) start_early_workers started, for the build_pages to come


def start_early_workers(config_file: Path | None = None) -> None:
    """Start the engine's worker process now, at the start of a build: it loads MkDocs and
    Material (~0.3 s) and compiles the theme's templates of the site's configuration
    (`config_file`, ~0.3 s) while this process reads and validates the content, and is ready
    when the pages are. A build that turns out not to need it stops it (stop_early_workers)."""
    if _early:
        return
    _theme_envs.clear()  # a whole build reads the templates afresh (its workers are forked from here)
    workers = max(1, (os.cpu_count() or 1) - 1)  # as build_pages, whose caller works meanwhile
    pool = _new_pool(workers)
    pool.submit(_load_engine, config_file)
    _early.append((pool, workers))


def stop_early_workers() -> None:
    """Stop the workers start_early_workers started (at the end of every build, also a failed one)."""
    while _early:
        _early.pop()[0].shutdown(wait=True, cancel_futures=True)  # its process gone: it holds the lock file too


def _load_engine(config_file: Path | None = None) -> None:
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401
    if config_file is not None:
        _compile_theme(config_file)


def _compile_theme(config_file: Path) -> None:
    """Compile the templates of the theme the build will use, into the environment _theme_env
    keeps in this process (the same theme folders and language as _overrides gives MkDocs; if
    they differ, the build compiles its own). Not the 60 languages' partials but the site's."""
    from mkdocs.theme import Theme

    try:
        theme = _theme_options(read_user_config(config_file), SiteSettings.language)
        env = _theme_env(Theme(**theme))
        names = env.list_templates(extensions=["html"])
    except Exception:  # noqa: BLE001  only a head start: the build compiles, and reports, what it uses
        return
    others = "partials/languages/"
    for name in names:
        if not name.startswith(".") and (not name.startswith(others) or name == f"{others}{theme['language']}.html"):
            try:
                env.get_template(name)
            except Exception:  # noqa: BLE001  e.g. a blog template needs the blog plugin's filters
                continue


def _new_pool(workers: int):
    """Worker processes for the engine; not multiprocessing.Pool: it waits forever for the pages
    of a worker that was killed."""
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_die_with_parent,
                               initargs=(os.getpid(),))


@contextmanager
def _workers(workers: int):
    """The workers started early when there are enough of them (kept for stop_early_workers),
    else new ones, stopped on leaving."""
    if _early and _early[0][1] >= workers:
        yield _early[0][0]
        return
    import material.plugins.search.plugin  # noqa: F401  imported once here, inherited by the forks
    import mkdocs.commands.build  # noqa: F401
    with _new_pool(workers) as pool:
        yield pool


def _build_part(docs: Path, site: Path, settings: SiteSettings, pages: dict, link_only: list,
                assets_in_site: bool) -> str | None:
    try:
        build_html(docs, site, settings, pages, link_only, assets_in_site)
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
