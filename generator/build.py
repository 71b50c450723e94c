"""`oit build`: validate every year, render pages, run the site engine, publish files and exports.

The site is assembled in a sibling directory and swapped in at the end (one atomic exchange where
the system allows it), so a failed or interrupted build leaves the previous site untouched. The
output directory is ours only when we can prove it: a manifest beside it (never inside, so it is
not published) lists every file we wrote, and a directory holding anything else is refused. The
manifest also lets the next build reuse what did not change: unchanged pages and evidence files
are hard-linked from the previous site instead of being rendered and copied again, and a build
whose inputs did not change at all does nothing. One build at a time per output directory (a lock
file beside it); an output that cannot be replaced (a mount point) is updated in place.
"""
from __future__ import annotations

import ctypes
import dataclasses
import errno
import fcntl
import filecmp
import hashlib
import json
import os
import shutil
import tempfile
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING


from . import __version__, engine, exports, guard, urls, validate
from .catalog import catalog_dirs
from .filecache import FileCache, cache_dir_for, link_or_copy, sha256_of, stat_key
from .face import contact_from, engine_face, load_face, updated_dates
from .i18n import _
from .content import load_site, year_folders
from .display import display_path
from .errors import ConfigError
from .thai import BEDate, keep_words, knows_words, learn_words, load_words_meanwhile, remember_words, today_be
from .resources import GENERATOR_DIR

if TYPE_CHECKING:
    from .render import Renderer  # imported when a build renders (Jinja is not loaded for the no-op build)

log = logging.getLogger("oit")  # notices for the person running oit (cli.main prints them)

LEGACY_MARKER = ".oit-site"  # the manifest earlier versions wrote inside the site (and so published)
LOCK_WAIT_SECONDS = 300.0  # a second build of the same output waits this long for the first


class PublishError(OSError):
    """Writing the site failed (disk full, unreadable file); the message names the file and says
    what became of the previous site."""


@dataclass
class BuildResult:
    out: Path
    reports: list
    published: dict[str, Path] = field(default_factory=dict)  # site path → source file
    pages: dict[str, str] = field(default_factory=dict)  # site path of .md → text
    rendered: int = 0  # pages the engine built this time
    copied: int = 0  # evidence files copied this time
    unchanged: bool = False  # inputs identical to the previous build: nothing was done
    # what a warm process (incremental.py, `oit serve`) keeps to rebuild only what changes
    renderer: Renderer | None = None
    settings: engine.SiteSettings | None = None
    files_seen: FileCache | None = None
    manifest: dict = field(default_factory=dict)  # as written beside the site


def load_reports(content_dir: Path, as_of: BEDate | None = None, only_year: int | None = None,
                 base_url: str | None = None, files: FileCache | None = None):
    """The site profile and one validation report per year folder (newest first). `base_url`
    replaces site.yml's (an agency published under a portal, generator/portal/); `files`: the
    file cache to validate with (a build then publishes with the hashes it found)."""
    site = load_site(content_dir)
    if base_url is not None:
        site = dataclasses.replace(site, base_url=base_url)
    years = sorted(year_folders(content_dir), reverse=True)
    if only_year is not None:
        years = [only_year] if only_year in years else years
    if not years:
        raise ConfigError(_("{folder} has no year folder (create one with: oit new {year})").format(
            folder=display_path(content_dir), year=site.default_year))
    reports = validate.load_reports(site, years, as_of, files)
    return reports[0].site, reports  # the site as published: national IDs of site.yml masked (guard.guard_site)


# --- the output directory: whose it is, one build at a time ---------------------------------

def manifest_path(out: Path, state: Path | None = None) -> Path:
    """The build manifest, beside the output (or in `state`: a portal's agency sites sit inside
    its web root, generator/portal/): a copied or served site never carries it."""
    return (state or out.parent) / f".oit-manifest-{out.name}.json"


def lock_path(out: Path, state: Path | None = None) -> Path:
    return (state or out.parent) / f".oit-lock-{out.name}"


def check_out_dir(out: Path, content_dir: Path) -> dict:
    """Refuse output directories that would overwrite sources or someone else's files; returns the
    manifest of the build that wrote `out` (empty when `out` is empty or missing)."""
    _refuse_overlap(out, content_dir)
    return claim_out_dir(Path(os.path.realpath(out)))


def check_own_dir(folder: Path, content_dir: Path) -> dict:
    """check_out_dir for a folder oit keeps for itself (the live preview, the editor's page): it is
    served, so a link there (to / say) would serve and be written through; refused."""
    if folder.is_symlink():
        raise ConfigError(_("{folder} is a symbolic link; oit writes there only into a folder of its own "
                            "(remove the link)").format(folder=display_path(folder)))
    return check_out_dir(folder, content_dir)


