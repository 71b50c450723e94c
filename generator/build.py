"""`oit build`: validate every year, render pages, run the site engine, publish files and exports.

The site is assembled in a sibling directory and swapped in at the end, so a failed or
interrupted build leaves the previous site untouched. A manifest inside every site we build
(MARKER) identifies it, so we never replace anything else, and lets the next build reuse what
did not change: unchanged pages and evidence files are hard-linked from the previous site
instead of being rendered and copied again, and a build whose inputs did not change at all
does nothing.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import __version__, engine, exports, search, urls, validate
from .catalog import catalog_dirs
from .filecache import cache_dir_for, sha256_of
from .content import ConfigError, body_links, display_path, item_site_path, load_site, resolve_item_file, year_folders
from .thai import BEDate, today_be
from .validate import Report

MARKER = ".oit-site"  # the build manifest, written into every site we build
GENERATOR_DIR = Path(__file__).resolve().parent


@dataclass
class BuildResult:
    out: Path
    reports: list
    published: dict = field(default_factory=dict)  # site path → source file
    pages: dict = field(default_factory=dict)  # site path of .md → text
    rendered: int = 0  # pages the engine built this time
    copied: int = 0  # evidence files copied this time
    unchanged: bool = False  # inputs identical to the previous build: nothing was done


def load_reports(content_dir: Path, as_of: BEDate | None = None, only_year: int | None = None):
    """The site profile and one validation report per year folder (newest first)."""
    site = load_site(content_dir)
    years = sorted(year_folders(content_dir), reverse=True)
    if only_year is not None:
        years = [only_year] if only_year in years else years
    if not years:
        raise ConfigError(f"{display_path(content_dir)} has no year folder (create one with: oit new {site.default_year})")
    return site, validate.load_reports(site, years, as_of)


def published_files(report: Report) -> dict:
    """Every file of this year the site must serve: evidence, field files (photos), body attachments;
    never a file the PDPA guard did not prove safe (report.withheld, validate._guard_files)."""
    files = {}
    root = report.site.root

    def withheld(path: Path) -> bool:
        return bool(report.withheld) and os.path.realpath(path) in report.withheld

    for result in report.items:
        content = result.content
        if content is None or not content.loaded:
            continue
        for ev in content.evidence:
            if ev.path is not None and ev.site_path and not withheld(ev.path):
                files[ev.site_path] = ev.path
        item = report.catalog.item(result.code)
        names = []
        for spec in item.fields:
            value = content.meta.get(spec.name)
            records = value if isinstance(value, list) else [value]
            names += [str(r[k]) for r in records if isinstance(r, dict) for k in spec.files if r.get(k)]
        names += [t.split("#")[0] for t, _ in body_links(content.body) if not t.split("#")[0].endswith((".md", "/"))]
        for name in map(unquote, names):
            path, _, _ = resolve_item_file(content.folder, name, root)
            if path is not None and not withheld(path):
                files[item_site_path(report.year.year, result.code, name)] = path
    return files


def check_out_dir(out: Path, content_dir: Path) -> None:
    """Refuse output directories that would overwrite sources or someone else's files."""
    out_real, content_real = Path(os.path.realpath(out)), Path(os.path.realpath(content_dir))
    if out_real == content_real or content_real in out_real.parents or out_real in content_real.parents:
        raise ConfigError(f"--out {out} overlaps the content directory {content_dir}; choose another directory, e.g. site/")
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file; choose a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ConfigError(f"--out {out} is not empty and was not built by oit; refusing to replace it "
                          "(empty it or choose another directory)")


