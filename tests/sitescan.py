"""Reading a built site as a browser would: every page, every href/src, resolved to files."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        if tag == "link" and ("rel", "canonical") in attrs:
            tag = "link:canonical"  # names the page's public address; loads nothing
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


WORD_SPAN = re.compile(r'<span class="oit-w">([^<]*)</span>|<wbr>')


def words_joined(html: str) -> str:
    """A page's HTML with the Thai word spans of titles taken out (render.whole_words), so a title
    is found in it as it was written."""
    return WORD_SPAN.sub(r"\1", html)


def scan(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def pages(site: Path):
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """The file a relative link on `page` points to, or None for external/special links."""
    parts = urlsplit(link)
    if parts.scheme or link.startswith(("//", "#", "mailto:", "tel:")):
        return None
    page_url = "/" + page.relative_to(site).as_posix()
    target = unquote(urlsplit(urljoin(page_url, parts.path)).path).lstrip("/")
    path = site / target
    if target == "" or target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def external_assets(html: str) -> list:
    """Scripts, styles, fonts, images loaded from another host (links to other sites are fine)."""
    found = []
    for tag, attr, value in scan(html).links:
        external = value.startswith(("http://", "https://", "//"))
        if external and (tag in ("script", "img", "iframe", "source", "video", "audio")
                         or (tag == "link" and attr == "href")):
            found.append((tag, value))
    return found
