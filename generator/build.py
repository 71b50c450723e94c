"""`oit build`, the recipe: validate every year, render pages, run the site engine, publish files
and exports into a staging folder, then put it in place (the output directory's rules: outdir.py),
so a failed or interrupted build leaves the previous site untouched. The manifest beside the
output lets the next build reuse what did not change: unchanged pages and evidence files are
hard-linked from the previous site instead of being rendered and copied again, and a build whose
inputs did not change at all does nothing.
"""
from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import stat
import shutil
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING


from . import __version__, engine, urls
from .catalog import catalog_dirs
from .filecache import FileCache, cache_dir_for, link_or_copy, sha256_of, stat_key
from .i18n import _
from .display import display_path
from .errors import ConfigError
from .thai import BEDate, keep_words, knows_words, learn_words, load_words_meanwhile, remember_words, today_be
from .outdir import (PublishError, claim_out_dir, exclusive, explained, files_under, in_place_temporary, manifest_fingerprint, put_in_place, refuse_overlap, remove_leftovers,
                     restore_interrupted_swap, staging_beside, write_manifest)
from .resources import GENERATOR_DIR

if TYPE_CHECKING:
    from .render import Renderer  # imported when a build renders (Jinja is not loaded for the no-op build)

log = logging.getLogger("oit")  # notices for the person running oit (cli.main prints them)


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
    from . import validate
    from .content import load_site, year_folders
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
    return [entry for root in input_roots(content_dir, references) for entry in stat_entries(root)]


def input_roots(content_dir: Path, references: list | None = None) -> list[Path]:
    """The folders and files input_state looks into."""
    config = engine.config_file_for(content_dir)
    if references is None:
        references = engine.config_references(config)
    return [Path(root) for root in (content_dir, *catalog_dirs(content_dir), engine.TEMPLATES, GENERATOR_DIR, config, *references)]


def stat_entries(root: Path) -> list:
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
    refuse_overlap(out, content_dir)
    target = Path(os.path.realpath(out))  # a symlinked --out: its target is updated, the link kept
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(_("--out {out}: cannot create {folder}: {reason}").format(
            out=out, folder=display_path(target.parent), reason=err.strerror)) from None
    with exclusive(target, state):
        restore_interrupted_swap(target)
        remove_leftovers(target)
        date = as_of or today_be()
        references = engine.config_references(engine.config_file_for(content_dir))  # read once, used twice
        fingerprint = input_fingerprint(content_dir, date, link_evidence, references, base_url)
        # nothing changed: nothing is written, so the site need not be proved ours file by file first
        if (incremental and not keep and manifest_fingerprint(target, state) == fingerprint
                and (target / engine.page_html(urls.page_source(urls.home_page()))).is_file()):
            return BuildResult(out, [], unchanged=True)
        owned = claim_out_dir(target, state)
        try:
            return _build_into(content_dir, out, target, date, owned, incremental, link_evidence, fingerprint,
                               references, as_of_given=as_of is not None, base_url=base_url, state=state)
        finally:
            engine.stop_early_workers()


def _build_into(content_dir: Path, out: Path, target: Path, as_of: BEDate, owned: dict, incremental: bool,
                link_evidence: bool, fingerprint: str, references: list, as_of_given: bool = False,
                base_url: str | None = None, state: Path | None = None) -> BuildResult:
    """Build into `target` (the real output directory, ours and locked); `out` is as the user named
    it; `fingerprint`: input_fingerprint of this build (`references`: the engine's, used for it)."""
    from . import guard  # a build that does something: not imported for the one that does nothing
    from .face import contact_from, engine_face, load_face, updated_dates
    previous = owned if incremental else {}
    config_file = engine.config_file_for(content_dir)
    engine.start_early_workers(config_file)  # MkDocs loads in its own process while the content is read
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

    with staging_beside(target) as staging:
        published = {}

        def publish():  # runs while the engine renders; files are reused whatever the engine key
            published["files"], result.copied = _publish_files(target, staging, result.published,
                                                                previous.get("files", {}), link_evidence, files_seen)
        built = engine.build_site_pages(pages, staging, settings, scratch_prefix=f".{target.name}.engine-",
                                        previous=previous_site, meanwhile=publish)
        result.rendered = built.rendered
        keep_words(cache_dir)
        files = published["files"]
        write_exports(staging, reports, renderer, content_dir, files, as_of_given)
        written = files_under(staging)
        manifest = {"built_by": "oit-site", "engine": engine.ENGINE, "fingerprint": fingerprint,
                    "engine_key": key, "pages": built.pages, "static": sorted(built.static), "files": files,
                    "written": written}
        # until the new manifest is in place, one that proves both the old and the new files ours
        # (and reuses nothing): a build killed during the swap leaves an output we can still claim
        write_manifest(target, {"built_by": "oit-site", "written": sorted(
            {*owned.get("written", []), *written, *map(in_place_temporary, written)})}, state)
    put_in_place(staging, target, set(owned.get("written", [])))
    try:
        write_manifest(target, manifest, state)
        result.manifest = manifest
    except OSError as err:  # the interim manifest stays: the next build claims the site and starts afresh
        raise explained(err, _("{folder}/ holds the new site; the next build will rebuild it whole").format(
            folder=display_path(target))) from None
    return result


