"""`oit build` on the demo agency: pages, evidence links, exports, sub-path, offline, determinism, atomicity."""
import csv
import re
import hashlib
import io
import json
from html import unescape

import pytest

from conftest import DEMO, run_oit
from generator import build as build_module
from generator.build import build_site
from generator.catalog import load_catalog
from sitescan import external_assets, pages, resolve, scan, words_joined
from tools.samplefiles import make_pdf


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "site"
    build_site(DEMO, out)
    return out


def test_every_item_of_every_year_has_a_page(demo_site):
    for year, framework in ((2566, "nacc-2566"), (2565, "nacc-2565")):
        for item in load_catalog(framework).items:
            page = demo_site / str(year) / item.code / "index.html"
            assert page.is_file(), page
            html = unescape(page.read_text(encoding="utf-8"))  # as read: a title 'Q&A' is written Q&amp;A
            assert item.title.split()[0] in html
            assert "เกณฑ์การประเมิน" in html and item.criteria[0][:20] in html
    assert (demo_site / "2566" / "index.html").is_file() and (demo_site / "2565" / "index.html").is_file()


def test_every_internal_link_resolves(demo_site):
    broken = []
    for page in pages(demo_site):
        for tag, attr, link in scan(page.read_text(encoding="utf-8")).links:
            target = resolve(demo_site, page, link)
            if target is not None and not target.is_file():
                broken.append((str(page.relative_to(demo_site)), link))
    assert broken == []


def test_evidence_links_resolve_to_published_files(demo_site):
    manifest = json.loads((demo_site / "evidence-manifest.json").read_text(encoding="utf-8"))
    published = {f["path"] for f in manifest["files"]}
    linked = 0
    for page in (demo_site / "2566").glob("O*/index.html"):
        html = page.read_text(encoding="utf-8")
        table = html.split('class="oit-evidence"', 1)[-1].split("</table>")[0] if 'class="oit-evidence"' in html else ""
        for tag, attr, link in scan(table).links:
            target = resolve(demo_site, page, link)
            if target is None:
                continue
            assert target.is_file(), link
            assert target.relative_to(demo_site).as_posix() in published
            linked += 1
    assert linked >= 43
    # a Thai file name with a space is linked percent-encoded and served
    assert any(" " in p and any("\u0e00" <= ch <= "\u0e7f" for ch in p) for p in published)


