"""oit portal: many agencies from one portal.yml (generator/portal/, README "Many agencies").

The real build of every agency (MkDocs + Material), its real validation, real git checkouts and,
in test_dask_cluster_gives_the_same_bytes, a real Dask scheduler with two workers on 127.0.0.1."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEMO, Tree, run_oit

AS_OF = "2566-04-01"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.go.th", *args], cwd=folder,
                   check=True, capture_output=True)


def _portal(base: Path) -> Path:
    """demo (a folder), tambon-ok (a git repository, every item complete) and tambon-late (a folder,
    two items with errors)."""
    shutil.copytree(DEMO, base / "agencies" / "demo" / "content")
    ok = Tree(base / "repos" / "tambon-ok")
    _git(ok.base, "init", "-q", "-b", "main")
    _git(ok.base, "add", "-A")
    _git(ok.base, "commit", "-q", "-m", "first")
    late = Tree(base / "agencies" / "tambon-late")
    late.item("O4", "evidence: []\n")
    late.item("O8", "evidence:\n  - title: รายงานปี 2560\n    file: r.pdf\n    period: 2560\n", files={"r.pdf": "pdf"})
    portal = base / "portal.yml"
    portal.write_text(
        "name: สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดทดสอบ\n"
        "base_url: https://oit.example.go.th/\n"
        "agencies:\n"
        "  - slug: demo\n    path: agencies/demo\n"
        f"  - slug: tambon-ok\n    git: file://{ok.base}\n    branch: main\n"
        "  - slug: tambon-late\n    path: agencies/tambon-late\n", encoding="utf-8")
    return portal


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The portal built once with local workers; (portal.yml, www)."""
    base = tmp_path_factory.mktemp("portal")
    portal = _portal(base)
    status = _main("portal", "build", portal, "--out", base / "www", "--as-of", AS_OF, "--workers", "2")
    assert status == 0
    return portal, base / "www"


def _main(*args) -> int:
    from generator.cli import main
    return main([str(a) for a in args])


def _home_counts(www: Path) -> dict:
    """{(slug, year): (complete, items)} as the home shows them."""
    page = (www / "index.html").read_text(encoding="utf-8")
    counts = {}
    for row in re.findall(r'<tr data-slug="([^"]+)">(.*?)</tr>', page, re.S):
        for year, complete, items in re.findall(r'data-year="(\d+)" data-complete="(\d+)" data-items="(\d+)"', row[1]):
            counts[(row[0], int(year))] = (int(complete), int(items))
    return counts


