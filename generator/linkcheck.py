"""Link checking of a built site.

Two independent checks:
- `internal_links`: the generator proves every href/src of every page itself (file exists,
  anchor id exists), knowing which content line produced each link. It reads pages only:
  evidence files are checked with a stat, never read.
- `run_linkchecker`: LinkChecker crawls the same site from its home page as a second, outside
  opinion (pages, anchors, assets). Evidence files are excluded from its crawl: they are
  proved by the internal check, and reading thousands of PDFs is what makes it slow.
"""
from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from .i18n import _
from .localserver import serve_directory


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site path of the HTML page, e.g. "2566/O1/index.html"
    link: str  # as written in the page
    target: str  # site path it resolves to (with "#anchor" for anchor problems)
    reason: str  # "missing" | "anchor" | what LinkChecker said
    html_line: int | None = None


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append((value, self.getpos()[0]))
            elif name in ("id", "name"):
                self.ids.add(value)


def parse_page(path: Path):
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.links, parser.ids


OUTSIDE_SITE = "(outside the site)"  # the target of a link that leaves the site's base path


def resolve(page: str, link: str, base_path: str = "/") -> tuple[str, str] | None:
    """(site path of the target file, anchor) for a link on `page`; None for other schemes.

    Resolved as a browser does on the published site (under `base_path`), so a root-relative
    link ('/oit/assets/x.css') is found, and one that leaves the base path gets OUTSIDE_SITE.
    """
    parts = urlsplit(link)
    if parts.scheme or link.startswith("//"):
        return None
    url_path = unquote(urlsplit(urljoin(base_path + page, parts.path)).path) if parts.path else base_path + page
    if not url_path.startswith(base_path):
        return OUTSIDE_SITE, unquote(parts.fragment)
    path = url_path[len(base_path):]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, unquote(parts.fragment)


def internal_links(site: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every link of every page into the site (published under `base_path`) that points to no
    file, to a missing anchor, or outside the site."""
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    ids_cache: dict = {}
    broken = []
    for page, path in sorted(pages.items()):
        links, ids_cache[page] = parse_page(path)
        for link, line in links:
            resolved = resolve(page, link, base_path)
            if resolved is None:
                continue
            target, anchor = resolved
            if target == OUTSIDE_SITE:
                broken.append(BrokenLink(page, link, target, _("outside the site's address {base}").format(base=base_path), line))
                continue
            file = site / target
            if not file.is_file():
                if (site / target / "index.html").is_file():
                    continue
                broken.append(BrokenLink(page, link, target, "missing", line))
            elif anchor and target.endswith(".html"):
                if target not in ids_cache:
                    ids_cache[target] = parse_page(file)[1]
                if anchor not in ids_cache[target]:
                    broken.append(BrokenLink(page, link, f"{target}#{anchor}", "anchor", line))
    return broken


LINKCHECKER_RC = """[checking]
threads=4
maxrequestspersecond=1000
[filtering]
checkextern=0
ignorewarnings=http-empty-content,file-missing-slash,url-content-size-zero
[AnchorCheck]
"""


ENTRY_PAGE = "/.oit-linkcheck.html"  # served from memory, never part of the site


def run_linkchecker(site: Path, skip: list[str], pages: list[str] | None = None,
                    base_path: str = "/") -> list[BrokenLink]:
    """LinkChecker over the built site, served on loopback under `base_path` as on its host.

    Without `pages` it crawls the whole site from the home page. With `pages` (site paths of
    HTML pages) it reads just those pages and checks every link on them, including anchors:
    `oit check` gives it the pages that carry links the agency wrote, and proves the generated
    links of all other pages itself (`internal_links`).
    `skip` are regexes (on site paths) of URLs it checks by syntax only, not by fetching.
    Served over HTTP rather than file:// because LinkChecker running as root drops privileges
    to 'nobody', who may not read a private temporary directory.
    """
    extra = None
    if pages is not None:
        links = "".join(f'<a href="{quote(p)}">{p}</a>\n' for p in pages)
        extra = {base_path + ENTRY_PAGE[1:]: f"<!doctype html><title>pages to check</title>{links}".encode()}
    with tempfile.TemporaryDirectory(prefix="oit-linkchecker-") as home:
        with serve_directory(site, extra=extra, base_path=base_path) as host:
            base = host + quote(base_path[1:])
            rc = Path(home) / "linkcheckerrc"
            rc.write_text(LINKCHECKER_RC, encoding="utf-8")
            command = [sys.executable, "-m", "linkcheck", "--no-status", "-f", str(rc), "-o", "csv",
                       "--no-robots", "-r", "-1" if pages is None else "2"]
            for pattern in skip:
                command += ["--ignore-url", "^" + re.escape(base) + pattern.lstrip("^")]
            command.append(base if pages is None else base + ENTRY_PAGE[1:])
            os.chmod(home, 0o755)
            result = subprocess.run(command, capture_output=True, text=True, cwd=home,
                                    env={**os.environ, "LANG": "C.UTF-8", "HOME": home})
            if result.returncode not in (0, 1):
                raise RuntimeError(_("LinkChecker failed ({code}): {error}").format(code=result.returncode,
                                                                                    error=result.stderr.strip()[-500:]))
            return _parse_csv(result.stdout, base)


def _parse_csv(output: str, base: str) -> list[BrokenLink]:
    lines = [line for line in output.splitlines() if line and not line.startswith("#")]
    broken = []
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        valid = row.get("valid") == "True"
        warning = row.get("warningstring") or ""
        if valid and "Anchor" not in warning:
            continue
        page = _site_path(row.get("parentname", ""), base)
        url = _site_path(row.get("url", ""), base)
        reason = (row.get("result") or "") if not valid else warning.strip()
        line = int(row["line"]) if (row.get("line") or "").isdigit() else None
        broken.append(BrokenLink(page, row.get("urlname", ""), url, f"LinkChecker: {reason}", line))
    return broken


def _site_path(url: str, base: str) -> str:
    """'http://127.0.0.1:N/2566/O1/' → '2566/O1/index.html' (fragment kept after '#')."""
    path, _, fragment = unquote(url.removeprefix(base)).partition("#")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return f"{path}#{fragment}" if fragment else path