def input_fingerprint(content_dir: Path, as_of: BEDate) -> str:
    """Everything a build reads, by name, size and modification time (no file is read)."""
    entries = [__version__, as_of.iso()]
    roots = [content_dir, *catalog_dirs(content_dir), engine.TEMPLATES, GENERATOR_DIR]
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                entries.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    config = engine.config_file_for(content_dir)
    entries.append(f"{config}\0{config.read_bytes().hex() if config.is_file() else ''}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def read_manifest(out: Path) -> dict:
    try:
        manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
        return manifest if manifest.get("built_by") == "oit-site" else {}
    except (OSError, ValueError):
        return {}


def _page_html(md_path: str) -> str:
    return md_path[:-3] + ".html"  # every page is an index.md: directory URLs


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_site(content_dir: Path, out: Path, as_of: BEDate | None = None, incremental: bool = True,
               link_evidence: bool = False) -> BuildResult:
    check_out_dir(out, content_dir)
    as_of = as_of or today_be()
    previous = read_manifest(out) if incremental else {}
    fingerprint = input_fingerprint(content_dir, as_of)
    if previous.get("fingerprint") == fingerprint and (out / "index.html").is_file():
        return BuildResult(out, [], unchanged=True)

    site, reports = load_reports(content_dir, as_of)
    from .render import Renderer
    pages = Renderer(site).render_site(reports, site.default_year)
    result = BuildResult(out, reports, pages=pages)
    for report in reports:
        result.published.update(published_files(report))

    nav_pages = ["index.md"] + [f"{r.year.year}/index.md" for r in reports]
    nav = [{"หน้าแรก": "index.md"}] + [{f"ปีงบประมาณ {r.year.year}": f"{r.year.year}/index.md"} for r in reports]
    options = {"config_file": engine.config_file_for(content_dir), "site_name": f"OIT {site.name}",
               "site_url": site.base_url, "nav": nav}
    key = engine.engine_key(options["config_file"], nav, options["site_name"], options["site_url"])
    options["cache_dir"] = cache_dir_for(content_dir)
    reuse = previous if previous.get("engine_key") == key else {}
    page_hashes = {path: _digest(text) for path, text in pages.items()}
    changed = {p: t for p, t in pages.items()
               if reuse.get("pages", {}).get(p) != page_hashes[p] or not (out / _page_html(p)).is_file()}

    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        published = {}

        def publish():  # runs while the engine renders; files are reused whatever the engine key
            published["files"], result.copied = _publish_files(out, staging, result.published,
                                                                previous.get("files", {}), link_evidence)
            if not reuse:  # every page's text is new to the search segmenter (else it reuses the old index)
                search.load_segmenter()
        static = _assemble_pages(out, staging, changed, pages, nav_pages, reuse, options, publish)
        # Thai word segmentation for the search (generator/search.py); the previous site's index
        # is only read, and only when its engine key matches (same PyThaiNLP, same code)
        search.index_site(staging, out if reuse else None)
        result.rendered = len(changed)
        files = published["files"]
        _write_sitemap(staging, site.base_url, pages)
        for report in reports:
            year = report.year.year
            (staging / f"itas-{year}.csv").write_bytes(exports.itas_csv(report))
            (staging / f"oit-{year}.json").write_bytes(exports.report_json(report))
        hashes = {path: info["sha256"] for path, info in files.items()}
        (staging / "evidence-manifest.json").write_bytes(exports.evidence_manifest(site.base_url, result.published, hashes))
        manifest = {"built_by": "oit-site", "engine": engine.ENGINE, "fingerprint": fingerprint,
                    "engine_key": key, "pages": page_hashes, "static": sorted(static), "files": files}
        (staging / MARKER).write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _remove_leftovers(out: Path) -> None:
    """Directories a killed build left beside `out` (its staging, engine scratch, old site)."""
    for kind in ("building", "engine", "old"):
        for leftover in out.parent.glob(f".{out.name}.{kind}-*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    """A new directory entry for `source` at `target`: a hard link (cheap), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _assemble_pages(out: Path, staging: Path, changed: dict, pages: dict, nav_pages: list, reuse: dict,
                    options: dict, meanwhile) -> list:
    """Put every page's HTML and the engine's own files into `staging`; returns the engine's files.
    `meanwhile` runs while the engine works (see engine.build_pages)."""
    if not changed and reuse:
        meanwhile()
        static = reuse["static"]
        for path in static:
            _link_or_copy(out / path, staging / path)
    else:
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.engine-", dir=staging.parent.resolve()) as scratch:
            built = Path(scratch) / "site"
            # nav pages are always built: the engine needs them to lay out the navigation
            engine.build_pages({**{p: pages[p] for p in nav_pages}, **changed}, built, nav_pages=nav_pages,
                               site_pages=list(pages), meanwhile=meanwhile, **options)
            engine.merge_site_wide(out if reuse else None, built, [*nav_pages, *changed])
            page_files = {_page_html(p) for p in pages}
            static = sorted(p.relative_to(built).as_posix() for p in built.rglob("*")
                            if p.is_file() and p.relative_to(built).as_posix() not in page_files
                            and not p.name.startswith("sitemap.xml"))
            for path in sorted({_page_html(p) for p in [*changed, *nav_pages]}) + static:
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(built / path, target)
    for path in pages:
        html = _page_html(path)
        if not (staging / html).exists():
            _link_or_copy(out / html, staging / html)
    return static


def publish_file(source: Path, target: Path, link: bool = False) -> str:
    """Publish one evidence file byte for byte; returns the SHA-256 of the bytes published.

    A copy by default: a published site must not change when someone overwrites a file in
    content/ in place (`cp new.pdf content/...` would otherwise publish it unchecked). A hard
    link (`link=True`) saves writing the bytes again and is safe where the site is private and
    thrown away: `oit check` and `oit serve` link, and `oit build --link` may.
    """
    if link:
        _link_or_copy(source, target)
        return sha256_of(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return sha256_of(source, copy_to=target)


def _publish_files(out: Path, staging: Path, published: dict, previous: dict, link: bool) -> tuple[dict, int]:
    """Evidence files into `staging`: linked from the previous site when the source is unchanged.

    This runs for every file of every year on every build, so it avoids per-file work that is
    not needed: no realpath, one stat of the source, a directory created once.
    """
    files, to_copy, made = {}, [], set()
    for site_path, source in sorted(published.items()):
        info = os.stat(source)
        record = {"source": os.path.abspath(source), "size": info.st_size, "mtime_ns": info.st_mtime_ns,
                  "inode": info.st_ino}
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
        to_copy.append(site_path)
    for site_path in to_copy:
        files[site_path]["sha256"] = publish_file(published[site_path], staging / site_path, link)
    return files, len(to_copy)


def _write_sitemap(staging: Path, base_url: str, pages: dict) -> None:
    """sitemap.xml of every page (the engine's would list only the pages it built this time)."""
    from .report import xml_text  # a base_url may hold '&'
    entries = "".join(f"    <url>\n         <loc>{xml_text(urls.absolute(base_url, p[:-len('index.md')]))}</loc>\n    </url>\n"
                      for p in sorted(pages))
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n").encode()
    (staging / "sitemap.xml").write_bytes(xml)
    (staging / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames; the old site is removed only afterwards."""
    os.chmod(staging, 0o755)
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
    os.rename(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_command(args) -> int:
    from .engine import EngineError
    try:
        result = build_site(args.content, args.out, args.as_of, link_evidence=args.link)
    except EngineError as err:
        print(f"oit: build failed, previous site left untouched: {err}", file=sys.stderr)
        return 2  # cli.Exit.USAGE: like every other error that stops the run
    if result.unchanged:
        print(f"{display_path(result.out)}/ is up to date (nothing changed since the last build)", file=sys.stderr)
        return 0
    for report in result.reports:
        s = report.summary()
        print(f"{report.year.year}: {s['complete']}/{s['items']} complete, {s['errors']} errors, {s['warnings']} warnings",
              file=sys.stderr)
    print(f"built {display_path(result.out)}/ ({len(result.pages)} pages, {result.rendered} rendered; "
          f"{len(result.published)} files, {result.copied} copied)", file=sys.stderr)
    return 0
