"""The file checks and the PDPA guard: publish only what was proven safe.

Every file an item publishes (its references of a file kind: evidence, field files such as O2
photos, body attachments) passes its format and size checks and is read whole with no unallowed
national ID, or the front matter lists it under `pii_unchecked:`; any other file is withheld with
a finding. A file a browser or a web server would run (a web page, an SVG, a PHP script, a
.htaccess) is never published, listed or not (filecheck.active_problem). National IDs in the front matter and the body are errors, and masked in what the pages
show. The guard changes nothing it is given: `guard_item` returns its decisions (a Verdict), which
the report carries to the renderer and the build.
"""
from __future__ import annotations

import copy
import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import pii
from .display import display_path
from .face import LOGO_MAX_BYTES, face_files
from .itempaths import resolve_item_file
from .model import ContentItem, Site
from .texts import is_text
from .filecache import FileCache, cache_dir_for, is_sha
from .filecheck import IMAGE_SIGNATURES, active_problem, check_file, decode_image, svg_problem
from .filetext import text_ids
from .findings import RULES, Finding
from .i18n import LANGUAGES, N_, _, language
from .record import PublishedFile
from .references import BODY_FILE, FILES, Reference
from .yamlio import LineDict, LineList

NOT_PUBLISHED = N_("the file is not published until then")
PII_ADVICE = N_("personal data (PDPA) must not be published; remove the number, or if it is not a person's "
                "ID (e.g. a company's tax ID) list it under pii_allow: in the front matter")

# Bumped when what the cached analyses compute changes (and with the pinned pypdf/PDFium/Pillow versions).
ANALYSES = "pii-3 image-1 format-2 pypdf-7.1.0 pypdfium2-5.15.2 pillow-13.0.0"


def _is_hit(hit) -> bool:
    return isinstance(hit, list) and len(hit) == 3 and all(isinstance(part, str) for part in hit) and is_sha(hit[2])


# What each cached analysis returns; a cache entry of any other shape is computed again
SHAPES = {
    "format": lambda r: r is None or (isinstance(r, (list, tuple)) and len(r) == 2 and r[0] in RULES
                                      and isinstance(r[1], str)),
    "image": lambda r: r is None or isinstance(r, str),
    "ids": lambda r: (isinstance(r, dict) and set(r) == {"ids", "error"} and isinstance(r["ids"], list)
                      and all(map(_is_hit, r["ids"])) and (r["error"] is None or isinstance(r["error"], str))),
}
# The analyses' messages are in the language of the run that computed them: each language has
# its own entries ('ids' in English, 'ids@th' in Thai), so a run never shows another's language.
CACHE_SHAPES = {kind if lang == "en" else f"{kind}@{lang}": shape for kind, shape in SHAPES.items() for lang in LANGUAGES}


def _kind(analysis: str) -> str:
    """The cache entry of `analysis` in this run's language."""
    lang = language()
    return analysis if lang == "en" else f"{analysis}@{lang}"


def file_cache(content_root: Path) -> FileCache:
    """The on-disk cache of file analyses beside the site's content/ (filecache.py)."""
    return FileCache(cache_dir_for(content_root), ANALYSES, CACHE_SHAPES)


def prefetch(cache: FileCache, paths: list, limit: int) -> None:
    """Analyse in parallel the files the cache does not know yet (before the guard asks)."""
    cache.prefetch(paths, lambda path, size: _analyses_for(path, size, limit))


def pending_reads(cache: FileCache, paths: list, limit: int) -> list:
    """The same analyses as `prefetch`, as jobs for filecache.analyse to run elsewhere (oit portal)."""
    return cache.pending(paths, lambda path, size: _analyses_for(path, size, limit))


@dataclass
class Verdict:
    """What the guard decided for one item."""
    shown: ContentItem  # the item as pages and exports show it: national IDs masked (the item itself when none)
    published: dict[str, PublishedFile] = field(default_factory=dict)  # site path → file: what the site may serve
    findings: list = field(default_factory=list)


