"""`oit build`: validate every year, render pages, run the site engine, publish files and exports.

The site is built in a sibling directory and swapped in at the end, so a failed or interrupted
build leaves the previous site untouched. A marker file identifies directories we built, so we
never replace anything else.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import engine, exports, urls
from .content import ConfigError, display_path, item_site_path, load_site, resolve_item_file, year_folders
from .thai import BEDate
from .validate import Report, load_report

MARKER = ".oit-site"  # written into every site we build


@dataclass
class BuildResult:
    out: Path
    reports: list
    published: dict = field(default_factory=dict)  # site path → source file
    pages: dict = field(default_factory=dict)  # site path of .md → text


def load_reports(content_dir: Path, as_of: BEDate | None = None, only_year: int | None = None):
    """The site profile and one validation report per year folder (newest first)."""
    site = load_site(content_dir)
    years = sorted(year_folders(content_dir), reverse=True)
    if only_year is not None:
        years = [only_year] if only_year in years else years
    if not years:
        raise ConfigError(f"{display_path(content_dir)} has no year folder (create one with: oit new {site.default_year})")
    return site, [load_report(site, year, as_of) for year in years]


# Relative links and images in a Markdown body: [text](target) and ![alt](target).
BODY_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def body_links(body: str):
    """(target, line offset) for every relative link in a Markdown body."""
    for match in BODY_LINK.finditer(body):
        target = match.group(1)
        if not re.match(r"[a-z][a-z0-9+.-]*:|#|/", target, re.I):
            yield target, body.count("\n", 0, match.start())


def published_files(report: Report) -> dict:
    """Every file of this year the site must serve: evidence, field files (photos), body attachments."""
    files = {}
    root = report.site.root
    for result in report.items:
        content = result.content
        if content is None or not content.loaded:
            continue
        for ev in content.evidence:
            if ev.path is not None:
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
            if path is not None:
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


def build_site(content_dir: Path, out: Path, as_of: BEDate | None = None) -> BuildResult:
    check_out_dir(out, content_dir)
    site, reports = load_reports(content_dir, as_of)
    from .render import Renderer
    pages = Renderer(site).render_site(reports, site.default_year)
    result = BuildResult(out, reports, pages=pages)
    for report in reports:
        result.published.update(published_files(report))

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="oit-docs-") as docs:
            docs_dir = Path(docs)
            for path, text in pages.items():
                target = docs_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            nav = [{"หน้าแรก": "index.md"}] + [{f"ปีงบประมาณ {r.year.year}": f"{r.year.year}/index.md"} for r in reports]
            engine.build_html(docs_dir, staging, config_file=engine.config_file_for(content_dir),
                              site_name=f"OIT {site.name}", site_url=site.base_url, nav=nav)
        hashes = {}
        for site_path, source in sorted(result.published.items()):
            target = staging / site_path
            hashes[site_path] = publish_file(source, target)
        for report in reports:
            year = report.year.year
            (staging / f"itas-{year}.csv").write_bytes(exports.itas_csv(report))
            (staging / f"oit-{year}.json").write_bytes(exports.report_json(report))
        (staging / "evidence-manifest.json").write_bytes(exports.evidence_manifest(site.base_url, result.published, hashes))
        (staging / MARKER).write_text(json.dumps({"built_by": "oit-site", "engine": engine.ENGINE}) + "\n", encoding="utf-8")
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def publish_file(source: Path, target: Path) -> str:
    """Copy one evidence file into the site byte for byte; returns its SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return exports.sha256_file(target)


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
        result = build_site(args.content, args.out, args.as_of)
    except EngineError as err:
        print(f"oit: build failed, previous site left untouched: {err}", file=sys.stderr)
        return 1
    for report in result.reports:
        s = report.summary()
        print(f"{report.year.year}: {s['complete']}/{s['items']} complete, {s['errors']} errors, {s['warnings']} warnings",
              file=sys.stderr)
    print(f"built {display_path(result.out)}/ ({len(result.pages)} pages, {len(result.published)} files)", file=sys.stderr)
    return 0
