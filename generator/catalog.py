"""Framework catalogs (oit_items/*.yml): which items a year must publish, and their rules.

A catalog is data. Adding a framework means adding a YAML file; this module only checks
that the file has the shape described in oit_items/README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .codes import CODE_PATTERN, normalize_item_code
from .fields import KINDS
from .i18n import _
from .time_rules import RULES as TIME_RULES  # the one table of time rules
from .yamlio import LineDict, LineList, YamlError, load_yaml
from .resources import CATALOG_DIR


FIELD_KINDS = tuple(KINDS)  # fields.py: one table of field kinds
# O1 … O43 for NACC; agency families use other letters (MOPH: MOIT1 … MOIT22)
FRAMEWORK_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")  # a catalog's name: its file name and year.yml's framework:
PART_ID_PATTERN = re.compile(r"[a-z][a-z0-9_-]*")
# How sure a list or an item is: from the NACC manual, rebuilt from agency pages, or guessed
PROVENANCE_STATUSES = ("official", "reconstructed", "inferred")
PROVENANCE_TH = {"reconstructed": "รวบรวมจากเว็บไซต์ของหน่วยงานที่เผยแพร่ตามเกณฑ์ ไม่ใช่คู่มือทางการของ ป.ป.ช.",
                 "inferred": "อนุมานจากแหล่งข้อมูลบางส่วน ไม่ใช่คู่มือทางการของ ป.ป.ช."}
# Where a time rule comes from: the criteria text, the year labels agencies use, or a guess
TIME_RULE_BASES = ("criteria", "practice", "inferred")
# `continues: [{from: nacc-2568/O12, from_part: progress}]`: an earlier framework's item, by framework and code
LINK_PATTERN = re.compile(r"([a-z0-9][a-z0-9._-]*)/([A-Z]{1,6}[1-9][0-9]*)")


class CatalogError(Exception):
    """A catalog that cannot be used; a configuration error (exit status 2)."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}{':' + str(line) if line else ''}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    label: str
    required: tuple = ()
    any_of: tuple = ()
    files: tuple = ()
    urls: tuple = ()
    min: int = 1
    part: str | None = None  # id of the part of the item that asks for it


@dataclass(frozen=True)
class Provenance:
    status: str | None  # one of PROVENANCE_STATUSES; None when the catalog does not say
    sources: tuple = ()
    note: str = ""

    @property
    def is_official(self) -> bool:
        return self.status in (None, "official")

    @property
    def thai(self) -> str:
        """Where the criteria come from, in Thai, for a framework that is not the official manual
        (the site's notice and the first lines of `oit validate`)."""
        return PROVENANCE_TH.get(self.status or "", "")


@dataclass(frozen=True)
class Link:
    """A successor link: this item carries on an item of an earlier framework (renumbered,
    renamed, merged from several or split off), feeding one of its parts or the whole item."""
    framework: str
    code: str
    from_part: str | None = None  # only this part of the earlier item continues here
    part: str | None = None  # the part of this item it feeds; None: the part with the same id, else all
    line: int | None = 0  # in the catalog file (None when the loader had none)

    @property
    def source(self) -> str:
        return f"{self.framework}/{self.code}" + (f"#{self.from_part}" if self.from_part else "")


@dataclass(frozen=True)
class Part:
    """One requirement of an item, with its own time rule. An item without `parts:` in its
    catalog has exactly one, with id "" and the item's own criteria and rules."""
    id: str
    label: str
    criteria: tuple
    time_rule: str
    also_accepts: tuple[str, ...] = ()  # other readings of the same criteria that count too
    min_evidence: int = 1
    fields: tuple = ()
    time_rule_basis: str | None = None
    code: str = ""  # the item's code (findings name it)

    @property
    def time_rules(self) -> tuple:
        return (self.time_rule,) + self.also_accepts

    @property
    def inferred(self) -> bool:
        return self.time_rule_basis == "inferred"


