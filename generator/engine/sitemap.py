"""sitemap.xml (and .gz) of every page of the site, and the robots.txt that announces it."""
from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

from .. import urls
from .paths import page_url


def write_sitemap(site_dir: Path, base_url: str, pages: Iterable[str]) -> None:
    """Written here, not by MkDocs: a partial build's own would list only the pages it built."""
    from ..report import xml_text  # a base_url may hold '&'
    entries = "".join(f"    <url>\n         <loc>{xml_text(urls.absolute(base_url, page_url(p)))}</loc>\n    </url>\n"
                      for p in sorted(pages))
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n").encode()
    (site_dir / "sitemap.xml").write_bytes(xml)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
    (site_dir / "robots.txt").write_bytes(robots_txt(base_url))


def robots_txt(base_url: str) -> bytes:
    """Every page may be indexed; the sitemap says where they are (crawlers read robots.txt at
    the host's root: a site published under a sub-path is announced by the host's own file)."""
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(base_url, 'sitemap.xml')}\n".encode()
