"""Loading the content tree (docs/contracts.md#content-tree): site profile, year folders, item folders, front matter.

Loading never raises for a webmaster's mistake inside an item: it records a Finding and goes
on. Only problems that make the whole run meaningless (no content dir, unusable site.yml or
year.yml) raise ConfigError, which the CLI turns into exit status 2.
"""
from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding
from .i18n import _
from .periods import Period, PeriodError, parse_period
from .thai import ascii_digits, parse_be_year
from .yamlio import LineDict, LineList, YamlError, load_yaml

# O23 (NACC, OVEC; o23 read with a warning) or capital letters and a number for other families (MOIT5)
# The letters of any catalog code (catalog.CODE_PATTERN: O23, E1, MOIT5), or a lower-case o (read
# with a warning); catalog loading refuses a code this pattern does not give back unchanged.
ITEM_DIR_PATTERN = re.compile(r"([A-Z]{1,6}|o)0*([1-9][0-9]*)")


class ConfigError(Exception):
    """The run cannot go on: exit status 2 with this one-line message."""


@dataclass
class Evidence:
    index: int
    title: str
    line: int | None
    file: str | None = None  # as written
    url: str | None = None
    period: Period | None = None
    path: Path | None = None  # resolved file inside the item folder, when safe
    site_path: str | None = None  # where the file is published, relative to the site root
    period_text: str | None = None  # as written, when it could not be parsed (already reported)
    ref_line: int | None = None  # line of its file: or url: key
    part: str | None = None  # the part of a multi-part item it serves, as written (part: progress)
    parts: tuple[str, ...] = ()  # every part it names: `part: [plan, progress]` (one document for both)
    serves: str | None = None  # the part it was assigned to by coverage.assign_parts (the first one)
    serves_parts: tuple[str, ...] = ()  # every part it counts for (coverage.assign_parts)
    supporting: bool = False  # `role: supporting`: published beside the evidence, never judged as evidence

    @property
    def is_file(self) -> bool:
        return self.file is not None


@dataclass
class ContentItem:
    code: str
    folder: Path
    index_path: Path
    meta: LineDict = field(default_factory=LineDict)
    body: str = ""
    body_line: int = 1  # file line on which the Markdown body starts
    front: str = ""  # the front matter as written (the personal data guard scans it first)
    evidence: list = field(default_factory=list)
    owner: str | None = None
    loaded: bool = False  # front matter could be read


@dataclass
class Site:
    root: Path
    name: str
    name_en: str
    base_url: str
    default_year: int
    settings: LineDict


@dataclass
class Year:
    year: int
    folder: Path
    framework: str
    items: dict[str, ContentItem] = field(default_factory=dict)  # by canonical code
    findings: list = field(default_factory=list)


_display_root: str | None = None  # the folder that holds content/, set by load_site


def set_display_root(content_dir: Path) -> None:
    """Show paths relative to the folder that holds `content_dir` (usually the repository), so a
    report is the same text whichever directory `oit` is run from."""
    global _display_root
    _display_root = os.path.dirname(os.path.abspath(content_dir))


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the folder that holds content/ (before a content
    tree is loaded: to the working directory)."""
    try:
        return os.path.relpath(os.path.abspath(path), _display_root or os.getcwd())
    except ValueError:
        return str(path)


def normalize_item_code(name: str) -> str | None:
    """'O1', 'O01', 'O๑', 'o1' → 'O1'; 'MOIT05' → 'MOIT5'; anything else → None."""
    match = ITEM_DIR_PATTERN.fullmatch(ascii_digits(name.strip()))
    return f"{match.group(1).upper()}{match.group(2)}" if match else None


def read_text_file(path: Path) -> str:
    """UTF-8 text with BOM and CRLF removed. Raises UnicodeDecodeError for other encodings."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def encoding_advice(path: Path, err: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) for a text file that is not UTF-8, naming the encoding it probably is."""
    data = path.read_bytes()
    line = data.count(b"\n", 0, err.start) + 1
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess = _("it is UTF-16 (Notepad's 'Unicode')")
    else:
        try:
            text = data.decode("cp874")
            guess = _("it looks like TIS-620 / Windows-874 (old Thai encoding)") if re.search("[\u0e00-\u0e7f]", text) else ""
        except UnicodeDecodeError:
            guess = ""
    if guess:
        return line, _("file is not UTF-8 text (byte {byte}, line {line}); {guess}; save it as UTF-8").format(
            byte=err.start, line=line, guess=guess)
    return line, _("file is not UTF-8 text (byte {byte}, line {line}); save it as UTF-8").format(byte=err.start, line=line)


