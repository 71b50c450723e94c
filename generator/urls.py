"""Where things live on the published site. One place, so URLs stay stable (assessors re-open them)."""
from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

# What a web address never holds as written (RFC 3986) and what would end a (double-quoted) HTML
# attribute or script string the address is written into: '"', angle brackets, spaces, control
# characters. "'" and "&" are allowed (RFC 3986 sub-delimiters): the theme quotes attributes with '"'.
UNSAFE_IN_URL = re.compile(r"[\s\"<>\\`{}|^\x00-\x1f\x7f]")


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


def unsafe_in_url(url: str) -> str:
    """The characters of `url` a web address may not hold as written ('' when none)."""
    return "".join(dict.fromkeys(UNSAFE_IN_URL.findall(url)))


def attribute_safe(url: str) -> str:
    """`url` percent-encoded wherever it is not plain ASCII of a web address: safe to write into an
    HTML attribute or a script string unescaped, as the engine's theme does with the site's address."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")
