"""Loading the content tree (DESIGN §3): site profile, year folders, item folders, front matter.

Loading never raises for a webmaster's mistake inside an item: it records a Finding and goes
on. Only problems that make the whole run meaningless (no content dir, unusable site.yml or
year.yml) raise ConfigError, which the CLI turns into exit status 2.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding
from .periods import Period, PeriodError, parse_period
from .thai import ascii_digits, parse_be_year
from .yamlio import LineDict, LineList, YamlError, load_yaml

ITEM_DIR_PATTERN = re.compile(r"[Oo]0*([1-9][0-9]*)")


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
    items: dict = field(default_factory=dict)  # canonical code -> ContentItem
    findings: list = field(default_factory=list)


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def normalize_item_code(name: str) -> str | None:
    """'O1', 'O01', 'O๑', 'o1' → 'O1'; anything else → None."""
    match = ITEM_DIR_PATTERN.fullmatch(ascii_digits(name.strip()))
    return f"O{match.group(1)}" if match else None


def read_text_file(path: Path) -> str:
    """UTF-8 text with BOM and CRLF removed. Raises UnicodeDecodeError for other encodings."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def load_site(content_dir: Path) -> Site:
    if not content_dir.is_dir():
        raise ConfigError(f"content directory '{content_dir}' does not exist (use --content DIR)")
    path = content_dir / "site.yml"
    if not path.is_file():
        raise ConfigError(f"{display_path(path)}: missing; it holds name, name_en, base_url and default_year")
    data = _read_config_yaml(path)
    for key in ("name", "base_url", "default_year"):
        if key not in data or data[key] in (None, ""):
            raise ConfigError(f"{display_path(path)}:{data.line}: '{key}' is required")
    base_url = str(data["base_url"]).strip()
    if not re.match(r"https?://[^/\s]+", base_url):
        raise ConfigError(f"{display_path(path)}:{data.line_of('base_url')}: base_url must start with https://, e.g. https://example.go.th/oit/")
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
        raise ConfigError(f"{display_path(path)}: is not UTF-8 text; save it as UTF-8") from None
    except YamlError as err:
        raise ConfigError(f"{display_path(path)}:{err.line or 1}: {err}") from None
    if not isinstance(data, LineDict):
        raise ConfigError(f"{display_path(path)}:1: must be a mapping of key: value lines")
    return data


def year_folders(content_dir: Path) -> dict:
    """Year (int) → folder, for every folder named by four ASCII or Thai digits ≥ 2400."""
    years = {}
    for entry in sorted(content_dir.iterdir()):
        text = ascii_digits(entry.name)
        if entry.is_dir() and re.fullmatch(r"\d{4}", text) and int(text) >= 2400:
            years[int(text)] = entry
    return years


def load_year(site: Site, year: int, max_file_bytes: int | None = None) -> Year:
    folder = year_folders(site.root).get(year)
    if folder is None:
        raise ConfigError(f"no folder for year {year} in {display_path(site.root)} (create it with: oit new {year})")
    year_yml = folder / "year.yml"
    if not year_yml.is_file():
        raise ConfigError(f"{display_path(year_yml)}: missing; write 'framework: nacc-{year}'")
    data = _read_config_yaml(year_yml)
    framework = data.get("framework")
    if not isinstance(framework, str) or not framework:
        raise ConfigError(f"{display_path(year_yml)}:{data.line}: 'framework' is required, e.g. framework: nacc-2566")
    result = Year(year, folder, framework)
    _load_items(result, site.root)
    return result


def _load_items(year: Year, content_root: Path) -> None:
    first_folder: dict = {}
    for entry in sorted(year.folder.iterdir()):
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        code = normalize_item_code(entry.name)
        if code is None:
            year.findings.append(Finding(
                "unknown-item", None, display_path(entry), None,
                f"folder '{entry.name}' is not an item code; name item folders O1 … O43"))
            continue
        if code in first_folder:
            year.findings.append(Finding(
                "duplicate-item", code, display_path(entry), None,
                f"{entry.name}/ and {first_folder[code].name}/ are both item {code}; merge them into one folder {code}/"))
            continue
        first_folder[code] = entry
        if entry.name != code and not entry.name.startswith("O"):
            year.findings.append(Finding(
                "unknown-item", code, display_path(entry), None,
                f"folder '{entry.name}' should be named '{code}' (capital O)", "warning"))
        item = ContentItem(code, entry, entry / "index.md")
        _load_item(item, year, content_root)
        year.items[code] = item


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def _load_item(item: ContentItem, year: Year, content_root: Path) -> None:
    add = year.findings.append
    where = display_path(item.index_path)
    if not item.index_path.is_file():
        add(Finding("evidence-missing", item.code, display_path(item.folder), None,
                    f"item folder has no index.md; create {where} (oit new {year.year} writes one)"))
        return
    if not _inside(item.index_path, content_root):
        add(Finding("path-outside-content", item.code, where, None,
                    "index.md is a link to a file outside content/; replace it with a real file"))
        return
    try:
        text = read_text_file(item.index_path)
    except UnicodeDecodeError as err:
        add(Finding("front-matter-invalid", item.code, where, None,
                    f"file is not UTF-8 text (byte {err.start}); save it as UTF-8"))
        return
    match = FRONT_MATTER.match(text)
    if not match:
        if text.lstrip().startswith("---"):
            add(Finding("front-matter-invalid", item.code, where, 1,
                        "front matter is not closed; end it with a line '---'"))
            return
        item.body, item.body_line, item.loaded = text, 1, True
        return
    item.body = text[match.end():]
    item.body_line = text[:match.end()].count("\n") + 1
    try:
        meta = load_yaml(match.group(1) or "", first_line=2)
    except YamlError as err:
        add(Finding("front-matter-invalid", item.code, where, err.line,
                    f"front matter is not valid YAML: {err}"))
        return
    if meta is None:
        meta = LineDict()
        meta.line, meta.key_lines = 2, {}
    if not isinstance(meta, LineDict):
        add(Finding("front-matter-invalid", item.code, where, 2,
                    "front matter must be key: value lines (owner:, evidence:)"))
        return
    item.meta, item.loaded = meta, True
    owner = meta.get("owner")
    if owner is not None and not isinstance(owner, str):
        add(Finding("field-invalid", item.code, where, meta.line_of("owner"), "owner must be text, e.g. owner: กลุ่มงานพัสดุ"))
    else:
        item.owner = owner
    _load_evidence(item, year, content_root, where)


