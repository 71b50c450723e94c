"""An on-disk cache of slow per-file results (PDF text scanned for national IDs, image decoding),
so `oit validate` stays fast on thousands of evidence files.

Where: `.oit-cache/files.json` beside `content/` (git-ignored), or $OIT_CACHE_DIR. Deleting it is
always safe: the next run recomputes everything. A read-only or missing directory just means no
cache. The cache only writes into a directory it created (marked by its .gitignore), never into
content/ or someone else's folder. The file never holds document text or full ID numbers, only
results (masked numbers and SHA-256 digests), and file paths with any ID masked. Every entry is
checked for its shape when read: anything unexpected is a miss, computed again.

Lookup: an entry is reused when the file's size, mtime, ctime and inode are unchanged (one stat,
no read). Otherwise the file's SHA-256 is computed and results stored under that content hash are
reused (a file copied, touched or moved keeps its results); only new content is analysed again.

Beside it, `thai-words.json` (thai.py) keeps how PyThaiNLP cut the Thai runs of the published pages
into words: text the site publishes anyway, Thai letters only (no digits, so no ID number).
"""
from __future__ import annotations

import json
import os
import logging
import re
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TypeGuard

from .i18n import _
from .pii import mask_text

VERSION = 2
FILE_NAME = "files.json"
MARK = "# oit-site cache: safe to delete"  # first line of the .gitignore in every cache directory we create
CHECK_SITE = "check-site"  # the site `oit check` builds for itself here: the next check rebuilds only what changed
PREFETCH_MIN_FILES = 100  # fewer new contents than this per process: not worth starting one
_SHA = frozenset("0123456789abcdef")
_DIGIT = re.compile("[0-9๐-๙]")
_warned: set = set()
log = logging.getLogger("oit")  # notices for the person running oit (cli.main prints them)


def cache_dir_for(content_dir: Path) -> Path | None:
    """The cache directory, or None: turned off (OIT_CACHE_DIR=), or refused with a warning (one
    line on stderr from `oit`) when it is inside content/ or a directory the cache did not create."""
    configured = os.environ.get("OIT_CACHE_DIR")
    if configured == "":
        return None  # OIT_CACHE_DIR= (empty) turns the cache off
    directory = Path(configured) if configured is not None else Path(os.path.abspath(content_dir)).parent / ".oit-cache"
    problem = _not_ours(directory, content_dir)
    if problem:
        if str(directory) not in _warned:
            _warned.add(str(directory))
            log.warning("%s", _("OIT_CACHE_DIR={directory}: {problem}; running without a cache (set OIT_CACHE_DIR "
                                "to an empty or new directory)").format(directory=directory, problem=problem))
        return None
    return directory


def _not_ours(directory: Path, content_dir: Path) -> str | None:
    """Why the cache must not write into `directory`, or None (then it is created and marked)."""
    real, content = Path(os.path.realpath(directory)), Path(os.path.realpath(content_dir))
    if real == content or content in real.parents:
        return _("it is inside the content directory, which is published")
    try:
        if directory.is_dir() and not _marked(directory):
            if any(not _cache_name(entry.name) for entry in directory.iterdir()):
                return _("it is a directory the cache did not create (no oit-site cache .gitignore in it)")
        _mark(directory)
        _probe(directory)
    except OSError as err:  # a read-only checkout: the build and check still run, without a cache
        return _("it cannot be written ({reason})").format(reason=err.strerror or err)
    return None


def _probe(directory: Path) -> None:
    """Raises OSError unless a file can be written in `directory` (the engine's template cache
    writes there; the permission bits do not say it for root or a read-only mount)."""
    import tempfile
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".files-probe-", suffix=".json"):
        pass


def _marked(directory: Path) -> bool:
    try:
        with open(directory / ".gitignore", encoding="utf-8", errors="replace") as handle:
            return handle.readline().rstrip("\n") == MARK
    except OSError:
        return False


