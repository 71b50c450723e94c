"""MkDocs hooks (part of the engine door, see engine.py).

- Pages built elsewhere stay link targets (on_files).
- Compiled theme templates are kept on disk, so each build does not compile Material's 42
  Jinja templates again (~0.3 s a process).
- Blocks of HTML that generator/render.py wrote whole (criteria, evidence tables, findings)
  are not parsed again, tag by tag, by Python-Markdown's raw-HTML reader and by the search
  plugin's indexer: together that was half of the engine's time per item page. Until the page
  is written out, a block stands as a light copy (its text, with only the tags the search index
  keeps), which the search plugin indexes to the same entry; the last step puts it back whole.
- The HTML an item's Markdown text becomes is sanitised with an allow-list (nh3), and the site
  name and URL are text in the theme's pages (on_config, on_page_context).
"""
from __future__ import annotations

import hashlib
import os
import re

import jinja2
import nh3
from markupsafe import Markup, escape
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from generator.render import BODY_OPEN, RAW_CLOSE, RAW_OPEN

CACHE_ENV = "OIT_JINJA_CACHE"  # set by engine.build_html; unset: no cache
LINK_ONLY_ENV = "OIT_LINK_ONLY_PAGES"  # set by engine.build_html: pages of the site not built in this run


def on_env(env, config, files):
    directory = os.environ.get(CACHE_ENV)
    if directory:
        os.makedirs(directory, exist_ok=True)
        # keyed by template name and source checksum: an edited or upgraded template recompiles
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(directory)
    return env


def on_files(files, config):
    """Pages another engine process (or an earlier build) renders are still link targets: as
    excluded files they are not built, but a link to `../O11/index.md` becomes `../O11/`."""
    for path in filter(None, os.environ.get(LINK_ONLY_ENV, "").split("\n")):
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content="", inclusion=InclusionLevel.EXCLUDED))
    return files


def on_config(config):
    config.markdown_extensions.append(GeneratedHtml())
    # The theme writes the site name as HTML, unescaped in most places and with `| e` in a few:
    # escaped once, as Markup, it is text in both.
    config.site_name = escape(config.site_name)
    return config


def on_page_context(context, page, config, nav):
    """The theme writes the canonical URL (site_url + page) into an attribute unescaped."""
    if page.canonical_url and not isinstance(page.canonical_url, Markup):
        page.canonical_url = escape(page.canonical_url)
    return context


_BLOCKS: dict[str, str] = {}  # light copy's key → the generated block, for this build
# a light copy holds no div (see _light_copy): a look-alike the author left open cannot take in the next one
_LIGHT = re.compile(r'<div data-oit-block="([0-9a-f]{40})">(?:(?!<div\b).)*?</div>', re.S)
_TAG = re.compile(r"(<[^>]*>)")
# the tags Material's search indexer keeps in an entry's text (material/plugins/search/plugin.py)
_INDEXED_TAG = re.compile(r"<(/?)(p|code|pre|li|ol|ul|sub|sup)\b[^>]*>")


def _light_copy(block: str) -> str:
    """A stand-in for `block` that Material's indexer reads to the same text, with few tags.

    Text between tags is kept as the indexer would see it: a whitespace-only run is one space
    (none after another space), line breaks inside text are spaces; tags it does not keep go.
    Spaces at either end are dropped: the line breaks around the block stand for them.
    """
    key = hashlib.sha1(block.encode("utf-8")).hexdigest()
    _BLOCKS[key] = block
    out = []
    for part in _TAG.split(block):
        if part.startswith("<"):
            kept = _INDEXED_TAG.fullmatch(part)
            if kept:
                out.append(f"<{kept[1]}{kept[2]}>")
        elif part.isspace():
            if not (out and out[-1].isspace()):
                out.append(" ")
        elif part:
            out.append(part.replace("\n", " "))
    return f'<div data-oit-block="{key}">{"".join(out).strip(" ")}</div>'


