"""`oit catalog check`: a catalog file reads, its codes, groups and links hold (docs/contracts.md#commands)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


from .catalog import LINK_PATTERN, CatalogError, available_frameworks, parse_catalog_file
from .codes import CODE_PATTERN
from .errors import ConfigError
from .i18n import _
from .report import terminal_text
from .yamlio import LineDict, LineList, YamlError, load_yaml

from .catalog_lineage import Catalogs


@dataclass
class Problem:
    line: int | None
    message: str
    severity: str = "error"


@dataclass
class CheckResult:
    path: Path
    problems: list = field(default_factory=list)

    def add(self, line, message, severity="error"):
        if not any(p.line == line and p.severity == "error" for p in self.problems if line):
            self.problems.append(Problem(line, message, severity))

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)


def check_catalog(path: Path, content_dir: Path | None) -> CheckResult:
    """Every problem of a catalog file with its line: the schema (as the loader reads it), codes
    that appear twice, groups, and successor links that do not resolve."""
    result = CheckResult(path)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        result.add(None, _("is not UTF-8 text; save it as UTF-8"))
        return result
    except YamlError as err:
        result.add(err.line, str(err))
        return result
    items = list(_raw_items(raw))
    _check_codes(items, result)
    _check_groups(raw, result)
    catalogs = Catalogs(content_dir, path.parent)
    _check_links(items, catalogs, result)
    try:
        catalog = parse_catalog_file(path)
    except CatalogError as err:
        result.add(err.line, err.message)
    else:
        catalogs._loaded[catalog.framework] = catalog  # the file checked is its framework, wherever it lies
        _check_cycles(catalog, catalogs, result)
    result.problems.sort(key=lambda p: (p.line or 0, p.severity))
    return result


def _raw_items(raw):
    """(item mapping) for every item of a catalog read with line numbers, in file order."""
    for indicator in _list(raw.get("indicators") if isinstance(raw, LineDict) else None):
        for sub in _list(indicator.get("sub_indicators") if isinstance(indicator, LineDict) else None):
            for item in _list(sub.get("items") if isinstance(sub, LineDict) else None):
                if isinstance(item, LineDict):
                    yield item


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _check_codes(items, result: CheckResult) -> None:
    first: dict = {}
    numbers: dict = {}
    for item in items:
        code = item.get("code")
        if not isinstance(code, str):
            continue
        line = item.line_of("code")
        if code in first:
            result.add(line, _("item {code} appears twice (first on line {line}); each code once per catalog").format(
                code=code, line=first[code]))
            continue
        first[code] = line
        match = CODE_PATTERN.fullmatch(code)
        if match:
            prefix, number = match.group(1), int(match.group(2))
            expected = numbers.get(prefix, 0) + 1
            if number != expected:
                result.add(line, _("{code}: {prefix}{expected} expected here (items are numbered in order); "
                                   "check the numbering").format(code=code, prefix=prefix, expected=expected), "warning")
            numbers[prefix] = number


def _check_groups(raw, result: CheckResult) -> None:
    seen: dict = {}
    for indicator in _list(raw.get("indicators") if isinstance(raw, LineDict) else None):
        if not isinstance(indicator, LineDict):
            continue
        number = str(indicator.get("number", ""))
        for sub in _list(indicator.get("sub_indicators")):
            if not isinstance(sub, LineDict) or "number" not in sub:
                continue
            sub_no = str(sub["number"])
            line = sub.line_of("number")
            if sub_no in seen:
                result.add(line, _("sub-indicator {number} appears twice (first on line {line})").format(
                    number=sub_no, line=seen[sub_no]))
            seen.setdefault(sub_no, line)
            if number and "." in sub_no and not sub_no.startswith(number + "."):
                result.add(line, _("sub-indicator {sub} is under indicator {number}; number it {number}.1, {number}.2 …")
                           .format(sub=sub_no, number=number), "warning")
            if not _list(sub.get("items")):
                result.add(line, _("sub-indicator {number} lists no items").format(number=sub_no))


def _check_links(items, catalogs: Catalogs, result: CheckResult) -> None:
    for item in items:
        links = item.get("continues")
        if not isinstance(links, LineList):
            continue
        part_ids = [p.get("id") for p in _list(item.get("parts")) if isinstance(p, LineDict)]
        for index, entry in enumerate(links):
            line = links.line_of(index)
            spec = {"from": entry} if isinstance(entry, str) else entry
            if not isinstance(spec, dict) or not isinstance(spec.get("from"), str):
                result.add(line, f"{item.get('code')}: " + _("each continues entry is 'framework/CODE' or a mapping with from:"))
                continue
            problem = _link_problem(spec, part_ids, catalogs)
            if problem:
                result.add(line, _("{code}: continues {source}: {problem}").format(
                    code=item.get('code'), source=spec['from'], problem=problem))


def _check_cycles(catalog, catalogs: Catalogs, result: CheckResult) -> None:
    """Successor links that come round again (a-2569/O1 → a-2568/O1 → a-2569/O1): `oit new --from`
    and `oit catalog diff` could never reach an earlier year through them."""
    for item in catalog.items:
        for link in item.continues:
            loop = _loop_from([(catalog.framework, item.code)], (link.framework, link.code), catalogs)
            if loop:
                result.add(link.line or item.line, _("{code}: its successor links go round in a circle ({loop}); an item continues "
                                        "only items of earlier catalogs").format(
                    code=item.code, loop=" → ".join(f"{fw}/{code}" for fw, code in loop)))
                break


def _loop_from(path: list, node: tuple, catalogs: Catalogs) -> list:
    """The circle that following the links from `node` runs into (path: the way there), or []."""
    if node in path:
        return path[path.index(node):] + [node]
    try:
        earlier = catalogs.get(node[0])
    except CatalogError:
        return []  # reported by _check_links
    item = earlier.item(node[1]) if earlier else None
    for link in item.continues if item else ():
        loop = _loop_from(path + [node], (link.framework, link.code), catalogs)
        if loop:
            return loop
    return []


def _link_problem(spec, part_ids: list, catalogs: Catalogs) -> str | None:
    match = LINK_PATTERN.fullmatch(spec["from"].strip())
    if not match:
        return _("write framework/CODE, e.g. nacc-2568/O12")
    framework, code = match.groups()
    try:
        earlier = catalogs.get(framework)
    except CatalogError as err:
        return _("that catalog cannot be read ({error})").format(error=err)
    if earlier is None:
        return _("no catalog '{name}' (available: {known})").format(
            name=framework, known=', '.join(available_frameworks(catalogs.dirs)))
    target = earlier.item(code)
    if target is None:
        return _("{framework} has no item {code} (its items: {codes})").format(
            framework=framework, code=code, codes=earlier.code_range())
    from_part, part = spec.get("from_part"), spec.get("part")
    if from_part is not None and target.part(str(from_part)) is None:
        ids = ", ".join(p.id for p in target.parts if p.id) or _("it has no parts")
        return _("from_part '{part}' is not a part of {framework}/{code} ({parts})").format(
            part=from_part, framework=framework, code=code, parts=ids)
    if part is not None and part not in part_ids:
        return _("part '{part}' is not a part of this item ({parts})").format(
            part=part, parts=', '.join(map(str, part_ids)) or _('it has no parts'))
    return None


def render_check(result: CheckResult, fmt: str) -> str:
    shown = str(result.path)  # as the user gave it
    if fmt == "json":
        return json.dumps({"file": shown, "errors": result.errors,
                           "problems": [{"line": p.line, "severity": p.severity, "message": p.message}
                                        for p in result.problems]}, ensure_ascii=False, indent=2) + "\n"
    severities = {"error": _("error"), "warning": _("warning")}
    lines = [f"{shown}:{p.line or 1}: {severities.get(p.severity, p.severity)}: {p.message}" for p in result.problems]
    warnings = len(result.problems) - result.errors
    lines.append(f"{shown}: " + (_("{errors} error(s), {warnings} warning(s)").format(errors=result.errors, warnings=warnings)
                                 if result.problems else _("ok")))
    return terminal_text("\n".join(lines)) + "\n"


def catalog_file(content: Path, given: str) -> Path:
    """The catalog `oit catalog check` is given: a file, or a catalog's name."""
    path = Path(given)
    if path.is_file():
        return path
    found = Catalogs(content).path_of(given)
    if found is None:
        raise ConfigError(f"{given}: " + _("no such catalog file or catalog name"))
    return found
