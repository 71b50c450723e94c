"""Thai search: make the built site's search find Thai words.

Thai is written without spaces between words, so the search index that MkDocs + Material write
(``search/search_index.json``, searched in the browser by lunr.js) holds whole phrases as single
tokens: "จัดซื้อจัดจ้าง" inside "สรุปผลการจัดซื้อจัดจ้างรายเดือน" is never found. `index_site` fixes
that after the engine has built the HTML, in two steps, both on the built files only (no network,
no CDN, deterministic):

1. **Index side.** Every Thai run in the index is segmented into words with PyThaiNLP's
   dictionary segmenter (``newmm``) and the words are joined with ZERO WIDTH SPACE (U+200B), which
   the index's token separator then splits on. This is what Material itself does for Chinese with
   jieba; the text shown in search results is unchanged because U+200B is invisible.
2. **Query side.** ``generator/engine/material/search/thai-query.js`` is put in front of Material's search
   worker. It learns the index's Thai words when the worker is set up and rewrites each Thai run
   of a query into required clauses over those words, so a word inside a compound ("จัดจ้าง" in
   "จัดซื้อจัดจ้าง") and a phrase typed without spaces ("การจัดซื้อ") are found too.

Measured on the demo agency (12 queries, every page whose text contains the query counted):
this finds 115 of 115 such pages; Material's own Thai support (lunr + wordcut) finds 23, and
Pagefind 1.5.2 (the newest on PyPI) 20 with its standard binary and 67 with the extended one,
which segments Thai differently from the browser's Intl.Segmenter it uses for the query
("จัดซื้อจัดจ้าง": 2 of 13 pages).

Nothing here knows how the HTML was made, only the files Material's search plugin writes; if a
site has no search index (the search plugin switched off), `index_site` does nothing.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..thai import knows_words, thai_words, word_tokenizer
from .config import THEME
from .paths import page_url

QUERY_SHIM = THEME / "search" / "thai-query.js"
INDEX = Path("search") / "search_index.json"  # Material's built-in search: one file for the whole site
WORKERS = Path("assets") / "javascripts" / "workers"
SHIM_MARK = "/* oit-site: Thai query segmentation */"
SHIM_END = "/* oit-site: end of Thai query segmentation; Material's search worker follows */"

ZWSP = "\u200b"
THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")
# A Thai run touching a non-space, non-Thai character ("(ITA)ของ", "e-GPของ"): split there too.
THAI_EDGE = re.compile(r"(?<=[^\s\u0e01-\u0e5b\u200b])(?=[\u0e01-\u0e5b])|(?<=[\u0e01-\u0e5b])(?=[^\s\u0e01-\u0e5b\u200b])")
TAG = re.compile(r"(<[^>]*>)")
# Material's default separator splits on whitespace and hyphens only, so "(Privacy" is one token
# and "Privacy" is not found. When the site keeps that default we also split on punctuation.
MATERIAL_DEFAULT_SEPARATOR = r"[\s\-]+"
SEPARATOR = r"[\s\u200b\-,:;!?()\[\]{}\"'/]+"


@dataclass
class SearchStats:
    docs: int = 0
    thai_runs: int = 0
    index_bytes: int = 0
    shim: bool = False
    entries: list | None = None  # the index's entries as written (a warm process keeps them for its next build)


def load_segmenter() -> None:
    """Load PyThaiNLP's dictionary now, e.g. while the engine renders, rather than after it."""
    word_tokenizer()


def _segmenter():
    """PyThaiNLP's newmm word segmenter (thai.thai_words: the word cache first), one Thai run at a time."""
    cache: dict[str, str] = {}

    def segment_run(match: re.Match) -> str:
        run = match.group(0)
        if run not in cache:
            cache[run] = ZWSP.join(thai_words(run))
        return cache[run]

    return segment_run


def segment_text(text: str, segment_run) -> str:
    """Thai words in `text` separated by U+200B; markup (`<...>`) is left alone."""
    parts = TAG.split(text)
    for i in range(0, len(parts), 2):  # even parts are text, odd parts are tags
        if THAI_RUN.search(parts[i]):
            parts[i] = THAI_EDGE.sub(ZWSP, THAI_RUN.sub(segment_run, parts[i]))
    return "".join(parts)


SEGMENTED_RUN = re.compile(r"[\u0e01-\u0e5b\u200b]+")  # a Thai run as an earlier build left it


def known_segmentations(docs: list) -> dict:
    """Thai run → its segmented form, from entries an earlier build segmented (they carry U+200B;
    a one-word run has none but is its own segmentation): a partial build then needs PyThaiNLP
    (~0.5 s to load) only for runs it has not seen."""
    known: dict[str, str] = {}  # run without separators → its segmentation
    for doc in docs:
        values = [v for v in (doc.get("title"), doc.get("text")) if isinstance(v, str)]
        if not any(ZWSP in v for v in values):  # not segmented yet (or nothing to segment)
            continue
        for value in values:
            for match in SEGMENTED_RUN.finditer(value):
                words = match.group(0).strip(ZWSP)
                if words:
                    known.setdefault(words.replace(ZWSP, ""), words)
    return known