def bad_allow_message(bad: list) -> str:
    if len(bad) == 1:
        return _("pii_allow: lists 13-digit numbers that are not a person's ID (e.g. a company's tax ID); "
                 "{count} entry is not 13 digits").format(count=len(bad))
    return _("pii_allow: lists 13-digit numbers that are not a person's ID (e.g. a company's tax ID); "
             "{count} entries are not 13 digits").format(count=len(bad))


def guard_item(content: ContentItem, references: list[Reference], limit: int, cache: FileCache,
               site_allow: set, content_root: Path) -> Verdict:
    """The guard's verdict on one loaded item (`references`: references.item_references)."""
    verdict = Verdict(content)
    if not content.loaded:
        return verdict
    findings, code = verdict.findings, content.code
    withheld: set[str] = set()  # real paths
    listed = _item_files(content, references, findings)
    files = []
    for ref in listed:
        assert ref.path is not None  # _item_files lists resolved files only
        assert ref.site_path is not None
        problem = active_problem(ref.site_path, ref.path) or _check_file(ref.path, limit, cache)
        if problem:
            findings.append(Finding(problem[0], code, display_path(ref.path), None,
                                    _("{label}: {problem}; {not_published}").format(
                                        label=ref.label, problem=problem[1], not_published=_(NOT_PUBLISHED))))
            withheld.add(os.path.realpath(ref.path))
        else:
            files.append(ref)

    allowed = _allowed_ids(content, findings) | site_allow
    hits = _text_ids(content, allowed, findings)
    unchecked_allowed = _unchecked_allowance(content, content_root, findings) if files else set()
    for ref in files:
        assert ref.path is not None
        if not _proven_safe(ref.path, ref.label, code, cache, allowed, unchecked_allowed, findings):
            withheld.add(os.path.realpath(ref.path))
    if hits:  # a file named after an ID is not published either
        withheld |= {os.path.realpath(ref.path) for ref in listed if ref.path is not None
                     and any(pii.digest(n) not in allowed for _start, _end, n in pii.find_ids(ref.name))}
        verdict.shown = masked_copy(content, allowed)
    for ref in listed:
        assert ref.path is not None and ref.site_path is not None
        if not withheld or os.path.realpath(ref.path) not in withheld:  # no realpath when nothing is withheld
            verdict.published[ref.site_path] = PublishedFile(ref.path, cache.size(ref.path))
    return verdict


SITE_PII_ADVICE = N_("personal data (PDPA) must not be published: what site.yml names is on every page and in the "
                     "exports; remove the number, or if it is not a person's ID (e.g. a company's tax ID) list it under "
                     "pii_allow: in site.yml")
DEFAULT_LOGO_SHOWN = N_("the site shows its default logo instead")


@dataclass
class SiteVerdict:
    """What the guard decided for site.yml and the files it names (the agency's face)."""
    shown: Site  # the site as pages and exports show it: IDs masked, a logo or favicon that failed dropped
    findings: list = field(default_factory=list)


