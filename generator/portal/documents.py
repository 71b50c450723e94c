"""A large agency's documents read as tasks before it is built: the PDPA guard reads the text of
every file (guard.py), the heavy part of a build (a few hundred PDFs per agency, millions in a
department). Its reading is split into chunks that run on the portal's workers like the agencies
do (fanout.py); the results go into the agency's own file cache (filecache.py), where its build
then finds them, so the build gives the same bytes as one that read everything itself."""
from __future__ import annotations

import os
from concurrent.futures import Executor
from pathlib import Path

from .. import guard
from ..catalog import load_catalog
from ..content import load_site, load_year, year_folders
from ..errors import ConfigError
from ..filecache import analyse
from ..validate import guarded_files, max_file_bytes, year_references

MIN_FILES = 400  # fewer unread files than this: the agency's own build reads them (filecache.prefetch)
CHUNK = 100  # files per task: enough work to outweigh sending it, small enough to spread


def read_documents(jobs: list) -> list:
    """A task: filecache.analyse for each job (results, or None for a file the build will report)."""
    return [analyse(job) for job in jobs]


def read_in_tasks(pool: Executor, contents: list[Path]) -> int:
    """Read the unread documents of every large agency in `contents` on the pool; returns how many."""
    waiting = []
    for content in contents:
        if _file_count(content, MIN_FILES) < MIN_FILES:
            continue
        try:
            cache, jobs = _unread(content)
        except (ConfigError, OSError, ValueError):  # its build reports what is wrong
            continue
        if len(jobs) >= MIN_FILES:
            waiting.append((cache, [pool.submit(read_documents, jobs[i:i + CHUNK]) for i in range(0, len(jobs), CHUNK)]))
    count = 0
    for cache, futures in waiting:
        for future in futures:
            results = future.result()
            cache.take(results)
            count += len(results)
        cache.save()
    return count


def _unread(content: Path):
    """The agency's file cache and the analyses it does not have yet (what its build would do)."""
    from ..catalog import CatalogError
    site = load_site(content)
    limit = max_file_bytes(site)
    try:
        years = [load_year(site, year, limit) for year in sorted(year_folders(content))]
        references = {y.year: year_references(y, load_catalog(y.framework, site.root), site.root) for y in years}
    except CatalogError as err:
        raise ConfigError(str(err)) from None
    cache = guard.file_cache(site.root)
    return cache, guard.pending_reads(cache, guarded_files(references), limit)


def _file_count(folder: Path, enough: int) -> int:
    """Files under `folder`, counted up to `enough` (a cheap look before loading the agency)."""
    count = 0
    for _, _, files in os.walk(folder):
        count += len(files)
        if count >= enough:
            break
    return count
