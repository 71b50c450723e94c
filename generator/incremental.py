"""A warm build for `oit serve` and the editor's preview: after the first build, a change inside
item folders costs what it changes, not what the site holds.

The process keeps what the last build computed (the loaded years, each item's record and
findings, the rendered pages, the engine's settings, the manifest). On a change it compares file
stats (size, modification time) with those of the last good build. When every changed file lies
in an item folder named by its exact code, only those items (and any item that names a file in
them) are loaded and evaluated again; the other records are reused (validate.evaluate's `reuse`).
Then the home, year, site-map and policy pages are rendered again (they are few, and summarise
the records), and the item pages whose record, findings or last-update date changed. The engine
builds only pages whose text changed, plus the nav pages it always builds.

The served folder is updated file by file: everything new is first written into a staging folder
beside it; only when all of it is there are the changed files renamed into the site (and the
evidence files no longer published removed). A build that fails before that changes nothing.
Anything else (site.yml, year.yml, catalogs, templates, the engine's configuration, a year folder
added, an item folder named otherwise than its code, the agency's contact) is a full build
(build.build_site), which also runs when this process has no previous build.
"""
from __future__ import annotations

import copy
import dataclasses
import gc
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import engine, guard
from .build import BuildResult, build_site, file_record, guard_hash, input_state, publish_file, write_exports
from .outdir import exclusive, explained, files_under, staging_beside, write_manifest
from .codes import normalize_item_code
from .content import _load_item, load_site
from .face import contact_from, dates_after, git_head, load_face
from .i18n import _
from .model import ContentItem, Site, Year
from .references import item_references
from .thai import BEDate, keep_words, today_be, word_tokenizer
from .validate import evaluate, guarded_files, max_file_bytes, year_pages


def snapshot(content_dir: Path) -> dict[str, str]:
    """Path → 'size, mtime' of every file a build reads (build.input_state), and each year
    folder's list of subfolders (an item folder created or removed empty changes the site too)."""
    return {**dict(entry.split("\0", 1) for entry in input_state(content_dir)), **year_folder_lists(content_dir)}


def year_folder_lists(content_dir: Path) -> dict[str, str]:
    """The part of `snapshot` that lists each year folder's subfolders."""
    state = {}
    try:
        years = [entry for entry in os.scandir(content_dir) if entry.is_dir() and not entry.name.startswith(".")]
        for year in years:
            state[year.path + os.sep] = "\0".join(sorted(e.name for e in os.scandir(year.path) if e.is_dir()))
    except OSError:
        pass  # the build says what cannot be read
    return state


@dataclass
class _Last:
    """What the last good build computed."""
    stats: dict
    as_of: BEDate
    site: Site  # as site.yml says (evaluation needs it unmasked)
    result: BuildResult
    site_verdict: guard.SiteVerdict
    pages: set  # validate.year_pages: the pages links may lead to
    head: str | None  # the commit git's HEAD named before its "updated" dates were taken (face.dates_after)
    search_entries: list | None = None  # the served search index's entries (not read again from its 5 MB file)