def guard_site(site: Site, cache: FileCache) -> SiteVerdict:
    """site.yml's keys and values (the agency's name, footer, units, links) and the files it
    names (logo, favicon, policy pages) hold no unallowed national ID; a logo or favicon also
    passes the checks of an image, under LOGO_MAX_BYTES, else the site shows its default one."""
    allowed, _bad = pii.allow_digests(site.settings.get("pii_allow"))
    where = display_path(site.root / "site.yml")
    verdict = SiteVerdict(site)
    findings = verdict.findings
    for text, line in sorted(_front_matter_texts(site.settings), key=lambda t: t[1]):
        for _start, _end, number in pii.find_ids(text):
            if pii.digest(number) not in allowed:
                findings.append(Finding("pii-national-id", None, where, line,
                                        _("national ID number {number} in site.yml: {advice}").format(
                                            number=pii.mask(number), advice=_(SITE_PII_ADVICE))))
    dropped = []
    for key, path in face_files(site):
        setting, _dot, policy = key.partition(".")
        policies = site.settings.get(setting)
        line = policies.line_of(policy) if policy and isinstance(policies, LineDict) else site.settings.line_of(setting)
        image = key in ("logo", "favicon")
        problem = _face_problem(path, cache) if image else None
        if problem:
            findings.append(Finding(problem[0], None, where, line, _("{key}: {problem}; {instead}").format(
                key=key, problem=problem[1], instead=_(DEFAULT_LOGO_SHOWN))))
            dropped.append(key)
            continue
        # an .ico holds small bitmaps and no text: nothing to read (a PNG, JPEG, SVG logo is read)
        found = {"ids": [], "error": None} if path.suffix.lower() == ".ico" else _file_ids(path, cache)
        leaks = [hit for hit in found["ids"] if hit[2] not in allowed]
        for location, masked, _digest in leaks:
            findings.append(Finding("pii-national-id", None, display_path(path), _line_of(location) or line,
                                    _("national ID number {number} ({location}) in {key} of site.yml: {advice}").format(
                                        number=masked, location=location, key=key, advice=_(SITE_PII_ADVICE))
                                    + ("; " + _(DEFAULT_LOGO_SHOWN) if image else "")))
        if image and (leaks or found["error"]):
            if found["error"] and not leaks:
                findings.append(Finding("pii-unchecked", None, where, line, _(
                    "{key}: {path} cannot be checked whole for national ID numbers: {error}; {instead}").format(
                        key=key, path=display_path(path), error=found["error"], instead=_(DEFAULT_LOGO_SHOWN))))
            dropped.append(key)
    if findings:
        verdict.shown = shown_site(site, allowed, dropped)
    return verdict


