"""An on-disk cache of slow per-file results (PDF text scanned for national IDs, image decoding),
so `oit validate` stays fast on thousands of evidence files.

Where: `.oit-cache/files.json` beside `content/` (git-ignored), or $OIT_CACHE_DIR. Deleting it is
always safe: the next run recomputes everything. A read-only or missing directory just means no
cache. The file never holds document text or full ID numbers, only results (masked numbers and
SHA-256 digests).

Lookup: an entry is reused when the file's size, mtime, ctime and inode are unchanged (one stat,
no read). Otherwise the file's SHA-256 is computed and results stored under that content hash are
reused (a file copied, touched or moved keeps its results); only new content is analysed again.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

VERSION = 1
FILE_NAME = "files.json"


def cache_dir_for(content_dir: Path) -> Path | None:
    configured = os.environ.get("OIT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None  # OIT_CACHE_DIR= (empty) turns the cache off
    return Path(os.path.abspath(content_dir)).parent / ".oit-cache"


def sha256_of(path: Path) -> str:
    import hashlib  # imports are deferred to a cache miss: a warm run never needs them

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class FileCache:
    """Results by (analysis, file); `get(path, kind, compute)` returns compute(path) or a stored copy."""

    def __init__(self, directory: Path | None, salt: str = ""):
        self.directory = directory
        self.salt = f"{VERSION}:{salt}"  # analyser versions: a change invalidates everything
        self.by_path: dict = {}  # absolute path → {"stat": [...], "sha": hex}
        self.by_sha: dict = {}  # sha → {kind: result}
        self.dirty = False
        self.cwd = os.getcwd()
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
        info = os.stat(path)
        return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]

    def get(self, path: Path, kind: str, compute):
        real = str(path) if path.is_absolute() else os.path.join(self.cwd, path)  # no realpath: thousands of calls
        stat_key = self._stat_key(path)
        entry = self.by_path.get(real)
        sha = entry.get("sha") if isinstance(entry, dict) and entry.get("stat") == stat_key else None
        if sha is None:
            sha = sha256_of(path)
            self.by_path[real] = {"stat": stat_key, "sha": sha}
            self.dirty = True
        results = self.by_sha.get(sha)
        if not isinstance(results, dict):
            results = self.by_sha[sha] = {}
        if kind not in results:
            results[kind] = compute(path)
            self.dirty = True
        return results[kind]

    def save(self) -> None:
        """Write the cache atomically; entries of files that no longer exist are dropped."""
        if not self.dirty or self.directory is None:
            return
        self.by_path = {p: e for p, e in self.by_path.items() if os.path.exists(p)}
        used = {e.get("sha") for e in self.by_path.values() if isinstance(e, dict)}
        self.by_sha = {sha: r for sha, r in self.by_sha.items() if sha in used}
        import tempfile

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# oit-site cache: safe to delete\n*\n", encoding="utf-8")
            handle, temp = tempfile.mkstemp(prefix=".files-", suffix=".json", dir=self.directory)
        except OSError:
            return  # a read-only checkout: no cache, same results
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"salt": self.salt, "by_path": self.by_path, "by_sha": self.by_sha}, out,
                          ensure_ascii=False, separators=(",", ":"))
            os.replace(temp, self.directory / FILE_NAME)  # readers see the old or the new file, never half
        except OSError:
            Path(temp).unlink(missing_ok=True)
        self.dirty = False
