"""Loading the content tree (docs/contracts.md#content-tree): site profile, year folders, item folders, front matter.

Loading never raises for a webmaster's mistake inside an item: it records a Finding and goes
on. Only problems that make the whole run meaningless (no content dir, unusable site.yml or
year.yml) raise ConfigError, which the CLI turns into exit status 2.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .codes import normalize_item_code
from .display import display_path, set_display_root
from .errors import ConfigError
from .findings import Finding
from .i18n import _
from .itempaths import _inside, item_site_path, resolve_item_file
from .model import ContentItem, Evidence, Site, Year
from .periods import PeriodError, parse_period
from .texts import encoding_advice, is_text, is_web_url, one_line, read_text_file
from .thai import ascii_digits, parse_be_year
from .urls import unsafe_in_url
from .yamlio import LineDict, LineList, YamlError, load_yaml


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
    if unsafe_in_url(base_url):
        raise ConfigError(f"{display_path(path)}:{data.line_of('base_url')}: "
                          + _("base_url holds {chars}, which a web address cannot hold; write only the address, "
                              "e.g. https://example.go.th/oit/").format(chars=repr(unsafe_in_url(base_url))))
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
        year.items[code] = _load_item(ContentItem(code, entry, entry / "index.md"), year, content_root, max_bytes)


def _folder_advice(name: str) -> str:
    """What to rename a folder to, when its name starts like an item code ('O1 โครงสร้าง', 'O-1')."""
    match = re.match(r"\s*[OoOo]\s*[-_.]?\s*0*([1-9][0-9]?)(?![0-9])", ascii_digits(name))
    if match:
        return _("if it is item O{number}, rename it 'O{number}'").format(number=match.group(1))
    return _("name item folders O1 … O43")


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def _load_item(item: ContentItem, year: Year, content_root: Path, max_bytes: int | None = None) -> ContentItem:
    """`item` (a folder and its index.md path) with what its index.md says, when it can be read."""
    add = year.findings.append
    where = display_path(item.index_path)
    try:
        present = item.index_path.is_file()
    except OSError as err:  # the folder cannot be read (permissions): report it, go on with the others
        add(Finding("file-not-found", item.code, display_path(item.folder), None,
                    _("item folder cannot be read ({reason}); give the publishing account read access to it")
                    .format(reason=err.strerror)))
        return item
    if not present:
        add(Finding("evidence-missing", item.code, display_path(item.folder), None,
                    _("item folder has no index.md; create {file} (oit new {year} writes one)").format(
                        file=where, year=year.year)))
        return item
    if not _inside(item.index_path, content_root):
        add(Finding("path-outside-content", item.code, where, None,
                    _("index.md is a link to a file outside content/; replace it with a real file")))
        return item
    try:
        size = item.index_path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            add(Finding("file-too-large", item.code, where, None,
                        _("index.md is {size} MB, above the limit of {limit} MB "
                          "(max_file_mb in site.yml); move long documents into PDF evidence files").format(
                            size=f"{size / 1e6:.1f}", limit=f"{max_bytes / 1e6:g}")))
            return item
        text = read_text_file(item.index_path)
    except UnicodeDecodeError as err:
        line, message = encoding_advice(item.index_path, err)
        add(Finding("front-matter-invalid", item.code, where, line, message))
        return item
    except OSError as err:
        add(Finding("file-not-found", item.code, where, None,
                    _("index.md cannot be read ({reason})").format(reason=err.strerror)))
        return item
    match = FRONT_MATTER.match(text)
    if not match:
        if text.lstrip().startswith("---"):
            add(Finding("front-matter-invalid", item.code, where, 1,
                        _("front matter is not closed; end it with a line '---'")))
            return item
        return _with_body(item, text, 1, add, where, loaded=True)
    item = _with_body(item, text[match.end():], text[:match.end()].count("\n") + 1, add, where,
                      front=match.group(1) or "")
    try:
        meta = load_yaml(match.group(1) or "", first_line=2)
    except YamlError as err:
        add(Finding("front-matter-invalid", item.code, where, err.line,
                    _("front matter is not valid YAML: {error}").format(error=err)))
        return item
    if meta is None:
        meta = LineDict()
        meta.line, meta.key_lines = 2, {}
    if not isinstance(meta, LineDict):
        add(Finding("front-matter-invalid", item.code, where, 2,
                    _("front matter must be key: value lines (owner:, evidence:)")))
        return item
    item = replace(item, meta=meta, loaded=True)
    owner = meta.get("owner")
    owners = owner if isinstance(owner, list) else [owner]  # one responsible unit or a list of them
    if owner is not None and not all(isinstance(o, str) for o in owners):
        add(Finding("field-invalid", item.code, where, meta.line_of("owner"),
                    _("owner must be text or a list of texts, e.g. owner: กลุ่มงานพัสดุ")))
    elif owner is not None:
        item = replace(item, owner=", ".join(one_line(o) for o in owners))
    return replace(item, evidence=_load_evidence(item, year, content_root, where))


# Python-Markdown looks for the end of every '[' (its ']'), every '](' (its ')') and every '<' that
# may open a tag (its '>'), to the end of the paragraph when there is none: 16 KB of '[' took 43 s
# to build. MARKUP_BUDGET is what it may scan per page, about one second of the engine's time;
# ordinary text needs a few thousand.
MARKUP_BUDGET = 2_000_000
MARKUP_TOKENS = re.compile(r"\]\(|[\[\])>]|<[A-Za-z!/?]")


def _with_body(item: ContentItem, body: str, first_line: int, add, where: str, **more) -> ContentItem:
    """`item` with the Markdown text of the page, unless the engine would take minutes over it:
    then it is not published, and a finding says what to change."""
    cost = markup_cost(body)
    if cost <= MARKUP_BUDGET:
        return replace(item, body=body, body_line=first_line, **more)
    add(Finding("file-too-large", item.code, where, first_line,
                _("the text is too intricate for the site engine (brackets or '<' without their closing "
                  "']', ')' or '>': {cost} characters to scan, more than {budget}); close them, "
                  "or write \\[ and &lt; for literal ones; until then the text is not published").format(
                    cost=f"{cost:,}", budget=f"{MARKUP_BUDGET:,}")))
    return replace(item, body_line=first_line, **more)


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


def _load_evidence(item: ContentItem, year: Year, content_root: Path, where: str) -> list[Evidence]:
    add = year.findings.append
    entries = item.meta.get("evidence")
    out: list[Evidence] = []
    if entries is None:
        return out
    if not isinstance(entries, LineList):
        add(Finding("front-matter-invalid", item.code, where, item.meta.line_of("evidence"),
                    _("evidence must be a list; start each entry with '- title: …'")))
        return out
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
        found: dict = {}  # the Evidence fields this entry gives
        has_file, has_url = raw.get("file") not in (None, ""), raw.get("url") not in (None, "")
        if has_file == has_url:
            add(Finding("front-matter-invalid", item.code, where, line,
                        _("evidence entry needs exactly one of 'file:' (a file in this folder) or 'url:' (a web address)")))
            continue
        found["ref_line"] = raw.line_of("url" if has_url else "file")
        if has_url:
            url = str(raw["url"]).strip()
            if not is_web_url(url):
                add(Finding("field-invalid", item.code, where, raw.line_of("url"),
                            _("url '{url}' must be a full web address starting with https://").format(url=url)))
                continue
            found["url"] = url
        elif not is_text(raw["file"]):
            add(Finding("field-invalid", item.code, where, raw.line_of("file"),
                        _("file must be the name of one file in this item's folder, e.g. file: report.pdf")))
            continue
        else:
            found["file"] = str(raw["file"])
            found.update(_resolve_file(found["file"], item, year, content_root, where, raw.line_of("file")))
        parts = found["parts"] = _evidence_parts(raw, item, where, add)
        found["part"] = parts[0] if parts else None
        found["supporting"] = _supporting(raw, one_line(title), item, where, add)
        if "period" in raw and raw["period"] not in (None, ""):
            try:
                if not is_text(raw["period"]):
                    kind = (_("list") if isinstance(raw["period"], list) else _("mapping")
                            if isinstance(raw["period"], dict) else _("value of that kind"))
                    raise PeriodError(_("period must be one value such as 2566, 2566-Q1 or 2565-10, not a {kind}")
                                      .format(kind=kind))
                found["period"] = parse_period(raw["period"])
            except PeriodError as err:
                found["period_text"] = str(raw["period"]) if is_text(raw["period"]) else "?"
                add(Finding("period-invalid", item.code, where, raw.line_of("period"), str(err)))
        out.append(Evidence(index, one_line(title), line, **found))
    return out


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


def _resolve_file(name: str, item: ContentItem, year: Year, content_root: Path, where: str,
                  line: int | None) -> dict:
    """The path and site path of file evidence named `name`, or {} and a finding saying why it cannot be published."""
    path, rule, message = resolve_item_file(item.folder, name, content_root)
    if path is None:
        assert rule is not None  # resolve_item_file names the rule of every refusal
        year.findings.append(Finding(rule, item.code, where, line, _("file {message}").format(message=message)))
        return {}
    return {"path": path, "site_path": item_site_path(year.year, item.code, name)}
