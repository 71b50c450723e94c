"""The output directory and build operations, as an unlucky operator meets them: nothing outside
what oit wrote is ever deleted, a killed or concurrent build loses nothing, nothing hangs, and
every failure is one clear line (issue 12, "Data loss" and "Operations")."""
from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, run_oit
from generator import build
from generator.build import build_site
from generator.errors import ConfigError
from tools.samplefiles import make_pdf

OIT = [sys.executable, "-m", "generator"]


def digest(root: Path) -> dict:
    """Every file under `root` (hidden ones too) with its bytes' SHA-256; folders as None."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
            for p in sorted(root.rglob("*"))}


def edit(tree, code: str = "O1", text: str = "ฉบับแก้ไข") -> None:
    index = tree.index(code)
    index.write_text(index.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def no_traceback(*texts: str) -> bool:
    return not any("Traceback" in t for t in texts)


# --- 1. the output directory is ours only when we can prove it ----------------------------------

def test_a_web_root_holding_a_copied_site_is_never_emptied(tree, tmp_path, capsys):
    """`cp -r site/. /var/www/html/` then `oit build --out /var/www/html`: every file stays."""
    status, _, err = run_oit(capsys, "build", "--out", tmp_path / "site")
    assert status == 0, err
    www = tmp_path / "www"
    (www / "uploads").mkdir(parents=True)
    (www / "index.php").write_text("<?php the ministry's own home page", encoding="utf-8")
    (www / ".htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    (www / "uploads" / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    subprocess.run(["cp", "-r", f"{tmp_path / 'site'}/.", f"{www}/"], check=True)
    if not (www / ".oit-site").exists():  # whatever marker the copy carries (an earlier version's, or ours)
        (www / ".oit-site").write_bytes(build.manifest_path(tmp_path / "site").read_bytes())
    before = digest(www)
    edit(tree)
    status, _, err = run_oit(capsys, "build", "--out", www)
    assert status == 2 and "not built by oit" in err and ("index.php" in err or ".htaccess" in err), err
    assert len(err.strip().splitlines()) == 1
    assert digest(www) == before


def test_a_file_added_to_a_built_site_makes_it_foreign_until_removed(tree, tmp_path, capsys):
    out = tmp_path / "site"
    assert run_oit(capsys, "build", "--out", out)[0] == 0
    (out / "2566" / "uploads").mkdir()
    (out / "2566" / "uploads" / "minutes.pdf").write_bytes(b"someone else's file")
    edit(tree)
    status, _, err = run_oit(capsys, "build", "--out", out)
    assert status == 2 and "2566/uploads/" in err
    assert (out / "2566" / "uploads" / "minutes.pdf").read_bytes() == b"someone else's file"
    (out / "2566" / "uploads" / "minutes.pdf").unlink()
    (out / "2566" / "uploads").rmdir()
    status, _, err = run_oit(capsys, "build", "--out", out)
    assert status == 0 and "ฉบับแก้ไข" in (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")


def test_the_manifest_is_not_published_and_names_no_machine_path(tree, tmp_path):
    out = tmp_path / "site"
    build_site(tree.content, out)
    assert not (out / ".oit-site").exists()
    manifest = json.loads(build.manifest_path(out).read_text(encoding="utf-8"))
    assert "index.html" in manifest["written"] and manifest["built_by"] == "oit-site"
    for path in out.rglob("*"):
        if path.is_file():
            assert str(tmp_path).encode() not in path.read_bytes(), path


def test_a_site_built_by_an_earlier_version_is_still_ours(tree, tmp_path):
    """Earlier versions kept the manifest inside the site, without a list of files."""
    out = tmp_path / "site"
    build_site(tree.content, out)
    manifest = json.loads(build.manifest_path(out).read_text(encoding="utf-8"))
    del manifest["written"]
    (out / ".oit-site").write_text(json.dumps(manifest), encoding="utf-8")
    build.manifest_path(out).unlink()
    (out / "robots.txt").unlink()  # earlier versions did not write one
    edit(tree)
    result = build_site(tree.content, out)
    assert not result.unchanged and not (out / ".oit-site").exists()
    assert "ฉบับแก้ไข" in (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")


# --- 2. a build killed in the middle of the swap ------------------------------------------------

KILL_IN_SWAP = """
import os, signal, sys
from pathlib import Path
import generator.build as build
build._exchange = lambda a, b: False  # a system without renameat2: two renames
real = os.rename
def rename(source, target):
    real(source, target)
    if ".old-" in str(target):  # the old site moved aside, the new one not yet in place
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = rename
build.build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_build_killed_between_the_renames_of_the_swap_loses_no_site(tree, tmp_path, capsys):
    out = tmp_path / "site"
    build_site(tree.content, out)
    before = digest(out)
    edit(tree)
    proc = subprocess.run([sys.executable, "-c", KILL_IN_SWAP, str(tree.content), str(out)], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    assert not out.exists()  # killed right there
    (tree.base / "mkdocs.yml").write_text("theme: [unclosed\n", encoding="utf-8")  # and the next build fails
    status, _, err = run_oit(capsys, "build", "--out", out)
    assert status == 2 and "previous site left untouched" in err
    assert digest(out) == before  # the previous site is back, not deleted as a leftover
    (tree.base / "mkdocs.yml").unlink()
    assert run_oit(capsys, "build", "--out", out)[0] == 0
    assert "ฉบับแก้ไข" in (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert list(tmp_path.glob(".site.*")) == []


def test_the_swap_is_one_atomic_exchange(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x").write_text("new"), (b / "x").write_text("old")
    if not build._exchange(a, b):
        pytest.skip("this system has no renameat2(RENAME_EXCHANGE)")
    assert (b / "x").read_text() == "new" and (a / "x").read_text() == "old"


# --- 3. two builds at once ----------------------------------------------------------------------

SLOW_BUILD = """
import sys, time
from pathlib import Path
import generator.build as build
real, calls = build.publish_file, []
def slow(*args, **kwargs):  # the first build is busy publishing when the second starts
    if not calls:
        Path(sys.argv[3]).touch()
        time.sleep(4)
    calls.append(1)
    return real(*args, **kwargs)
build.publish_file = slow
build.build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_two_builds_at_once_wait_for_each_other(tree, tmp_path):
    out, ready = tmp_path / "site", tmp_path / "ready"
    first = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(tree.content), str(out), str(ready)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not ready.exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    second = subprocess.run([*OIT, "build", "--content", str(tree.content), "--out", str(out)], cwd=tree.base,
                            capture_output=True, text=True, timeout=120)
    first_err = first.communicate(timeout=120)[1]
    assert first.returncode == 0 and second.returncode == 0, (first_err[-1500:], second.stderr[-1500:])
    assert no_traceback(first_err, second.stderr)
    assert list(tmp_path.glob(".site.*")) == []
    assert digest(out) == digest(_cold_build(tree, tmp_path / "cold"))  # whole: no build lost its pages
    assert "waiting" in second.stderr


def test_a_build_that_cannot_get_the_lock_refuses_in_one_line(tree, tmp_path, monkeypatch):
    out = tmp_path / "site"
    monkeypatch.setattr(build, "LOCK_WAIT_SECONDS", 0.5)
    with open(build.lock_path(out), "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ConfigError, match="another oit build is still writing"):
            build_site(tree.content, out)
    assert not out.exists()


# --- 4. --out as a mount point or a symbolic link -----------------------------------------------

def test_out_as_a_mount_point_is_updated_in_place(tree, tmp_path, capsys):
    www = tmp_path / "www"
    www.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(www)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        status, _, err = run_oit(capsys, "build", "--out", www)
        assert status == 0 and (www / "2566" / "O1" / "index.html").is_file(), err
        edit(tree)
        (tree.year_dir / "O5" / "plan.pdf").rename(tree.year_dir / "O5" / "plan-2566.pdf")
        index = tree.index("O5")
        index.write_text(index.read_text(encoding="utf-8").replace("plan.pdf", "plan-2566.pdf"), encoding="utf-8")
        status, _, err = run_oit(capsys, "build", "--out", www)
        assert status == 0, err
        assert os.path.ismount(www)
        assert "ฉบับแก้ไข" in (www / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
        assert (www / "2566" / "O5" / "plan-2566.pdf").is_file() and not (www / "2566" / "O5" / "plan.pdf").exists()
        assert not list(www.rglob(".oit-new-*")) and list(tmp_path.glob(".www.*")) == []
        assert digest(www) == digest(_cold_build(tree, tmp_path / "cold"))  # the same site as a fresh build
    finally:
        subprocess.run(["umount", str(www)], check=False)


@pytest.mark.parametrize("forged", ["../victim.txt", "/VICTIM", "a/../../victim.txt"])
def test_a_forged_marker_in_a_mount_point_deletes_nothing_outside_out(tree, tmp_path, capsys, forged):
    """Issue 26: an old-style .oit-site inside a mounted --out, no manifest beside it, naming a file
    outside --out as written by oit."""
    www, victim = tmp_path / "www", tmp_path / "victim.txt"
    www.mkdir()
    victim.write_text("someone else's file", encoding="utf-8")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(www)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        target = str(victim) if forged == "/VICTIM" else forged
        (www / ".oit-site").write_text(json.dumps({"built_by": "oit-site", "pages": {}, "files": {},
                                                   "static": [target]}), encoding="utf-8")
        status, _, err = run_oit(capsys, "build", "--out", www)
        assert victim.read_text(encoding="utf-8") == "someone else's file"
        assert status == 2 and "not built by oit" in err and no_traceback(err), err  # the marker proves nothing
    finally:
        subprocess.run(["umount", str(www)], check=False)


@pytest.mark.parametrize("key, value", [("written", ["../victim.txt"]), ("static", ["/etc/passwd"]),
                                        ("pages", {"../../x.md": "0"}), ("files", {"a/./b.pdf": {}})])
def test_a_manifest_naming_a_path_outside_the_site_proves_nothing(tmp_path, key, value):
    """A manifest beside --out that names a path outside it is neither a claim nor reused (the
    engine would otherwise copy '../x' of a previous site into the new one)."""
    out = tmp_path / "site"
    out.mkdir()
    manifest = {"built_by": "oit-site", "written": [], "pages": {}, "files": {}, "static": [], key: value}
    build.manifest_path(out).write_text(json.dumps(manifest), encoding="utf-8")
    assert build.read_manifest(out) == {}


def test_an_in_place_update_removes_only_files_inside_out(tmp_path):
    """Whatever the previous build's list says, the in-place update removes files found in `out` only."""
    out, staging, victim = tmp_path / "www", tmp_path / "staging", tmp_path / "victim.txt"
    (out / "old").mkdir(parents=True)
    (out / "old" / "page.html").write_text("old page", encoding="utf-8")
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    victim.write_text("keep", encoding="utf-8")
    (out / "link").symlink_to(tmp_path)
    build._sync_into(staging, out, {"old/page.html", "../victim.txt", "link/victim.txt", str(victim)})
    assert victim.read_text(encoding="utf-8") == "keep" and not (out / "old").exists()
    assert (out / "index.html").read_text(encoding="utf-8") == "new"


def _cold_build(tree, out: Path) -> Path:
    build_site(tree.content, out, incremental=False)
    return out


def test_out_as_a_symlink_updates_its_target_and_keeps_the_link(tree, tmp_path, capsys):
    real, link = tmp_path / "releases" / "www", tmp_path / "current"
    real.mkdir(parents=True)
    link.symlink_to(real, target_is_directory=True)
    assert run_oit(capsys, "build", "--out", link)[0] == 0
    edit(tree)
    assert run_oit(capsys, "build", "--out", link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "ฉบับแก้ไข" in (real / "2566" / "O1" / "index.html").read_text(encoding="utf-8")


# --- 5. what the fingerprint and the reuse of published files must see -------------------------

def test_a_plain_build_after_link_never_keeps_files_linked_to_content(tree, tmp_path, capsys):
    out = tmp_path / "site"
    source, published = tree.year_dir / "O1" / "chart.pdf", out / "2566" / "O1" / "chart.pdf"
    assert run_oit(capsys, "build", "--link", "--out", out)[0] == 0
    assert published.stat().st_ino == source.stat().st_ino
    status, _, err = run_oit(capsys, "build", "--out", out)
    assert status == 0 and "up to date" not in err
    assert published.stat().st_ino != source.stat().st_ino
    before = published.read_bytes()
    with open(source, "r+b") as handle:  # overwritten in place, unvalidated
        handle.write(b"%PDF-1.4 overwritten")
    assert published.read_bytes() == before


# before the page's text: the agency's own hook output is not the text that gets sanitised
HOOK = "def on_page_content(html, **kwargs):\n    return '<!-- hook {} -->' + html\n"


def test_files_mkdocs_yml_names_are_inputs_of_the_build(tree, tmp_path, capsys):
    out = tmp_path / "site"
    (tree.base / "mkdocs.yml").write_text("theme:\n  name: material\nhooks:\n  - hooks/mark.py\n", encoding="utf-8")
    (tree.base / "hooks").mkdir()
    (tree.base / "hooks" / "mark.py").write_text(HOOK.format("v1"), encoding="utf-8")
    assert run_oit(capsys, "build", "--out", out)[0] == 0
    assert "<!-- hook v1 -->" in (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    (tree.base / "hooks" / "mark.py").write_text(HOOK.format("v2"), encoding="utf-8")
    status, _, err = run_oit(capsys, "build", "--out", out)
    assert status == 0 and "up to date" not in err
    assert "<!-- hook v2 -->" in (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")


def test_package_versions_are_inputs_of_the_build(tree, monkeypatch):
    from generator.thai import BEDate
    as_of = BEDate(2569, 1, 1)
    before = build.input_fingerprint(tree.content, as_of)
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "99.0" if name == "pypdf" else real(name))
    build.engine.package_versions.cache_clear()  # read once per process: the next run is a new process
    try:
        assert build.input_fingerprint(tree.content, as_of) != before
    finally:
        build.engine.package_versions.cache_clear()


# --- 6. a killed engine worker ------------------------------------------------------------------

KILLER_HOOK = """
import multiprocessing, os, signal
def on_page_markdown(markdown, **kwargs):
    if multiprocessing.parent_process() is not None:  # an engine worker, as the OOM killer would
        os.kill(os.getpid(), signal.SIGKILL)
    return markdown
"""


def test_a_killed_engine_worker_fails_the_build_instead_of_hanging(tree, tmp_path):
    out = tmp_path / "site"
    build_site(tree.content, out)
    before = digest(out)
    (tree.base / "killer.py").write_text(KILLER_HOOK, encoding="utf-8")
    (tree.base / "mkdocs.yml").write_text("theme:\n  name: material\nhooks:\n  - killer.py\n", encoding="utf-8")
    proc = subprocess.run([*OIT, "build", "--content", str(tree.content), "--out", str(out)], cwd=tree.base,
                          capture_output=True, text=True, timeout=90)
    assert proc.returncode == 2 and "engine process died" in proc.stderr, proc.stderr[-2000:]
    assert no_traceback(proc.stderr) and len(proc.stderr.strip().splitlines()) == 1
    assert digest(out) == before and list(tmp_path.glob(".site.*")) == []


# --- 7. oit serve -------------------------------------------------------------------------------

def _serve(tree, *args, timeout=60):
    return subprocess.run([*OIT, "serve", "--content", str(tree.content), *args], cwd=tree.base,
                          capture_output=True, text=True, timeout=timeout)


def test_serve_refuses_a_symlinked_preview_folder(tree):
    (tree.base / ".oit-preview").symlink_to("/", target_is_directory=True)
    proc = _serve(tree, "--port", "0")
    assert proc.returncode == 2 and "symbolic link" in proc.stderr and no_traceback(proc.stderr), proc.stderr
    assert os.readlink(tree.base / ".oit-preview") == "/"


def test_serve_refuses_a_foreign_preview_folder(tree):
    (tree.base / ".oit-preview").mkdir()
    (tree.base / ".oit-preview" / "notes.txt").write_text("someone's notes", encoding="utf-8")
    proc = _serve(tree, "--port", "0")
    assert proc.returncode == 2 and "not built by oit" in proc.stderr and no_traceback(proc.stderr), proc.stderr
    assert (tree.base / ".oit-preview" / "notes.txt").read_text(encoding="utf-8") == "someone's notes"


def test_the_local_server_never_serves_outside_its_folder(tmp_path):
    from generator.localserver import serve_directory
    site = tmp_path / "site"
    (site / "inside").mkdir(parents=True)
    (site / "index.html").write_text("home", encoding="utf-8")
    (site / "etc").symlink_to("/etc", target_is_directory=True)
    (site / "passwd.html").symlink_to("/etc/passwd")
    (site / "inside" / "index.html").symlink_to("/etc/passwd")
    with serve_directory(site) as url:
        assert urllib.request.urlopen(url, timeout=5).read() == b"home"
        for path in ("etc/passwd", "passwd.html", "inside/", "etc/"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(url + path, timeout=5)
            assert refused.value.code == 404, path


def test_serve_with_a_bad_port_or_a_port_in_use_says_so_in_one_line(tree, capsys):
    status, _, err = run_oit(capsys, "serve", "--port", "99999")
    assert status == 2 and "99999" in err and len(err.strip().splitlines()) == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, _, err = run_oit(capsys, "serve", "--port", port)
    assert status == 2 and f"cannot serve on 127.0.0.1:{port}" in err and no_traceback(err)


# --- 8. disk full while copying -----------------------------------------------------------------

def padded_pdf(megabytes: int) -> bytes:
    """A valid PDF (correct xref) carrying `megabytes` of random bytes in an unreferenced stream."""
    plain = make_pdf(["a large scanned annex"], "annex")
    body, _, _ = plain.partition(b"xref\n")
    offsets = [int(line[:10]) for line in plain.split(b"xref\n")[1].split(b"\n")[2:8]]
    padding = os.urandom(megabytes << 20)
    offsets.append(len(body))
    body += b"7 0 obj\n<< /Length %d >>\nstream\n" % len(padding) + padding + b"\nendstream\nendobj\n"
    xref = len(body)
    body += b"xref\n0 8\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return body + b"trailer\n<< /Size 8 /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_disk_full_while_copying_names_the_file_and_leaves_the_site(tree, tmp_path, capsys):
    disk = tmp_path / "disk"
    disk.mkdir()
    site_bytes = sum(p.stat().st_size for p in _cold_build(tree, tmp_path / "probe").rglob("*") if p.is_file())
    size = 2 * site_bytes + (6 << 20)  # the previous site, one more, and 6 MB to spare
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        out = disk / "site"
        assert run_oit(capsys, "build", "--out", out)[0] == 0
        before = digest(out)
        tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n  - title: ภาคผนวก\n    file: annex.pdf\n",
                  files={"annex.pdf": padded_pdf(12)})
        status, _, err = run_oit(capsys, "build", "--out", out)
        assert status == 2 and "annex.pdf" in err and "No space left on device" in err, err
        assert "previous site is left untouched" in err and len(err.strip().splitlines()) == 1
        assert digest(out) == before
        assert sorted(p.name for p in disk.iterdir()) == [".oit-lock-site", ".oit-manifest-site.json", "site"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_an_unreadable_evidence_file_is_a_finding_and_not_published(tree, tmp_path):
    """As root every file is readable: the build runs without the capabilities that bypass modes."""
    out = tmp_path / "site"
    build_site(tree.content, out)
    before = digest(out)
    chart = tree.year_dir / "O1" / "chart.pdf"
    chart.write_bytes(make_pdf(["a new chart"], "chart"))
    chart.chmod(0)
    if os.access(chart, os.R_OK) and os.geteuid() != 0:
        pytest.skip("this file system ignores file modes")
    command = [sys.executable, "-m", "generator", "build", "--content", str(tree.content), "--out", str(out)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        proc = subprocess.run(command, cwd=tree.base, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        pytest.skip("setpriv is not installed")
    # the PDPA guard cannot read it: a finding, and the file is withheld (never published unread)
    assert proc.returncode == 0 and "1 errors" in proc.stderr, proc.stderr[-2000:]
    assert no_traceback(proc.stderr)
    assert not (out / "2566" / "O1" / "chart.pdf").exists() and digest(out) != before
    assert list(tmp_path.glob(".site.*")) == []
    validate = subprocess.run([*command[:command.index("build")], "validate", "--content", str(tree.content)],
                              cwd=tree.base, capture_output=True, text=True, timeout=120)
    assert validate.returncode == 1 and "chart.pdf" in validate.stdout and "Permission denied" in validate.stdout


def test_an_output_that_can_be_neither_replaced_nor_written_is_refused_in_one_line(tree, tmp_path, capsys):
    www = tmp_path / "www"
    www.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(www)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        status, _, err = run_oit(capsys, "build", "--out", www)
        assert status == 2 and "Read-only file system" in err and "nothing was changed" in err, err
        assert len(err.strip().splitlines()) == 1 and list(www.iterdir()) == []
        assert list(tmp_path.glob(".www.*")) == []
    finally:
        subprocess.run(["umount", str(www)], check=False)