def segment_index(index_path: Path, known: dict | None = None, data: dict | None = None) -> SearchStats:
    """Segment the index at `index_path` (or `data`, the index already read and merged: it is
    then written there once) and write it."""
    if data is None:
        data = json.loads(index_path.read_text(encoding="utf-8"))
    known = dict(known or {})
    if not knows_words():  # else the word cache answers the runs the index already holds segmented
        known.update(known_segmentations(data.get("docs", [])))
    segmenter: list = []  # PyThaiNLP loads its dictionary only when a run is not known

    def segment_run(match):
        if match.group(0) in known:
            return known[match.group(0)]
        if not segmenter:
            segmenter.append(_segmenter())
        return segmenter[0](match)
    stats = SearchStats(docs=len(data.get("docs", [])))
    for doc in data.get("docs", []):
        for key in ("title", "text"):
            value = doc.get(key)
            # a value with U+200B was segmented by an earlier build (partial builds merge those in)
            if isinstance(value, str) and ZWSP not in value and THAI_RUN.search(value):
                stats.thai_runs += len(THAI_RUN.findall(value))
                doc[key] = segment_text(value, segment_run)
    config = data.setdefault("config", {})
    separator = config.get("separator") or MATERIAL_DEFAULT_SEPARATOR
    if "\\u200b" not in separator:  # not done yet (a partial build merges in processed entries)
        config["separator"] = SEPARATOR if separator == MATERIAL_DEFAULT_SEPARATOR else "\\u200b+|" + separator
    # Thai is segmented here, so lunr-languages' Thai support is not needed: with "th" the worker
    # would download wordcut.js (660 KB) whose tokenizer Material replaces by its own anyway.
    langs = [("en" if lang == "th" else lang) for lang in (config.get("lang") or ["en"])]
    config["lang"] = list(dict.fromkeys(langs))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    _replace(index_path, text)
    stats.index_bytes, stats.entries = len(text), data.get("docs")
    return stats


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a new file: files of a partial build may be hard links into
    the live site, which must not change before the new site is swapped in."""
    if path.read_bytes() == data:
        return
    temporary = path.with_name(f".{path.name}.oit-tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def install_query_shim(site_dir: Path) -> bool:
    """Put the Thai query segmenter in front of Material's search worker (same file name, so no
    page changes). Returns False when the site has no Material search worker."""
    workers = sorted((site_dir / WORKERS).glob("search.*.min.js"))
    if len(workers) != 1:
        return False
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if code.startswith(SHIM_MARK):  # reused from the previous site: replace the old shim
        code = code.split(SHIM_END + "\n", 1)[-1]
    shim = QUERY_SHIM.read_text(encoding="utf-8").rstrip("\n")
    _replace(worker, f"{SHIM_MARK}\n{shim}\n{SHIM_END}\n{code}".encode("utf-8"))
    return True


def merge_index(previous_site: Path | None, built_site: Path, rebuilt: list) -> None:
    """Make the search index of a partial build cover every page (merged_index), in its file."""
    index = merged_index(previous_site, built_site, rebuilt)
    if index is not None:
        (built_site / INDEX).write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def merged_index(previous_site: Path | None, built_site: Path, rebuilt: list, previous_docs: list | None = None) -> dict | None:
    """The search index of a partial build, covering every page; None when the site has none.

    Material's search index lists only the pages built in a run: entries of the rebuilt pages
    replace theirs in the previous index (`previous_docs`, when already read). Entries are
    sorted by location in every build, so a partial build gives the same bytes as a whole one.
    """
    index_file = built_site / INDEX
    if not index_file.is_file():
        return None
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = index["docs"]
    if previous_docs is None and previous_site is not None and (previous_site / INDEX).is_file():
        previous_docs = json.loads((previous_site / INDEX).read_text(encoding="utf-8"))["docs"]
    if previous_docs is not None:
        rebuilt_urls = {page_url(p) for p in rebuilt}
        old = previous_docs
        # a rebuilt page whose text did not change keeps its entry as post-processed before
        # (segmented with U+200B, see segment_index): no need to segment it again
        previous = {d["location"]: d for d in old}
        docs = [previous[d["location"]] if _same_entry(d, previous.get(d["location"])) else d for d in docs]
        docs = [d for d in old if d["location"].split("#")[0] not in rebuilt_urls] + docs
    by_location = {d["location"]: d for d in docs}
    index["docs"] = [by_location[k] for k in sorted(by_location)]
    return index


def _same_entry(new: dict, old: dict | None) -> bool:
    if old is None:
        return False
    return all(str(new.get(k, "")) == str(old.get(k, "")).replace(ZWSP, "") for k in ("title", "text"))


def previous_docs(site_dir: Path) -> list | None:
    """The entries of the search index of the site built before in `site_dir`; None when it has
    none or it is damaged (then all is segmented again). Read once a build."""
    index = Path(site_dir) / INDEX
    if not index.is_file():
        return None
    try:
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    except (ValueError, KeyError, TypeError):
        return None
    return docs if isinstance(docs, list) else None


def previous_segmentations(site_dir: Path, docs: list | None = None) -> dict:
    """Thai run → its segmented form (words joined by U+200B), from the search index of the site
    built before in `site_dir` (or its entries `docs`, already read); empty when it has none."""
    if docs is None:
        docs = previous_docs(site_dir)
    try:
        return known_segmentations(docs or [])
    except (KeyError, TypeError, AttributeError):
        return {}


def index_site(site_dir: Path, previous_site: Path | None = None, merged: dict | None = None,
               previous: list | None = None) -> SearchStats:
    """Make the search of the site built in `site_dir` find Thai words (see the module docstring).
    Runs segmented in `previous_site` (the site this build replaces; `previous`: its index's
    entries, already read) are reused, not recomputed. `merged`: the site's index as merged_index
    made it, written here once."""
    site_dir = Path(site_dir)
    index_path = site_dir / INDEX
    if not index_path.is_file():
        return SearchStats()
    known = previous_segmentations(previous_site, previous) if previous_site is not None and not knows_words() else {}
    stats = segment_index(index_path, known, merged)
    stats.shim = install_query_shim(site_dir)
    return stats