def _refuse_overlap(out: Path, content_dir: Path) -> None:
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
        found, odd = _tree_entries(out)
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


def _tree_entries(root: Path) -> tuple[set, list]:
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
    """Replace the manifest in one step: a killed build leaves the old one or the new one."""
    path = manifest_path(out, state)
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)


@contextmanager
def _exclusive(out: Path, state: Path | None = None):
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


# --- inputs ---------------------------------------------------------------------------------

def input_fingerprint(content_dir: Path, as_of: BEDate, link_evidence: bool = False,
                      references: list | None = None, base_url: str | None = None) -> str:
    """Everything a build reads, by name, size and modification time (no file is read), the
    versions of the packages that shape the result, and how evidence is published.
    `references`: the files the engine's configuration names (engine.config_references), when already known."""
    config = engine.config_file_for(content_dir)
    entries = [__version__, as_of.iso(), f"link={link_evidence}", f"base_url={base_url}", *engine.package_versions(),
               *input_state(content_dir, references),
               f"{config}\0{config.read_bytes().hex() if config.is_file() else ''}"]
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def input_state(content_dir: Path, references: list | None = None) -> list[str]:
    """'path, size, mtime' of every file a build reads besides the packages: content, catalogs,
    templates, the generator, the engine's configuration and the files it names. `oit serve`
    rebuilds when this changes."""
    config = engine.config_file_for(content_dir)
    if references is None:
        references = engine.config_references(config)
    roots = [content_dir, *catalog_dirs(content_dir), engine.TEMPLATES, GENERATOR_DIR, config, *references]
    return [entry for root in roots for entry in _stat_entries(Path(root))]


def _stat_entries(root: Path) -> list:
    """'path, size, mtime' of `root` (a file) or of every file under it (a folder), hidden folders
    and compiled Python left out (never published, never read by a build)."""
    paths = [str(root)] if root.is_file() else []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        paths += [os.path.join(folder, name) for name in sorted(files)]
    entries = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        entries.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return entries


# --- the build ------------------------------------------------------------------------------

def build_site(content_dir: Path, out: Path, as_of: BEDate | None = None, incremental: bool = True,
               link_evidence: bool = False, base_url: str | None = None, state: Path | None = None,
               keep: bool = False) -> BuildResult:
    """`base_url` replaces site.yml's and `state` holds the manifest and lock instead of the
    output's parent folder: an agency built inside a portal's web root (generator/portal/).
    `keep`: the caller keeps the result to rebuild from it (incremental.py): never skipped as unchanged."""
    _refuse_overlap(out, content_dir)
    target = Path(os.path.realpath(out))  # a symlinked --out: its target is updated, the link kept
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(_("--out {out}: cannot create {folder}: {reason}").format(
            out=out, folder=display_path(target.parent), reason=err.strerror)) from None
    with _exclusive(target, state):
        _restore_interrupted_swap(target)
        _remove_leftovers(target)
        owned = claim_out_dir(target, state)
        try:
            return _build_into(content_dir, out, target, as_of or today_be(), owned, incremental, link_evidence,
                               as_of_given=as_of is not None, base_url=base_url, state=state, keep=keep)
        finally:
            engine.stop_early_workers()