def load_site(content_dir: Path) -> Site:
    if not content_dir.is_dir():
        raise ConfigError(_("content directory '{folder}' does not exist (use --content DIR)").format(folder=content_dir))
    set_display_root(content_dir)
    path = content_dir / "site.yml"
    if not path.is_file():
        raise ConfigError(f"{display_path(path)}: " + _("missing; it holds name, name_en, base_url and default_year"))
    data = _read_config_yaml(path)
    for key in ("name", "base_url", "default_year"):
        if key not in data or data[key] in (None, ""):
            raise ConfigError(f"{display_path(path)}:{data.line}: " + _("'{key}' is required").format(key=key))
    base_url = str(data["base_url"]).strip()
    if not re.match(r"https?://[^/\s]+", base_url):
        raise ConfigError(f"{display_path(path)}:{data.line_of('base_url')}: "
                          + _("base_url must start with https://, e.g. https://example.go.th/oit/"))
    try:
        default_year = parse_be_year(data["default_year"], "default_year")
    except ValueError as err:
        raise ConfigError(f"{display_path(path)}:{data.line_of('default_year')}: {err}") from None
    return Site(content_dir, str(data["name"]), str(data.get("name_en") or ""),
                base_url.rstrip("/") + "/", default_year, data)


def _read_config_yaml(path: Path) -> LineDict:
    try:
        data = load_yaml(read_text_file(path))
    except UnicodeDecodeError:
        raise ConfigError(f"{display_path(path)}: " + _("is not UTF-8 text; save it as UTF-8")) from None
    except YamlError as err:
        raise ConfigError(f"{display_path(path)}:{err.line or 1}: {err}") from None
    if not isinstance(data, LineDict):
        raise ConfigError(f"{display_path(path)}:1: " + _("must be a mapping of key: value lines"))
    return data


def year_folders(content_dir: Path) -> dict[int, Path]:
    """Year (int) → folder, for every folder named by four ASCII or Thai digits ≥ 2400."""
    years: dict[int, Path] = {}
    for entry in sorted(content_dir.iterdir()):
        text = ascii_digits(entry.name)
        if entry.is_dir() and re.fullmatch(r"\d{4}", text) and int(text) >= 2400:
            year = int(text)
            if year in years:  # '2566' and '๒๕๖๖': which one to publish is not ours to guess
                raise ConfigError(_("{first} and {second} are both year {year}; merge them into one folder {year}/")
                                  .format(first=display_path(years[year]), second=display_path(entry), year=year))
            years[year] = entry
    return years


def load_year(site: Site, year: int, max_file_bytes: int | None = None) -> Year:
    """Load one year folder; an index.md larger than `max_file_bytes` is reported, not read."""
    folder = year_folders(site.root).get(year)
    if folder is None:
        raise ConfigError(_("no folder for year {year} in {folder} (create it with: oit new {year})")
                          .format(year=year, folder=display_path(site.root)))
    result = Year(year, folder, year_settings(folder, year)["framework"])
    _load_items(result, site.root, max_file_bytes)
    return result


def year_settings(folder: Path, year: int) -> LineDict:
    """A year folder's year.yml (docs/contracts.md#content-tree): `framework:` and, for the
    committee, `schedule:`. A missing file or framework stops the run (ConfigError)."""
    year_yml = folder / "year.yml"
    if not year_yml.is_file():
        raise ConfigError(f"{display_path(year_yml)}: " + _("missing; write 'framework: nacc-{year}'").format(year=year))
    data = _read_config_yaml(year_yml)
    framework = data.get("framework")
    if not isinstance(framework, str) or not framework:
        raise ConfigError(f"{display_path(year_yml)}:{data.line}: "
                          + _("'framework' is required, e.g. framework: nacc-{year}").format(year=year))
    return data