@dataclass(frozen=True)
class Item:
    code: str
    number: int
    title: str
    title_en: str
    criteria: tuple
    time_rule: str
    min_evidence: int
    fields: tuple[FieldSpec, ...]
    indicator: str
    sub_indicator: str
    criteria_from: str | None = None
    criteria_note: str | None = None
    parts: tuple[Part, ...] = ()  # one part with id "" for an item written without parts:
    provenance: Provenance | None = None  # None: as the catalog says
    continues: tuple[Link, ...] = ()  # the earlier items this one carries on
    line: int = 0  # line of its code in the catalog file

    @property
    def has_parts(self) -> bool:
        return bool(self.parts) and self.parts[0].id != ""

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)


@dataclass(frozen=True)
class Group:
    number: str
    title: str
    title_en: str
    codes: tuple


@dataclass
class Catalog:
    framework: str
    title: str
    title_en: str
    path: Path
    provenance: Provenance = Provenance(None)
    family: str | None = None  # agency family (nacc, ovec, moph): site.yml family: picks the catalog
    items: list = field(default_factory=list)
    indicators: list[Group] = field(default_factory=list)  # with codes of all its items
    sub_indicators: list[Group] = field(default_factory=list)

    def item(self, code: str) -> Item | None:
        return self._by_code.get(code)

    def __post_init__(self):
        self._by_code = {}

    def item_provenance(self, item: Item) -> Provenance:
        return item.provenance or self.provenance

    def code_range(self) -> str:
        """'O1–O26', 'MOIT1–MOIT22': the item codes, for messages."""
        return f"{self.items[0].code}–{self.items[-1].code}" if self.items else _("none")

    def _add(self, item: Item):
        self.items.append(item)
        self._by_code[item.code] = item


def catalog_dirs(content_dir: Path | None = None) -> list[Path]:
    """Where catalogs are looked up: an oit_items/ folder beside the agency's content/ first
    (an agency or school may add its own framework), then the project's own."""
    dirs = []
    if content_dir is not None:
        local = Path(content_dir).resolve().parent / "oit_items"
        if local.is_dir() and local != CATALOG_DIR:
            dirs.append(local)
    return dirs + [CATALOG_DIR]


def available_frameworks(dirs: list[Path]) -> list[str]:
    return sorted({p.stem for d in dirs for p in d.glob("*.yml")})


_CACHE: dict = {}


def load_catalog(framework: str, content_dir: Path | None = None) -> Catalog:
    dirs = catalog_dirs(content_dir)
    if not FRAMEWORK_NAME.fullmatch(framework or ""):
        raise CatalogError("year.yml", None, _("framework name '{name}' must be lower-case letters, digits and '-', e.g. nacc-2566").format(name=framework))
    path = next((d / f"{framework}.yml" for d in dirs if (d / f"{framework}.yml").is_file()), None)
    if path is None:
        known = ", ".join(available_frameworks(dirs)) or _("none")
        raise CatalogError(dirs[-1] / f"{framework}.yml", None, _("no catalog for framework '{name}' (available: {known})").format(name=framework, known=known))
    key = (path, path.stat().st_mtime_ns)
    if key not in _CACHE:
        _CACHE[key] = _parse_catalog(path, framework)
    return _CACHE[key]


def parse_catalog_file(path: Path) -> Catalog:
    """A catalog read from any file (`oit catalog check|diff FILE`): its name is the file name."""
    return _parse_catalog(Path(path), Path(path).stem)