def _build_into(content_dir: Path, out: Path, target: Path, as_of: BEDate, owned: dict, incremental: bool,
                link_evidence: bool, as_of_given: bool = False, base_url: str | None = None,
                state: Path | None = None, keep: bool = False) -> BuildResult:
    """Build into `target` (the real output directory, ours and locked); `out` is as the user named it."""
    previous = owned if incremental else {}
    config_file = engine.config_file_for(content_dir)
    references = engine.config_references(config_file)  # read once, used twice
    fingerprint = input_fingerprint(content_dir, as_of, link_evidence, references, base_url)
    if not keep and previous.get("fingerprint") == fingerprint and (target / engine.page_html(urls.page_source(urls.home_page()))).is_file():
        return BuildResult(out, [], unchanged=True)
    engine.start_early_workers()  # MkDocs loads in its own process while the content is read
    cache_dir = cache_dir_for(content_dir)
    remember_words(cache_dir)  # the Thai words of earlier builds: the dictionary may not be needed
    if not previous and not knows_words():  # it will be: load it while the evidence files are read
        load_words_meanwhile()
    files_seen = guard.file_cache(content_dir)  # every evidence file is hashed once: for the guard, kept to publish
    site, reports = load_reports(content_dir, as_of, base_url=base_url, files=files_seen)
    from .render import Renderer
    if previous:  # titles keep their words whole (render.whole_words): the words the last build found
        learn_words(engine.known_thai_words(target))
    face = load_face(site, contact_from(reports, site.default_year))
    renderer = Renderer(site, face, updated_dates(content_dir))
    pages = renderer.render_site(reports, site.default_year)
    result = BuildResult(out, reports, pages=pages, renderer=renderer, files_seen=files_seen)
    for report in reports:
        result.published.update(report.published)  # what the PDPA guard proved safe (guard.py)

    nav = [("หน้าแรก", urls.page_source(urls.home_page()))]
    nav += [(f"ปีงบประมาณ {r.year.year}", urls.page_source(urls.year_page(r.year.year))) for r in reports]
    settings = engine.SiteSettings(config_file, f"OIT {site.name}", site.base_url, nav,
                                   engine_face(face, site))
    key = engine.engine_key(settings, references)
    settings.cache_dir = cache_dir
    result.settings = settings
    reuse = previous if previous.get("engine_key") == key else {}
    previous_site = engine.PreviousSite(target, reuse.get("pages", {}), reuse.get("static", [])) if reuse else None

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        published = {}

        def publish():  # runs while the engine renders; files are reused whatever the engine key
            published["files"], result.copied = _publish_files(target, staging, result.published,
                                                                previous.get("files", {}), link_evidence, files_seen)
        built = engine.build_site_pages(pages, staging, settings, scratch_prefix=f".{target.name}.engine-",
                                        previous=previous_site, meanwhile=publish)
        result.rendered = built.rendered
        keep_words(cache_dir)
        files = published["files"]
        write_exports(staging, reports, renderer, content_dir, files, result.published, as_of_given)
        written = sorted(entry for entry in _tree_entries(staging)[0] if not entry.endswith("/"))
        manifest = {"built_by": "oit-site", "engine": engine.ENGINE, "fingerprint": fingerprint,
                    "engine_key": key, "pages": built.pages, "static": sorted(built.static), "files": files,
                    "written": written}
        # until the new manifest is in place, one that proves both the old and the new files ours
        # (and reuses nothing): a build killed during the swap leaves an output we can still claim
        write_manifest(target, {"built_by": "oit-site", "written": sorted(
            {*owned.get("written", []), *written, *map(_in_place_temporary, written)})}, state)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise _explained(err, _("the previous site is left untouched")) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _put_in_place(staging, target, set(owned.get("written", [])))
    try:
        write_manifest(target, manifest, state)
        result.manifest = manifest
    except OSError as err:  # the interim manifest stays: the next build claims the site and starts afresh
        raise _explained(err, _("{folder}/ holds the new site; the next build will rebuild it whole").format(
            folder=display_path(target))) from None
    return result


def write_exports(folder: Path, reports: list, renderer, content_dir: Path, files: dict, published: dict,
                  as_of_given: bool, years: set | None = None, evidence: bool = True) -> None:
    """Each year's ITAS table and JSON report, and the evidence manifest (`files`: the manifest's
    records of the published files, with their hashes). `years` and `evidence`: only those
    (an incremental build, incremental.py)."""
    for report in reports:
        year = report.year.year
        if years is not None and year not in years:
            continue
        (folder / f"itas-{year}.csv").write_bytes(exports.itas_csv(report))
        year_folder = Path(os.path.relpath(report.year.folder, content_dir)).as_posix() + "/"
        (folder / f"oit-{year}.json").write_bytes(exports.report_json(report, renderer.latest.get(year_folder), as_of_given))
    if not evidence:
        return
    hashes = {path: info["sha256"] for path, info in files.items()}
    (folder / "evidence-manifest.json").write_bytes(exports.evidence_manifest(reports[0].site.base_url, published, hashes))


def _explained(err: OSError, outcome: str) -> PublishError:
    """One line that names the file and says what became of the site (never a bare errno)."""
    if isinstance(err, PublishError):
        return PublishError(err.errno, _("{problem}; {outcome}").format(problem=err.strerror, outcome=outcome))
    where = f"{display_path(Path(err.filename))}: " if err.filename else ""
    return PublishError(err.errno, _("cannot write the new site: {where}{reason}; {outcome}").format(
        where=where, reason=err.strerror or err, outcome=outcome))


def _restore_interrupted_swap(out: Path) -> None:
    """A build killed between the two renames of a swap left no `out`, only the previous site
    beside it: put that back (the leftovers removed next would otherwise include it)."""
    if os.path.lexists(out):
        return
    olds = [p for p in out.parent.glob(f".{out.name}.old-*") if p.is_dir() and not p.is_symlink()]
    if olds:
        os.rename(max(olds, key=lambda p: p.stat().st_mtime_ns), out)