def _load_items(year: Year, content_root: Path, max_bytes: int | None = None) -> None:
    first_folder: dict = {}
    for entry in sorted(year.folder.iterdir()):
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        code = normalize_item_code(entry.name)
        if code is None:
            year.findings.append(Finding(
                "unknown-item", None, display_path(entry), None,
                _("folder '{name}' is not an item code and is not published; {advice}").format(
                    name=entry.name, advice=_folder_advice(entry.name))))
            continue
        if code in first_folder:
            year.findings.append(Finding(
                "duplicate-item", code, display_path(entry), None,
                _("{folder}/ and {first}/ are both item {code}; merge them into one folder {code}/").format(
                    folder=entry.name, first=first_folder[code].name, code=code)))
            continue
        first_folder[code] = entry
        if entry.name != code and entry.name[:1].islower():  # o23: read, but ask for the capital letter
            year.findings.append(Finding(
                "unknown-item", code, display_path(entry), None,
                _("folder '{name}' is read as item {code} and published as {code}/; "
                  "rename it '{code}' (capital letters)").format(name=entry.name, code=code), "warning"))
        item = ContentItem(code, entry, entry / "index.md")
        _load_item(item, year, content_root, max_bytes)
        year.items[code] = item


def _folder_advice(name: str) -> str:
    """What to rename a folder to, when its name starts like an item code ('O1 โครงสร้าง', 'O-1')."""
    match = re.match(r"\s*[OoOo]\s*[-_.]?\s*0*([1-9][0-9]?)(?![0-9])", ascii_digits(name))
    if match:
        return _("if it is item O{number}, rename it 'O{number}'").format(number=match.group(1))
    return _("name item folders O1 … O43")


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def _load_item(item: ContentItem, year: Year, content_root: Path, max_bytes: int | None = None) -> None:
    add = year.findings.append
    where = display_path(item.index_path)
    try:
        present = item.index_path.is_file()
    except OSError as err:  # the folder cannot be read (permissions): report it, go on with the others
        add(Finding("file-not-found", item.code, display_path(item.folder), None,
                    _("item folder cannot be read ({reason}); give the publishing account read access to it")
                    .format(reason=err.strerror)))
        return
    if not present:
        add(Finding("evidence-missing", item.code, display_path(item.folder), None,
                    _("item folder has no index.md; create {file} (oit new {year} writes one)").format(
                        file=where, year=year.year)))
        return
    if not _inside(item.index_path, content_root):
        add(Finding("path-outside-content", item.code, where, None,
                    _("index.md is a link to a file outside content/; replace it with a real file")))
        return
    try:
        size = item.index_path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            add(Finding("file-too-large", item.code, where, None,
                        _("index.md is {size} MB, above the limit of {limit} MB "
                          "(max_file_mb in site.yml); move long documents into PDF evidence files").format(
                            size=f"{size / 1e6:.1f}", limit=f"{max_bytes / 1e6:g}")))
            return
        text = read_text_file(item.index_path)
    except UnicodeDecodeError as err:
        line, message = encoding_advice(item.index_path, err)
        add(Finding("front-matter-invalid", item.code, where, line, message))
        return
    except OSError as err:
        add(Finding("file-not-found", item.code, where, None,
                    _("index.md cannot be read ({reason})").format(reason=err.strerror)))
        return
    match = FRONT_MATTER.match(text)
    if not match:
        if text.lstrip().startswith("---"):
            add(Finding("front-matter-invalid", item.code, where, 1,
                        _("front matter is not closed; end it with a line '---'")))
            return
        _set_body(item, text, 1, add, where)
        item.loaded = True
        return
    _set_body(item, text[match.end():], text[:match.end()].count("\n") + 1, add, where)
    item.front = match.group(1) or ""
    try:
        meta = load_yaml(match.group(1) or "", first_line=2)
    except YamlError as err:
        add(Finding("front-matter-invalid", item.code, where, err.line,
                    _("front matter is not valid YAML: {error}").format(error=err)))
        return
    if meta is None:
        meta = LineDict()
        meta.line, meta.key_lines = 2, {}
    if not isinstance(meta, LineDict):
        add(Finding("front-matter-invalid", item.code, where, 2,
                    _("front matter must be key: value lines (owner:, evidence:)")))
        return
    item.meta, item.loaded = meta, True
    owner = meta.get("owner")
    owners = owner if isinstance(owner, list) else [owner]  # one responsible unit or a list of them
    if owner is not None and not all(isinstance(o, str) for o in owners):
        add(Finding("field-invalid", item.code, where, meta.line_of("owner"),
                    _("owner must be text or a list of texts, e.g. owner: กลุ่มงานพัสดุ")))
    else:
        item.owner = ", ".join(one_line(o) for o in owners) if owner is not None else None
    _load_evidence(item, year, content_root, where)