def _face_problem(path: Path, cache: FileCache):
    """Why a logo or favicon cannot be published: too large, or not the image its name says."""
    try:
        size = path.stat().st_size
    except OSError as err:
        return ("file-not-found", _("file cannot be read ({reason}); upload it again").format(reason=err.strerror or err))
    if size > LOGO_MAX_BYTES:
        return ("file-too-large", _("{path} is {size} MB, above the limit of {limit} MB for a logo or favicon; "
                                    "save a smaller image").format(path=display_path(path), size=f"{size / 1e6:.1f}",
                                                                   limit=LOGO_MAX_BYTES // 1_000_000))
    if path.suffix.lower() == ".svg":  # face.LOGO_TYPES: the one type of logo that can hold a script
        problem = svg_problem(path)
        if problem:
            return problem
    return _check_file(path, LOGO_MAX_BYTES, cache)


def _line_of(location: str) -> int | None:
    """12 for 'line 12', how filecheck names a line of a text file; None for any other place."""
    line_word = _("line {number}").format(number="")
    number = location[len(line_word):]
    return int(number) if location.startswith(line_word) and number.isdigit() else None


def shown_site(site: Site, allowed: set, dropped: list | tuple = ()) -> Site:
    """A copy of `site` with every national ID of site.yml masked (pii_allow aside) and without
    the keys in `dropped` (a logo or favicon that is not published)."""
    settings = copy.deepcopy(site.settings)  # keeps the line of every key (LineDict)
    for key in list(settings):
        if key in dropped:
            del settings[key]
        elif key != "pii_allow":
            settings[key] = _masked_values(settings[key], allowed)
    return dataclasses.replace(site, name=pii.mask_text(site.name, keep=allowed),
                               name_en=pii.mask_text(site.name_en, keep=allowed),
                               base_url=pii.mask_text(site.base_url, keep=allowed), settings=settings)


def _item_files(content: ContentItem, references: list[Reference], findings: list) -> list[Reference]:
    """The distinct files the item publishes. A body link that leads out of the item folder is
    reported here (evidence files were reported when loaded, field files by validate.check_field)."""
    where = display_path(content.index_path)
    files, seen = [], set()
    for ref in references:
        if ref.kind not in FILES:
            continue
        if ref.path is None:
            if ref.problem and ref.problem[0] in ("path-outside-content", "field-invalid") and ref.kind == BODY_FILE:
                findings.append(Finding(ref.problem[0], content.code, where, ref.line,
                                        _("link {problem}; it is not published").format(problem=ref.problem[1])))
        elif ref.path not in seen:
            seen.add(ref.path)
            files.append(ref)
    return files


def _allowed_ids(content: ContentItem, findings: list) -> set:
    """Digests of the item's pii_allow: list (a bad entry is reported)."""
    allowed, bad = pii.allow_digests(content.meta.get("pii_allow"))
    if bad:
        findings.append(Finding("field-invalid", content.code, display_path(content.index_path),
                                content.meta.line_of("pii_allow"), bad_allow_message(bad)))
    return allowed


def _text_ids(content: ContentItem, allowed: set, findings: list) -> bool:
    """Report every unallowed national ID in the front matter and the body; True if there is one."""
    where, code = display_path(content.index_path), content.code
    hits = False
    texts = sorted(_front_matter_texts(content.meta), key=lambda t: t[1]) if any(pii.find_ids(content.front)) else []
    for text, line in texts:
        for _start, _end, number in pii.find_ids(text):
            if pii.digest(number) not in allowed:
                hits = True
                findings.append(Finding("pii-national-id", code, where, line,
                                        _("national ID number {number} in the front matter: {advice}").format(
                                            number=pii.mask(number), advice=_(PII_ADVICE))))
    for start, _end, number in pii.find_ids(content.body):
        if pii.digest(number) not in allowed:
            hits = True
            findings.append(Finding("pii-national-id", code, where, content.body_line + content.body.count("\n", 0, start),
                                    _("national ID number {number} in the text: {advice}").format(
                                        number=pii.mask(number), advice=_(PII_ADVICE))))
    return hits


def _proven_safe(path: Path, label: str, code: str, cache: FileCache, allowed: set, unchecked_allowed: set,
                 findings: list) -> bool:
    """True when the file was read whole and holds no unallowed ID, or pii_unchecked: lists it
    (and no unallowed ID was found in what could be read); else False, with its findings."""
    found = _file_ids(path, cache)
    leaks = [hit for hit in found["ids"] if hit[2] not in allowed]
    for location, masked, _digest in leaks:
        findings.append(Finding("pii-national-id", code, display_path(path), _line_of(location),
                                _("national ID number {number} ({location}) in {label}: {advice}; {not_published}").format(
                                    number=masked, location=location, label=label, advice=_(PII_ADVICE),
                                    not_published=_(NOT_PUBLISHED))))
    if leaks:
        return False
    if found["error"] and os.path.realpath(path) not in unchecked_allowed:
        findings.append(Finding("pii-unchecked", code, display_path(path), None,
                                _("{label} cannot be checked whole for national ID numbers: {error}; "
                                  "it is not published. Save it as PDF, Word, Excel, OpenDocument or text; or, if "
                                  "it holds no personal data, list it under pii_unchecked: in the front matter").format(
                                    label=label, error=found["error"])))
        return False
    return True


def _unchecked_allowance(content: ContentItem, content_root: Path, findings: list) -> set:
    """Real paths of the files the front matter lists under `pii_unchecked:` (published even when
    the guard cannot read them whole: a video, an old .doc checked by a person)."""
    value = content.meta.get("pii_unchecked")
    if value in (None, "", []):
        return set()
    line = content.meta.line_of("pii_unchecked")
    names = value if isinstance(value, list) else [value]
    out = set()
    for name in names:
        path = resolve_item_file(content.folder, str(name), content_root)[0] if is_text(name) else None
        if path is None:
            findings.append(Finding("field-invalid", content.code, display_path(content.index_path), line,
                                    _("pii_unchecked: lists names of files in this folder, e.g. pii_unchecked: [video.mp4]; "
                                      "{name} is not one").format(name=repr(str(name)[:60])), "warning"))
        else:
            out.add(os.path.realpath(path))
    return out


def _check_file(path: Path, limit: int, cache: FileCache):
    """The size limit, filecheck's format checks and, for images, a real decode. The format
    checks read the head and tail of the file: cached, so an unchanged file is only stat'ed."""
    try:
        size = cache.size(path)
        problem = check_file(path, limit) if size > limit else cache.get(path, _kind("format"), _format_problem)
    except OSError as err:
        return ("file-not-found", _("file cannot be read ({reason}); upload it again").format(reason=err.strerror or err))
    problem = tuple(problem) if problem else None
    if problem is None and path.suffix.lower() in IMAGE_SIGNATURES:
        try:
            message = cache.get(path, _kind("image"), decode_image)
        except OSError as err:
            message = _("image cannot be read ({reason})").format(reason=err.strerror or err)
        if message:
            problem = ("image-invalid", str(message))
    return problem


def _analyses_for(path: Path, size: int, limit: int) -> dict:
    """The cached analyses that _check_file and _file_ids will ask for (for FileCache.prefetch)."""
    if size > limit:
        return {}
    image = path.suffix.lower() in IMAGE_SIGNATURES
    return {_kind("format"): _format_problem, _kind("ids"): text_ids, **({_kind("image"): decode_image} if image else {})}


def _format_problem(path: Path):
    return check_file(path, float("inf"))


def _file_ids(path: Path, cache: FileCache) -> dict:
    """{"ids": hits, "error": why the file was not read whole, or None}. An image is read for its
    metadata (its decode is checked by _check_file)."""
    try:
        return cache.get(path, _kind("ids"), text_ids)
    except OSError as err:
        return {"ids": [], "error": _("it cannot be read ({reason})").format(reason=err.strerror or err)}


def _front_matter_texts(meta):
    """(text, line) of every key and scalar value of the front matter (or of site.yml), except pii_allow."""
    stack = [(meta, meta.line if isinstance(meta, LineDict) else 1)]
    while stack:
        value, line = stack.pop()
        if isinstance(value, LineDict):
            for key, child in value.items():
                if key == "pii_allow" and value is meta:
                    continue
                stack.append((child, value.line_of(key)))
                if is_text(key):
                    yield str(key), value.line_of(key)
        elif isinstance(value, LineList):
            stack += [(child, value.line_of(i)) for i, child in enumerate(value)]
        elif isinstance(value, (dict, list)):
            stack += [(child, line) for child in (value.values() if isinstance(value, dict) else value)]
        elif is_text(value):
            yield str(value), line


def _masked_values(value, allowed: set):
    """`value` (front matter or site.yml settings, a copy: changed in place) with the national IDs
    of every text in it masked; a text without one is left as it is (a number stays a number)."""
    if isinstance(value, dict):
        for key, child in value.items():
            value[key] = _masked_values(child, allowed)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            value[index] = _masked_values(child, allowed)
    elif is_text(value):
        masked = pii.mask_text(str(value), keep=allowed)
        return masked if masked != str(value) else value
    return value


def masked_copy(content: ContentItem, allowed: set) -> ContentItem:
    """A copy of `content` with the numbers masked in what the page shows: body, front matter
    values, evidence titles, owner. An evidence address holding an ID is neither linked nor shown
    (it is reported as front matter). The loaded item is left as it is."""
    def masked(text):
        return pii.mask_text(text, keep=allowed)

    meta = copy.deepcopy(content.meta)  # keeps the line of every key (LineDict)
    for key, child in list(meta.items()):
        if key != "pii_allow":
            meta[key] = _masked_values(child, allowed)
    evidence = [dataclasses.replace(ev, title=masked(ev.title),
                                    url=None if ev.url and masked(ev.url) != ev.url else ev.url)
                for ev in content.evidence]
    return dataclasses.replace(content, body=masked(content.body), meta=meta, evidence=evidence,
                               owner=masked(content.owner) if content.owner else content.owner)
