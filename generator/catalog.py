"""Framework catalogs (oit_items/*.yml): which items a year must publish, and their rules.

A catalog is data. Adding a framework means adding a YAML file; this module only checks
that the file has the shape described in oit_items/README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .yamlio import LineDict, YamlError, load_yaml

CATALOG_DIR = Path(__file__).resolve().parent.parent / "oit_items"

TIME_RULES = ("none", "current_year", "in_force", "first_half", "first_half_monthly", "previous_year")
FIELD_KINDS = ("list", "record", "url")
CODE_PATTERN = re.compile(r"O[1-9][0-9]*")


class CatalogError(Exception):
    """A catalog that cannot be used; a configuration error (exit status 2)."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}{':' + str(line) if line else ''}: {message}")


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


@dataclass(frozen=True)
class Item:
    code: str
    number: int
    title: str
    title_en: str
    criteria: tuple
    time_rule: str
    min_evidence: int
    fields: tuple  # of FieldSpec
    indicator: str
    sub_indicator: str
    criteria_from: str | None = None
    criteria_note: str | None = None


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
    items: list = field(default_factory=list)
    indicators: list = field(default_factory=list)  # Group, with codes of all its items
    sub_indicators: list = field(default_factory=list)  # Group

    def item(self, code: str) -> Item | None:
        return self._by_code.get(code)

    def __post_init__(self):
        self._by_code = {}

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
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", framework or ""):
        raise CatalogError("year.yml", None, f"framework name '{framework}' must be lower-case letters, digits and '-', e.g. nacc-2566")
    path = next((d / f"{framework}.yml" for d in dirs if (d / f"{framework}.yml").is_file()), None)
    if path is None:
        known = ", ".join(available_frameworks(dirs)) or "none"
        raise CatalogError(dirs[-1] / f"{framework}.yml", None, f"no catalog for framework '{framework}' (available: {known})")
    key = (path, path.stat().st_mtime_ns)
    if key not in _CACHE:
        _CACHE[key] = _parse_catalog(path, framework)
    return _CACHE[key]


def _parse_catalog(path: Path, framework: str) -> Catalog:
    try:
        data = load_yaml(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise CatalogError(path, None, "is not UTF-8 text") from None
    except YamlError as err:
        raise CatalogError(path, err.line, str(err)) from None

    def need(mapping, key, kind, where):
        if not isinstance(mapping, LineDict) or key not in mapping:
            raise CatalogError(path, getattr(mapping, "line", None), f"{where}: '{key}' is required")
        value = mapping[key]
        if not isinstance(value, kind):
            raise CatalogError(path, mapping.line_of(key), f"{where}: '{key}' must be {_kind_name(kind)}")
        return value

    if not isinstance(data, LineDict):
        raise CatalogError(path, 1, "a catalog must be a mapping with framework, title and indicators")
    name = need(data, "framework", str, "catalog")
    if name != framework:
        raise CatalogError(path, data.line_of("framework"), f"framework '{name}' must match the file name '{framework}'")
    catalog = Catalog(framework, need(data, "title", str, "catalog"), str(data.get("title_en", "")), path)
    seen: dict = {}
    for indicator in need(data, "indicators", list, "catalog"):
        ind_no = str(need(indicator, "number", (str, int), "indicator"))
        ind_codes = []
        for sub in need(indicator, "sub_indicators", list, f"indicator {ind_no}"):
            sub_no = str(need(sub, "number", (str, int, float), f"indicator {ind_no} sub-indicator"))
            sub_codes = []
            for raw in need(sub, "items", list, f"sub-indicator {sub_no}"):
                item = _parse_item(raw, need, path, ind_no, sub_no)
                if item.code in seen:
                    raise CatalogError(path, raw.line_of("code"), f"item {item.code} appears twice (first on line {seen[item.code]})")
                seen[item.code] = raw.line_of("code")
                catalog._add(item)
                sub_codes.append(item.code)
            catalog.sub_indicators.append(Group(sub_no, need(sub, "title", str, f"sub-indicator {sub_no}"),
                                                str(sub.get("title_en", "")), tuple(sub_codes)))
            ind_codes += sub_codes
        catalog.indicators.append(Group(ind_no, need(indicator, "title", str, f"indicator {ind_no}"),
                                        str(indicator.get("title_en", "")), tuple(ind_codes)))
    if not catalog.items:
        raise CatalogError(path, data.line, "the catalog lists no items")
    return catalog


def _parse_item(raw, need, path, ind_no, sub_no) -> Item:
    code = need(raw, "code", str, f"sub-indicator {sub_no} item")
    if not CODE_PATTERN.fullmatch(code):
        raise CatalogError(path, raw.line_of("code"), f"item code '{code}' must look like O1, O23")
    where = f"item {code}"
    criteria = need(raw, "criteria", list, where)
    if not criteria or not all(isinstance(c, str) and c.strip() for c in criteria):
        raise CatalogError(path, raw.line_of("criteria"), f"{where}: criteria must be a non-empty list of text")
    rule = need(raw, "time_rule", str, where)
    if rule not in TIME_RULES:
        raise CatalogError(path, raw.line_of("time_rule"), f"{where}: time_rule '{rule}' must be one of {', '.join(TIME_RULES)}")
    min_evidence = raw.get("min_evidence", 1)
    if not isinstance(min_evidence, int) or isinstance(min_evidence, bool) or min_evidence < 0:
        raise CatalogError(path, raw.line_of("min_evidence"), f"{where}: min_evidence must be a whole number ≥ 0")
    fields = raw.get("fields") or LineDict()
    if not isinstance(fields, dict):
        raise CatalogError(path, raw.line_of("fields"), f"{where}: fields must be a mapping of field name to spec")
    specs = tuple(_parse_field(name, spec, path, where) for name, spec in fields.items())
    return Item(code=code, number=int(code[1:]), title=need(raw, "title", str, where),
                title_en=str(raw.get("title_en", "")), criteria=tuple(c.strip() for c in criteria),
                time_rule=rule, min_evidence=min_evidence, fields=specs, indicator=ind_no,
                sub_indicator=sub_no, criteria_from=raw.get("criteria_from"),
                criteria_note=raw.get("criteria_note"))


def _parse_field(name, spec, path, where) -> FieldSpec:
    if not isinstance(spec, LineDict):
        raise CatalogError(path, None, f"{where}: field '{name}' must be a mapping with kind and label")
    kind = spec.get("kind")
    if kind not in FIELD_KINDS:
        raise CatalogError(path, spec.line_of("kind"), f"{where}: field '{name}' kind must be one of {', '.join(FIELD_KINDS)}")
    lists = {}
    for key in ("required", "any_of", "files", "urls"):
        value = spec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CatalogError(path, spec.line_of(key), f"{where}: field '{name}' {key} must be a list of names")
        lists[key] = tuple(value)
    minimum = spec.get("min", 1)
    if not isinstance(minimum, int) or minimum < 0:
        raise CatalogError(path, spec.line_of("min"), f"{where}: field '{name}' min must be a whole number")
    return FieldSpec(name=str(name), kind=kind, label=str(spec.get("label", name)), min=minimum, **lists)


def _kind_name(kind) -> str:
    names = {str: "text", list: "a list", int: "a number", dict: "a mapping"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)
