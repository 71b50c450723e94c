"""The output directory of a build (docs/contracts.md#commands, `oit build --out`): whose it is, one
build at a time, and putting a new site in place.

The output directory is ours only when we can prove it: a manifest beside it (never inside, so it
is not published) lists every file we wrote, and a directory holding anything else is refused.
One build at a time per output directory (a lock file beside it). The new site is assembled in a
sibling directory and swapped in at the end (one atomic exchange where the system allows it); an
output that cannot be replaced (a mount point) is updated in place.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import filecmp
import json
import re
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from . import engine
from .display import display_path
from .errors import ConfigError
from .i18n import _

log = logging.getLogger("oit")  # notices for the person running oit (cli.main prints them)


LEGACY_MARKER = ".oit-site"  # the manifest earlier versions wrote inside the site (and so published)


LOCK_WAIT_SECONDS = 300.0  # a second build of the same output waits this long for the first


def manifest_path(out: Path, state: Path | None = None) -> Path:
    """The build manifest, beside the output (or in `state`: a portal's agency sites sit inside
    its web root, generator/portal/): a copied or served site never carries it."""
    return (state or out.parent) / f".oit-manifest-{out.name}.json"


def lock_path(out: Path, state: Path | None = None) -> Path:
    return (state or out.parent) / f".oit-lock-{out.name}"


def check_out_dir(out: Path, content_dir: Path) -> dict:
    """Refuse output directories that would overwrite sources or someone else's files; returns the
    manifest of the build that wrote `out` (empty when `out` is empty or missing)."""
    refuse_overlap(out, content_dir)
    return claim_out_dir(Path(os.path.realpath(out)))


def check_own_dir(folder: Path, content_dir: Path) -> dict:
    """check_out_dir for a folder oit keeps for itself (the live preview, the editor's page): it is
    served, so a link there (to / say) would serve and be written through; refused."""
    if folder.is_symlink():
        raise ConfigError(_("{folder} is a symbolic link; oit writes there only into a folder of its own "
                            "(remove the link)").format(folder=display_path(folder)))
    return check_out_dir(folder, content_dir)


def refuse_overlap(out: Path, content_dir: Path) -> None:
    out_real, content_real = Path(os.path.realpath(out)), Path(os.path.realpath(content_dir))
    if out_real == content_real or content_real in out_real.parents or out_real in content_real.parents:
        raise ConfigError(_("--out {out} overlaps the content directory {content}; choose another directory, e.g. site/")
                          .format(out=out, content=content_dir))
    if out.exists() and not out.is_dir():
        raise ConfigError(_("--out {out} is a file; choose a directory").format(out=out))


def claim_out_dir(out: Path, state: Path | None = None) -> dict:
    """The previous build's manifest when `out` is provably ours: empty, or holding only files and
    folders that manifest says we wrote. A site copied into a web root beside other files is not
    ours, whatever marker it carries: replacing it would delete the other files."""
    if not out.is_dir():
        return {}
    try:
        found, odd = tree_entries(out)
    except OSError as err:
        raise ConfigError(_("--out {out}: cannot read {file}: {reason}; refusing to replace what cannot be checked")
                          .format(out=display_path(out), file=err.filename, reason=err.strerror)) from None
    manifest = read_manifest(out, state)
    ours = _with_folders(manifest.get("written", []))  # once: thousands of entries are looked up in it
    foreign = sorted(odd + [entry for entry in found if entry not in ours])
    if foreign:
        examples = ", ".join(foreign[:3])
        if len(foreign) > 3:
            examples = _("{names} and {count} more").format(names=examples, count=len(foreign) - 3)
        raise ConfigError(_("--out {out} is not empty and was not built by oit ({examples} not written "
                            "by oit); refusing to replace it (move those files away, or choose another directory)")
                          .format(out=display_path(out), examples=examples))
    return manifest


def files_under(root: Path) -> list[str]:
    """The regular files under `root` ('a/b.html'), sorted."""
    return sorted(entry for entry in tree_entries(root)[0] if not entry.endswith("/"))


def tree_entries(root: Path) -> tuple[set, list]:
    """Every regular file ('a/b.html') and folder ('a/') under `root`, and anything else (links)."""
    entries, odd, pending = set(), [], [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    entries.add(relative + "/")
                    pending.append((entry.path, relative + "/"))
                elif entry.is_file(follow_symlinks=False):
                    entries.add(relative)
                else:  # we never write links, sockets or devices
                    odd.append(relative)
    return entries, odd


def _with_folders(files) -> set:
    """Files and every folder they are in ('a/b/c.pdf' → also 'a/', 'a/b/')."""
    listed = set(files)
    for path in files:
        parts = path.split("/")[:-1]
        listed.update("/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
    return listed


def read_manifest(out: Path, state: Path | None = None) -> dict:
    for path in (manifest_path(out, state), out / LEGACY_MARKER):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and manifest.get("built_by") == "oit-site":
            if "written" not in manifest:
                manifest["written"] = _legacy_written(manifest)
            if _well_formed(manifest):
                return manifest
    return {}


def _well_formed(manifest: dict) -> bool:
    """A damaged manifest proves nothing and is reused for nothing; nor does one naming a path
    outside the site ('../victim.txt', '/etc/x'): a forged marker must not lead a build out of --out."""
    kinds = {"written": list, "pages": dict, "files": dict, "static": list}
    if not all(isinstance(manifest.get(key, kind()), kind) for key, kind in kinds.items()):
        return False
    paths = [*manifest["written"], *manifest.get("static", []), *manifest.get("pages", {}), *manifest.get("files", {})]
    return (all(_inside(path) for path in paths)
            and all(isinstance(record, dict) for record in manifest.get("files", {}).values()))


def _inside(path) -> bool:
    """A plain relative path into the site: no '..', no root, no empty part."""
    return (isinstance(path, str) and path != "" and "\0" not in path and "\\" not in path
            and not path.startswith("/") and all(part not in ("", ".", "..") for part in path.split("/")))


def _legacy_written(manifest: dict) -> list:
    """What a manifest of an earlier version (inside the site, no list of files) says we wrote."""
    pages, static, files = manifest.get("pages"), manifest.get("static"), manifest.get("files")
    if not (isinstance(pages, dict) and isinstance(static, list) and isinstance(files, dict)):
        return []
    years = {path.split("/")[0] for path in pages if path.split("/")[0].isdigit()}
    written = {engine.page_html(p) for p in pages} | set(static) | set(files)
    written |= {LEGACY_MARKER, "sitemap.xml", "sitemap.xml.gz", "evidence-manifest.json"}  # as those versions wrote
    written |= {f"itas-{year}.csv" for year in years} | {f"oit-{year}.json" for year in years}
    return sorted(p for p in written if isinstance(p, str))


def write_manifest(out: Path, manifest: dict, state: Path | None = None) -> None:
    """Replace the manifest in one step: a killed build leaves the old one or the new one. Its
    keys in order, the fingerprint first (manifest_fingerprint reads only the start)."""
    path = manifest_path(out, state)
    temporary = path.with_name(path.name + ".new")
    first = {key: manifest[key] for key in ("fingerprint",) if key in manifest}
    temporary.write_text(json.dumps({**first, **dict(sorted(manifest.items()))}, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    os.replace(temporary, path)


_FINGERPRINT = re.compile(rb'\{"fingerprint": "([0-9a-f]{64})"')


def manifest_fingerprint(out: Path, state: Path | None = None) -> str | None:
    """The input fingerprint the manifest beside `out` records, read from its first bytes (a
    build whose inputs did not change stops there: the whole manifest is megabytes at 18,000 files)."""
    try:
        with open(manifest_path(out, state), "rb") as handle:
            found = _FINGERPRINT.match(handle.read(100))
    except OSError:
        return None
    return found.group(1).decode() if found else None


@contextmanager
def exclusive(out: Path, state: Path | None = None):
    """One build at a time per output directory: a second one waits (bounded, saying so once),
    then refuses."""
    try:
        handle = open(lock_path(out, state), "a+b")
    except OSError as err:
        raise ConfigError(_("cannot create {file} beside --out: {reason}; "
                            "choose an output directory in a folder you can write to")
                          .format(file=display_path(lock_path(out, state)), reason=err.strerror)) from None
    with handle:  # closing it releases the lock, also when this process is killed
        deadline, waiting = time.monotonic() + LOCK_WAIT_SECONDS, False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ConfigError(_("another oit build is still writing {out}/ after {seconds} s; "
                                        "try again when it has finished")
                                      .format(out=display_path(out), seconds=f"{LOCK_WAIT_SECONDS:.0f}")) from None
                if not waiting:
                    log.info("%s", _("another build is writing {out}/; waiting for it to finish").format(out=display_path(out)))
                    waiting = True
                time.sleep(0.2)
        yield


def restore_interrupted_swap(out: Path) -> None:
    """A build killed between the two renames of a swap left no `out`, only the previous site
    beside it: put that back (the leftovers removed next would otherwise include it)."""
    if os.path.lexists(out):
        return
    olds = [p for p in out.parent.glob(f".{out.name}.old-*") if p.is_dir() and not p.is_symlink()]
    if olds:
        os.rename(max(olds, key=lambda p: p.stat().st_mtime_ns), out)


def remove_leftovers(out: Path) -> None:
    """Directories a killed build left beside `out` (its staging, engine scratch, old site).
    Called only under the lock: no other build is running, so none of them is live."""
    for kind in ("building", "engine", "old"):
        for leftover in out.parent.glob(f".{out.name}.{kind}-*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


RENAME_EXCHANGE, AT_FDCWD = 2, -100  # linux/fs.h, fcntl.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False when the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap_in(staging: Path, out: Path) -> bool:
    """Replace `out` by `staging`; False when `out` cannot be replaced (a mount point).

    One atomic exchange where the system allows it, so `out` never disappears; else two
    renames, and a build killed between them is undone by the next (restore_interrupted_swap).
    """
    os.chmod(staging, 0o755)
    if not os.path.lexists(out):
        os.rename(staging, out)
        return True
    if os.path.ismount(out):
        return False
    try:
        if _exchange(staging, out):
            shutil.rmtree(staging, ignore_errors=True)  # the previous site, now under the staging name
            return True
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
    except OSError as err:
        if err.errno in (errno.EBUSY, errno.EXDEV):  # a bind mount, or a directory on another disk
            return False
        raise
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)
    return True


def in_place_temporary(path: str) -> str:
    folder, _, name = path.rpartition("/")
    return f"{folder}/.oit-new-{name}" if folder else f".oit-new-{name}"


def _sync_into(staging: Path, out: Path, previous: set) -> None:
    """Update `out` in place (it cannot be renamed: a mount point). Each file is written under a
    temporary name beside its target and renamed over it; then the files of the previous build
    that this one does not have are removed. Nothing else in `out` is touched."""
    new, touched = tree_entries(staging)[0], False
    try:
        for folder in sorted(e for e in new if e.endswith("/")):
            if not (out / folder).is_dir():
                (out / folder).mkdir()
                touched = True
        for path in sorted(e for e in new if not e.endswith("/")):
            source, target = staging / path, out / path
            if (target.is_file() and not target.is_symlink() and target.stat().st_nlink == 1  # not linked to content/
                    and filecmp.cmp(source, target, shallow=False)):
                continue
            temporary = out / in_place_temporary(path)
            shutil.copyfile(source, temporary)
            touched = True
            os.replace(temporary, target)
        # only what is there now, found without following links: whatever a manifest says, nothing
        # outside `out` is ever removed
        stale = (_with_folders(previous) & tree_entries(out)[0]) - new
        for path in sorted(e for e in stale if not e.endswith("/")):
            (out / path).unlink(missing_ok=True)
    except OSError as err:
        raise explained(err, _("{folder}/ now holds part of the new site; run oit build again").format(folder=display_path(out))
                         if touched else _("{folder}/ can neither be replaced (a mount point) nor updated in place; "
                                           "nothing was changed").format(folder=display_path(out))) from None
    for folder in sorted((e for e in stale if e.endswith("/")), reverse=True):  # deepest first
        try:
            (out / folder).rmdir()
        except OSError:  # still holds something
            pass


def put_in_place(staging: Path, out: Path, previous: set) -> None:
    try:
        if _swap_in(staging, out):
            return
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise explained(err, _("the previous site is left untouched")) from None
    try:
        _sync_into(staging, out, previous)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class PublishError(OSError):
    """Writing the site failed (disk full, unreadable file); the message names the file and says
    what became of the previous site."""


def explained(err: OSError, outcome: str) -> PublishError:
    """One line that names the file and says what became of the site (never a bare errno)."""
    if isinstance(err, PublishError):
        return PublishError(err.errno, _("{problem}; {outcome}").format(problem=err.strerror, outcome=outcome))
    where = f"{display_path(Path(err.filename))}: " if err.filename else ""
    return PublishError(err.errno, _("cannot write the new site: {where}{reason}; {outcome}").format(
        where=where, reason=err.strerror or err, outcome=outcome))


@contextmanager
def staging_beside(target: Path):
    """A new folder beside `target` to assemble a site in; when anything inside fails it is removed
    and the error says the previous site is untouched (nothing of it was changed yet)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        yield staging
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise explained(err, _("the previous site is left untouched")) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