def _tree_bytes(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_home_numbers_are_those_of_oit_validate(built, capsys):
    portal, www = built
    contents = {"demo": portal.parent / "agencies" / "demo" / "content",
                "tambon-ok": portal.parent / ".oit-portal" / "git" / "tambon-ok" / "content",
                "tambon-late": portal.parent / "agencies" / "tambon-late" / "content"}
    expected = {}
    for slug, content in contents.items():
        for year in sorted(p.name for p in content.iterdir() if p.name.isdigit()):
            code, out, _ = run_oit(capsys, "validate", "--content", content, "--year", year, "--as-of", AS_OF,
                                   "--format", "json")
            summary = json.loads(out)["summary"]
            expected[(slug, int(year))] = (summary["complete"], summary["items"])
    assert _home_counts(www) == expected
    assert expected[("tambon-late", 2566)][0] < expected[("tambon-late", 2566)][1] == 8  # the one with errors
    assert expected[("tambon-ok", 2566)] == (8, 8)


def test_every_agency_has_its_own_base_url_search_and_sitemap(built):
    _, www = built
    index = (www / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index
    for slug in ("demo", "tambon-ok", "tambon-late"):
        assert f"<loc>https://oit.example.go.th/{slug}/sitemap.xml</loc>" in index
        locs = re.findall(r"<loc>([^<]+)</loc>", (www / slug / "sitemap.xml").read_text(encoding="utf-8"))
        assert locs and all(loc.startswith(f"https://oit.example.go.th/{slug}/") for loc in locs)
        assert (www / slug / "search" / "search_index.json").is_file()
        itas = (www / slug / "itas-2566.csv").read_text(encoding="utf-8-sig")
        assert f"https://oit.example.go.th/{slug}/2566/O1/" in itas
    assert (www / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://oit.example.go.th/sitemap.xml\n"
    # the agencies' build manifests and locks are kept beside portal.yml, not in the web root
    assert not [p.name for p in www.iterdir() if p.name.startswith(".")]
    assert not (www / "status.html").exists()  # the supervisor's view: not published unless portal.yml says so


def test_supervisor_status_puts_the_furthest_behind_first(built, capsys):
    portal, _ = built
    code, out, _ = run_oit(capsys, "portal", "status", portal, "--as-of", AS_OF, "--year", "2566", "--format", "json")
    assert code == 0
    agencies = json.loads(out)["agencies"]
    assert [a["slug"] for a in agencies][0] == "tambon-late"
    late = agencies[0]
    statuses = {i["code"]: (i["status"], i["finding"]) for i in late["items"]}
    assert statuses["O4"][0] != "complete" and statuses["O4"][1]  # with its first finding
    assert statuses["O1"] == ("complete", "")
    workbook = portal.parent / "status.xlsx"
    assert run_oit(capsys, "portal", "status", portal, "--as-of", AS_OF, "--year", "2566", "--format", "xlsx",
                   "--out", workbook)[0] == 0
    from openpyxl import load_workbook
    sheets = load_workbook(workbook)
    assert sheets.sheetnames == ["สรุป", "รายการ"] and sheets["สรุป"]["B3"].value == "หน่วยงานทดสอบ"
    code, text, _ = run_oit(capsys, "portal", "status", portal, "--as-of", AS_OF, "--year", "2566", "--lang", "th")
    assert text.splitlines()[0].startswith("สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดทดสอบ: ความคืบหน้า OIT")
    assert "1. หน่วยงานทดสอบ (tambon-late) ปีงบประมาณ 2566" in text


def test_unchanged_portal_starts_no_worker_and_writes_nothing(built, monkeypatch):
    portal, www = built
    from generator.portal import fanout

    def no_workers(*_args, **_kwargs):
        raise AssertionError("an unchanged agency was sent to a worker")
    monkeypatch.setattr(fanout, "executor", no_workers)
    before = {p: p.stat().st_mtime_ns for p in www.rglob("*")}
    started = time.perf_counter()
    assert _main("portal", "build", portal, "--out", www, "--as-of", AS_OF) == 0
    print(f"unchanged portal of 3 agencies: {time.perf_counter() - started:.2f} s")  # reported, not asserted
    assert {p: p.stat().st_mtime_ns for p in www.rglob("*")} == before


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_dask_cluster_gives_the_same_bytes(built, tmp_path, monkeypatch):
    """A real `dask scheduler` and two `dask worker` processes on 127.0.0.1, started as README says.
    The agencies' documents are read on the cluster too (every agency counts as large here)."""
    portal, www = built
    from generator.portal import documents
    monkeypatch.setattr(documents, "MIN_FILES", 1)
    for cache in portal.parent.rglob(".oit-cache"):
        shutil.rmtree(cache)
    dask = Path(sys.executable).parent / "dask"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    logs = tmp_path / "logs"
    logs.mkdir()
    started = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                stdout=subprocess.DEVNULL, stderr=(logs / "scheduler").open("wb"), env=env)]
    try:
        for number in (1, 2):
            started.append(subprocess.Popen(
                [str(dask), "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=(logs / f"worker{number}").open("wb"), env=env))
        from distributed import Client
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2
        cluster_www = portal.parent / "www-cluster"
        assert _main("portal", "build", portal, "--out", cluster_www, "--as-of", AS_OF, "--scheduler", address) == 0
        assert _tree_bytes(cluster_www) == _tree_bytes(www)
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_broken_agency_keeps_its_old_site_and_leaves_the_others(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OIT_LANG", "en")
    one, two = Tree(tmp_path / "a" / "one"), Tree(tmp_path / "a" / "two")
    portal = Path("portal.yml")
    portal.write_text("name: พอร์ทัลทดสอบ\nbase_url: https://p.example.go.th/\npublish_status: true\nagencies:\n"
                      "  - slug: one\n    path: a/one\n  - slug: two\n    path: a/two\n", encoding="utf-8")
    www = tmp_path / "www"
    assert run_oit(capsys, "portal", "build", portal, "--out", www, "--as-of", AS_OF, "--workers", "1")[0] == 0
    before = _tree_bytes(www)
    (one.content / "site.yml").write_text("name: หน่วยงานทดสอบ\ndefault_year: 2566\n", encoding="utf-8")  # base_url lost
    (two.year_dir / "O1" / "index.md").write_text("---\nevidence: []\n---\nแก้ไข\n", encoding="utf-8")  # a real change
    code, _, err = run_oit(capsys, "portal", "build", portal, "--out", www, "--as-of", AS_OF, "--workers", "1")
    assert code == 1
    assert "one (a/one): FAILED, its previous site is left as it was: content/site.yml:1: 'base_url' is required" in err
    after = _tree_bytes(www)
    assert {p: b for p, b in after.items() if p.startswith("one/")} == {p: b for p, b in before.items() if p.startswith("one/")}
    assert after["two/2566/O1/index.html"] != before["two/2566/O1/index.html"]  # the other agency was built
    home = (www / "index.html").read_text(encoding="utf-8")
    assert "สร้างเว็บไซต์ไม่สำเร็จในรอบนี้ 1 แห่ง" in home and "ยังแสดงเว็บไซต์ฉบับก่อนหน้า" in home
    assert 'href="one/"' in home  # its old site is still linked
    published = (www / "status.html").read_text(encoding="utf-8")  # publish_status: true
    assert "ความคืบหน้า OIT ของหน่วยงานในกำกับ 2 แห่ง" in published and published.index('id="two"') < published.index('id="one"')


@pytest.mark.parametrize("agencies, message", [
    ("  - slug: Bad Slug\n    path: a\n", "slug 'Bad Slug' cannot be a web folder"),
    ("  - slug: a\n    path: a\n  - slug: a\n    path: a\n", "slug 'a' is listed twice"),
    ("  - slug: a\n    path: nowhere\n", "holds no content/ folder"),
    ("  - slug: a\n", "needs either 'path:'"),
])
def test_portal_yml_mistakes_name_the_line(tmp_path, capsys, agencies, message, monkeypatch):
    monkeypatch.setenv("OIT_LANG", "en")
    (tmp_path / "a" / "content").mkdir(parents=True)
    portal = tmp_path / "portal.yml"
    portal.write_text(f"name: พอร์ทัล\nbase_url: https://p.example.go.th/\nagencies:\n{agencies}", encoding="utf-8")
    code, _, err = run_oit(capsys, "portal", "build", portal, "--out", tmp_path / "www")
    assert code == 2
    assert "portal.yml:4:" in err or "portal.yml:6:" in err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "www").exists()


def test_a_large_agencys_documents_are_read_as_tasks(tmp_path, monkeypatch):
    from generator import guard
    from generator.content import load_site
    from generator.portal import documents, fanout
    from generator.validate import max_file_bytes
    agency = Tree(tmp_path / "agency")
    monkeypatch.setattr(documents, "MIN_FILES", 1)
    monkeypatch.setattr(documents, "CHUNK", 3)  # several tasks
    distinct = {p.read_bytes() for p in agency.year_dir.rglob("*") if p.suffix in (".pdf", ".png")}
    with fanout.executor(workers=2) as pool:
        assert documents.read_in_tasks(pool, [agency.content]) == len(distinct)
    site = load_site(agency.content)
    cache = guard.file_cache(agency.content)
    paths = [p for p in agency.year_dir.rglob("*") if p.suffix in (".pdf", ".png")]
    assert guard.pending_reads(cache, paths, max_file_bytes(site)) == []  # the build finds everything read


def test_portal_home_sorts_and_fits_a_phone(built, browser):
    """In Chromium: clicking a column sorts the agencies, the phone's select does too, nothing
    overflows 390 px, nothing is fetched from elsewhere, and axe finds nothing serious."""
    from browserkit import axe_source, describe, run_axe, serve
    _, www = built
    with serve(www) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        elsewhere = []
        page.on("request", lambda request: None if request.url.startswith(base) else elsewhere.append(request.url))
        page.goto(base)
        names = lambda: page.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.dataset.slug)")  # noqa: E731
        assert names() == ["demo", "tambon-ok", "tambon-late"]  # portal.yml's order
        column = "thead th:nth-child(4)"  # complete in 2566: demo and tambon-ok all, tambon-late not
        assert "2566" in page.inner_text(column)
        page.click(f"{column} button")
        assert page.get_attribute(column, "aria-sort") == "ascending" and names()[0] == "tambon-late"
        page.click(f"{column} button")
        assert page.get_attribute(column, "aria-sort") == "descending" and names()[-1] == "tambon-late"
        serious = [v for v in run_axe(page, axe_source()) if v["impact"] in ("serious", "critical")]
        assert not serious, describe(serious)
        page.close()
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(base)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.is_visible("#sort-by")  # the column headers are moved off the screen: cards instead
        assert phone.eval_on_selector("thead", "head => head.getBoundingClientRect().right") <= 0
        phone.select_option("#sort-by", label="ความครบถ้วน ปีงบประมาณ 2566")
        assert phone.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.dataset.slug)")[0] == "tambon-late"
        serious = [v for v in run_axe(phone, axe_source()) if v["impact"] in ("serious", "critical")]
        assert not serious, describe(serious)
        phone.close()
    assert not elsewhere


def test_an_output_holding_another_site_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OIT_LANG", "en")
    Tree(tmp_path / "one")
    portal = tmp_path / "portal.yml"
    portal.write_text("name: พอร์ทัล\nbase_url: https://p.example.go.th/\nagencies:\n  - slug: one\n    path: one\n",
                      encoding="utf-8")
    web_root = tmp_path / "html"
    web_root.mkdir()
    (web_root / "index.html").write_text("another site", encoding="utf-8")
    (web_root / "news").mkdir()
    code, _, err = run_oit(capsys, "portal", "build", portal, "--out", web_root)
    assert code == 2 and "holds files the portal did not write (news)" in err
    assert (web_root / "index.html").read_text(encoding="utf-8") == "another site"
    assert not (web_root / "one").exists()
