"""Blocks of HTML the renderer wrote whole (criteria, evidence tables, findings), between the
markup.RAW_OPEN and RAW_CLOSE lines.

They are not parsed again, tag by tag, by Python-Markdown's raw-HTML reader and by the search
plugin's indexer: together that was half of the engine's time per item page. Until the page is
written out, a block stands as a light copy (its text, with only the tags the search index
keeps), which the search plugin indexes to the same entry; the plugin's last step puts it back
whole (OitPlugin.on_post_page).
"""
from __future__ import annotations

import hashlib
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .markup import RAW_CLOSE, RAW_OPEN

# a light copy holds no div (see light_copy): a look-alike the author left open cannot take in the next one
LIGHT = re.compile(r'<div data-oit-block="([0-9a-f]{40})">(?:(?!<div\b).)*?</div>', re.S)
_TAG = re.compile(r"(<[^>]*>)")
# the tags Material's search indexer keeps in an entry's text (material/plugins/search/plugin.py)
_INDEXED_TAG = re.compile(r"<(/?)(p|code|pre|li|ol|ul|sub|sup)\b[^>]*>")


def light_copy(block: str, blocks: dict[str, str]) -> str:
    """A stand-in for `block` that Material's indexer reads to the same text, with few tags;
    `blocks` learns which block it stands for.

    Text between tags is kept as the indexer would see it: a whitespace-only run is one space
    (none after another space), line breaks inside text are spaces; tags it does not keep go.
    Spaces at either end are dropped: the line breaks around the block stand for them.
    """
    key = hashlib.sha1(block.encode("utf-8")).hexdigest()
    blocks[key] = block
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


def put_back(html: str, blocks: dict[str, str]) -> str:
    """Every light copy replaced by the block it stands for (an unknown one is an author's own div)."""
    return LIGHT.sub(lambda m: blocks.get(m.group(1), m.group(0)), html)


class GeneratedHtml(Extension):
    """Python-Markdown extension: a generated block becomes one stashed light copy."""

    def __init__(self, blocks: dict[str, str]):
        super().__init__()
        self.blocks = blocks

    def extendMarkdown(self, md):
        # after whitespace normalisation (30), before the raw-HTML reader (20)
        md.preprocessors.register(_StashGeneratedHtml(md, self.blocks), "oit_generated_html", 25)


class _StashGeneratedHtml(Preprocessor):
    """Lines between RAW_OPEN and RAW_CLOSE become one stashed block, emitted verbatim."""

    def __init__(self, md, blocks: dict[str, str]):
        super().__init__(md)
        self.blocks = blocks

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
                out += ["", self.md.htmlStash.store(light_copy("\n".join(block), self.blocks)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # never closed: leave it to the ordinary reader
            out += [RAW_OPEN, *block]
        return out
