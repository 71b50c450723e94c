"""Hostile input, round 3, the low cases (issue 26): each a mistake an agency can make that used to
end in a traceback, a silent wrong answer or a half-made folder."""
from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import catalog_text, findings_of, run_json, run_oit

from generator.catalog import parse_catalog_file
from generator.content import load_site

THAI_TIS620 = "นโยบายคุ้มครองข้อมูลส่วนบุคคล\n".encode("cp874")


def test_a_tis620_policy_page_is_one_line_saying_save_it_as_utf8(capsys, tree):
    (tree.content / "privacy.md").write_bytes(b"# Privacy\n\n" + THAI_TIS620)
    with open(tree.content / "site.yml", "a", encoding="utf-8") as handle:
        handle.write("policies:\n  privacy: privacy.md\n")
    for command in ("build", "check"):
        args = ["--out", tree.base / "site"] if command == "build" else []
        status, _out, err = run_oit(capsys, command, "--content", tree.content, *args)
        assert status == 2 and "Traceback" not in err and "internal error" not in err.lower(), err
        assert "privacy.md:3" in err and "TIS-620" in err and "save it as UTF-8" in err
        assert len(err.strip().splitlines()) == 1


def test_a_tis620_index_md_is_a_finding_with_its_line(capsys, tree):
    tree.index("O1").write_bytes(b"---\nevidence: []\n---\n" + THAI_TIS620)
    status, report = run_json(capsys, "validate", "--content", tree.content)
    found = [f for f in report["findings"] if f["item"] == "O1" and f["rule"] == "front-matter-invalid"]
    assert status == 1 and found and found[0]["line"] == 4
    assert "TIS-620" in found[0]["message"] and "save it as UTF-8" in found[0]["message"]