# Python-Markdown looks for the end of every '[' (its ']'), every '](' (its ')') and every '<' that
# may open a tag (its '>'), to the end of the paragraph when there is none: 16 KB of '[' took 43 s
# to build. MARKUP_BUDGET is what it may scan per page, about one second of the engine's time;
# ordinary text needs a few thousand.
MARKUP_BUDGET = 2_000_000
MARKUP_TOKENS = re.compile(r"\]\(|[\[\])>]|<[A-Za-z!/?]")


def _set_body(item: ContentItem, body: str, first_line: int, add, where: str) -> None:
    """The Markdown text of the page, unless the engine would take minutes over it: then it is
    not published, and a finding says what to change."""
    item.body_line = first_line
    cost = markup_cost(body)
    if cost <= MARKUP_BUDGET:
        item.body = body
        return
    add(Finding("file-too-large", item.code, where, first_line,
                _("the text is too intricate for the site engine (brackets or '<' without their closing "
                  "']', ')' or '>': {cost} characters to scan, more than {budget}); close them, "
                  "or write \\[ and &lt; for literal ones; until then the text is not published").format(
                    cost=f"{cost:,}", budget=f"{MARKUP_BUDGET:,}")))


def markup_cost(body: str) -> int:
    """About how many characters the Markdown engine scans looking for closing brackets: the
    distance from each opener to its closer, or to the end of its paragraph."""
    if (body.count("[") + body.count("(") + body.count("<")) * len(body) <= MARKUP_BUDGET:
        return 0  # cannot exceed the budget: skip the count (the usual case)
    total = 0
    for paragraph in re.split(r"\n[ \t]*\n", body):
        brackets: list = []
        links: list = []
        tags: list = []
        for token in MARKUP_TOKENS.finditer(paragraph):
            text, at = token.group(), token.start()
            if text == "[":
                brackets.append(at)
            elif text.startswith("]"):
                total += at - brackets.pop() if brackets else 0
                if text == "](":
                    links.append(at)
            elif text == ")" and links:
                total += at - links.pop()
            elif text == ">":
                total += sum(at - opened for opened in tags)
                tags.clear()
            elif text.startswith("<"):
                tags.append(at)
        total += sum(len(paragraph) - opened for opened in brackets + links + tags)
    return total


