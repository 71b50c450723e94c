"""The CI gate, the command line and content loading under hostile or unlucky input (issue 12, part d):
no false failure, no traceback, no hang."""
from __future__ import annotations

import ctypes
import json
import os
import socket
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import GOOD_ITEMS, findings_of, run_json, run_oit
from generator.check import probe_url

AS_OF = "2569-01-01"


def set_base_url(content: Path, url: str) -> None:
    site_yml = content / "site.yml"
    lines = [f"base_url: {url}" if line.startswith("base_url:") else line
             for line in site_yml.read_text(encoding="utf-8").splitlines()]
    site_yml.write_text("\n".join(lines) + "\n", encoding="utf-8")


def append_body(index: Path, text: str) -> None:
    with open(index, "a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


# --- 1. base_url with a path ------------------------------------------------------------------

def test_check_passes_the_demo_published_under_a_path(demo_copy, capsys):
    set_base_url(demo_copy, "https://example.go.th/oit/")
    status, report = run_json(capsys, "check", "--content", demo_copy)
    assert findings_of(report, "broken-link") == []
    assert status == 0 and report["summary"]["errors"] == 0


def test_root_relative_links_resolve_against_the_base_path(tree, capsys):
    set_base_url(tree.content, "https://example.go.th/oit/")
    append_body(tree.index("O4"), "[ok](/oit/2566/O1/) [outside](/2566/O1/) [relative](../O1/index.md)")
    status, report = run_json(capsys, "check", "--as-of", AS_OF)
    broken = findings_of(report, "broken-link")
    assert [f["item"] for f in broken] == ["O4"] and "/2566/O1/" in broken[0]["message"]
    assert "/oit/2566/O1/" not in broken[0]["message"]


# --- 2. an external server that drips ---------------------------------------------------------

@contextmanager
def drip_server(seconds_per_byte: float = 0.5, lifetime: float = 12.0):
    """A server on 127.0.0.1 that answers every request one byte at a time, so no single read
    ever times out; it stops by itself after `lifetime` seconds."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop_at = time.monotonic() + lifetime

    def drip(conn):
        with conn:
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 100:
                if time.monotonic() > stop_at:
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(seconds_per_byte)

    def accept():
        while time.monotonic() < stop_at:
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=drip, args=(conn,), daemon=True).start()
        listener.close()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"


def test_external_request_has_an_overall_deadline():
    with drip_server() as url:
        problem = probe_url(url, 1.0)  # the server drips a byte at a time for longer than that
    assert problem is not None and problem[0] == "external-timeout"


# --- 3. --timeout must be a finite positive number --------------------------------------------

@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "1e9", "ten"])
def test_timeout_out_of_range_is_a_usage_error(tree, capsys, value):
    status, out, err = run_oit(capsys, "check", "--external", "--timeout", value)
    assert status == 2 and len(err.strip().splitlines()) == 1 and "--timeout" in err
    assert "Traceback" not in err


# --- 4. one error policy: a line on stderr and exit 2, never a traceback ----------------------

def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert "Traceback" not in err and len(lines) == 1, err
    return lines[0]


def test_broken_agency_config_is_one_line_under_check_and_build(tree, capsys):
    (tree.base / "mkdocs.yml").write_text("theme: [unclosed\n", encoding="utf-8")
    status, out, err = run_oit(capsys, "check", "--as-of", AS_OF)
    assert status == 2 and "mkdocs.yml" in one_error_line(err)
    status, out, err = run_oit(capsys, "build", "--as-of", AS_OF)
    assert status == 2 and "mkdocs.yml" in one_error_line(err)


def test_new_over_a_file_is_a_usage_error(tree, capsys):
    (tree.content / "2567").write_text("not a folder\n", encoding="utf-8")
    status, out, err = run_oit(capsys, "new", "2567", "--framework", "mini")
    assert status == 2 and "2567" in one_error_line(err) and "is a file" in err


def test_previous_itas_file_with_a_huge_field_is_a_finding(tree, capsys):
    previous = tree.base / "itas-2566.csv"
    previous.write_text('code,url\nO1,"' + "x" * 140_000 + '"\n', encoding="utf-8")
    status, report = run_json(capsys, "check", "--as-of", AS_OF, "--previous", previous)
    f, = findings_of(report, "config-invalid")
    assert status == 1 and f["path"].endswith("itas-2566.csv") and "CSV" in f["message"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp874"])
def test_previous_itas_file_not_utf8_is_a_finding(tree, capsys, encoding):
    previous = tree.base / "itas-2566.csv"
    previous.write_bytes("code,url,ชื่อ\nO1,https://example.go.th/oit/2566/O1/,หน่วยงาน\n".encode(encoding))
    status, report = run_json(capsys, "check", "--as-of", AS_OF, "--previous", previous)
    f, = findings_of(report, "config-invalid")
    assert status == 1 and "UTF-8" in f["message"]


def test_unexpected_error_is_one_line_unless_debugging(tree, capsys, monkeypatch):
    import generator.validate

    def broken_validate(*args):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(generator.validate, "validate", broken_validate)
    status, out, err = run_oit(capsys, "validate")
    assert status == 2 and one_error_line(err).startswith("oit: internal error: ZeroDivisionError: a bug")
    monkeypatch.setenv("OIT_DEBUG", "1")
    status, out, err = run_oit(capsys, "validate")
    assert status == 2 and "Traceback" in err and "internal error" in err


def _without_root_powers():
    """In the child: drop the capabilities that let root read any file, so chmod 000 counts
    (tests run as root; the Python install under /root rules out switching to 'nobody')."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone after exec
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_unprivileged(cwd: Path, *args) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True,
                              text=True, preexec_fn=_without_root_powers, timeout=300)
    except subprocess.SubprocessError as err:
        pytest.skip(f"cannot drop the capabilities that bypass permissions: {err}")


