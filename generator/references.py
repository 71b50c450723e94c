"""What an item points at: one resolved list per item, made once when its content meets its catalog.

Evidence files and URLs, the files and URLs of its structured fields (O2 photos, channel
addresses) and the links and images of its Markdown text, each with the line it is written on,
the file it names (resolved inside the item folder) or the web address, and where the site
publishes it. Validation, the PDPA guard (guard.py), the build and `oit check` (the link check and
the external probe) all read this list; none of them reads the front matter or the body for links
again.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from . import urls
from .itempaths import item_site_path, resolve_item_file
from .model import ContentItem
from .texts import is_text
from .fields import is_record, kind_of, record_label

# kinds of reference
EVIDENCE_FILE, EVIDENCE_URL = "evidence-file", "evidence-url"
FIELD_FILE, FIELD_URL = "field-file", "field-url"
BODY_FILE, BODY_PAGE, BODY_URL = "body-file", "body-page", "body-url"  # a file of the folder, a page, the web
BODY_ROOT = "body-root"  # a root path ('/oit/2566/O1/'): resolved against the site's base path
FILES = (EVIDENCE_FILE, FIELD_FILE, BODY_FILE)
WEB = (EVIDENCE_URL, FIELD_URL, BODY_URL)
SITE_BODY = (BODY_FILE, BODY_PAGE, BODY_ROOT)  # links of the text into this site (proved on the built pages too)


@dataclass(frozen=True)
class Reference:
    kind: str
    name: str  # as written: a file name, a web address, a link target
    line: int | None  # in the item's index.md
    label: str = ""  # how findings name it: "'title' (file.pdf)", "'photo.jpg'", "executives[1].photo"
    path: Path | None = None  # the file of the item folder it names, when it resolves to one
    site_path: str | None = None  # where that file is published, or the page a body link leads to
    problem: tuple[str, str] | None = None  # (rule, advice) when a named file cannot be published
    image: bool = False  # a body image (![alt](x.png))

    @property
    def url(self) -> str | None:
        """The external web address, for kinds in WEB."""
        return self.name if self.kind in WEB else None


class MarkdownLink(NamedTuple):
    target: str  # as written between the parentheses
    offset: int  # lines after the first line of the body
    image: bool


# [text](target) and ![alt](target), with an optional <target> and "title". Possessive (++, *+):
# on text such as '[a](' repeated, backtracking made every match attempt scan the rest of the
# body (quadratic: 4 s per call on 16 KB).
MARKDOWN_LINK = re.compile(r"(!?)\[[^\]]*+\]\(\s*+<?([^)\s>]++)>?(?:\s+\"[^\"]*+\")?\s*+\)")
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)


def markdown_links(body: str) -> Iterator[MarkdownLink]:
    """Every link and image of a Markdown body, with its line offset (counted on from the previous
    link: linear in the body)."""
    if "](" not in body:
        return
    line, counted = 0, 0
    for match in MARKDOWN_LINK.finditer(body):
        line += body.count("\n", counted, match.start())
        counted = match.start()
        yield MarkdownLink(match.group(2), line, bool(match.group(1)))


def is_relative(target: str) -> bool:
    """A link to the site itself, relative to the page: no scheme, not an anchor or a root path
    (those are proved by the link check on the built pages)."""
    return not (SCHEME.match(target) or target.startswith(("#", "/")))


def item_references(item, content: ContentItem, year: int, content_root: Path) -> list[Reference]:
    """Everything `content` (an item of catalog item `item`) points at, in the order written:
    evidence, then structured fields, then the body."""
    if not content.loaded:
        return []
    return [*_evidence(content), *_fields(item, content, year, content_root), *_body(content, year, content_root)]


def _evidence(content: ContentItem) -> Iterator[Reference]:
    """Resolved when the content was loaded (content._load_evidence reports what cannot be)."""
    for ev in content.evidence:
        if ev.url:
            yield Reference(EVIDENCE_URL, ev.url, ev.ref_line, f"'{ev.title}'")
        elif ev.file is not None:
            label = f"'{ev.title}' ({ev.file})" if ev.title else f"'{ev.file}'"
            yield Reference(EVIDENCE_FILE, ev.file, ev.ref_line, label, ev.path, ev.site_path)


def _fields(item, content: ContentItem, year: int, content_root: Path) -> Iterator[Reference]:
    """Files and web addresses of the structured fields the catalog declares; what a field must
    hold is checked by validate.check_field."""
    meta = content.meta
    for spec in item.fields:
        value = meta.get(spec.name)
        kind = kind_of(spec)
        if kind.is_url and isinstance(value, str):
            yield Reference(FIELD_URL, value, meta.line_of(spec.name), spec.name)
        for number, record in enumerate(kind.records(value), 1):
            if not is_record(record):
                continue
            label = record_label(spec, number)
            for key in spec.files:
                name = record.get(key)
                if is_text(name) and name != "":
                    yield _file(FIELD_FILE, str(name), record.line_of(key), f"{label}.{key}", content, year,
                                content_root)
            for key in spec.urls:
                if record.get(key):
                    yield Reference(FIELD_URL, str(record[key]), record.line_of(key), f"{label}.{key}")


def _body(content: ContentItem, year: int, content_root: Path) -> Iterator[Reference]:
    for link in markdown_links(content.body):
        line = content.body_line + link.offset
        if re.match(r"https?://", link.target, re.I):
            yield Reference(BODY_URL, link.target, line, f"'{link.target}'", image=link.image)
        elif link.target.startswith("/") and not link.target.startswith("//"):
            yield Reference(BODY_ROOT, link.target, line, f"'{link.target}'", image=link.image)
        elif not is_relative(link.target):
            continue  # mailto:, an anchor, a root path: proved on the built page
        elif _is_page(link.target):
            yield Reference(BODY_PAGE, link.target, line, f"'{link.target}'",
                            site_path=_page_source(link.target, year, content.code), image=link.image)
        elif link.target.split("#")[0]:
            name = unquote(link.target.split("#")[0])
            yield _file(BODY_FILE, name, line, f"'{name}'", content, year, content_root, link.image)


def _is_page(target: str) -> bool:
    path = target.split("#")[0].split("?")[0]
    return unquote(path).endswith((".md", "/"))


def root_page_source(target: str, base_path: str) -> str | None:
    """The Markdown page a root path leads to on the site published under `base_path` ('/oit/'):
    '/oit/2566/O5/' → '2566/O5/index.md'; '..' when it leaves the base path; None for a file or an
    asset (the link check proves those on the built site)."""
    path = unquote(target.split("#")[0].split("?")[0])
    if not (path + "/").startswith(base_path):
        return ".."
    rest = path[len(base_path):]
    if rest == "" or rest.endswith("/"):
        return urls.page_source(rest)
    if rest.endswith("/index.html"):
        return urls.page_source(rest.removesuffix("index.html"))
    return rest if rest.endswith(".md") else None


def _page_source(target: str, year: int, code: str) -> str:
    """The Markdown page a body link leads to, relative to the site root ('2566/O5/index.md');
    it starts with '..' when the link leads out of the site."""
    path = unquote(target.split("#")[0].split("?")[0])
    page = posixpath.normpath(posixpath.join(urls.item_page(year, code), path))
    page = urls.page_source(page + "/") if path.endswith("/") else page
    return page.removeprefix("./")


def _file(kind: str, name: str, line: int | None, label: str, content: ContentItem, year: int,
          content_root: Path, image: bool = False) -> Reference:
    path, rule, message = resolve_item_file(content.folder, name, content_root)
    if path is None:
        assert rule is not None and message is not None  # resolve_item_file names every refusal
        return Reference(kind, name, line, label, problem=(rule, message), image=image)
    return Reference(kind, name, line, label, path, item_site_path(year, content.code, name), image=image)
