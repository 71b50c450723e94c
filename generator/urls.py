"""Where things live on the published site. One place, so URLs stay stable (assessors re-open them)."""
from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit


def home_page() -> str:
    return ""


def year_page(year: int) -> str:
    return f"{year}/"


def item_page(year: int, code: str) -> str:
    return f"{year}/{code}/"


def page_source(site_path: str) -> str:
    """The Markdown page the renderer writes for a page of the site: '2566/O1/' → '2566/O1/index.md'
    (the engine publishes a folder's index.md at the folder's URL: engine.page_url is the inverse)."""
    return site_path + "index.md"


def absolute(base_url: str, site_path: str) -> str:
    """`base_url` ends with '/'; `site_path` is relative to the site root (unquoted)."""
    return base_url + quote(site_path)


def relative_link(from_page: str, site_path: str) -> str:
    """A relative, percent-encoded link from a page directory (e.g. '2566/O1/') to a site path."""
    depth = from_page.count("/")
    return "../" * depth + quote(site_path)


def base_path_of(base_url: str) -> str:
    """'https://example.go.th/oit/' → '/oit/': where the site is published on its host."""
    return unquote(urlsplit(base_url).path).rstrip("/") + "/"
