"""The agency's face in a real browser (Debian's Chromium via Playwright, like test_browser.py):
axe-core on the pages the face added (site map, accessibility
statement, 404). Run with the browser tests, not the quick suite."""
from __future__ import annotations


import pytest

from browserkit import axe_source, run_axe

pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")


def open_page(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH")
    tab = context.new_page()
    tab.goto(url)
    return context, tab


@pytest.mark.parametrize("path", ["sitemap/", "accessibility/", "404.html"])
def test_the_face_pages_have_no_accessibility_violation(browser, site_url, path):
    context, tab = open_page(browser, site_url + path, 1280, 900)
    try:
        violations = run_axe(tab, axe_source())
        assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert tab.locator("footer .oit-footer").count() == 1
    finally:
        context.close()