def _remove_leftovers(out: Path) -> None:
    """Directories a killed build left beside `out` (its staging, engine scratch, old site).
    Called only under the lock: no other build is running, so none of them is live."""
    for kind in ("building", "engine", "old"):
        for leftover in out.parent.glob(f".{out.name}.{kind}-*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def publish_file(source: Path, target: Path, link: bool = False, known: tuple | None = None) -> str:
    """Publish one evidence file byte for byte; returns the SHA-256 of the bytes published.

    A copy by default: a published site must not change when someone overwrites a file in
    content/ in place (`cp new.pdf content/...` would otherwise publish it unchecked). A hard
    link (`link=True`) saves writing the bytes again and is safe where the site is private and
    thrown away: `oit check` and `oit serve` link, and `oit build --link` may.
    `known`: (SHA-256, stat key) of the source as the guard read it. When the source has the
    same stat key after it is published, those are the bytes published: no second read to hash
    them (a copy is then made by the system, without passing through Python).
    """
    if known is not None:
        sha, before = known
        if link:
            link_or_copy(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        if stat_key(os.stat(source)) == before:
            return sha
        return sha256_of(target)  # changed meanwhile: hash what was published
    if link:
        link_or_copy(source, target)
        return sha256_of(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return sha256_of(source, copy_to=target)


def file_record(source: Path, info: os.stat_result, link: bool) -> dict:
    """The manifest's record of a published file (without its hash): reused while it is the same."""
    return {"source": os.path.abspath(source), "size": info.st_size, "mtime_ns": info.st_mtime_ns,
            "inode": info.st_ino, "linked": link}


def _publish_files(out: Path, staging: Path, published: dict, previous: dict, link: bool,
                   files_seen: FileCache | None = None) -> tuple[dict, int]:
    """Evidence files into `staging`: linked from the previous site when the source is unchanged.

    This runs for every file of every year on every build, so it avoids per-file work that is
    not needed: no realpath, one stat of the source, a directory created once. A file published
    by a `--link` build is the source itself: a copying build never reuses it ("linked" differs).
    """
    files, to_copy, made = {}, [], set()
    for site_path, source in sorted(published.items()):
        info = os.stat(source)
        record = file_record(source, info, link)
        old = previous.get(site_path)
        if old and all(old.get(k) == v for k, v in record.items()):
            parent = os.path.dirname(site_path)
            if parent not in made:
                os.makedirs(staging / parent, exist_ok=True)
                made.add(parent)
            try:
                os.link(out / site_path, staging / site_path)
                files[site_path] = {**record, "sha256": old["sha256"]}
                continue
            except OSError:  # the previous copy is gone or on another disk: publish anew
                pass
        files[site_path] = record
        sha = files_seen.known_sha(source, info) if files_seen is not None else None
        to_copy.append((site_path, (sha, stat_key(info)) if sha else None))
    for site_path, known in to_copy:
        try:
            files[site_path]["sha256"] = publish_file(published[site_path], staging / site_path, link, known)
        except OSError as err:  # disk full, unreadable file: say which file
            raise PublishError(err.errno, _("cannot publish {file}: {reason}").format(
                file=display_path(published[site_path]), reason=err.strerror or err)) from None
    return files, len(to_copy)


# --- putting the new site in place ----------------------------------------------------------

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
    renames, and a build killed between them is undone by the next (_restore_interrupted_swap).
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


def _in_place_temporary(path: str) -> str:
    folder, _, name = path.rpartition("/")
    return f"{folder}/.oit-new-{name}" if folder else f".oit-new-{name}"


def _sync_into(staging: Path, out: Path, previous: set) -> None:
    """Update `out` in place (it cannot be renamed: a mount point). Each file is written under a
    temporary name beside its target and renamed over it; then the files of the previous build
    that this one does not have are removed. Nothing else in `out` is touched."""
    new, touched = _tree_entries(staging)[0], False
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
            temporary = out / _in_place_temporary(path)
            shutil.copyfile(source, temporary)
            touched = True
            os.replace(temporary, target)
        # only what is there now, found without following links: whatever a manifest says, nothing
        # outside `out` is ever removed
        stale = (_with_folders(previous) & _tree_entries(out)[0]) - new
        for path in sorted(e for e in stale if not e.endswith("/")):
            (out / path).unlink(missing_ok=True)
    except OSError as err:
        raise _explained(err, _("{folder}/ now holds part of the new site; run oit build again").format(folder=display_path(out))
                         if touched else _("{folder}/ can neither be replaced (a mount point) nor updated in place; "
                                           "nothing was changed").format(folder=display_path(out))) from None
    for folder in sorted((e for e in stale if e.endswith("/")), reverse=True):  # deepest first
        try:
            (out / folder).rmdir()
        except OSError:  # still holds something
            pass


def _put_in_place(staging: Path, out: Path, previous: set) -> None:
    try:
        if _swap_in(staging, out):
            return
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise _explained(err, _("the previous site is left untouched")) from None
    try:
        _sync_into(staging, out, previous)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