def test_unreadable_item_folder_and_file_are_findings(tree):
    os.chmod(tree.year_dir / "O3", 0)
    os.chmod(tree.index("O4"), 0)
    try:
        result = run_unprivileged(tree.base, "validate", "--as-of", AS_OF, "--format", "json")
    finally:
        os.chmod(tree.year_dir / "O3", 0o755)
        os.chmod(tree.index("O4"), 0o644)
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    unreadable = {f["item"]: f for f in json.loads(result.stdout)["findings"] if "cannot be read" in f["message"]}
    assert set(unreadable) == {"O3", "O4"}
    assert unreadable["O3"]["path"] == "content/2566/O3" and "Permission denied" in unreadable["O3"]["message"]


def test_unreadable_year_folder_and_site_yml_are_one_line(tree):
    for locked, shown in ((tree.year_dir, "content/2566"), (tree.content / "site.yml", "content/site.yml")):
        os.chmod(locked, 0)
        try:
            result = run_unprivileged(tree.base, "check", "--as-of", AS_OF)
        finally:
            os.chmod(locked, 0o755 if locked.is_dir() else 0o644)
        assert result.returncode == 2 and shown in one_error_line(result.stderr), result.stderr


# --- 6. the agency's mkdocs.yml is read as MkDocs reads it ------------------------------------

MATERIAL_EMOJI_CONFIG = """\
theme:
  name: material
  palette:
    primary: !ENV [OIT_TEST_PRIMARY, teal]
markdown_extensions:
  - attr_list
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - search
"""


