"""The PDPA guard's files read by worker processes while the first items are evaluated
(filecache.FileCache.prefetch): each file read once to hash and scan it, its results taken in
order as the guard asks, and the same results, hashes and findings as reading one by one."""
from __future__ import annotations

import json
import os

from generator import filecache, guard
from generator.filecache import sha256_of
from generator.filetext import text_ids
from test_hostile import VALID_ID
from tools.samplefiles import make_pdf

LIMIT = 50 * 2**20


def _files(folder) -> list:
    folder.mkdir()
    paths = []
    for number in range(2 * filecache.PREFETCH_MIN_FILES + 20):
        path = folder / f"doc-{number:03}.pdf"
        text = f"ID {VALID_ID}" if number % 97 == 5 else f"report {number}"
        path.write_bytes(make_pdf([text]))
        paths.append(path)
    paths[7].write_bytes(b"not a pdf at all")  # read, and found not whole
    paths[8].write_bytes(paths[9].read_bytes())  # the same content twice
    return paths


def as_stored(results: list) -> list:
    return json.loads(json.dumps(results))  # tuples become lists in the cache file


def _read_all(cache, paths) -> list:
    return [(cache.get(p, guard._kind("ids"), text_ids), cache.get(p, guard._kind("format"), guard._format_problem))
            for p in paths]


def test_workers_give_what_reading_one_by_one_gives(tmp_path, monkeypatch):
    paths = _files(tmp_path / "content")
    monkeypatch.setenv("OIT_CACHE_DIR", str(tmp_path / "cache-workers"))
    cache = guard.file_cache(tmp_path / "content")
    guard.prefetch(cache, paths, LIMIT)
    assert cache._pool is not None, "enough new files: read by worker processes"
    try:
        by_workers = _read_all(cache, paths)
    finally:
        cache.settle()
    assert cache._pool is None
    hashes = {p: cache.known_sha(p, os.stat(p)) for p in paths}

    monkeypatch.setenv("OIT_CACHE_DIR", str(tmp_path / "cache-one-by-one"))
    monkeypatch.setattr(filecache, "PREFETCH_MIN_FILES", 10**6)
    alone = guard.file_cache(tmp_path / "content")
    guard.prefetch(alone, paths, LIMIT)
    assert alone._pool is None
    assert _read_all(alone, paths) == by_workers
    assert sum(1 for ids, _format in by_workers if ids["ids"]) == 3
    assert hashes == {p: sha256_of(p) for p in paths}  # publishing reuses these: they must be the bytes' own


def test_a_file_known_by_content_is_not_read_again_by_a_worker(tmp_path, monkeypatch):
    """A fresh clone with the cache kept (CI): every path is new to it, every content known."""
    paths = _files(tmp_path / "content")
    monkeypatch.setenv("OIT_CACHE_DIR", str(tmp_path / "cache"))
    first = guard.file_cache(tmp_path / "content")
    _read_all(first, paths)
    first.save()
    for path in paths:  # what a clone does to every file: new inode and times, same bytes
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
    calls = tmp_path / "calls.txt"
    monkeypatch.setenv("OIT_TEST_CALLS", str(calls))
    monkeypatch.setattr(guard, "text_ids", _counted_text_ids)
    again = guard.file_cache(tmp_path / "content")
    guard.prefetch(again, paths, LIMIT)
    assert again._pool is not None, "every path is new: the workers hash them"
    try:
        assert as_stored(_read_all(again, paths)) == as_stored(_read_all(first, paths))
    finally:
        again.settle()
    assert not calls.exists(), "a known content was scanned again"


def _counted_text_ids(path):  # at module level: the workers get it by name
    with open(os.environ["OIT_TEST_CALLS"], "a", encoding="utf-8") as calls:
        calls.write(f"{path}\n")
    return text_ids(path)
