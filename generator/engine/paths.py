"""Where the engine publishes a page: every Markdown page is a folder's index.md (urls.page_source),
served as that folder's URL (directory URLs). The one place that maps Markdown paths to the site."""
from __future__ import annotations

PAGE_FILE = "index.md"


def page_url(md_path: str) -> str:
    """The URL path of a page: '2566/O1/index.md' → '2566/O1/', 'index.md' → '', 'a.md' → 'a/'."""
    folder, _, name = md_path.rpartition("/")
    if name == PAGE_FILE:
        return f"{folder}/" if folder else ""
    return md_path[: -len(".md")] + "/"


def page_html(md_path: str) -> str:
    """The file the engine writes for a page: '2566/O1/index.md' → '2566/O1/index.html'."""
    return page_url(md_path) + "index.html"


def md_link_to_html(link: str) -> str:
    """How the engine rewrites a Markdown link to a page: 'x/index.md#a' → 'x/#a', 'a.md' → 'a/';
    any other link is left as written."""
    path, hash_, fragment = link.partition("#")
    if path.endswith(".md"):
        path = page_url(path)
    return path + hash_ + fragment