class Preview:
    """The site of `content_dir` built into `out` (a private preview: evidence hard-linked), rebuilt
    in proportion to each change."""

    def __init__(self, content_dir: Path, out: Path, as_of: BEDate | None = None):
        self.content_dir, self.out, self.as_of = Path(content_dir), Path(out), as_of
        self.last: _Last | None = None
        self.full_builds = 0  # how many rebuilds were whole ones (for tests and the benchmark)
        self.engine_warm = False  # the engine has built in this process (between_rebuilds)
        self.claimed: set | None = None  # what the manifest beside `out` says is ours, while it is the short one

    def close(self) -> None:
        """Write the manifest of the site as it is, so the next build reuses its pages and files."""
        if self.last is not None and self.claimed is not None:
            try:
                write_manifest(Path(os.path.realpath(self.out)), self.last.result.manifest)
            except OSError:  # the short manifest stays: the next build claims the site and rebuilds it whole
                return
            self.claimed = None

    def between_rebuilds(self) -> None:
        """Do now what the next rebuild would otherwise do while the webmaster waits (`oit serve`
        calls it once the site is updated): collect this one's cyclic garbage (serve turns the
        collector off, so it never runs during a rebuild), load the engine in this process (a
        full build ran it in a worker) and PyThaiNLP's dictionary (for the first new Thai word)."""
        gc.collect()
        word_tokenizer()  # PyThaiNLP's dictionary
        if self.last is not None and not self.engine_warm:  # MkDocs's first build in a process loads and compiles
            result = self.last.result
            assert result.settings is not None
            engine.warm_up(result.pages, result.settings, self.out.resolve().parent, f".{self.out.name}.engine-")
            self.engine_warm = True

    def rebuild(self, stats: dict | None = None) -> BuildResult:
        """Bring `out` up to date with the content (`stats`: its snapshot, when the caller took one)."""
        stats = snapshot(self.content_dir) if stats is None else stats
        as_of = self.as_of or today_be()
        last = self.last
        if last is not None and as_of == last.as_of:
            changed = {path for path in stats.keys() | last.stats.keys() if stats.get(path) != last.stats.get(path)}
            folders = self._changed_items(last, stats, changed)
            if folders is not None:
                if not folders:
                    last.stats = stats
                    return BuildResult(self.out, last.result.reports, unchanged=True)
                result = self._update(last, folders, stats, changed, as_of)
                if result is not None:
                    return result
        return self._full(stats, as_of)

    def _full(self, stats: dict, as_of: BEDate) -> BuildResult:
        self.close()  # the full build reuses the pages and files of the site as it is
        self.last, self.claimed = None, None  # a failure below leaves nothing to rebuild from
        self.full_builds += 1
        head = git_head(self.content_dir)  # before the build dates the files: a commit meanwhile is seen next time
        result = build_site(self.content_dir, self.out, self.as_of, link_evidence=True, keep=True)
        site = load_site(self.content_dir)
        catalogs = {r.year.year: r.catalog for r in result.reports}
        assert result.files_seen is not None
        self.last = _Last(stats, as_of, site, result, guard.guard_site(site, result.files_seen),
                          year_pages(site.root, catalogs), head)
        return result

    def _changed_items(self, last: _Last, stats: dict, changed: set) -> set | None:
        """The item folders (year, folder name) in which something changed (`changed`: the paths
        whose state in the snapshot `stats` differs from the last build's); None when something changed elsewhere (a full build)."""
        years = {str(r.year.folder): r.year.year for r in last.result.reports}
        folders = set()
        for path in changed:
            if path.endswith(os.sep):  # a year folder's list of subfolders
                year = years.get(path[:-1])
                if year is None:
                    return None
                before, after = (set(state.get(path, "").split("\0")) - {""} for state in (last.stats, stats))
                folders |= {(year, name) for name in before ^ after}
                continue
            year_folder, _sep, inside = path.rpartition(os.sep)
            while year_folder and year_folder not in years:
                year_folder, _sep, rest = year_folder.rpartition(os.sep)
                inside = f"{rest}{os.sep}{inside}"
            if not year_folder or os.sep not in inside:  # outside year folders, or a file of the year folder itself
                return None
            folders.add((years[year_folder], inside.split(os.sep)[0]))
        return folders

    def _update(self, last: _Last, folders: set, stats: dict, changed: set, as_of: BEDate) -> BuildResult | None:
        """The incremental build; None when the change needs a full one."""
        site, old = last.site, last.result
        limit = max_file_bytes(site)
        by_year = {r.year.year: r for r in old.reports}
        reloaded: dict = {}  # year → codes whose folders changed
        for year, name in folders:
            report = by_year[year]
            code = normalize_item_code(name)
            if code != name or report.catalog.item(code) is None:
                return None
            twins = [entry.name for entry in os.scandir(report.year.folder)
                     if entry.is_dir() and entry.name != name and normalize_item_code(entry.name) == code]
            if twins:
                return None
            reloaded.setdefault(year, set()).add(code)
        changed_folders = [str(by_year[year].year.folder / code) + os.sep for year, codes in reloaded.items() for code in codes]
        again = {year: set(codes) for year, codes in reloaded.items()}  # and the items that name a file in them
        for report in old.reports:
            for code, (record, _findings) in report.evaluated.items():
                if any(ref.path is not None and str(ref.path).startswith(tuple(changed_folders)) for ref in record.references):
                    again.setdefault(report.year.year, set()).add(code)

        cache = old.files_seen
        assert cache is not None
        cache.new_run()
        reports = []
        for report in old.reports:
            year = report.year.year
            if year not in again:
                reports.append(report)
                continue
            reports.append(self._evaluate_again(site, report, reloaded.get(year, set()), again[year], as_of,
                                                cache, limit, last))
        cache.save()

        assert old.renderer is not None
        renderer = copy.copy(old.renderer)  # render_site sets its dates: the last good build keeps its own
        face = load_face(reports[0].site, contact_from(reports, site.default_year))
        if face != renderer.face:  # the contact shown in every page's footer
            return None
        root = str(self.content_dir) + os.sep
        mtimes = {path[len(root):].replace(os.sep, "/"): int(stats[path].rpartition("\0")[2]) if path in stats else None
                  for path in changed if path.startswith(root) and not path.endswith(os.sep)}
        before = renderer.latest
        dates, after, head = dates_after(self.content_dir, renderer.dates or {}, before, mtimes, last.head)
        redo = {(year, code) for year, codes in again.items() for code in [None, *codes]}
        redo |= {key for key, prefix in renderer.prefixes.items() if before.get(prefix) != after.get(prefix)}
        for report in reports:  # an item folder created now has a prefix it had not before
            redo |= {(report.year.year, r.code) for r in report.items
                     if r.content and (report.year.year, r.code) not in renderer.prefixes}
        renderer.dates, renderer.latest = dates, after
        pages = dict(old.pages)
        pages.update(renderer.render_site(reports, site.default_year, only=redo))
        return self._publish(dataclasses.replace(last, head=head), reports, renderer, pages, stats, as_of, redo, again)

    def _evaluate_again(self, site, report, reloaded: set, codes: set, as_of: BEDate, cache, limit: int, last: _Last):
        """`report` with the items `reloaded` read again from their folders and the items `codes`
        evaluated again; every other item's record reused."""
        old_year = report.year
        items = dict(old_year.items)
        findings = [f for f in old_year.findings if f.item not in reloaded]
        for code in reloaded:
            folder = old_year.folder / code
            items.pop(code, None)
            if folder.is_dir():
                scratch = Year(old_year.year, old_year.folder, old_year.framework)  # collects the loader's findings
                items[code] = _load_item(ContentItem(code, folder, folder / "index.md"), scratch, site.root, limit)
                findings += scratch.findings
        items = dict(sorted(items.items(), key=lambda pair: pair[1].folder.name))  # as the loader lists them
        year = dataclasses.replace(old_year, items=items, findings=findings)
        references = {code: item_references(report.catalog.item(code), items[code], year.year, site.root)
                      for code in codes if code in items}
        guard.prefetch(cache, guarded_files({year.year: references}), limit)
        reuse = {code: value for code, value in report.evaluated.items() if code not in codes}
        try:
            return evaluate(site, year, report.catalog, as_of, cache, last.pages, references, last.site_verdict, reuse)
        finally:
            cache.settle()

    def _publish(self, last: _Last, reports: list, renderer, pages: dict, stats: dict, as_of: BEDate, redo: set,
                 again: dict) -> BuildResult:
        """Engine, exports and the changed evidence files into a staging folder, then renamed into
        the served folder one by one; nothing is changed there when anything fails before.
        `redo`: the pages rendered again ((year, None) for a year's); `again`: year → the items
        evaluated again (only their files may have changed)."""
        old = last.result
        manifest, settings = old.manifest, old.settings
        assert settings is not None
        target = Path(os.path.realpath(self.out))
        published = {path: source for report in reports for path, source in report.published.items()}
        maybe = {path for report in reports for record in report.items if record.code in again.get(report.year.year, ())
                 for path in record.published}
        with exclusive(target):
            with staging_beside(target) as staging:
                built = engine.build_site_pages(
                    pages, staging, settings, scratch_prefix=f".{target.name}.engine-",
                    previous=engine.PreviousSite(target, manifest["pages"], manifest["static"], last.search_entries),
                    only_changed=True)
                keep_words(settings.cache_dir)
                files, fresh = self._evidence(staging, published, maybe, manifest["files"], old.files_seen)
                write_exports(staging, reports, renderer, self.content_dir, files, self.as_of is not None,
                              years={year for year, code in redo if code is None},
                              evidence=files != manifest["files"] or published != old.published)
                removed = sorted(set(manifest["files"]) - set(files))
                moves = [path for path in files_under(staging) if not _same_file(staging / path, target / path)]
            written = sorted((set(manifest["written"]) - set(removed)) | set(moves))
            new_manifest = {**manifest, "fingerprint": "", "pages": built.pages, "static": sorted(built.static),
                            "files": files, "written": written}
            try:
                # Beside the site, a manifest that proves its files ours and lets a later build reuse
                # nothing (its page digests would no longer match the pages): the full one, a few MB
                # of JSON, is written when the preview stops (close).
                if self.claimed is None or not self.claimed.issuperset(written):
                    claimed = {*manifest["written"], *written}
                    write_manifest(target, {"built_by": "oit-site", "written": sorted(claimed)})
                    self.claimed = claimed
                for path in moves:
                    (target / path).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staging / path, target / path)
                for path in removed:
                    (target / path).unlink(missing_ok=True)
                    _remove_empty_folders(target, path)
            except OSError as err:
                self.last = None  # the site is part old, part new: the next rebuild is whole (the short manifest reuses nothing)
                raise explained(err, _("{folder}/ now holds part of the new site; run oit build again").format(
                    folder=self.out)) from None
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        result = BuildResult(self.out, reports, published=published, pages=pages, rendered=built.rendered,
                             copied=fresh, renderer=renderer, settings=old.settings, files_seen=old.files_seen,
                             manifest=new_manifest)
        entries = built.search_entries if built.search_entries is not None else last.search_entries
        self.last = dataclasses.replace(last, stats=stats, as_of=as_of, result=result, search_entries=entries)
        return result

    @staticmethod
    def _evidence(staging: Path, published: dict, maybe: set, previous: dict, files_seen) -> tuple[dict, int]:
        """The manifest's file records; the files new or changed since `previous` are linked into
        `staging` (a preview links, as build.publish_file explains). Only those in `maybe` (of the
        items evaluated again) can have changed: their folders did not."""
        files, fresh = {}, 0
        for site_path, source in sorted(published.items()):
            if site_path not in maybe and site_path in previous:
                files[site_path] = previous[site_path]
                continue
            info = os.stat(source)
            record = file_record(source, info, True)
            old = previous.get(site_path)
            if old and all(old.get(k) == v for k, v in record.items()):
                files[site_path] = old
                continue
            record["sha256"] = publish_file(source, staging / site_path, True, guard_hash(files_seen, source, info))
            files[site_path] = record
            fresh += 1
        return files, fresh


def _same_file(new: Path, live: Path) -> bool:
    """True when `new` is the live file itself (linked from it) or holds the same bytes."""
    try:
        a, b = os.stat(new), os.stat(live)
    except OSError:
        return False
    if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev):
        return True
    if a.st_size != b.st_size:
        return False
    with open(new, "rb") as x, open(live, "rb") as y:
        return x.read() == y.read()


def _remove_empty_folders(root: Path, path: str) -> None:
    parts = path.split("/")[:-1]
    while parts:
        try:
            (root / "/".join(parts)).rmdir()
        except OSError:
            return
        parts.pop()
