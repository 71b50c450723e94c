"""The CI gate, the command line and content loading under hostile or unlucky input (issue 12, part d):
no false failure, no traceback, no hang."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import findings_of, run_json, run_oit
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
        started = time.monotonic()
        problem = probe_url(url, 1.0)
        elapsed = time.monotonic() - started
    assert problem is not None and problem[0] == "external-timeout"
    assert elapsed < 3.0


# --- 3. --timeout must be a finite positive number --------------------------------------------

@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "1e9", "ten"])
def test_timeout_out_of_range_is_a_usage_error(tree, capsys, value):
    status, out, err = run_oit(capsys, "check", "--external", "--timeout", value)
    assert status == 2 and len(err.strip().splitlines()) == 1 and "--timeout" in err
    assert "Traceback" not in err
