"""The allow-list (nh3) for the HTML an item's Markdown text becomes."""
from __future__ import annotations

import nh3

from .blocks import LIGHT
from .markup import BODY_OPEN


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


def sanitise_body(html: str, blocks: dict[str, str]) -> str:
    """Sanitise the item's own text: everything from the marker before it to the end of the page
    content, since Markdown may move some of it further down (footnotes go last). The blocks the
    generator wrote, standing there as light copies (`blocks`), are not the text's and are left alone."""
    start = html.find(BODY_OPEN)
    if start < 0:
        return html
    out, done = [html[:start]], start
    for light in LIGHT.finditer(html, start):
        if light.group(1) in blocks:  # replaced whole by the generated block (blocks.put_back)
            out += [_BODY_CLEANER.clean(html[done:light.start()]), light.group(0)]
            done = light.end()
    return "".join(out + [_BODY_CLEANER.clean(html[done:])])