def _load_evidence(item: ContentItem, year: Year, content_root: Path, where: str) -> None:
    add = year.findings.append
    entries = item.meta.get("evidence")
    if entries is None:
        return
    if not isinstance(entries, LineList):
        add(Finding("front-matter-invalid", item.code, where, item.meta.line_of("evidence"),
                    _("evidence must be a list; start each entry with '- title: …'")))
        return
    for index, raw in enumerate(entries):
        line = entries.line_of(index)
        if not isinstance(raw, LineDict):
            add(Finding("front-matter-invalid", item.code, where, line,
                        _("each evidence entry needs title and file or url, e.g. '- title: …' then 'file: report.pdf'")))
            continue
        title = raw.get("title")
        if title in (None, "") or (isinstance(title, str) and not title.strip()):
            add(Finding("field-missing", item.code, where, line,
                        _("evidence entry has no title; add 'title: …' naming the document")))
            title = ""
        elif not is_text(title):
            add(Finding("field-invalid", item.code, where, raw.line_of("title"),
                        _("title must be one line of text, e.g. title: สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565 "
                          "(put it in quotes if it starts with [, {{ or a symbol)").format()))
            title = ""
        evidence = Evidence(index, one_line(title), line)
        has_file, has_url = raw.get("file") not in (None, ""), raw.get("url") not in (None, "")
        if has_file == has_url:
            add(Finding("front-matter-invalid", item.code, where, line,
                        _("evidence entry needs exactly one of 'file:' (a file in this folder) or 'url:' (a web address)")))
            continue
        evidence.ref_line = raw.line_of("url" if has_url else "file")
        if has_url:
            url = str(raw["url"]).strip()
            if not is_web_url(url):
                add(Finding("field-invalid", item.code, where, raw.line_of("url"),
                            _("url '{url}' must be a full web address starting with https://").format(url=url)))
                continue
            evidence.url = url
        elif not is_text(raw["file"]):
            add(Finding("field-invalid", item.code, where, raw.line_of("file"),
                        _("file must be the name of one file in this item's folder, e.g. file: report.pdf")))
            continue
        else:
            evidence.file = str(raw["file"])
            _resolve_file(evidence, evidence.file, item, year, content_root, where, raw.line_of("file"))
        evidence.parts = _evidence_parts(raw, item, where, add)
        evidence.part = evidence.parts[0] if evidence.parts else None
        evidence.supporting = _supporting(raw, evidence.title, item, where, add)
        if "period" in raw and raw["period"] not in (None, ""):
            try:
                if not is_text(raw["period"]):
                    kind = (_("list") if isinstance(raw["period"], list) else _("mapping")
                            if isinstance(raw["period"], dict) else _("value of that kind"))
                    raise PeriodError(_("period must be one value such as 2566, 2566-Q1 or 2565-10, not a {kind}")
                                      .format(kind=kind))
                evidence.period = parse_period(raw["period"])
            except PeriodError as err:
                evidence.period_text = str(raw["period"]) if is_text(raw["period"]) else "?"
                add(Finding("period-invalid", item.code, where, raw.line_of("period"), str(err)))
        item.evidence.append(evidence)


def _evidence_parts(raw: LineDict, item, where: str, add) -> tuple[str, ...]:
    """`part: progress`, or `part: [plan, progress]` for one document that serves several parts
    (said explicitly, never guessed): the requirements of a multi-part item the entry serves
    (whether they exist is checked by coverage, which knows the catalog)."""
    if "part" not in raw:
        return ()
    value = raw.get("part")
    values = value if isinstance(value, list) else [value]
    if not values or not all(is_text(v) and str(v).strip() for v in values):  # part: true, part: "", part: []
        add(Finding("field-invalid", item.code, where, raw.line_of("part"),
                    _("part must be one part id or a list of them, e.g. part: plan or part: [plan, progress]")))
        return ()
    return tuple(dict.fromkeys(one_line(v) for v in values if is_text(v) and str(v).strip()))


EVIDENCE_ROLES = ("evidence", "supporting")


def _supporting(raw: LineDict, title: str, item, where: str, add) -> bool:
    """`role: supporting`: a paper that supports the evidence (an order, minutes, a form). It is
    published and checked like any file, but coverage never judges its period."""
    value = raw.get("role")
    if value in (None, ""):
        return False
    text = str(value).strip().lower() if is_text(value) else ""
    if text not in EVIDENCE_ROLES:
        add(Finding("field-invalid", item.code, where, raw.line_of("role"),
                    _("'{title}': role must be supporting (a paper that supports the evidence) or evidence; "
                      "remove role: for ordinary evidence").format(title=title)))
        return False
    return text == "supporting"


