"""The demo site in a real browser (Debian's Chromium driven by Playwright): Thai search,
accessibility (axe-core), keyboard use. The site is built once and served on 127.0.0.1; every
request that leaves the local server fails the test (the site must work offline)."""
from __future__ import annotations


import pytest
import yaml

from browserkit import axe_source, describe, run_axe, search, site_path, type_text
from conftest import DEMO

pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    outside = []

    def only_local(route):
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    yield tab
    context.close()
    assert outside == [], f"the site fetched from outside the local server: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def evidence_titles(year: int, code: str) -> list[str]:
    text = (DEMO / str(year) / code / "index.md").read_text(encoding="utf-8")
    return [e["title"] for e in yaml.safe_load(text.split("---")[1])["evidence"]]


# --- search ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("จัดซื้อจัดจ้าง", ["/2566/O19/", "/2566/O20/", "/2566/O21/", "/2566/O22/"]),  # procurement
    ("ร้องเรียน", ["/2566/O27/", "/2566/O28/", "/2566/O29/"]),  # complaints
    ("จัดจ้าง", ["/2566/O19/", "/2566/O20/", "/2566/O21/", "/2566/O22/"]),  # inside the compound จัดซื้อจัดจ้าง
    ("สถิติเรื่องร้องเรียน", ["/2566/O29/"]),  # several words typed without spaces
    ("Facebook", ["/2566/O7/", "/2566/O9/"]),  # English words on Thai pages
    ("Privacy", ["/2566/O10/"]),  # written "(Privacy Policy)": punctuation separates words
], ids=["procurement", "complaints", "in-compound", "phrase", "english", "english-in-brackets"])
def test_search_finds_words_in_thai_pages(page, site_url, query, expected):
    found = search(page, site_url, query)
    assert set(expected) <= set(found), f"{query!r} found {found}"


def test_search_does_not_match_everything(page, site_url):
    found = search(page, site_url, "ร้องเรียน")
    # complaint items are about four per year, three demo years: far from the site's 116 pages
    assert "/2566/O1/" not in found and "/2566/O19/" not in found and len(found) <= 18, found
    assert search(page, site_url, "ฉลามวาฬ") == []  # whale shark: on no page


# --- accessibility --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def axe_js():
    return axe_source()


@pytest.mark.parametrize("path", ["", "2566/", "2566/O21/"], ids=["home", "year", "item"])
def test_axe_finds_no_serious_or_critical_violations(page, site_url, axe_js, path):
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.lang") == "th"
    violations = run_axe(page, axe_js)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], describe(serious)


def test_axe_on_open_search_results(page, site_url, axe_js):
    assert search(page, site_url, "ร้องเรียน")
    serious = [v for v in run_axe(page, axe_js) if v["impact"] in ("serious", "critical")]
    assert serious == [], describe(serious)


@pytest.mark.parametrize("code", ["O19", "O20", "O21", "O29"])
def test_every_evidence_link_names_its_document(page, site_url, code):
    page.goto(f"{site_url}2566/{code}/")
    table = page.locator("table.oit-evidence")
    titles = evidence_titles(2566, code)
    assert table.get_by_role("link").count() == len(titles)
    for title in titles:  # the link's accessible name is the document's title
        assert table.get_by_role("link", name=title, exact=True).count() == 1, title


def test_keyboard_reaches_search_and_every_item_link(page, site_url):
    page.goto(site_url + "2566/")
    items = {f"O{n}/" for n in range(1, 44)}
    reached, search_reached = set(), False
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            return [e.tagName, e.className || '', e.getAttribute('href') || ''] }""")
        search_reached |= focused[0] == "INPUT" and "md-search__input" in focused[1]
        reached.add(focused[2])
        if search_reached and items <= reached:
            break
    assert search_reached, "Tab never reached the search box"
    assert items - reached == set(), f"Tab never reached {sorted(items - reached)}"


def test_keyboard_only_search(page, site_url):
    page.goto(site_url + "2566/")
    for _ in range(30):  # Tab to the search box, type, arrow down to the first result, Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('พิมพ์')")
    type_text(page, "ร้องเรียน")
    first = page.locator("li.md-search-result__item > a.md-search-result__link").first
    first.wait_for()
    target = site_path(first.evaluate("a => a.href"), site_url)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert site_path(page.url, site_url) == target
    assert "ร้องเรียน" in page.locator("article").inner_text()
