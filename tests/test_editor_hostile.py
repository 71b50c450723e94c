"""`oit editor` against hostile neighbours (issue 26): another page of this machine, a path out of
content/, a link where the editor writes, an --out that is not ours, a second or a killed editor.

The first two are driven in Debian's Chromium (Playwright) against a real `oit editor --serve`."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from generator import i18n
from generator.errors import ConfigError
from generator.editor_server import local_editor
from tests.conftest import DEMO, run_oit

ITEM = Path("2569") / "O21" / "index.md"


@pytest.fixture(autouse=True)
def english():
    """A Thai test below leaves oit's language Thai for what runs in-process after it."""
    yield
    i18n.set_language(None)


@pytest.fixture
def demo(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    (tmp_path / "mkdocs.yml").write_text("site_name: agency\n", encoding="utf-8")  # beside content/, as in a repository
    monkeypatch.chdir(tmp_path)
    return content


def tree_state(root: Path) -> dict:
    """Every file under `root` with its bytes, but oit's own beside content/: the editor's page, lock
    and manifest, the live preview and its build's staging folder (`..oit-preview…`, left when the
    editor is stopped in the middle of the preview's first build), the cache."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).parts[0].startswith((".oit", "..oit"))}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


@contextmanager
def running_editor(content: Path):
    """`oit editor --serve` as `make edit` runs it, in its own session; yields (process, admin URL, lines)."""
    oit = Path(sys.executable).parent / "oit"
    process = subprocess.Popen([str(oit), "editor", "--serve", "--content", str(content), "--port", str(_free_port())],
                               stderr=subprocess.PIPE, text=True, cwd=content.parent, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        def admin():
            match = re.search(r"(http://127\.0\.0\.1:\d+/admin/)", "".join(lines))
            return match and match.group(1)
        url = _wait_for(admin, 120)
        assert url, lines
        yield process, url, lines
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=10)


def backend_url(admin_url: str) -> str:
    """Where the admin page's config sends the CMS's requests (read as the page reads it)."""
    origin = admin_url.split("/admin/")[0]
    config = yaml.safe_load(urllib.request.urlopen(admin_url + "config.yml", timeout=30).read())
    if "local_backend" in config:  # decap-server, as before issue 26
        return config["local_backend"]["url"]
    return origin + config["backend"]["proxy_url"]


def persist(path: str, raw: str) -> dict:
    return {"action": "persistEntry", "params": {"branch": "main", "dataFiles": [{"slug": "x", "path": path, "raw": raw}],
                                                  "assets": [], "options": {"commitMessage": "x", "useWorkflow": False,
                                                                            "status": "", "collectionName": "y2569"}}}


# What a page tries: every way a page can send a POST elsewhere (fetch with CORS, fetch without,
# a form), for writes into and out of content/, deletes, and reads of files outside content/.
ATTACK = """async ([api, writes, reads]) => {
  const results = {};
  for (const [name, body] of Object.entries(writes)) {
    for (const mode of ['cors', 'no-cors']) {
      try {
        const r = await fetch(api, {method: 'POST', mode,
          headers: {'Content-Type': mode === 'cors' ? 'application/json' : 'text/plain'}, body: JSON.stringify(body)});
        results[`${name} ${mode}`] = mode === 'cors' ? `answered ${r.status}` : 'sent';
      } catch (e) { results[`${name} ${mode}`] = 'blocked'; }
    }
    const frame = document.createElement('iframe');
    frame.name = `f-${name}`;
    document.body.append(frame);
    const form = Object.assign(document.createElement('form'), {method: 'POST', action: api, enctype: 'text/plain', target: frame.name});
    const field = Object.assign(document.createElement('input'), {name: JSON.stringify(body).slice(0, -1) + ',"x":"', value: '"}'});
    form.append(field); document.body.append(form); form.submit();
  }
  for (const [name, body] of Object.entries(reads)) {
    try {
      const r = await fetch(api, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
      results[`read ${name}`] = await r.text();
    } catch (e) { results[`read ${name}`] = 'blocked'; }
  }
  for (const url of [api.split('/api')[0] + '/admin/config.yml', api.split('/api')[0] + '/admin/oit-findings.json?year=2569']) {
    try { results[url] = (await (await fetch(url)).text()).slice(0, 200); } catch (e) { results[url] = 'blocked'; }
  }
  await new Promise(done => setTimeout(done, 1500));  // the forms' requests have been sent
  return results;
}"""


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_page_on_another_local_port_can_neither_write_nor_read(demo, browser, tmp_path, host):
    """An evidence page open in the preview (another port of 127.0.0.1 or localhost) that found the
    editor's port, and even its backend URL: every write is refused, and nothing outside content/
    can be read (before issue 26, decap-server wrote mkdocs.yml and read any file for such a page)."""
    from tests.browserkit import serve
    attacker = tmp_path / "attacker"
    attacker.mkdir()
    (attacker / "index.html").write_text("<!doctype html><title>evidence</title><body></body>", encoding="utf-8")
    before = tree_state(tmp_path)
    with running_editor(demo) as (_, admin_url, lines), serve(attacker) as page_url:
        api = backend_url(admin_url)
        writes = {"hook": persist("mkdocs.yml", "site_name: x\nhooks: [evil.py]\n"),
                  "item": persist(f"content/{ITEM.as_posix()}", "---\nevidence: []\n---\nhacked\n"),
                  "new": {"action": "persistMedia", "params": {"branch": "main", "asset": {
                      "path": "content/2569/O21/evil.html", "content": "PHNjcmlwdD4=", "encoding": "base64"},
                      "options": {"commitMessage": "x"}}},
                  "delete": {"action": "deleteFile", "params": {"branch": "main", "path": f"content/{ITEM.as_posix()}",
                                                                "options": {"commitMessage": "x"}}}}
        reads = {"mkdocs": {"action": "getEntry", "params": {"branch": "main", "path": "mkdocs.yml"}},
                 "passwd": {"action": "getMediaFile", "params": {"branch": "main", "path": "../../../../etc/passwd"}}}
        page = browser.new_page()
        try:
            page.goto(page_url.replace("127.0.0.1", host))
            results = page.evaluate(ATTACK, [api, writes, reads])
        finally:
            page.close()
    assert tree_state(tmp_path) == before, "a file changed"
    for name, outcome in results.items():
        assert outcome in ("blocked", "sent"), (name, outcome)  # no answer the page can read
    assert not any("site_name" in str(v) or "root:" in str(v) for v in results.values())


def test_the_admin_page_itself_cannot_leave_content(demo, browser, tmp_path):
    """Even with the session's secret, from the admin page: only paths under content/."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the editor", encoding="utf-8")
    (demo / "2569" / "O21" / "link-out").symlink_to(outside, target_is_directory=True)
    (demo / "2569" / "O21" / "passwd").symlink_to("/etc/passwd")
    before = tree_state(tmp_path)
    refused_paths = ["mkdocs.yml", "content/../mkdocs.yml", "/etc/passwd", "../mkdocs.yml", "content/2569/../../mkdocs.yml",
                     "content/2569/O21/link-out/secret.txt", "content/2569/O21/passwd", "content\\..\\mkdocs.yml",
                     "content", "./content/x.md", "content//2569/x.md"]
    with running_editor(demo) as (_, admin_url, lines):
        api = backend_url(admin_url)
        page = browser.new_page()
        try:
            page.goto(admin_url)
            call = """async ([api, body]) => {
                const r = await fetch(api, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
                return [r.status, await r.text()]; }"""
            answers = {}
            for path in refused_paths:
                answers[path] = [page.evaluate(call, [api, body]) for body in (
                    persist(path, "hooks: [evil.py]\n"),
                    {"action": "getEntry", "params": {"branch": "main", "path": path}},
                    {"action": "getMediaFile", "params": {"branch": "main", "path": path}},
                    {"action": "deleteFile", "params": {"branch": "main", "path": path, "options": {"commitMessage": "x"}}},
                    {"action": "getMedia", "params": {"branch": "main", "mediaFolder": path}})]
            listing = page.evaluate(call, [api, {"action": "getMedia", "params": {"branch": "main",
                                                                                   "mediaFolder": "content/2569/O21"}}])
            allowed = page.evaluate(call, [api, persist(f"content/{ITEM.as_posix()}", "---\nevidence: []\n---\nok\n")])
        finally:
            page.close()
    for path, outcomes in answers.items():
        for status, text in outcomes:
            assert status in (403, 422) and "not for the editor" not in text and "root:" not in text, (path, status, text)
    assert "content/" in answers["mkdocs.yml"][0][1]  # the refusal says where files may be edited
    assert listing[0] == 200 and "link-out" not in listing[1] and "passwd" not in listing[1]
    assert allowed[0] == 200  # the same page may write its own content
    after = tree_state(tmp_path)
    assert after.pop(f"content/{ITEM.as_posix()}") == b"---\nevidence: []\n---\nok\n"
    before.pop(f"content/{ITEM.as_posix()}")
    assert after == before


def request(url: str, headers: dict, body: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


def test_the_backend_answers_only_its_own_host_origin_and_secret(demo):
    """What a browser cannot forge is checked on every request: a name re-pointed at 127.0.0.1
    (DNS rebinding) gets neither the page's files nor the config that holds the secret."""
    with local_editor(demo) as url:
        origin = url.split("/admin/")[0]
        api = backend_url(url)
        info = json.dumps({"action": "info"}).encode()
        own = {"Origin": origin, "Content-Type": "application/json"}
        assert request(api, own, info) == 200
        assert request(api, {**own, "Origin": "http://127.0.0.1:8000"}, info) == 403
        assert request(api, {**own, "Origin": "http://localhost:" + origin.rsplit(":", 1)[1]}, info) == 403
        assert request(api, {"Content-Type": "application/json"}, info) == 403  # no Origin: not a page of ours
        assert request(api, {**own, "Content-Type": "text/plain"}, info) == 403
        assert request(api, {**own, "Host": "evil.example"}, info) == 403
        assert request(origin + "/api/not-the-secret", own, info) == 403
        assert request(api[:-1], own, info) == 403
        assert request(url + "config.yml", {"Host": "evil.example"}) == 403
        assert request(url + "index.html", {"Host": "evil.example"}) == 403
        assert request(url + "config.yml", {"Sec-Fetch-Site": "same-site"}) == 403  # another port of 127.0.0.1
        assert request(url + "index.html", {}) == 200
        with urllib.request.urlopen(url) as page:
            assert page.headers["X-Frame-Options"] == "DENY"  # no other page shows it in a frame
    written = list((demo.parent / ".oit-editor").rglob("*"))
    assert written and not any(api.rsplit("/", 1)[1] in p.read_text(encoding="utf-8", errors="replace")
                               for p in written if p.is_file())  # the secret is in no file


def test_a_link_as_the_editor_folder_is_refused(demo, tmp_path):
    """A committed `.oit-editor -> /` made the editor write its page through it and serve that
    folder on its port (the `.oit-preview` case of round 2, refused the same way)."""
    target = tmp_path / "elsewhere"
    target.mkdir()
    (demo.parent / ".oit-editor").symlink_to(target, target_is_directory=True)
    with pytest.raises(ConfigError, match="symbolic link"):
        with local_editor(demo):
            pass
    assert list(target.iterdir()) == [] and os.readlink(demo.parent / ".oit-editor") == str(target)


def test_someone_elses_files_in_the_editor_folder_are_refused(demo):
    """A page planted in .oit-editor/admin/ would be served beside the admin page, on its origin."""
    planted = demo.parent / ".oit-editor" / "admin" / "evil.html"
    planted.parent.mkdir(parents=True)
    planted.write_text("<script>fetch('config.yml')</script>", encoding="utf-8")
    with pytest.raises(ConfigError, match="not built by oit"):
        with local_editor(demo):
            pass
    assert planted.read_text(encoding="utf-8") == "<script>fetch('config.yml')</script>"


def test_editor_out_follows_the_rules_of_build_out(demo, tmp_path, capsys):
    """--out content wrote 7 MB into content/; an --out holding someone's admin/ was overwritten."""
    before = tree_state(demo)
    for out in (demo, demo / "2569", demo / "public"):
        status, _, err = run_oit(capsys, "editor", "--content", demo, "--out", out)
        assert status == 2 and "overlaps the content directory" in err and "Traceback" not in err, err
    assert tree_state(demo) == before and not (demo / "admin").exists()

    theirs = tmp_path / "public"
    (theirs / "admin").mkdir(parents=True)
    (theirs / "admin" / "index.html").write_text("their admin page", encoding="utf-8")
    (theirs / "admin" / "config.yml").write_text("backend: {name: github}\n", encoding="utf-8")
    status, _, err = run_oit(capsys, "editor", "--content", demo, "--out", theirs)
    assert status == 2 and "not built by oit" in err and err.count("\n") == 1, err
    assert (theirs / "admin" / "index.html").read_text(encoding="utf-8") == "their admin page"
    assert (theirs / "admin" / "config.yml").read_text(encoding="utf-8") == "backend: {name: github}\n"

    ours = tmp_path / "site"
    for _ in range(2):  # our own admin/ is replaced as often as asked
        status, _, err = run_oit(capsys, "editor", "--content", demo, "--out", ours)
        assert status == 0, err
    assert (ours / "admin" / "config.yml").is_file()

    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "admin").symlink_to(theirs / "admin", target_is_directory=True)
    status, _, err = run_oit(capsys, "editor", "--content", demo, "--out", linked)
    assert status == 2 and "symbolic link" in err, err
    assert (theirs / "admin" / "index.html").read_text(encoding="utf-8") == "their admin page"


def test_editor_out_refusal_is_thai_by_default(demo, capsys):
    status, _, err = run_oit(capsys, "editor", "--content", demo, "--out", demo, "--lang", "th")
    assert status == 2 and "ซ้อนทับกับโฟลเดอร์เนื้อหา" in err, err


def test_a_second_editor_refuses_and_the_first_keeps_working(demo):
    """A second `oit editor --serve` rewrote the first one's admin page under it."""
    with local_editor(demo) as first:
        config = urllib.request.urlopen(first + "config.yml", timeout=30).read()
        api = backend_url(first)
        with pytest.raises(ConfigError, match="already running"):
            with local_editor(demo):
                pass
        assert urllib.request.urlopen(first + "config.yml", timeout=30).read() == config
        own = {"Origin": first.split("/admin/")[0], "Content-Type": "application/json"}
        assert request(api, own, json.dumps({"action": "info"}).encode()) == 200
    with local_editor(demo):  # once the first has stopped, a new one starts
        pass


def test_a_second_editor_is_refused_in_thai(demo, capsys):
    with local_editor(demo):
        status, _, err = run_oit(capsys, "editor", "--serve", "--content", demo, "--lang", "th")
    assert status == 2 and "เปิดอยู่แล้ว" in err and err.count("\n") == 1, err


def session_processes(session: int) -> list[str]:
    """The processes left in `session` (their command names)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if int(rest[3]) == session and rest[0] != "Z":
            found.append(name)
    return found


def test_a_killed_editor_leaves_no_process_behind(demo):
    """A killed `oit editor --serve` left decap-server running on its port (and writing the repository)."""
    with running_editor(demo) as (process, admin_url, lines):
        assert session_processes(process.pid)
        process.kill()
        process.wait()
        gone = _wait_for(lambda: not session_processes(process.pid), 60)
        assert gone, session_processes(process.pid)
