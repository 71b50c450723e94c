"""Helpers for the real-browser tests: a loopback HTTP server for a built site, Debian's Chromium
driven by Playwright, axe-core, and Material's search box used as a person would."""
from __future__ import annotations

import functools
import http.server
import importlib.resources
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

# Debian's Chromium (packages chromium, chromium-driver; `make browser` installs them). Playwright's
# own browser download is never used: `playwright install` cannot reach its servers here.
CHROMIUM = os.environ.get("OIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Material's Thai texts in the search box (partials/languages/th.html)
SEARCH_INITIALIZING = "กำลังเริ่มต้นการค้นหา"
SEARCH_PLACEHOLDER = "พิมพ์เพื่อเริ่มค้นหา"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json", ".woff2": "font/woff2"}

    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path):
    """Serve `site` on 127.0.0.1 (a free port); yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def axe_source() -> str:
    """axe-core's axe.min.js as shipped inside the axe-playwright-python wheel (no CDN, no npm)."""
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page, axe_js: str) -> list[dict]:
    """axe-core's violations on the loaded page (all rules axe runs by default)."""
    page.evaluate(axe_js)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {', '.join(map(str, n['target']))}: {n['html'][:150]}" for n in v["nodes"][:5]]
    return "\n".join(lines)


def site_path(url: str, base: str) -> str:
    """'/2566/O21/' for 'http://127.0.0.1:port/2566/O21/?h=...#anchor'."""
    path = urlsplit(url).path
    return path if url.startswith(base) else url


def type_text(page, text: str) -> None:
    """Type like a person. Playwright enters characters that a US keyboard lacks (all of Thai)
    without key events, but Material reads the search box on `keyup`, which a Thai keyboard
    sends for every key: End sends one after the text, changing nothing."""
    page.keyboard.type(text, delay=15)
    page.keyboard.press("End")


def search(page, base: str, query: str, start: str = "2566/", timeout: float = 15.0) -> list[str]:
    """Type `query` into the site's search box like a person; returns the result pages in order.

    Waits until the search worker is ready, types key by key, then scrolls the result list until every result is rendered and nothing changes.
    """
    page.goto(base + start)
    meta = page.locator(".md-search-result__meta")
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent.trim() === t",
                           arg=SEARCH_PLACEHOLDER, timeout=timeout * 1000)
    type_text(page, query)
    deadline = time.monotonic() + timeout
    last, stable = None, 0
    while time.monotonic() < deadline:
        page.locator(".md-search__scrollwrap").evaluate("e => { e.scrollTop = e.scrollHeight }")
        state = page.evaluate("""() => [
            document.querySelector('.md-search-result__meta').textContent.trim(),
            [...document.querySelectorAll('li.md-search-result__item > a.md-search-result__link')].map(a => a.href)]""")
        settled = state[0] not in (SEARCH_INITIALIZING, SEARCH_PLACEHOLDER) and box.input_value() == query
        stable = stable + 1 if settled and state == last else 0
        if stable >= 2:
            break
        last = state
        page.wait_for_timeout(150)
    else:
        raise AssertionError(f"search for {query!r} did not settle; result box says {meta.text_content()!r}")
    pages = []
    for url in last[1]:
        path = site_path(url, base)
        if path not in pages:
            pages.append(path)
    return pages