@event_priority(100)  # first: other plugins' page hooks must see the page as published
def on_post_page(output, page, config):
    output = _LIGHT.sub(lambda m: _BLOCKS.get(m.group(1), m.group(0)), output)  # unknown: an author's own div
    return valid_theme_markup(output)


def on_post_template(output, template_name, config):
    """Theme pages that are not Markdown pages (404.html) get the same markup fixes."""
    return valid_theme_markup(output) if template_name.endswith(".html") else output


# Material's own markup that the W3C Nu checker rejects on every page: `autocomplete` on its
# hidden toggle checkboxes (only text-like inputs take it), and the table of contents' title
# `<label for="__toc">` on pages outside the nav, where the theme writes no `__toc` input.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_theme_markup(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html


def on_post_build(config):
    _BLOCKS.clear()


def _image_source(src: str) -> str | None:
    """An image from the site itself or over https; not `http:` or a scheme-relative `//host/`."""
    lowered = src.strip().lower()
    local = not (lowered.startswith("//") or ":" in lowered.split("/")[0])
    return src if local or lowered.startswith("https://") else None


# What an item's text may publish: formatting, tables, lists, headings, links to web, mail,
# phone and relative addresses, images. No script, style, form, frame or event attribute.
_BODY_CLEANER = nh3.Cleaner(
    tags=(nh3.ALLOWED_TAGS | {"tfoot"}) - {"area", "map"},
    clean_content_tags={"script", "style", "iframe", "noscript", "template", "object", "embed",
                        "textarea", "select", "svg", "math"},
    attributes={**nh3.ALLOWED_ATTRIBUTES, "*": {"id", "class", "title", "lang", "dir"},
                "a": {"href", "hreflang"}, "img": {"src", "alt", "width", "height"},
                "details": {"open"}, "ol": {"start", "type"}, "li": {"value"},
                "th": nh3.ALLOWED_ATTRIBUTES["th"] | {"style"}, "td": nh3.ALLOWED_ATTRIBUTES["td"] | {"style"}},
    filter_style_properties={"text-align"},  # how the tables extension aligns a column
    url_schemes={"http", "https", "mailto", "tel"},
    attribute_filter=lambda tag, name, value: _image_source(value) if (tag, name) == ("img", "src") else value,
    link_rel=None,
)


def on_page_content(html, page, config, files):
    """Sanitise the item's own text: everything from the marker before it to the end of the page
    content, since Markdown may move some of it further down (footnotes go last). The blocks the
    generator wrote, standing there as light copies, are not the text's and are left alone."""
    start = html.find(BODY_OPEN)
    if start < 0:
        return html
    out, done = [html[:start]], start
    for light in _LIGHT.finditer(html, start):
        if light.group(1) in _BLOCKS:  # replaced whole by the generated block (on_post_page)
            out += [_BODY_CLEANER.clean(html[done:light.start()]), light.group(0)]
            done = light.end()
    return "".join(out + [_BODY_CLEANER.clean(html[done:])])


class GeneratedHtml(Extension):
    def extendMarkdown(self, md):
        # after whitespace normalisation (30), before the raw-HTML reader (20)
        md.preprocessors.register(_StashGeneratedHtml(md), "oit_generated_html", 25)


class _StashGeneratedHtml(Preprocessor):
    """Lines between RAW_OPEN and RAW_CLOSE become one stashed block, emitted verbatim."""

    def run(self, lines: list) -> list:
        out: list[str] = []
        block: list[str] | None = None  # the lines of an open raw block
        for line in lines:
            if block is None:
                if line == RAW_OPEN:
                    block = []
                else:
                    out.append(line)
            elif line == RAW_CLOSE:
                out += ["", self.md.htmlStash.store(_light_copy("\n".join(block))), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # never closed: leave it to the ordinary reader
            out += [RAW_OPEN, *block]
        return out
