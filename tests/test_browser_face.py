"""The agency's face in a real browser (Debian's Chromium via Playwright, like test_browser.py):
the evidence table on a phone, axe-core on the pages the face added (site map, accessibility
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


def test_on_a_phone_the_evidence_title_column_is_the_widest_and_cells_are_apart(browser, site_url):
    context, tab = open_page(browser, site_url + "2566/O7/", 390, 844)
    try:
        cells = tab.eval_on_selector_all(
            "table.oit-evidence tbody tr:first-child td",
            "tds => tds.map(td => { const r = td.getBoundingClientRect(); const s = getComputedStyle(td);"
            " return {width: r.width, left: r.left, right: r.right, padLeft: parseFloat(s.paddingLeft),"
            " padRight: parseFloat(s.paddingRight), textRight: td.firstChild && td.firstChild.nodeType === 1 ?"
            " td.firstChild.getBoundingClientRect().right : r.right - parseFloat(s.paddingRight)}; })")
        assert len(cells) == 4
        title, others = cells[0], cells[1:]
        assert all(title["width"] > 1.3 * cell["width"] for cell in others), cells
        assert all(cell["padLeft"] >= 4 and cell["padRight"] >= 4 for cell in cells), cells
        table = tab.eval_on_selector("table.oit-evidence", "t => t.getBoundingClientRect().right")
        assert table <= 390, "the table fits the phone's width"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["sitemap/", "accessibility/", "404.html"])
def test_the_face_pages_have_no_accessibility_violation(browser, site_url, path):
    context, tab = open_page(browser, site_url + path, 1280, 900)
    try:
        violations = run_axe(tab, axe_source())
        assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert tab.locator("footer .oit-footer").count() == 1
    finally:
        context.close()