def is_text(value) -> bool:
    """A scalar a webmaster may write where text is expected (2566 is text here; yes/no are not)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def is_web_url(value) -> bool:
    """An http(s) address with no spaces: what evidence url: and URL fields must hold."""
    return isinstance(value, str) and re.fullmatch(r"https?://\S+", value.strip()) is not None


def one_line(value) -> str:
    """Text shown inside a table cell or a heading: line breaks become spaces (a blank line would
    end the surrounding HTML block and let Markdown inside a title become live)."""
    return " ".join(str(value).split())


def _inside(path: Path, root: Path) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(real_root + os.sep)


@functools.lru_cache(maxsize=4096)
def _folder_inside(folder: str, root: str) -> bool:
    return _inside(Path(folder), Path(root))


def _plain_file_in(folder: Path, name: str, content_root: Path) -> bool:
    """True for a plain name ('x.pdf') of a regular file, not a link, in a folder inside content/:
    then it cannot lead anywhere else, and realpath (an lstat per path component) is not needed."""
    if "/" in name or "\\" in name or name in (".", ".."):
        return False
    try:
        info = os.lstat(folder / name)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and _folder_inside(str(folder), str(content_root))


MAX_NAME_BYTES = 255  # longest file name a Linux file system (and a web server) accepts


# The item page's own files at its address (2566/O1/): a file of that name would replace the page
# (index.html) or publish its raw source, front matter included (index.md). Any letter case, for
# web servers that ignore it.
RESERVED_NAMES = ("index.html", "index.md")


def resolve_item_file(folder: Path, name: str, content_root: Path) -> tuple[Path | None, str | None, str | None]:
    """Resolve a file named in an item's front matter or body.

    Returns (path, None, None) when it is a file inside the item folder that may be published,
    else (None, rule, message) with the rule id and advice.
    """
    path, rule, message = _locate_item_file(folder, name, content_root)
    if path is not None and _published_name(name).lower() in RESERVED_NAMES:
        suggestion = f"{Path(name).stem}-file{Path(name).suffix}"
        return None, "field-invalid", _("'{name}' has the name of the item page itself and would replace it on "
                                        "the site; rename the file, e.g. '{suggestion}', and the reference to it").format(
                                            name=name, suggestion=suggestion)
    return path, rule, message


def _locate_item_file(folder: Path, name: str, content_root: Path) -> tuple[Path | None, str | None, str | None]:
    if not name.strip() or re.search(r"[\x00-\x1f\x7f]", name):
        shown = name.encode("unicode_escape").decode("ascii")
        return None, "field-invalid", _("'{name}' is not a file name (empty or with control characters); "
                                        "write the file's name, e.g. report.pdf").format(name=shown)
    if os.path.isabs(name) or re.match(r"[A-Za-z]:[\\/]", name) or name.startswith(("\\", "~")):
        return None, "path-outside-content", _("'{name}' is an absolute path; put the file in {folder}/ and write "
                                               "only its name").format(name=name, folder=display_path(folder))
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in name.replace("\\", "/").split("/")):
        return None, "field-invalid", _("'{name}…' is longer than {limit} bytes; give the file a shorter name").format(
            name=name[:40], limit=MAX_NAME_BYTES)
    candidate = folder / name
    try:
        if _plain_file_in(folder, name, content_root):  # the common case, with one lstat
            return candidate, None, None
    except (OSError, ValueError):
        pass
    where = display_path(folder)
    try:
        if ".." in Path(name.replace("\\", "/")).parts or not _inside(candidate, folder):
            if not _inside(candidate, content_root):
                message = _("'{name}' points outside content/; copy the file into {folder}/ and write only its name")
            else:
                message = _("'{name}' points outside the item folder {item_folder}/; copy the file into {folder}/ "
                            "and write only its name")
            return None, "path-outside-content", message.format(name=name, item_folder=folder.name, folder=where)
        found = candidate.is_file()
    except (OSError, ValueError) as err:
        return None, "file-not-found", _("'{name}' cannot be read ({reason}); check the name").format(
            name=name, reason=getattr(err, 'strerror', None) or err)
    if not found:
        from .hints import near_match  # hints reads the model and the time rules: imported when needed
        return None, "file-not-found", _("'{name}' is not in {folder}/; upload it there or correct the name").format(
            name=name, folder=where) + near_match(folder, name)
    return candidate, None, None


def item_site_path(year: int, code: str, name: str) -> str:
    """Where a file of an item folder is published, relative to the site root."""
    return f"{year}/{code}/" + _published_name(name)


def _published_name(name: str) -> str:
    """A file's path below its item's address: 'docs\\a.pdf' → 'docs/a.pdf', './x.pdf' → 'x.pdf'."""
    return "/".join(Path(name.replace("\\", "/")).parts)


def _resolve_file(evidence: Evidence, name: str, item: ContentItem, year: Year, content_root: Path, where: str,
                  line: int | None) -> None:
    """Sets the path and site path of file evidence named `name`, or records why it cannot be published."""
    path, rule, message = resolve_item_file(item.folder, name, content_root)
    if path is None:
        assert rule is not None  # resolve_item_file names the rule of every refusal
        year.findings.append(Finding(rule, item.code, where, line, _("file {message}").format(message=message)))
        return
    evidence.path = path
    evidence.site_path = item_site_path(year.year, item.code, name)