def _cache_name(name: str) -> bool:
    """A name the cache (and the engine's template cache, and `oit check`'s site) writes in its directory."""
    return (name in (FILE_NAME, "jinja", "thai-words.json", CHECK_SITE) or (name.startswith(".files-") and name.endswith(".json"))
            or name.startswith((f".{CHECK_SITE}.", f".oit-manifest-{CHECK_SITE}", f".oit-lock-{CHECK_SITE}")))


def _mark(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    if not _marked(directory):
        (directory / ".gitignore").write_text(f"{MARK}\n*\n", encoding="utf-8")


def link_or_copy(source: Path, target: Path) -> None:
    """A new directory entry for `source` at `target`: a hard link (cheap), else a copy."""
    import shutil
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def sha256_of(path: Path, copy_to: Path | None = None) -> str:
    """The file's SHA-256; with `copy_to`, the bytes hashed are written there too (one read for both)."""
    import hashlib  # imports are deferred to a cache miss: a warm run never needs them

    digest = hashlib.sha256()
    with open(path, "rb") as handle, open(copy_to, "wb") if copy_to else nullcontext() as copy:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            if copy:
                copy.write(block)
    return digest.hexdigest()


class FileCache:
    """Results by (analysis, file); `get(path, kind, compute)` returns compute(path) or a stored copy."""

    def __init__(self, directory: Path | None, salt: str = "", shapes: dict | None = None):
        self.directory = directory
        self.salt = f"{VERSION}:{salt}"  # analyser versions: a change invalidates everything
        self.shapes = shapes or {}  # kind → predicate: is a stored result of the shape compute returns?
        self.by_path: dict = {}  # absolute path, IDs masked → {"stat": [...], "sha": hex}
        self.by_sha: dict = {}  # sha → {kind: result}
        self.this_run: dict = {}  # absolute path → sha, for files already looked at in this run
        self.run_stats: dict = {}  # absolute path → its stat key when this run looked at it
        self.keys_used: set = set()  # by_path keys of this run's files (a masked key names no file)
        self.dirty = False
        self.cwd = os.getcwd()
        self._pool: Any = None  # prefetch's worker processes (multiprocessing.Pool), until settle
        self._waiting: list = []  # prefetch's jobs while too few to start the workers
        self._arriving: list = []  # the workers' results, one iterator per prefetch, in the order asked
        self._awaited: set = set()  # absolute paths whose results have not been taken yet
        if directory is not None:
            self._read(directory / FILE_NAME)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("salt") != self.salt:
            return
        by_path, by_sha = data.get("by_path"), data.get("by_sha")
        if isinstance(by_path, dict) and isinstance(by_sha, dict):
            self.by_path, self.by_sha = by_path, by_sha

    @staticmethod
    def _stat_key(path: Path) -> list:
        return stat_key(os.stat(path))

    def _real(self, path: Path) -> str:
        return str(path) if path.is_absolute() else os.path.join(self.cwd, path)  # no realpath: thousands of calls

    def _sha(self, path: Path) -> str:
        """The file's SHA-256, from the cache when its stat is unchanged (else read and recorded).
        Each file is looked at once per run (a file gets up to three analyses)."""
        real = self._real(path)
        if real in self.this_run:
            return self.this_run[real]
        stat_key = self._stat_key(path)
        key = _masked_path(real)
        self.keys_used.add(key)
        entry = self.by_path.get(key)
        sha = entry.get("sha") if isinstance(entry, dict) and entry.get("stat") == stat_key else None
        if not is_sha(sha):
            sha = sha256_of(path)
            self.by_path[key] = {"stat": stat_key, "sha": sha}
            self.dirty = True
        self.this_run[real] = sha
        self.run_stats[real] = stat_key
        return sha

    def size(self, path: Path) -> int:
        """The file's size as this run saw it when it hashed it (checks of size, format and
        contents then agree, and a file is stat'ed once a run), else as it is now."""
        real = self._real(path)
        if self._awaited and real in self._awaited:
            self._take_until(real)
        seen = self.run_stats.get(real)
        return seen[0] if seen else os.stat(path).st_size

    def new_run(self) -> None:
        """Forget which files this run looked at: a warm process's next build (incremental.py)
        looks again at the files it reads, which may have changed since."""
        self.this_run.clear()
        self.run_stats.clear()

    def known_sha(self, path: Path, info: os.stat_result) -> str | None:
        """The SHA-256 this run found for `path` when the file is still as it was then (`info`:
        its stat now): publishing it then needs no second read to hash it."""
        real = self._real(path)
        return self.this_run.get(real) if self.run_stats.get(real) == stat_key(info) else None

    def _results(self, sha: str) -> dict:
        results = self.by_sha.get(sha)
        if not isinstance(results, dict):
            results = self.by_sha[sha] = {}
        return results

    def get(self, path: Path, kind: str, compute):
        if self._awaited and self._real(path) in self._awaited:
            self._take_until(self._real(path))
        results = self._results(self._sha(path))
        if kind not in results or not self.shapes.get(kind, lambda _: True)(results[kind]):
            results[kind] = compute(path)
            self.dirty = True
        return results[kind]

    def prefetch(self, paths: list, analyses_for) -> None:
        """Start analysing, in parallel processes, the files the cache has no results for
        (`analyses_for(path, size)` → {kind: compute}): a cold cache (CI on a fresh clone) then
        costs about half the time on 2 cores. The workers read each file once, to hash and to
        analyse it (a file whose hash the cache knows is only hashed), in the order asked;
        `get` takes their results as it needs them, so the caller evaluates the first items
        while the workers read the next. Called again, it adds files (a year folder as soon as
        it is loaded: the workers start while the next ones load). Below 2 × PREFETCH_MIN_FILES
        files in all, no worker starts and `get` analyses each file itself. `settle` waits for
        the rest and stops the workers (validate.load_reports). A file that fails there is
        analysed again by `get`, which reports its error."""
        for path in paths:
            try:
                info = os.stat(path)
            except OSError:
                continue
            analyses = analyses_for(path, info.st_size)
            if analyses and not self._known(path, info):  # none: a file over the size limit, never read
                self._waiting.append((self._real(path), stat_key(info), analyses))
        if self._pool is None:
            workers = min(os.cpu_count() or 1, len(self._waiting) // PREFETCH_MIN_FILES)
            if workers < 2:
                return  # not yet worth starting processes
            import multiprocessing

            global _forked
            _forked = self  # what the workers know: they skip contents with results (copied from here when they start)
            self._pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
            _forked = None
        if self._waiting:
            self._awaited |= {real for real, _stat, _analyses in self._waiting}
            self._arriving.append(self._pool.imap(_read_and_analyse, self._waiting, chunksize=16))
            self._waiting = []

    def _known(self, path: Path, info: os.stat_result) -> bool:
        """Whether the cache has results for `path` as it is (by its stat: nothing read)."""
        entry = self.by_path.get(_masked_path(self._real(path)))
        return (isinstance(entry, dict) and entry.get("stat") == stat_key(info) and is_sha(entry.get("sha"))
                and bool(self.by_sha.get(entry["sha"])))

    def _take_until(self, real: str | None) -> None:
        """Take the workers' results until the one of `real` (None: all) is in."""
        while self._arriving:
            for path, stat, sha, results in self._arriving[0]:
                self._awaited.discard(path)
                if sha is not None:
                    key = _masked_path(path)
                    self.keys_used.add(key)
                    self.by_path[key] = {"stat": stat, "sha": sha}
                    self.this_run[path], self.run_stats[path] = sha, stat
                    if results:
                        self._results(sha).update(results)
                    self.dirty = True
                if path == real:
                    return
            self._arriving.pop(0)

    def settle(self) -> None:
        """Take every result prefetch is still waiting for and stop its workers."""
        self._waiting = []  # too few to start workers: `get` has analysed them
        if self._pool is None:
            return
        try:
            self._take_until(None)
        finally:
            self._pool.terminate()
            self._pool.join()
            self._pool, self._arriving, self._awaited = None, [], set()

    def pending(self, paths: list, analyses_for) -> list:
        """The jobs for `analyse`, one per content the cache has never seen: (sha, path, analyses).
        Elsewhere than in `prefetch` they are the tasks of `oit portal` (generator/portal/documents.py)."""
        pending = {}  # content hash → (a file with that content, its analyses)
        for path in paths:
            try:
                analyses = analyses_for(path, os.stat(path).st_size)
                if not analyses:
                    continue  # nothing to compute (a file over the size limit): never read, not even hashed
                sha = self._sha(path)
            except OSError:
                continue
            if sha not in pending and not self._results(sha):
                pending[sha] = (path, analyses)
        return [(sha, str(path), analyses) for sha, (path, analyses) in pending.items()]

    def take(self, done) -> None:
        """Store what `analyse` returned (None: that file failed, and `get` analyses it again)."""
        for result in done:
            if result is not None:
                sha, results = result
                self._results(sha).update(results)
                self.dirty = True

    def save(self) -> None:
        """Write the cache atomically; entries of files that no longer exist are dropped."""
        if not self.dirty or self.directory is None:
            return
        self.by_path = {p: e for p, e in self.by_path.items() if p in self.keys_used or os.path.exists(p)}
        used = {e.get("sha") for e in self.by_path.values() if isinstance(e, dict)}
        self.by_sha = {sha: r for sha, r in self.by_sha.items() if sha in used}
        write_cache_file(self.directory, FILE_NAME, {"salt": self.salt, "by_path": self.by_path, "by_sha": self.by_sha})
        self.dirty = False


def write_cache_file(directory: Path, name: str, data: dict) -> bool:
    """Write `data` as JSON to `name` in the cache `directory`, atomically; False when it cannot
    (a read-only checkout: no cache, same results)."""
    import tempfile

    try:
        _mark(directory)  # deleted during the run: created again
        handle, temp = tempfile.mkstemp(prefix=".files-", suffix=".json", dir=directory)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temp, directory / name)  # readers see the old or the new file, never half
    except OSError:
        Path(temp).unlink(missing_ok=True)
        return False
    return True


def stat_key(info: os.stat_result) -> list:
    """What says a file is unchanged without reading it: size, modification and change times, inode."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _masked_path(real: str) -> str:
    """The path with any national ID masked (a file named after a person's ID), cheaply: most
    paths have fewer than 13 digits."""
    return mask_text(real) if len(_DIGIT.findall(real)) >= 13 else real


def is_sha(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) == 64 and _SHA.issuperset(value)


def analyse(job):
    """One job of `pending`: one file's analyses, or None if any fails."""
    sha, path, analyses = job
    results = _analyses_of(path, analyses)
    return None if results is None else (sha, results)


def _analyses_of(path: str, analyses: dict) -> dict | None:
    try:
        return {kind: compute(Path(path)) for kind, compute in analyses.items()}
    except Exception:  # noqa: BLE001  analysed again, and reported, by the caller's own get()
        return None


_forked: FileCache | None = None  # the cache prefetch's workers were forked with


def _start_worker() -> None:
    """The collector on in a prefetch worker (oit turns it off for its own run, cli.py): a PDF
    parser's objects refer to each other, and thousands of documents would pile up. What the
    worker inherited is frozen first: each collection would otherwise walk the whole parent's
    heap (and copy its memory pages, touched by the walk)."""
    import gc
    gc.freeze()
    gc.enable()


def _read_and_analyse(job) -> tuple:
    """One job of `prefetch`, in a worker: (path, stat, SHA-256, results); results {} when the
    cache knew the content already, None when an analysis failed; SHA-256 None when the file
    could not be read (`get` reports it)."""
    path, stat, analyses = job
    try:
        sha = sha256_of(Path(path))
    except OSError:
        return path, stat, None, None
    if _forked is not None and _forked.by_sha.get(sha):
        return path, stat, sha, {}
    return path, stat, sha, _analyses_of(path, analyses)
