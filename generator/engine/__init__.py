"""The site engine (MkDocs 1.6 + Material for MkDocs): the one door between the generator and it.

The generator hands over its Markdown pages ({path: text}) and the site's settings;
`build_site_pages` fills a folder with every page's HTML, the engine's own files, the Thai
search index and the sitemap. Everything that knows MkDocs or Material lives in this package:

- config.py: the agency's mkdocs.yml, the site's settings, the engine key
- mkdocs_build.py: running MkDocs, split over processes
- plugin.py: our MkDocs plugin `oit`; blocks.py, sanitise.py and theme.py do its work
- markup.py: the markers the renderer writes for the engine (importable without MkDocs)
- paths.py: Markdown page → URL and HTML file
- search.py: Thai word segmentation of Material's search index
- sitemap.py: sitemap.xml and robots.txt

Importing this package does not load MkDocs (a fifth of a second): only building does.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..filecache import link_or_copy
from ..thai import knows_words
from . import search
from .config import (ENGINE, TEMPLATES, EngineError, SiteSettings, config_file_for, config_references, engine_key,
                     package_versions)
from .mkdocs_build import build_pages, start_early_workers, stop_early_workers
from .paths import md_link_to_html, page_html, page_url
from .sitemap import write_sitemap

__all__ = ["ENGINE", "TEMPLATES", "BuiltPages", "EngineError", "PreviousSite", "SiteSettings", "build_site_pages", "known_thai_words",
           "config_file_for", "config_references", "engine_key", "md_link_to_html", "package_versions",
           "page_html", "page_url", "start_early_workers", "stop_early_workers", "warm_up"]


@dataclass
class PreviousSite:
    """The live site a build replaces, built with the same engine key: its pages may be reused."""
    folder: Path
    pages: dict[str, str]  # Markdown page → digest of the text it was built from (BuiltPages.pages)
    static: list[str]  # the engine's own files there (BuiltPages.static)
    search_entries: list | None = None  # its search index's entries, when the caller kept them (BuiltPages): not read again


@dataclass
class BuiltPages:
    pages: dict[str, str]  # Markdown page → digest of its text: what the next build compares with
    static: list[str]  # the engine's own files: assets, search index, 404 page, … (not pages, not the sitemap)
    rendered: int  # pages the engine built this time (the others were reused)
    search_entries: list | None = None  # the search index's entries as written; None: not written this time


def known_thai_words(site: Path) -> dict[str, tuple]:
    """Thai run → its words, as the search index of the site built before in `site` has them."""
    return {run: tuple(w for w in words.split(search.ZWSP) if w)
            for run, words in search.previous_segmentations(site).items()}


def build_site_pages(pages: dict[str, str], staging: Path, settings: SiteSettings, *, scratch_prefix: str,
                     previous: PreviousSite | None = None, meanwhile: Callable[[], None] = lambda: None,
                     only_changed: bool = False) -> BuiltPages:
    """Fill `staging` with the site made of Markdown `pages`: every page's HTML, the engine's own
    files, the search index and the sitemap. Pages whose text is unchanged since `previous` are
    linked from it, not built again; with `only_changed`, they are left out of `staging` (the
    caller updates `previous` in place with what is there, incremental.py). The engine works in a folder beside `staging` named with
    `scratch_prefix` (by which a killed build's leftovers are found). `meanwhile` runs while the
    engine works (see mkdocs_build.build_pages)."""
    digests = _digests(pages)
    changed = {path: text for path, text in pages.items() if previous is None
               or previous.pages.get(path) != digests[path] or not (previous.folder / page_html(path)).is_file()}

    def alongside() -> None:
        meanwhile()
        # every page's text is new to the segmenter (else the old index is reused); with the word
        # cache of earlier builds (thai.remember_words) most runs are known, and the dictionary is
        # loaded only if a new one is met
        if previous is None and not knows_words():
            search.load_segmenter()

    prior = None  # the previous site's search index, read once (or as its caller kept it)
    if previous is not None:
        prior = previous.search_entries if previous.search_entries is not None else search.previous_docs(previous.folder)
    merged = None
    if previous is not None and not changed:
        alongside()
        static = previous.static
        for path in [] if only_changed else static:
            link_or_copy(previous.folder / path, staging / path)
    else:
        if only_changed:  # a few pages: built in this (warm) process, where MkDocs is loaded already
            alongside()
        static, merged = _render(pages, changed, staging, settings, scratch_prefix, previous,
                                 None if only_changed else alongside, prior, assets_in_site=only_changed)
    for path in [] if only_changed else pages:
        html = page_html(path)
        if not (staging / html).exists():
            assert previous is not None  # else every page was rendered
            link_or_copy(previous.folder / html, staging / html)
    # the previous site's index is only read, and only when its engine key matched (same PyThaiNLP, same code)
    index = search.index_site(staging, previous.folder if previous else None, merged, prior)  # the index written once
    write_sitemap(staging, settings.site_url, pages)
    return BuiltPages(digests, static, len(changed), index.entries)


_last_digests: dict[str, str] = {}  # page text → its digest, of the last build in this process


def _digests(pages: dict[str, str]) -> dict[str, str]:
    """Page → SHA-256 of its text. A warm process (`oit serve`) hands over the same text objects
    for the pages it did not render again: their digests are looked up, not computed."""
    global _last_digests
    known = _last_digests
    digests = {path: known.get(text) or hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in pages.items()}
    _last_digests = {text: digests[path] for path, text in pages.items()}
    return digests


def warm_up(pages: dict[str, str], settings: SiteSettings, folder: Path, scratch_prefix: str) -> None:
    """Build two of `pages` (a nav page and another) in this process, in a scratch folder in
    `folder` thrown away: the first build of MkDocs in a process imports its extensions and
    compiles the theme, which a warm process (`oit serve`) does before the webmaster's first edit."""
    some = dict(list(pages.items())[:1] + [(p, t) for p, t in pages.items() if p not in settings.nav_pages][:1])
    with tempfile.TemporaryDirectory(prefix=scratch_prefix, dir=folder) as scratch:
        build_pages(some, Path(scratch) / "site", settings, site_pages=list(pages))


def _render(pages: dict[str, str], changed: dict[str, str], staging: Path, settings: SiteSettings,
            scratch_prefix: str, previous: PreviousSite | None, meanwhile: Callable[[], None] | None,
            prior: list | None, assets_in_site: bool = False) -> tuple[list[str], dict | None]:
    """Build the changed pages and move their HTML and the engine's own files into `staging`;
    returns the engine's files and the search index covering every page (merged with `prior`, the
    previous site's entries), to be written once when segmented. The nav pages not changed are
    not built again: the engine lays out the navigation from their titles in the configuration.
    `assets_in_site`: the theme's files are not copied again (the previous site's are kept)."""
    with tempfile.TemporaryDirectory(prefix=scratch_prefix, dir=staging.parent.resolve()) as scratch:
        built = Path(scratch) / "site"
        build_pages(changed, built, settings, site_pages=list(pages), meanwhile=meanwhile, assets_in_site=assets_in_site)
        merged = search.merged_index(previous.folder if previous else None, built, list(changed), prior)
        page_files = {page_html(p) for p in pages}
        static = sorted(p.relative_to(built).as_posix() for p in built.rglob("*")
                        if p.is_file() and p.relative_to(built).as_posix() not in page_files
                        and not p.name.startswith("sitemap.xml"))
        for path in sorted({page_html(p) for p in changed}) + static:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(built / path, target)
    if assets_in_site and previous is not None:  # the engine wrote the files it makes, the site keeps the rest
        static = sorted({*static, *previous.static})
    return static, merged