def test_manifest_hashes_match_published_bytes(demo_site):
    manifest = json.loads((demo_site / "evidence-manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (demo_site / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
        source = DEMO / entry["path"]
        if source.is_file():  # content mirrors the site layout for ASCII folder names
            assert source.read_bytes() == data
        assert entry["url"].startswith("https://oit.example.go.th/")


def test_itas_csv_rows_resolve(demo_site):
    raw = (demo_site / "itas-2566.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens Thai correctly
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 43 and [r["code"] for r in rows] == [f"O{n}" for n in range(1, 44)]
    for row in rows:
        assert row["url"].startswith("https://oit.example.go.th/")
        path = row["url"].removeprefix("https://oit.example.go.th/")
        assert (demo_site / path / "index.html").is_file()
        assert row["status"] == "complete" and row["explanation"]
    report = json.loads((demo_site / "oit-2566.json").read_text(encoding="utf-8"))
    assert report["summary"]["complete"] == 43 and report["year"] == 2566


def test_item_page_shows_what_an_assessor_needs(demo_site):
    html = (demo_site / "2566" / "O21" / "index.html").read_text(encoding="utf-8")
    assert 'lang="th"' in html
    assert "ตุลาคม 2565" in html and "มีนาคม 2566" in html  # periods in Thai words
    assert re.search(r"<td>PDF</td>\s*<td>\d+(\.\d)? (B|KB)</td>", html)  # file type and size
    o2 = (demo_site / "2566" / "O2" / "index.html").read_text(encoding="utf-8")
    assert o2.count('class="oit-card"') >= 2 and "<img" in o2  # executives as cards with photos
    o5 = (demo_site / "2566" / "O5" / "index.html").read_text(encoding="utf-8")
    assert "openstreetmap.org" in o5 and "mailto:" in o5
    home = (demo_site / "2566" / "index.html").read_text(encoding="utf-8")  # the home page shows default_year 2569
    home = words_joined(home)  # Thai words kept whole (render.whole_words)
    first = load_catalog("nacc-2566").sub_indicators[0]
    n = len(first.codes)
    assert f"ตัวชี้วัดย่อยที่ 9.1 {first.title} <span class=\"oit-count\">({n}/{n})</span>" in home
    assert home.count("oit-badge oit-complete") == 43


def test_generated_blocks_are_published_whole_and_searchable(demo_site):
    """Evidence tables and criteria skip Markdown and the search parser (generator/engine/blocks.py): the
    published page must still carry them in full, and the search index their text."""
    for page in pages(demo_site):
        html = page.read_text(encoding="utf-8")
        assert "data-oit-block" not in html and "oit:raw" not in html, page
    html = (demo_site / "2566" / "O21" / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="oit-evidence">.*?</table>', html, re.S).group(0)
    titles = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<td><a href=\"[^\"]+\">(.*?)</a></td>", table)]
    assert len(titles) >= 6
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("2566/O21/")).replace("\u200b", "")
    assert all(t in text for t in titles)
    assert "เกณฑ์การประเมิน" in text  # the criteria box, also a generated block


def test_no_external_assets_and_self_hosted_font(demo_site):
    for page in pages(demo_site):
        assert external_assets(page.read_text(encoding="utf-8")) == [], page
    css = "".join(p.read_text(encoding="utf-8") for p in demo_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css
    assert "sarabun-thai-400-normal.woff2" in css
    assert (demo_site / "assets" / "fonts" / "sarabun-thai-400-normal.woff2").is_file()


def test_sub_path_base_url(demo_copy, tmp_path):
    site_yml = demo_copy / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    site_yml.write_text("\n".join("base_url: https://example.go.th/oit/" if line.startswith("base_url:") else line
                                  for line in text.splitlines()) + "\n", encoding="utf-8")
    out = tmp_path / "www" / "oit"
    build_site(demo_copy, out)
    rows = list(csv.DictReader(io.StringIO((out / "itas-2566.csv").read_text(encoding="utf-8-sig"))))
    for row in rows:
        assert row["url"].startswith("https://example.go.th/oit/2566/")
        assert (out / row["url"].removeprefix("https://example.go.th/oit/") / "index.html").is_file()
    # served from /oit/, every link stays inside /oit/: none starts at the host root
    for page in pages(out):
        for tag, attr, link in scan(page.read_text(encoding="utf-8")).links:
            if link.startswith("/") and not link.startswith("//"):  # only the 404 page uses root paths
                assert link.startswith("/oit/"), (page, link)


def test_rebuild_is_byte_identical(demo_copy, tmp_path):
    def digest(site):
        return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(site.rglob("*")) if p.is_file()}
    build_site(demo_copy, tmp_path / "a")
    first = digest(tmp_path / "a")
    build_site(demo_copy, tmp_path / "a")
    build_site(demo_copy, tmp_path / "b")
    assert digest(tmp_path / "a") == first == digest(tmp_path / "b")


def test_failed_build_leaves_previous_site_intact(demo_copy, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(demo_copy, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    marker = (out / "index.html").read_bytes()
    calls = {"n": 0}
    real_publish = build_module.publish_file

    def failing_publish(source, target, *args):  # the disk fills up half-way through the evidence
        calls["n"] += 1
        if calls["n"] > 20:
            raise OSError(28, "No space left on device")
        return real_publish(source, target, *args)

    monkeypatch.setattr(build_module, "publish_file", failing_publish)
    with pytest.raises(OSError):
        build_site(demo_copy, out, incremental=False)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert (out / "index.html").read_bytes() == marker
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []  # no half-built leftovers


def test_build_command_reports_and_exit_status(demo_copy, tmp_path, capsys):
    status, out, err = run_oit(capsys, "build", "--content", demo_copy, "--out", tmp_path / "out")
    assert status == 0 and "2566: 43/43 complete" in err
    (demo_copy.parent / "mkdocs.yml").write_text("theme: [unclosed\n", encoding="utf-8")
    status, out, err = run_oit(capsys, "build", "--content", demo_copy, "--out", tmp_path / "out")
    assert status == 2 and "previous site left untouched" in err  # engine error: exit 2 like every error that stops the run
    assert (tmp_path / "out" / "index.html").is_file()


def test_refuses_to_write_into_content_or_foreign_dirs(demo_copy, tmp_path, capsys):
    status, out, err = run_oit(capsys, "build", "--content", demo_copy, "--out", demo_copy / "site")
    assert status == 2 and "overlaps the content directory" in err
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"precious")
    status, out, err = run_oit(capsys, "build", "--content", demo_copy, "--out", foreign)
    assert status == 2 and "not built by oit" in err
    assert (foreign / "thesis.docx").read_bytes() == b"precious"


def _tree_digest(site):
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and p.name != ".oit-site"}


def test_a_build_split_over_engine_processes_equals_a_one_process_build(demo_site, monkeypatch, tmp_path):
    """On a machine with more cores the pages are split over several engine processes, each
    with the nav pages; the merged site (search index included) must not differ."""
    from generator.engine import mkdocs_build
    monkeypatch.setattr(mkdocs_build.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(mkdocs_build, "PARALLEL_MIN_PAGES", 10)
    split = tmp_path / "split"
    build_site(DEMO, split)
    assert _tree_digest(split) == _tree_digest(demo_site)


def test_incremental_builds_equal_a_cold_build(demo_copy, tmp_path):
    out = tmp_path / "site"
    first = build_site(demo_copy, out)
    assert first.rendered == len(first.pages) and not first.unchanged
    again = build_site(demo_copy, out)
    assert again.unchanged  # nothing changed: nothing done
    for code in ("O3", "O12"):  # O12 links to O11's page, which this build does not render
        index = demo_copy / "2566" / code / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nย่อหน้าที่เพิ่มใหม่\n", encoding="utf-8")
    assert "../O11/index.md" in (demo_copy / "2566" / "O12" / "index.md").read_text(encoding="utf-8")
    (demo_copy / "2566" / "O1" / "extra.pdf").write_bytes((demo_copy / "2566" / "O3").joinpath(
        next(p.name for p in (demo_copy / "2566" / "O3").glob("*.pdf"))).read_bytes())
    one = build_site(demo_copy, out)
    assert 2 <= one.rendered <= 4 and one.copied == 0  # O3's and O12's pages, maybe home and year pages
    assert "ย่อหน้าที่เพิ่มใหม่" in (out / "2566" / "O3" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../O11/">' in (out / "2566" / "O12" / "index.html").read_text(encoding="utf-8")
    build_site(demo_copy, tmp_path / "cold", incremental=False)
    assert _tree_digest(out) == _tree_digest(tmp_path / "cold")


def test_published_files_do_not_change_when_content_is_overwritten(demo_copy, tmp_path):
    build_site(demo_copy, tmp_path / "site")
    manifest = json.loads((tmp_path / "site" / "evidence-manifest.json").read_text(encoding="utf-8"))
    entry = manifest["files"][0]
    published, source = tmp_path / "site" / entry["path"], demo_copy / entry["path"]
    before = published.read_bytes()
    assert before == source.read_bytes()
    with open(source, "r+b") as handle:  # `cp new.pdf content/...` rewrites the same file
        handle.write(make_pdf(["overwritten in place"]))  # a whole PDF: a damaged one is withheld (PDPA guard)
        handle.truncate()
    assert published.read_bytes() == before
    build_site(demo_copy, tmp_path / "linked", link_evidence=True)  # oit check's private build
    assert (tmp_path / "linked" / entry["path"]).stat().st_ino == source.stat().st_ino


def test_publishing_takes_the_guards_hash_only_while_the_file_is_as_the_guard_read_it(tmp_path):
    """A build hashes each evidence file once: the guard's hash of a file is what the manifest
    records when the file still has the size, times and inode the guard saw; a file changed
    since is hashed as published (its copy or link), never recorded with the old hash."""
    import os
    from generator.build import publish_file
    from generator.filecache import stat_key
    source = tmp_path / "content" / "a.pdf"
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1.4 the guard's version")
    seen = (hashlib.sha256(source.read_bytes()).hexdigest(), stat_key(os.stat(source)))
    for link in (False, True):
        target = tmp_path / f"site-{link}" / "a.pdf"
        target.parent.mkdir()  # publish_file's caller makes each folder once
        assert publish_file(source, target, link, seen) == seen[0]
        assert target.read_bytes() == source.read_bytes() and (os.stat(target).st_ino == os.stat(source).st_ino) == link
    source.write_bytes(b"%PDF-1.4 overwritten after the guard read it")
    for link in (False, True):
        target = tmp_path / f"later-{link}" / "a.pdf"
        target.parent.mkdir()
        assert publish_file(source, target, link, seen) == hashlib.sha256(source.read_bytes()).hexdigest()
    manifest_build = build_site(DEMO, tmp_path / "demo-site")  # the guard's hashes in a whole build
    manifest = json.loads((tmp_path / "demo-site" / "evidence-manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] and all(
        hashlib.sha256((tmp_path / "demo-site" / e["path"]).read_bytes()).hexdigest() == e["sha256"] for e in manifest["files"])
    assert manifest_build.copied == len(manifest["files"])


def test_a_named_pipe_in_place_of_an_evidence_file_is_refused_not_waited_for(tmp_path):
    """A copy opens the file without waiting: a named pipe put where an evidence file was would
    otherwise hang the build (nobody ever writes into it)."""
    import os
    import threading
    from generator.build import copy_file
    pipe = tmp_path / "a.pdf"
    os.mkfifo(pipe)
    outcome = []

    def copy():
        try:
            copy_file(pipe, tmp_path / "copy.pdf")
            outcome.append("copied")
        except OSError as err:
            outcome.append(err)
    worker = threading.Thread(target=copy, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "copy_file waited for a writer"
    assert isinstance(outcome[0], OSError) and not (tmp_path / "copy.pdf").exists()