def write_exports(folder: Path, reports: list, renderer, content_dir: Path, files: dict,
                  as_of_given: bool, years: set | None = None, evidence: bool = True) -> None:
    """Each year's ITAS table and JSON report, and the evidence manifest (`files`: the manifest's
    records of the published files, with their sizes and hashes). `years` and `evidence`: only those
    (an incremental build, incremental.py)."""
    from . import exports
    for report in reports:
        year = report.year.year
        if years is not None and year not in years:
            continue
        (folder / f"itas-{year}.csv").write_bytes(exports.itas_csv(report))
        year_folder = Path(os.path.relpath(report.year.folder, content_dir)).as_posix() + "/"
        (folder / f"oit-{year}.json").write_bytes(exports.report_json(report, renderer.latest.get(year_folder), as_of_given))
    if evidence:
        (folder / "evidence-manifest.json").write_bytes(exports.evidence_manifest(reports[0].site.base_url, files))


def publish_file(source: Path, target: Path, link: bool = False, known: tuple | None = None) -> str:
    """Publish one evidence file byte for byte (its folder made already); returns the SHA-256 of
    the bytes published.

    A copy by default: a published site must not change when someone overwrites a file in
    content/ in place (`cp new.pdf content/...` would otherwise publish it unchecked). A hard
    link (`link=True`) saves writing the bytes again and is safe where the site is private and
    thrown away: `oit check` and `oit serve` link, and `oit build --link` may.
    `known`: (SHA-256, stat key) of the source as the guard read it. When the file copied has
    that stat key once copied, those are the bytes published: no second read to hash them (a
    copy is then made by the system, without passing through Python).
    """
    if known is not None:
        sha, before = known
        if link:
            link_or_copy(source, target)
            after = os.stat(source)
        else:
            after = copy_file(source, target)
        return sha if stat_key(after) == before else sha256_of(target)  # changed meanwhile: hash what was published
    if link:
        link_or_copy(source, target)
        return sha256_of(target)
    return sha256_of(source, copy_to=target)


def copy_file(source: Path, target: Path) -> os.stat_result:
    """Copy `source` into the new file `target` by the system (sendfile), without shutil.copyfile's
    four stats a file (a build copies thousands); returns the stat of the file copied, taken from
    it once copied (a file replaced or written meanwhile then shows a different stat key). Opened
    without waiting and refused unless it is a regular file: a named pipe put in the file's place
    would otherwise hang the build (shutil.copyfile refuses it too)."""
    with open(os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as reader:
        if not stat.S_ISREG(os.fstat(reader.fileno()).st_mode):
            raise OSError(errno.EINVAL, _("not a regular file"))
        with open(target, "wb") as writer:
            offset = 0
            try:
                while sent := os.sendfile(writer.fileno(), reader.fileno(), offset, 1 << 30):
                    offset += sent
            except OSError:  # no sendfile between these files: through Python
                reader.seek(offset)
                writer.seek(offset)
                shutil.copyfileobj(reader, writer)
        return os.fstat(reader.fileno())


def file_record(source: Path, info: os.stat_result, link: bool) -> dict:
    """The manifest's record of a published file (without its hash): reused while it is the same."""
    return {"source": os.path.abspath(source), "size": info.st_size, "mtime_ns": info.st_mtime_ns,
            "inode": info.st_ino, "linked": link}


def guard_hash(files_seen: FileCache | None, source: Path, info: os.stat_result) -> tuple | None:
    """(SHA-256, stat) the PDPA guard took of `source` in this run while it is still as the guard
    read it (publish_file then needs no second read to hash it), else None."""
    sha = files_seen.known_sha(source, info) if files_seen is not None else None
    return (sha, stat_key(info)) if sha else None


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
        to_copy.append((site_path, guard_hash(files_seen, source, info)))
    for folder in sorted({os.path.dirname(site_path) for site_path, _known in to_copy} - made):
        os.makedirs(staging / folder, exist_ok=True)  # each folder once, not once per file
    for site_path, known in to_copy:
        try:
            files[site_path]["sha256"] = publish_file(published[site_path], staging / site_path, link, known)
        except OSError as err:  # disk full, unreadable file: say which file
            raise PublishError(err.errno, _("cannot publish {file}: {reason}").format(
                file=display_path(published[site_path]), reason=err.strerror or err)) from None
    return files, len(to_copy)


