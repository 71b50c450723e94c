"""`oit check`: each kind of broken link seeded into a small tree (the mini framework of conftest),
reported at its source; the demo passes the gate as a whole once."""
import http.server
import socket
import threading
from pathlib import Path

import pytest

from conftest import findings_of, run_json, run_oit

AS_OF = "2569-01-01"  # every period of the mini tree is due
from generator.check import run_check
from generator.linkcheck import run_linkchecker


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def append_body(path: Path, text: str) -> int:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")
    return line_of(path, text)


def test_demo_passes_the_gate(demo_copy, capsys):
    status, report = run_json(capsys, "check", "--content", demo_copy)
    assert status == 0 and report["summary"]["errors"] == 0 and report["summary"]["complete"] == 26  # default_year 2569


def test_markdown_link_to_missing_page(tree, capsys):
    index = tree.index("O3")
    line = append_body(index, "ดูเพิ่มเติมที่ [ข้อที่ไม่มี](../O99/index.md)")
    status, report = run_json(capsys, "check", "--as-of", AS_OF)
    f, = findings_of(report, "broken-link")
    assert status == 1
    assert (f["item"], f["path"], f["line"]) == ("O3", "content/2566/O3/index.md", line)
    assert "../O99/index.md" in f["message"]
    assert next(i for i in report["items"] if i["code"] == "O3")["status"] == "incomplete"


def test_anchor_that_does_not_exist(tree, capsys):
    index = tree.index("O4")
    line = append_body(index, "ผู้บริหารอยู่ที่ [O2](../O2/index.md#no-such-section)")
    status, report = run_json(capsys, "check", "--as-of", AS_OF)
    f, = findings_of(report, "broken-link")
    assert (f["item"], f["path"], f["line"]) == ("O4", "content/2566/O4/index.md", line)
    assert "anchor" in f["message"]