def _git(folder, *args, date="2020-01-05T12:00:00Z"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.go.th", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.go.th"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_updated_dates_see_an_uncommitted_edit(capsys, tree):
    _git(tree.base, "init", "-q")
    _git(tree.base, "add", ".")
    _git(tree.base, "commit", "-qm", "content")  # every file committed on 5 January 2020
    index = tree.index("O1")
    index.write_text(index.read_text(encoding="utf-8") + "แก้ไขแล้ว\n", encoding="utf-8")
    stamp = 1_600_000_000  # the edit, not yet committed: 13 September 2020 (UTC)
    os.utime(index, (stamp, stamp))
    status, _out, err = run_oit(capsys, "build", "--content", tree.content, "--out", tree.base / "site")
    assert status in (0, 1), err
    page = (tree.base / "site" / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert "ปรับปรุงล่าสุด 13 กันยายน 2563" in page  # the file's own date, not its last commit's
    other = (tree.base / "site" / "2566" / "O2" / "index.html").read_text(encoding="utf-8")
    assert "ปรับปรุงล่าสุด 5 มกราคม 2563" in other  # unchanged files keep their commit's date


def test_new_from_does_not_carry_a_file_above_max_file_mb(capsys, tree):
    (tree.year_dir / "O5" / "plan.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 300_000)
    (tree.year_dir / "O2" / "boss.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 300_000)  # an executive's photo
    with open(tree.content / "site.yml", "a", encoding="utf-8") as handle:
        handle.write("max_file_mb: 0.1\n")
    status, summary = run_json(capsys, "new", "2567", "--from", "2566", "--framework", "mini", "--content", tree.content)
    assert status == 0 and "O5" in summary["to_renew"] and "O5" not in summary["carried"]
    assert not (tree.content / "2567" / "O5" / "plan.pdf").exists()
    assert not (tree.content / "2567" / "O2" / "boss.png").exists()
    assert "boss.png of 2566/O2 is above max_file_mb (0.1 MB)" in (tree.content / "2567" / "O2" / "index.md").read_text()


def _limited_file_size():  # in the child: files may not grow past 100 kB, as on a disk that is full
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing oit


def test_new_from_that_fails_to_copy_leaves_no_half_item(tree):
    (tree.year_dir / "O5" / "plan.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 300_000)
    done = subprocess.run([sys.executable, "-m", "generator", "new", "2567", "--from", "2566", "--framework", "mini",
                           "--content", str(tree.content)], cwd=tree.base, capture_output=True, text=True,
                          preexec_fn=_limited_file_size, env={**os.environ, "OIT_LANG": "en"}, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    year = tree.content / "2567"
    assert not (year / "O5").exists()  # no item without its plan, which a second run would call "already there"
    assert not [p.name for p in year.iterdir() if p.name.startswith(".")]  # nor the folder it was built in
    assert (year / "O1" / "index.md").is_file()  # the items written before it are whole


def test_catalog_check_reports_successor_links_that_go_round(tmp_path, capsys):
    folder = tmp_path / "oit_items"
    folder.mkdir()
    for name, earlier in (("loop-2568", "loop-2569"), ("loop-2569", "loop-2568")):
        (folder / f"{name}.yml").write_text(catalog_text(name, f"""\
          - code: O1
            title: โครงสร้าง
            criteria: [แสดงแผนผัง]
            time_rule: none
            continues: [{earlier}/O1]
"""), encoding="utf-8")
    status, out, err = run_oit(capsys, "catalog", "check", folder / "loop-2569.yml")
    assert status == 1, out
    assert "loop-2569.yml:14: error: O1: its successor links go round in a circle " \
           "(loop-2569/O1 → loop-2568/O1 → loop-2569/O1)" in out


@pytest.mark.parametrize("item", [
    "          - {code: O1, title: โครงสร้าง, criteria: [แสดงแผนผัง], time_rule: none, continues: [mini/O1,\n"
    "             mini/O1]}\n",
    "          - code: O1\n            title: โครงสร้าง\n            criteria: [แสดงแผนผัง]\n            time_rule: none\n"
    "            continues: [mini/O1,\n            mini/O1]\n",
    "          - {\n             code: O1, title: โครงสร้าง, criteria: [แสดงแผนผัง], time_rule: none}\n",
    "          - {code: O1, title: โครงสร้าง,\n             criteria: [แสดงแผนผัง], time_rule: none}\n",
])
def test_catalog_new_copies_items_written_as_multi_line_flow(tree, capsys, item):
    source = tree.base / "oit_items" / "flow-2566.yml"
    source.write_text(catalog_text("flow-2566", item), encoding="utf-8")
    status, out, err = run_oit(capsys, "catalog", "check", source, "--content", tree.content)
    assert status == 0, out  # the source is accepted ...
    status, out, err = run_oit(capsys, "catalog", "new", "flow-2567", "--from", "flow-2566", "--content", tree.content)
    assert status == 0, err  # ... so its copy is written, and reads back linked to it
    copy = parse_catalog_file(tree.base / "oit_items" / "flow-2567.yml")
    assert [link.source for link in copy.item("O1").continues] == ["flow-2566/O1"]


@pytest.mark.parametrize("flag, value", [("--name", "กรม\x1b[31mทดสอบ"), ("--name-en", "Test\x85office"),
                                         ("--name", "กรม\u2028ทดสอบ"), ("--base-url", "https://oit.example.go.th/ oit/"),
                                         ("--base-url", "https://oit.example.go.th/\"><script>alert(1)</script>")])
def test_init_refuses_what_site_yml_cannot_hold(tmp_path, monkeypatch, capsys, flag, value):
    monkeypatch.chdir(tmp_path)
    given = {"--name": "กรมทดสอบ", "--base-url": "https://oit.example.go.th/", flag: value}
    status, _out, err = run_oit(capsys, "init", *[x for pair in given.items() for x in pair], "--year", "2569")
    assert status == 2 and flag in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "content").exists()


NAMES = ["กรม \"ทดสอบ\" : ภาค #1", "a\\b\\\\c", "- รายการ", "&anchor *alias !tag %x @y `z`", "{ไม่ใช่: mapping}",
         "[ไม่ใช่, list]", "'เดี่ยว'", "null", "yes", "0x1F", "กรม\u200bทดสอบ"]


@pytest.mark.parametrize("name", NAMES)
def test_whatever_init_accepts_reads_back(tmp_path, monkeypatch, capsys, name):
    monkeypatch.chdir(tmp_path)
    status, _out, err = run_oit(capsys, "init", "--name", name, "--name-en", name,
                                "--base-url", "https://oit.example.go.th/a_b-c~d/", "--year", "2569")
    assert status == 0, err
    site = load_site(tmp_path / "content")
    assert (site.name, site.name_en) == (name.strip(), name.strip())
    status, _out, err = run_oit(capsys, "validate", "--as-of", "2569-06-01")
    assert status == 1, err  # incomplete items, not a configuration error


@pytest.mark.parametrize("written", ["true", '""', "[]", "", "[plan, \"\"]"])
def test_an_evidence_part_that_names_no_part_is_a_finding(capsys, tree, written):
    tree.item("O1", f"evidence:\n  - title: แผนผัง\n    file: chart.pdf\n    part: {written}\n", files={"chart.pdf": "pdf"})
    status, report = run_json(capsys, "validate", "--content", tree.content)
    found = [f for f in report["findings"] if f["item"] == "O1" and f["rule"] == "field-invalid"]
    assert status == 1 and found and found[0]["line"] == 5 and "part must be one part id" in found[0]["message"]


@pytest.mark.parametrize("items, line, says", [
    ("    O1: 2566-01-31\n    O01: 2566-02-28\n", 5, "'O01' is item O1 again (line 4)"),
    ("    O1: 2566-01-31\n    O99: 2566-02-28\n", 5, "'O99' is not an item of mini (O1–O8)"),
])
def test_a_schedule_line_that_would_be_ignored_is_a_finding(capsys, tree, items, line, says):
    (tree.year_dir / "year.yml").write_text(f"framework: mini\nschedule:\n  items:\n{items}", encoding="utf-8")
    status, report = run_json(capsys, "validate", "--content", tree.content)
    found = findings_of(report, "config-invalid")
    assert status == 1 and len(found) == 1 and found[0]["path"] == "content/2566/year.yml"
    assert found[0]["line"] == line and says in found[0]["message"]
    status, _out, err = run_oit(capsys, "status", "--content", tree.content)
    assert status == 2 and f"year.yml:{line}: " in err and says in err  # the committee's view stops on it


def test_init_writes_a_gitignore_so_only_content_gets_committed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("*.bak", encoding="utf-8")  # the agency's own line stays
    _git(tmp_path, "init", "-q")
    status, _out, err = run_oit(capsys, "init", "--name", "กรมทดสอบ", "--base-url", "https://oit.example.go.th/",
                                "--year", "2569")
    assert status == 0 and ".gitignore" in err, err
    assert run_oit(capsys, "validate", "--as-of", "2569-06-01")[0] == 1  # writes .oit-cache/
    assert run_oit(capsys, "build")[0] == 0  # writes site/, its manifest and lock beside it
    assert run_oit(capsys, "build", "--out", "build")[0] == 0
    shown = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    assert shown and all(line[3:] == ".gitignore" or line[3:].startswith("content/") for line in shown), shown
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").startswith("*.bak\n# written by oit")


def test_previous_counts_a_url_that_leaves_the_site_as_not_served(capsys, tree):
    base = "https://example.go.th/oit/"
    previous = tree.base / "itas-2566.csv"
    previous.write_text("code,title,url,status,explanation,parts\n"
                        f"O1,a,{base}2566/O1/,complete,,\n"
                        f"O2,b,{base}2566/../2566/O2/,complete,,\n"  # the same page, as a browser reads it
                        f"O3,c,{base}../site/index.html,complete,,\n"  # outside the site (the check builds into site/)
                        f"O4,d,{base}2566/%2e%2e/%2e%2e/site/index.html,complete,,\n", encoding="utf-8")
    status, report = run_json(capsys, "check", "--content", tree.content, "--previous", previous)
    assert sorted(f["item"] for f in findings_of(report, "url-removed")) == ["O3", "O4"]


def _read_only(folder, *command, cwd):
    """`command` with `folder` mounted read-only (a bind mount in a private mount namespace: root
    ignores permission bits, not a read-only mount). Skips where namespaces are not allowed."""
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs unshare --mount (root or user namespaces) for a read-only mount")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return subprocess.run(["unshare", "--mount", "sh", "-c", script, str(folder), *map(str, command)], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, "OIT_LANG": "en"}, timeout=300)


@pytest.mark.parametrize("command", [["build", "--out", "{out}/site"], ["check"]])
def test_build_and_check_run_on_a_read_only_checkout(tree, tmp_path_factory, command):
    out = tmp_path_factory.mktemp("writable")
    args = [a.format(out=out) for a in command]
    done = _read_only(tree.base, sys.executable, "-m", "generator", *args, "--content", "content", cwd=tree.base)
    assert done.returncode == 0, done.stderr
    assert "cannot be written (Read-only file system); running without a cache" in done.stderr
    assert not (tree.base / ".oit-cache").exists()
    if command[0] == "build":
        assert (out / "site" / "2566" / "O1" / "index.html").is_file()


def _wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_year_yml_typo_is_reported_by_serve_which_keeps_watching(tree):
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", "content", "--port", "0"],
                               cwd=tree.base, stderr=subprocess.PIPE, text=True, env={**os.environ, "OIT_LANG": "en"},
                               start_new_session=True)
    lines: list = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        assert _wait_for(lambda: "(Ctrl+C to stop)" in "".join(lines), 60), lines
        year_yml = tree.year_dir / "year.yml"
        year_yml.write_text("framework: minni\n", encoding="utf-8")  # a typo in the catalog's name
        assert _wait_for(lambda: "build failed, still showing the previous version" in "".join(lines), 30), lines
        assert "minni" in "".join(lines) and process.poll() is None  # reported, and still serving
        year_yml.write_text("framework: mini\n", encoding="utf-8")
        assert _wait_for(lambda: "".join(lines).count("rebuilt in") == 2, 30), lines  # the fix is picked up
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        reader.join(timeout=10)


def test_the_text_reports_show_terminal_controls_as_escapes(capsys, tree):
    site_yml = tree.content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(
        "name: หน่วยงานทดสอบ", 'name: "หน่วยงาน\\e]0;owned\\aทดสอบ\\x9b2J"'), encoding="utf-8")
    tree.item("O1", "evidence:\n  - title: \"แผนผัง\\e[2J\\u202e\"\n    file: \"chart\\e[31m.pdf\"\n")
    for command in ("validate", "status"):
        _status, out, _err = run_oit(capsys, command, "--content", tree.content)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out), command
        assert "หน่วยงาน\\x1b]0;owned\\x07ทดสอบ\\x9b2J" in out, command
    _status, out, _err = run_oit(capsys, "validate", "--content", tree.content)
    assert "chart\\x1b[31m.pdf" in out


def test_catalog_check_shows_terminal_controls_as_escapes(tmp_path, capsys):
    path = tmp_path / "esc-2569.yml"
    path.write_text(catalog_text("esc-2569", '          - {code: O1, title: "a", criteria: [b], time_rule: "none\\e[2J"}\n'),
                    encoding="utf-8")
    status, out, _err = run_oit(capsys, "catalog", "check", path)
    assert status == 1 and "\x1b" not in out and "none\\x1b[2J" in out