def _parse_catalog(path: Path, framework: str) -> Catalog:
    try:
        data = load_yaml(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise CatalogError(path, None, _("is not UTF-8 text")) from None
    except YamlError as err:
        raise CatalogError(path, err.line, str(err)) from None

    def need(mapping, key, kind, where):
        if not isinstance(mapping, LineDict) or key not in mapping:
            raise CatalogError(path, getattr(mapping, "line", None), f"{where}: " + _("'{key}' is required").format(key=key))
        value = mapping[key]
        if not isinstance(value, kind):
            raise CatalogError(path, mapping.line_of(key), f"{where}: " + _("'{key}' must be {kind}").format(key=key, kind=_kind_name(kind)))
        return value

    if not isinstance(data, LineDict):
        raise CatalogError(path, 1, _("a catalog must be a mapping with framework, title and indicators"))
    name = need(data, "framework", str, _("catalog"))
    if not FRAMEWORK_NAME.fullmatch(name):  # year.yml names it, and load_catalog finds only such names
        raise CatalogError(path, data.line_of("framework"), _(
            "framework name '{name}' cannot be loaded from a year.yml; use lower-case letters, digits and '-', e.g. nacc-2570, "
            "and name the file the same"
        ).format(name=name))
    if name != framework:
        raise CatalogError(path, data.line_of("framework"), _("framework '{name}' must match the file name '{file}'").format(name=name, file=framework))
    catalog = Catalog(framework, need(data, "title", str, _("catalog")), str(data.get("title_en", "")), path,
                      _parse_provenance(data, path, _("catalog")) or Provenance(None), _parse_family(data, path))
    seen: dict = {}
    for indicator in need(data, "indicators", list, _("catalog")):
        ind_no = str(need(indicator, "number", (str, int), _("indicator")))
        ind_codes = []
        for sub in need(indicator, "sub_indicators", list, _("indicator {number}").format(number=ind_no)):
            sub_no = str(need(sub, "number", (str, int, float), _("indicator {number} sub-indicator").format(number=ind_no)))
            sub_codes = []
            for raw in need(sub, "items", list, _("sub-indicator {number}").format(number=sub_no)):
                item = _parse_item(raw, need, path, ind_no, sub_no)
                if item.code in seen:
                    raise CatalogError(path, raw.line_of("code"), _("item {code} appears twice (first on line {line})").format(code=item.code, line=seen[item.code]))
                seen[item.code] = raw.line_of("code")
                catalog._add(item)
                sub_codes.append(item.code)
            catalog.sub_indicators.append(Group(sub_no, need(sub, "title", str, _("sub-indicator {number}").format(number=sub_no)),
                                                str(sub.get("title_en", "")), tuple(sub_codes)))
            ind_codes += sub_codes
        catalog.indicators.append(Group(ind_no, need(indicator, "title", str, _("indicator {number}").format(number=ind_no)),
                                        str(indicator.get("title_en", "")), tuple(ind_codes)))
    if not catalog.items:
        raise CatalogError(path, data.line, _("the catalog lists no items"))
    return catalog


def _parse_item(raw, need, path, ind_no, sub_no) -> Item:
    code = need(raw, "code", str, _("sub-indicator {number} item").format(number=sub_no))
    match = CODE_PATTERN.fullmatch(code)
    if not match:
        raise CatalogError(path, raw.line_of("code"), _("item code '{code}' must be capital letters and a number, like O1, O23, MOIT5").format(code=code))
    if normalize_item_code(code) != code:  # the content loader finds an item by its folder name
        raise CatalogError(path, raw.line_of("code"), _(
            "item code '{code}' cannot be an item folder's name; write capital letters and a number, like O1, E1, MOIT5"
        ).format(code=code))
    where = _("item {code}").format(code=code)
    fields = _parse_fields(raw, path, where, None)
    if "parts" in raw:
        parts = _parse_parts(raw, path, where, code)
        fields += tuple(spec for part in parts for spec in part.fields)
        criteria = _criteria(raw, path, where, required=False) or tuple(c for p in parts for c in p.criteria)
    else:
        criteria = _criteria(raw, path, where, required=True)
        parts = (_parse_requirement(raw, path, where, code, "", "", criteria, fields),)
    first = parts[0]
    return Item(code=code, number=int(match.group(2)), title=need(raw, "title", str, where),
                title_en=str(raw.get("title_en", "")), criteria=criteria,
                time_rule=first.time_rule, min_evidence=first.min_evidence, fields=fields, indicator=ind_no,
                sub_indicator=sub_no, criteria_from=raw.get("criteria_from"),
                criteria_note=raw.get("criteria_note"), parts=parts,
                provenance=_parse_provenance(raw, path, where),
                continues=_parse_links(raw, path, where, parts), line=raw.line_of("code"))


def _parse_links(raw, path, where, parts) -> tuple:
    """`continues:` of an item: a list of 'framework/CODE' or {from, from_part, part}. That the
    earlier item exists is checked by `oit catalog check` (loading every catalog here would be slow)."""
    entries = raw.get("continues")
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise CatalogError(path, raw.line_of("continues"), f"{where}: " + _("continues must be a list such as [nacc-2568/O3]"))
    links = []
    for index, entry in enumerate(entries):
        line = entries.line_of(index) if isinstance(entries, LineList) else None
        spec = LineDict(**{"from": entry}) if isinstance(entry, str) else entry
        if not isinstance(spec, dict) or not isinstance(spec.get("from"), str):
            raise CatalogError(path, line, f"{where}: " + _("each continues entry is 'framework/CODE' or a mapping with from: framework/CODE"))
        match = LINK_PATTERN.fullmatch(spec["from"].strip())
        if not match:
            raise CatalogError(path, line, f"{where}: " + _("continues from '{source}' must be framework/CODE, e.g. nacc-2568/O12").format(source=spec['from']))
        part, from_part = spec.get("part"), spec.get("from_part")
        ids = [p.id for p in parts if p.id]
        if part is not None and part not in ids:
            raise CatalogError(path, line, f"{where}: " + _("continues part '{part}' is not a part of this item ({parts})")
                               .format(part=part, parts=', '.join(ids) if ids else _('it has no parts')))
        if from_part is not None and not (isinstance(from_part, str) and PART_ID_PATTERN.fullmatch(from_part)):
            raise CatalogError(path, line, f"{where}: " + _("continues from_part must be a part id such as progress"))
        links.append(Link(match.group(1), match.group(2), from_part, part, line))
    return tuple(links)


def _criteria(raw, path, where, required: bool) -> tuple:
    criteria = raw.get("criteria")
    if criteria is None and not required:
        return ()
    if not isinstance(criteria, list) or not criteria or not all(isinstance(c, str) and c.strip() for c in criteria):
        raise CatalogError(path, raw.line_of("criteria") if "criteria" in raw else raw.line,
                           f"{where}: " + _("criteria must be a non-empty list of text"))
    return tuple(c.strip() for c in criteria)


def _parse_parts(raw, path, where, code) -> tuple:
    """`parts:` of an item with several requirements (plan + progress, policy + report)."""
    parts = raw.get("parts")
    if not isinstance(parts, list) or not parts:
        raise CatalogError(path, raw.line_of("parts"), f"{where}: " + _("parts must be a non-empty list of requirements (id, label, criteria, time_rule)"))
    if "time_rule" in raw:
        raise CatalogError(path, raw.line_of("time_rule"), f"{where}: " + _("an item with parts sets time_rule in each part, not on the item"))
    out, seen = [], set()
    for part in parts:
        if not isinstance(part, LineDict):
            raise CatalogError(path, raw.line_of("parts"), f"{where}: " + _("each part must be a mapping with id, label, criteria and time_rule"))
        part_id = part.get("id")
        if not isinstance(part_id, str) or not PART_ID_PATTERN.fullmatch(part_id):
            raise CatalogError(path, part.line_of("id") if "id" in part else part.line,
                               f"{where}: " + _("part id must be lower-case letters, digits, '-' or '_', e.g. plan, progress"))
        if part_id in seen:
            raise CatalogError(path, part.line_of("id"), f"{where}: " + _("part '{part}' appears twice").format(part=part_id))
        seen.add(part_id)
        label = part.get("label")
        if not isinstance(label, str) or not label.strip():
            raise CatalogError(path, part.line, _("{where} part {part}").format(where=where, part=part_id) + ": "
                               + _("'label' is required (Thai, what the part asks for)"))
        part_where = _("{where} part {part}").format(where=where, part=part_id)
        out.append(_parse_requirement(part, path, part_where, code, part_id, label.strip(),
                                      _criteria(part, path, part_where, required=True),
                                      _parse_fields(part, path, part_where, part_id)))
    return tuple(out)


def _parse_requirement(raw, path, where, code, part_id, label, criteria, fields) -> Part:
    """The time rule(s), minimum count and basis of one requirement (an item or one of its parts).
    `time_rule` is one rule, or a list of the readings agencies use (the first is the main one)."""
    if "time_rule" not in raw:
        raise CatalogError(path, raw.line, f"{where}: " + _("'{key}' is required").format(key="time_rule"))
    rules = raw["time_rule"]
    rules = [rules] if isinstance(rules, str) else rules
    if not isinstance(rules, list) or not rules or any(r not in TIME_RULES for r in rules):
        shown = next((f"'{r}' " for r in rules if r not in TIME_RULES), "") if isinstance(rules, list) else ""
        raise CatalogError(path, raw.line_of("time_rule"),
                           f"{where}: " + _("time_rule {shown}must be one of {rules} (or a list of them: readings that all count)")
                           .format(shown=shown, rules=', '.join(TIME_RULES)))
    min_evidence = raw.get("min_evidence", 1)
    if not isinstance(min_evidence, int) or isinstance(min_evidence, bool) or min_evidence < 0:
        raise CatalogError(path, raw.line_of("min_evidence"), f"{where}: " + _("min_evidence must be a whole number ≥ 0"))
    basis = raw.get("time_rule_basis")
    if basis is not None and basis not in TIME_RULE_BASES:
        raise CatalogError(path, raw.line_of("time_rule_basis"), f"{where}: " + _("time_rule_basis must be one of {bases}").format(bases=', '.join(TIME_RULE_BASES)))
    return Part(id=part_id, label=label, criteria=criteria, time_rule=rules[0], also_accepts=tuple(rules[1:]),
                min_evidence=min_evidence, fields=fields, time_rule_basis=basis, code=code)


def _parse_fields(raw, path, where, part_id) -> tuple:
    fields = raw.get("fields") or LineDict()
    if not isinstance(fields, dict):
        raise CatalogError(path, raw.line_of("fields"), f"{where}: " + _("fields must be a mapping of field name to spec"))
    return tuple(_parse_field(name, spec, path, where, part_id) for name, spec in fields.items())


def _parse_provenance(raw, path, where) -> Provenance | None:
    """`provenance: {status, sources, note}` of a catalog or an item."""
    value = raw.get("provenance")
    if value is None:
        return None
    if not isinstance(value, LineDict):
        raise CatalogError(path, raw.line_of("provenance"), f"{where}: " + _("provenance must be a mapping with status, sources and note"))
    status = value.get("status")
    if status not in PROVENANCE_STATUSES:
        raise CatalogError(path, value.line_of("status") if "status" in value else value.line,
                           f"{where}: " + _("provenance status must be one of {statuses}").format(statuses=', '.join(PROVENANCE_STATUSES)))
    sources = value.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise CatalogError(path, value.line_of("sources"), f"{where}: " + _("provenance sources must be a list of text"))
    return Provenance(status, tuple(sources), str(value.get("note") or "").strip())


def _parse_family(data, path) -> str | None:
    family = data.get("family")
    if family is not None and not (isinstance(family, str) and re.fullmatch(r"[a-z][a-z0-9-]*", family)):
        raise CatalogError(path, data.line_of("family"), _("family must be a lower-case name, e.g. nacc, ovec, moph"))
    return family


def _parse_field(name, spec, path, where, part_id=None) -> FieldSpec:
    if not isinstance(spec, LineDict):
        raise CatalogError(path, None, f"{where}: " + _("field '{name}' must be a mapping with kind and label").format(name=name))
    kind = spec.get("kind")
    if kind not in FIELD_KINDS:
        raise CatalogError(path, spec.line_of("kind"), f"{where}: " + _("field '{name}' kind must be one of {kinds}").format(name=name, kinds=', '.join(FIELD_KINDS)))
    lists = {}
    for key in ("required", "any_of", "files", "urls"):
        value = spec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CatalogError(path, spec.line_of(key), f"{where}: " + _("field '{name}' {key} must be a list of names").format(name=name, key=key))
        lists[key] = tuple(value)
    minimum = spec.get("min", 1)
    if not isinstance(minimum, int) or minimum < 0:
        raise CatalogError(path, spec.line_of("min"), f"{where}: " + _("field '{name}' min must be a whole number").format(name=name))
    return FieldSpec(name=str(name), kind=kind, label=str(spec.get("label", name)), min=minimum, part=part_id, **lists)


def _kind_name(kind) -> str:
    names = {str: _("text"), list: _("a list"), int: _("a number"), dict: _("a mapping")}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return _(" or ").join(names.get(k, k.__name__) for k in kinds)