def test_evidence_file_deleted(tree, capsys):
    index = tree.index("O1")
    name = "chart.pdf"
    (tree.year_dir / "O1" / name).unlink()
    status, report = run_json(capsys, "check", "--as-of", AS_OF)
    f, = findings_of(report, "file-not-found")
    assert status == 1 and (f["item"], f["path"], f["line"]) == ("O1", "content/2566/O1/index.md", line_of(index, f"file: {name}"))


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path.startswith("/ok") else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def silent_server():
    """Accepts connections and never answers: a timeout, not a 404."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_evidence_url_to_dead_local_server(demo_copy, capsys, local_server, silent_server):
    index = demo_copy / "2566" / "O7" / "index.md"
    urls = [l.split("url:", 1)[1].strip() for l in index.read_text(encoding="utf-8").splitlines() if "url:" in l]
    assert len(urls) >= 1
    edit(index, f"url: {urls[0]}", f"url: {local_server}/gone")
    text = index.read_text(encoding="utf-8")
    for other in urls[1:]:
        text = text.replace(f"url: {other}", f"url: {local_server}/ok")
    index.write_text(text, encoding="utf-8")
    o9 = demo_copy / "2566" / "O9" / "index.md"
    social = next(l for l in o9.read_text(encoding="utf-8").splitlines() if l.startswith("social_url:"))
    edit(o9, social, f"social_url: {silent_server}/page")
    # every other external address of the demo answers from the local server
    for path in demo_copy.rglob("index.md"):
        if path not in (index, o9):
            body = path.read_text(encoding="utf-8")
            path.write_text(body.replace("https://", f"{local_server}/ok?u="), encoding="utf-8")

    report, timings = run_check(demo_copy, 2566, None, external=True, timeout=1.0)
    data = report.to_json()
    broken = findings_of(data, "broken-link")
    assert len(broken) == 1, broken
    f = broken[0]
    assert (f["item"], f["path"], f["line"]) == ("O7", "content/2566/O7/index.md", line_of(index, f"{local_server}/gone"))
    assert "404" in f["message"]
    t, = findings_of(data, "external-timeout")
    assert (t["item"], t["line"], t["severity"]) == ("O9", line_of(o9, "social_url:"), "warning")
    # offline by default: no external request, no finding
    report, _ = run_check(demo_copy, 2566, None)
    assert not findings_of(report.to_json(), "broken-link")


def test_removed_page_caught_by_previous(demo_copy, tmp_path, capsys):
    status, out, err = run_oit(capsys, "build", "--content", demo_copy, "--out", tmp_path / "old")
    previous = tmp_path / "old" / "itas-2566.csv"
    (demo_copy / "2566" / "year.yml").write_text("framework: shrunk\n", encoding="utf-8")
    catalog = (Path(__file__).parent.parent / "oit_items" / "nacc-2566.yml").read_text(encoding="utf-8")
    catalog = catalog.replace("framework: nacc-2566", "framework: shrunk")
    cut = catalog.index("      - code: O43") if "      - code: O43" in catalog else catalog.index("- code: O43")
    (demo_copy.parent / "oit_items").mkdir()
    (demo_copy.parent / "oit_items" / "shrunk.yml").write_text(catalog[:cut], encoding="utf-8")
    status, report = run_json(capsys, "check", "--content", demo_copy, "--previous", previous)
    f, = findings_of(report, "url-removed")
    assert status == 1 and f["item"] == "O43" and f["path"].endswith("itas-2566.csv") and f["line"] == 44
    assert "https://oit.example.go.th/2566/O43/" in f["message"]


def test_report_formats_and_annotations(tree, capsys, monkeypatch):
    append_body(tree.index("O3"), "[ไม่มี](../O99/index.md)")
    status, out, err = run_oit(capsys, "check", "--as-of", AS_OF, "--format", "junit")
    assert status == 1 and '<failure message=' in out and "broken-link" in out
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    status, out, err = run_oit(capsys, "check", "--as-of", AS_OF)
    line = next(l for l in out.splitlines() if l.startswith("::error "))
    assert "file=content/2566/O3/index.md,line=" in line and "title=oit broken-link" in line
    lines = out.splitlines()  # the report people read first, then the annotations CI reads
    assert lines[-1].startswith("::error ") and any(l.startswith("summary:") for l in lines[:lines.index(line)])


def test_linkchecker_sees_what_the_site_serves(tree, tmp_path):
    # LinkChecker is a real second opinion: a page deleted after the build is reported by it
    from generator.build import build_site
    site = tmp_path / "site"
    build_site(tree.content, site)
    (site / "2566" / "O5" / "index.html").unlink()
    broken = run_linkchecker(site, skip=[r"\.pdf$"])
    assert any(b.target.startswith("2566/O5") for b in broken), broken


def test_without_hand_written_links_no_linkchecker_and_generated_links_still_proved(tmp_path):
    """A site whose pages carry no link a person wrote has nothing for LinkChecker: `oit check`
    skips it. What the build generated is proved from its data: an evidence file missing from the
    built site is reported at the content line that names it."""
    from benchmarks.synth import write_tree
    from generator.build import build_site
    from generator.check import SourceMap, pages_with_authored_links, unserved
    content = write_tree(tmp_path / "tree", 1, 1)
    report, timings = run_check(content, None, None)
    assert not [f for f in report.findings if f.rule == "broken-link"]  # (one file an item: coverage gaps, no more)
    assert "linkchecker" not in timings and "internal links" in timings
    result = build_site(content, tmp_path / "site")
    assert pages_with_authored_links(result) == [] and unserved(result, result.out) == []
    (result.out / "2566" / "O1" / "o1-2566-01.pdf").unlink()  # a generated link now points to nothing
    (broken,) = unserved(result, result.out)
    finding = SourceMap(result.reports).finding(broken)
    index = content / "2566" / "O1" / "index.md"
    assert (finding.rule, finding.item, finding.line) == ("broken-link", "O1", line_of(index, "file: o1-2566-01.pdf"))


def test_check_out_keeps_the_site_it_checked_as_build_writes_it(demo_copy, tmp_path, capsys):
    """CI publishes the site `oit check --out site` checked: the same bytes `oit build` writes,
    and a second check of unchanged content checks the site that is there."""
    import filecmp
    status, report = run_json(capsys, "check", "--content", demo_copy, "--out", tmp_path / "checked")
    assert status == 0 and report["summary"]["errors"] == 0
    assert run_oit(capsys, "build", "--content", demo_copy, "--out", tmp_path / "built")[0] == 0
    differences = filecmp.dircmp(tmp_path / "checked", tmp_path / "built")

    def unequal(d) -> list:
        return d.left_only + d.right_only + d.diff_files + [f for sub in d.subdirs.values() for f in unequal(sub)]
    assert (tmp_path / "checked" / "index.html").is_file() and unequal(differences) == []
    status, again = run_json(capsys, "check", "--content", demo_copy, "--out", tmp_path / "checked")
    assert status == 0 and again["summary"] == report["summary"]
    index = demo_copy / "2566" / "O4" / "index.md"
    line = append_body(index, "ผู้บริหารอยู่ที่ [O2](../O2/index.md#no-such-section)")
    status, broken = run_json(capsys, "check", "--content", demo_copy, "--year", "2566", "--out", tmp_path / "checked")
    f, = findings_of(broken, "broken-link")
    assert status == 1 and (f["item"], f["line"]) == ("O4", line)


def test_a_second_check_rebuilds_only_what_changed(tree, capsys):
    """`oit check` keeps the site it builds for itself in the cache (.oit-cache/check-site/): the
    next check renders only the pages whose text changed, and still finds what is broken."""
    status, _report = run_json(capsys, "check", "--as-of", AS_OF)
    site = tree.base / ".oit-cache" / "check-site"
    home, item = site / "index.html", site / "2566" / "O3" / "index.html"
    assert status == 0 and home.is_file() and item.is_file()
    home_before, item_before = home.stat(), item.read_text(encoding="utf-8")
    append_body(tree.index("O3"), "ดูรายละเอียดเพิ่มเติมที่ [ข้อ O1](../O1/index.md#nowhere)")
    status, report = run_json(capsys, "check", "--as-of", AS_OF)
    f, = findings_of(report, "broken-link")  # found in the page built again
    assert status == 1 and f["item"] == "O3" and "anchor" in f["message"]
    assert item.read_text(encoding="utf-8") != item_before
    assert (home.stat().st_ino, home.stat().st_mtime_ns) == (home_before.st_ino, home_before.st_mtime_ns)  # linked, not rebuilt