def test_material_emoji_and_env_tags_in_mkdocs_yml_build(tree, capsys):
    (tree.base / "mkdocs.yml").write_text(MATERIAL_EMOJI_CONFIG, encoding="utf-8")
    append_body(tree.index("O1"), "ยิ้ม :smile:")
    status, out, err = run_oit(capsys, "build", "--as-of", AS_OF)
    assert status == 0, err
    page = (tree.base / "site" / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="teal"' in page and "twemoji" in page


# --- 5. --year means something on every command -----------------------------------------------

def test_build_and_serve_refuse_a_year_without_folder(tree, capsys):
    for command in ("build", "serve"):
        status, out, err = run_oit(capsys, command, "--year", "2599", "--as-of", AS_OF)
        assert status == 2 and "2599" in one_error_line(err) and "2566" in err
    assert not (tree.base / "site").exists() and not (tree.base / ".oit-preview").exists()
    status, out, err = run_oit(capsys, "build", "--year", "๒๕๖๖", "--as-of", AS_OF)
    assert status == 0 and (tree.base / "site" / "2566" / "O1" / "index.html").is_file()


def test_new_refuses_a_conflicting_year(tree, capsys):
    status, out, err = run_oit(capsys, "new", "2567", "--year", "2566", "--framework", "mini")
    assert status == 2 and "2567" in one_error_line(err) and "2566" in err
    assert not (tree.content / "2567").exists()
    status, out, err = run_oit(capsys, "new", "2567", "--year", "2567", "--framework", "mini")
    assert status == 0 and (tree.content / "2567" / "O1" / "index.md").is_file()


# --- 7. two folders for one year ----------------------------------------------------------------

def test_two_folders_for_one_year_is_an_error_naming_both(tree, capsys):
    shutil.copytree(tree.year_dir, tree.content / "๒๕๖๖")
    for command in ("validate", "build", "check"):
        status, out, err = run_oit(capsys, command, "--as-of", AS_OF)
        line = one_error_line(err)
        assert status == 2 and "content/2566" in line and "content/๒๕๖๖" in line and "merge" in line


# --- 8. a file named like the item page -------------------------------------------------------

@pytest.mark.parametrize("name", ["index.html", "INDEX.HTML", "index.md", "./index.html"])
def test_evidence_named_like_the_item_page_is_refused(tree, capsys, name):
    page_copy = {name.lstrip("./"): b"<html><body>not the item page</body></html>"} if "html" in name.lower() else {}
    (tree.year_dir / "O1" / "chart.pdf").unlink()  # the only file is the one named like the page
    tree.item("O1", f"evidence:\n  - title: แผนผังโครงสร้าง\n    file: {name}\n", files=page_copy)  # index.md: itself
    status, report = run_json(capsys, "validate", "--as-of", AS_OF)
    f, = [f for f in report["findings"] if f["item"] == "O1"]
    assert status == 1 and f["rule"] == "field-invalid" and "rename" in f["message"]
    status, out, err = run_oit(capsys, "build", "--as-of", AS_OF)
    page = (tree.base / "site" / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert "not the item page" not in page and "<!doctype html>" in page
    assert not (tree.base / "site" / "2566" / "O1" / "index.md").exists()


def test_body_attachment_named_index_html_is_refused_but_a_link_to_the_page_is_not(tree, capsys):
    tree.item("O4", "evidence:\n  - title: ข่าว\n    url: https://example.go.th/news\n    period: 2566-Q2\n",
              body="[กลับด้านบน](index.html)\n")
    status, report = run_json(capsys, "validate", "--as-of", AS_OF)
    assert status == 0
    tree.item("O1", GOOD_ITEMS["O1"][0], body="[หน้าเก่า](index.html)\n",
              files={**GOOD_ITEMS["O1"][1], "index.html": b"<html><body>old page</body></html>"})
    status, report = run_json(capsys, "validate", "--as-of", AS_OF)
    f, = [f for f in report["findings"] if f["item"] == "O1"]
    assert status == 1 and "rename" in f["message"] and f["line"] == 6
    run_oit(capsys, "build", "--as-of", AS_OF)
    assert "old page" not in (tree.base / "site" / "2566" / "O1" / "index.html").read_text(encoding="utf-8")


# --- 9. the same report from any working directory --------------------------------------------

def test_report_is_the_same_from_any_working_directory(tree, capsys, monkeypatch):
    tree.item("O1", "owner: x\n")  # evidence-missing, with the path of O1's index.md
    previous = tree.base / "itas-2566.csv"
    previous.write_text("code,url\nO1,https://example.go.th/oit/2566/O99/\n", encoding="utf-8")
    outputs = []
    for cwd in (tree.base, tree.content / "2566" / "O2", Path("/")):
        monkeypatch.chdir(cwd)
        status, out, err = run_oit(capsys, "check", "--content", tree.content, "--as-of", AS_OF,
                                   "--previous", previous, "--format", "json")
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    paths = {f["path"] for f in json.loads(outputs[0])["findings"]}
    assert paths == {"content/2566/O1/index.md", "itas-2566.csv"}


# --- 10. bounded work on pathological Markdown ------------------------------------------------

@pytest.mark.parametrize("unit", ["[", "[a](", "<a ", "<![CDATA["])
def test_pathological_markdown_is_a_finding_not_minutes_of_work(tree, capsys, unit):
    tree.item("O4", GOOD_ITEMS["O4"][0], body=unit * (16_000 // len(unit)) + "\n")
    status, report = run_json(capsys, "validate", "--as-of", AS_OF)
    f, = findings_of(report, "file-too-large")
    assert status == 1 and (f["item"], f["path"], f["line"]) == ("O4", "content/2566/O4/index.md", 7)
    assert "not published" in f["message"]
    status, out, err = run_oit(capsys, "build", "--as-of", AS_OF)
    assert status == 0
    assert unit * 10 not in (tree.base / "site" / "2566" / "O4" / "index.html").read_text(encoding="utf-8")


def test_ordinary_text_with_many_links_is_published(tree, capsys):
    links = "".join(f"- [รายงานฉบับที่ {n}](https://example.go.th/r/{n}) (ปี <b>2566</b>)\n" for n in range(400))
    tree.item("O4", GOOD_ITEMS["O4"][0], body="รายการ\n\n" + links)
    status, report = run_json(capsys, "validate", "--as-of", AS_OF)
    assert status == 0 and findings_of(report, "file-too-large") == []


def test_serve_port_out_of_range_or_in_use_is_one_line(tree, capsys):
    status, out, err = run_oit(capsys, "serve", "--port", "99999")
    assert status == 2 and "99999" in one_error_line(err)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        status, out, err = run_oit(capsys, "serve", "--port", taken.getsockname()[1], "--as-of", AS_OF)
    assert status == 2 and "in use" in err.strip().splitlines()[-1] and "Traceback" not in err