def _load_evidence(item: ContentItem, year: Year, content_root: Path, where: str) -> None:
    add = year.findings.append
    entries = item.meta.get("evidence")
    if entries is None:
        return
    if not isinstance(entries, LineList):
        add(Finding("front-matter-invalid", item.code, where, item.meta.line_of("evidence"),
                    "evidence must be a list; start each entry with '- title: …'"))
        return
    for index, raw in enumerate(entries):
        line = entries.line_of(index)
        if not isinstance(raw, LineDict):
            add(Finding("front-matter-invalid", item.code, where, line,
                        "each evidence entry needs title and file or url, e.g. '- title: …' then 'file: report.pdf'"))
            continue
        title = raw.get("title")
        if not isinstance(title, (str, int)) or not str(title).strip():
            add(Finding("field-missing", item.code, where, line, "evidence entry has no title; add 'title: …' naming the document"))
            title = ""
        evidence = Evidence(index, str(title).strip(), line)
        has_file, has_url = raw.get("file") not in (None, ""), raw.get("url") not in (None, "")
        if has_file == has_url:
            add(Finding("front-matter-invalid", item.code, where, line,
                        "evidence entry needs exactly one of 'file:' (a file in this folder) or 'url:' (a web address)"))
            continue
        evidence.ref_line = raw.line_of("url" if has_url else "file")
        if has_url:
            url = str(raw["url"]).strip()
            if not re.match(r"https?://\S+$", url):
                add(Finding("field-invalid", item.code, where, raw.line_of("url"),
                            f"url '{url}' must be a full web address starting with https://"))
                continue
            evidence.url = url
        else:
            evidence.file = str(raw["file"])
            _resolve_file(evidence, item, year, content_root, where, raw.line_of("file"))
        if "period" in raw and raw["period"] not in (None, ""):
            try:
                evidence.period = parse_period(raw["period"])
            except PeriodError as err:
                evidence.period_text = str(raw["period"])
                add(Finding("period-invalid", item.code, where, raw.line_of("period"), str(err)))
        item.evidence.append(evidence)


def _inside(path: Path, root: Path) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(real_root + os.sep)


def resolve_item_file(folder: Path, name: str, content_root: Path) -> tuple[Path | None, str | None, str | None]:
    """Resolve a file named in an item's front matter or body.

    Returns (path, None, None) when it is a file inside the item folder, else
    (None, rule, message) with the rule id and advice.
    """
    where = display_path(folder)
    if os.path.isabs(name) or re.match(r"[A-Za-z]:[\\/]", name) or name.startswith("\\"):
        return None, "path-outside-content", f"'{name}' is an absolute path; put the file in {where}/ and write only its name"
    candidate = folder / name
    if ".." in Path(name.replace("\\", "/")).parts or not _inside(candidate, folder):
        scope = "content/" if not _inside(candidate, content_root) else f"the item folder {folder.name}/"
        return None, "path-outside-content", f"'{name}' points outside {scope}; copy the file into {where}/ and write only its name"
    if not candidate.is_file():
        return None, "file-not-found", f"'{name}' is not in {where}/; upload it there or correct the name"
    return candidate, None, None


def item_site_path(year: int, code: str, name: str) -> str:
    """Where a file of an item folder is published, relative to the site root."""
    return f"{year}/{code}/" + "/".join(Path(name.replace("\\", "/")).parts)


def _resolve_file(evidence: Evidence, item: ContentItem, year: Year, content_root: Path, where: str, line) -> None:
    path, rule, message = resolve_item_file(item.folder, evidence.file, content_root)
    if path is None:
        year.findings.append(Finding(rule, item.code, where, line, f"file {message}"))
        return
    evidence.path = path
    evidence.site_path = item_site_path(year.year, item.code, evidence.file)
