"""Catalog authoring for the people who get the NACC manual: `oit catalog new|check|diff`, and
the successor links (`continues:`) that `oit new --from` and `diff` follow from one framework
to an earlier one (2569 → 2568 → 2566)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .catalog import LINK_PATTERN, Catalog, CatalogError, available_frameworks, catalog_dirs, parse_catalog_file
from .codes import CODE_PATTERN
from .display import display_path
from .errors import ConfigError
from .i18n import N_, _, th
from .report import terminal_text
from .thai import THAI_DIGITS, ascii_digits
from .time_rules import RULES as TIME_RULES
from .yamlio import LineDict, LineList, YamlError, load_yaml



# --- finding catalogs -------------------------------------------------------------------------

class Catalogs:
    """Catalogs by name or file: beside the file being worked on first, then beside content/,
    then the project's own (catalog.catalog_dirs)."""

    def __init__(self, content_dir: Path | None, first_dir: Path | None = None):
        dirs = catalog_dirs(content_dir)
        self.dirs = ([first_dir] if first_dir and first_dir.resolve() not in [d.resolve() for d in dirs] else []) + dirs
        self._loaded: dict = {}

    def path_of(self, name: str) -> Path | None:
        return next((d / f"{name}.yml" for d in self.dirs if (d / f"{name}.yml").is_file()), None)

    def get(self, name: str):
        """The catalog of that name, or None when there is no such file."""
        if name not in self._loaded:
            path = self.path_of(name)
            self._loaded[name] = parse_catalog_file(path) if path else None
        return self._loaded[name]

    def need(self, ref: str):
        """A catalog named (nacc-2569) or given as a file (oit_items/nacc-2570.yml); else exit 2."""
        path = Path(ref)
        if path.suffix in (".yml", ".yaml") or path.is_file():
            if not path.is_file():
                raise ConfigError(f"{ref}: " + _("no such catalog file"))
            catalog = parse_catalog_file(path)
            self._loaded.setdefault(catalog.framework, catalog)
            if path.parent.resolve() not in [d.resolve() for d in self.dirs]:
                self.dirs.insert(0, path.parent)  # the catalogs it links to may lie beside it
            return catalog
        ref = ascii_digits(ref)  # nacc-๒๕๖๙ is nacc-2569
        catalog = self.get(ref)
        if catalog is None:
            raise ConfigError(_("no catalog '{name}' (available: {known})").format(
                name=ref, known=', '.join(available_frameworks(self.dirs)) or _('none')))
        return catalog


# --- successor links --------------------------------------------------------------------------

@dataclass(frozen=True)
class Feed:
    """An item of the earlier framework whose content goes on in an item of the later one."""
    code: str  # item code in the earlier framework
    from_part: str | None  # only that part of it (None: all of it)
    part: str | None  # the part of the later item it feeds (None: matched by period, or the only part)


def _target_part(item, candidate: str | None) -> str | None:
    ids = [p.id for p in item.parts if p.id]
    return candidate if candidate in ids else None


def feeds(item, source: str, catalogs: Catalogs, depth: int = 0) -> list:
    """The items of framework `source` that `item` carries on, through as many frameworks as its
    links pass (2569 O10 → 2568 O10, O11 → 2566 O18, O16). A link to a catalog or code that does
    not exist is a configuration error: `oit catalog check` names the line."""
    if depth > 20:
        raise ConfigError(_("successor links of {code} go round in a circle; check them with oit catalog check").format(
            code=item.code))
    out = []
    for link in item.continues:
        earlier = catalogs.get(link.framework)
        middle = earlier.item(link.code) if earlier else None
        if middle is None:
            raise ConfigError(_("{code} continues {source}, which does not exist; check the catalog with oit catalog check")
                              .format(code=item.code, source=link.source))
        if link.framework == source:
            out.append(Feed(link.code, link.from_part, link.part or _target_part(item, link.from_part)))
            continue
        for feed in feeds(middle, source, catalogs, depth + 1):
            if link.from_part and feed.part and feed.part != link.from_part:
                continue  # that content went to a part of the middle item that does not continue here
            out.append(Feed(feed.code, feed.from_part, link.part or _target_part(item, link.from_part or feed.part)))
    return out


def lineage(later, earlier, catalogs: Catalogs) -> dict:
    """{later code: [Feed]} for every item of `later`. The same framework on both sides (a year kept
    on last year's catalog) continues item by item; so does a pair no link joins (nacc-2565 →
    nacc-2566: same codes), which `matched_by_code` reports."""
    if later.framework == earlier.framework or not _linked(later, earlier, catalogs):
        return {item.code: [Feed(item.code, None, None)] if earlier.item(item.code) else [] for item in later.items}
    return {item.code: feeds(item, earlier.framework, catalogs) for item in later.items}


def matched_by_code(later, earlier, catalogs: Catalogs) -> bool:
    return later.framework != earlier.framework and not _linked(later, earlier, catalogs)


def _linked(later, earlier, catalogs: Catalogs) -> bool:
    return any(feeds(item, earlier.framework, catalogs) for item in later.items)


# --- oit catalog check ------------------------------------------------------------------------

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


# --- oit catalog new --------------------------------------------------------------------------

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
# The two comment lines at the top of a copy, in the chosen language; a copy of a copy drops its
# source's lines, in either language
COPY_HEADER = (N_("# Copied from {source} by `oit catalog new` on {date}: edit the titles, criteria and time rules"),
               N_("# from the official manual, set provenance status: official when they match it, and check with: "
                  "oit catalog check"))


def new_catalog(content: Path, name: str, source_name: str, out_dir: Path | None) -> tuple[Path, Catalog]:
    """Writes a copy of catalog `source_name` named `name` into `out_dir` (default: oit_items/
    beside content/), every item linked to the one it copies; returns (its file, the source)."""
    catalogs = Catalogs(content)
    name = ascii_digits(name)
    if not NAME_PATTERN.fullmatch(name):
        raise ConfigError(_("catalog name '{name}' must be lower-case letters, digits and '-', e.g. nacc-2570").format(name=name))
    existing = catalogs.path_of(name)
    if existing is not None:
        raise ConfigError(_("{file} already exists; edit it, or choose another name").format(file=display_path(existing)))
    source = catalogs.need(source_name)
    out_dir = out_dir or Path(content).resolve().parent / "oit_items"
    target = out_dir / f"{name}.yml"
    text = copy_catalog_text(source, name)
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    try:
        parse_catalog_file(target)
    except CatalogError:
        target.unlink()
        raise
    return target, source


def copy_catalog_text(source, name: str) -> str:
    """The text of `source` as catalog `name`: comments and layout kept, `framework:` renamed,
    years in the titles moved on, provenance 'inferred' until checked against the manual, and
    every item's `continues:` pointing at the item it was copied from."""
    text = source.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    raw = load_yaml(text)
    lines = text.split("\n")
    edits: dict = {}  # 0-based line → replacement lines (empty list deletes it)
    spans = [_link_edit(text, item, f"{source.framework}/{code}") for item, code in _item_nodes(yaml.compose(text))]
    shift = _year_shift(source.framework, name)
    for key in ("title", "title_en", "source"):
        if key in raw:
            index = raw.line_of(key) - 1
            edits[index] = [_shifted(lines[index], shift) if key != "source"
                            else 'source: "' + _("copied from {source} by oit catalog new; replace with the manual it follows")
                            .format(source=source.framework) + '"']
    if "provenance" in raw:
        for index in _block_lines(lines, raw.line_of("provenance") - 1):
            edits[index] = []
    framework_index = raw.line_of("framework") - 1
    edits[framework_index] = [f"framework: {name}", *_provenance_lines(source.framework, name)]
    header = [_(COPY_HEADER[0]).format(source=source.framework, date=date.today().isoformat()), _(COPY_HEADER[1])]
    earlier_header = ("# Copied from ", "# from the official manual, set provenance") + tuple(
        th(line).split("{")[0] for line in COPY_HEADER)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for index, new in edits.items():  # whole lines as spans of the text too (a deleted line takes its newline)
        spans.append((starts[index], starts[index + 1] - (1 if new else 0), "\n".join(new)))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    out = text.split("\n")
    while out and out[0].startswith(earlier_header):
        out.pop(0)  # the header of the copy it was made from
    return "\n".join(header + out)


def _block_lines(lines: list, start: int) -> list:
    """The line of a key and the more-indented (or blank) lines of its value below it."""
    indent = len(lines[start]) - len(lines[start].lstrip(" -"))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > indent):
        end += 1
    while end - 1 > start and not lines[end - 1].strip():  # a blank line before the next key stays
        end -= 1
    return list(range(start, end))


def _item_nodes(root):
    """(mapping node, code) of every item, from the composed YAML: where its keys and values
    begin and end in the text, however they are written (block, flow, flow over several lines)."""
    def value(node, key):
        if isinstance(node, yaml.MappingNode):
            return next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        return None

    def children(node, key):
        found = value(node, key)
        return found.value if isinstance(found, yaml.SequenceNode) else []

    for indicator in children(root, "indicators"):
        for sub in children(indicator, "sub_indicators"):
            for item in children(sub, "items"):
                code = value(item, "code")
                if isinstance(code, yaml.ScalarNode):
                    yield item, code.value


def _link_edit(text: str, item, link: str) -> tuple:
    """(start, end, text) that makes `item` continue exactly `link`: its continues: value replaced,
    or continues: added beside its code (in the braces of a flow mapping, else on a line below)."""
    for key, value in item.value:
        if key.value == "continues":
            return value.start_mark.index, _end(value), f"[{link}]"
    key, code = next((k, v) for k, v in item.value if k.value == "code")
    if item.flow_style:
        return code.end_mark.index, code.end_mark.index, f", continues: [{link}]"
    line_end = text.find("\n", key.start_mark.index)
    line_end = len(text) if line_end < 0 else line_end
    return line_end, line_end, "\n" + " " * key.start_mark.column + f"continues: [{link}]"


def _end(node) -> int:
    """Where a value ends in the text; a block one ends with its last value, not at the next key."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _end(last[1] if isinstance(last, tuple) else last)


def _year_shift(old: str, new: str):
    """(old BE year, new BE year) from names such as nacc-2569 → nacc-2570, else None."""
    old_year, new_year = (re.search(r"(\d{4})$", name) for name in (old, new))
    return (int(old_year.group(1)), int(new_year.group(1))) if old_year and new_year else None


def _shifted(line: str, shift) -> str:
    if not shift:
        return line
    (old, new), thai = shift, str.maketrans("0123456789", THAI_DIGITS)
    for before, after in ((old, new), (old - 543, new - 543)):
        line = line.replace(str(before), str(after)).replace(str(before).translate(thai), str(after).translate(thai))
    return line


def _provenance_lines(source: str, name: str) -> list:
    return ["provenance:",
            "  status: inferred",
            '  sources: ["' + _("copied from {source} by oit catalog new").format(source=source) + '"]',
            '  note: "' + _("A copy of {source} to be edited from the official manual; not yet checked against it.")
            .format(source=source) + '"']


# --- oit catalog diff -------------------------------------------------------------------------

def diff_catalogs(old, new, catalogs: Catalogs) -> dict:
    """What changed from catalog `old` to `new`, read from the successor links of `new`."""
    sources = lineage(new, old, catalogs)
    successors: dict = {item.code: [] for item in old.items}
    for code, item_feeds in sources.items():
        for feed in item_feeds:
            if code not in successors.setdefault(feed.code, []):
                successors[feed.code].append(code)
    out = {"from": old.framework, "to": new.framework, "items_before": len(old.items), "items_after": len(new.items),
           "matched_by_code": matched_by_code(new, old, catalogs),
           "added": [], "removed": [], "merged": [], "split": [], "renamed": [], "renumbered": [], "time_rule_changed": []}
    for item in new.items:
        codes = list(dict.fromkeys(f.code for f in sources[item.code]))
        if not codes:
            out["added"].append({"code": item.code, "title": item.title})
        elif len(codes) > 1:
            out["merged"].append({"code": item.code, "title": item.title, "from": codes,
                                  "from_titles": [old.item(c).title for c in codes]})
        elif len(successors.get(codes[0], [])) == 1:
            before = old.item(codes[0])
            if _plain(before.title) != _plain(item.title):
                out["renamed"].append({"code": item.code, "from": before.code, "before": before.title, "after": item.title})
            if before.code != item.code:
                out["renumbered"].append({"code": item.code, "from": before.code, "title": item.title})
        out["time_rule_changed"] += _rule_changes(item, sources[item.code], old)
    for item in old.items:
        after = successors.get(item.code, [])
        if not after:
            out["removed"].append({"code": item.code, "title": item.title})
        elif len(after) > 1:
            out["split"].append({"code": item.code, "title": item.title, "to": after,
                                 "to_titles": [new.item(c).title for c in after]})
    return out


def _plain(text: str) -> str:
    return " ".join(text.split())


def _rule_changes(item, item_feeds: list, old) -> list:
    """Parts whose one earlier requirement had other time rules."""
    earlier_of: dict = {}
    for feed in item_feeds:
        before = old.item(feed.code)
        for part in item.parts:
            if feed.part not in (None, part.id):
                continue
            source = _source_requirement(before, feed.from_part, part.id)
            if source is not None:
                earlier_of.setdefault(part.id, []).append((before.code, source))
    changes = []
    for part in item.parts:
        pairs = earlier_of.get(part.id, [])
        if len(pairs) != 1:
            continue  # none, or several earlier requirements merged: no single rule to compare
        code, source = pairs[0]
        if tuple(source.time_rules) != tuple(part.time_rules):
            changes.append({"code": item.code, "part": part.id or None, "from": code, "from_part": source.id or None,
                            "before": list(source.time_rules), "after": list(part.time_rules)})
    return changes


def _source_requirement(before, from_part: str | None, part_id: str):
    if from_part:
        return before.part(from_part)
    if not before.has_parts:
        return before.parts[0]
    return before.part(part_id)


def render_diff(diff: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(diff, ensure_ascii=False, indent=2) + "\n"
    rules = lambda names: " หรือ ".join((TIME_RULES[n].summary_th if n in TIME_RULES else n) for n in names)  # noqa: E731
    part = lambda c: f" ส่วน {c['part']}" if c.get("part") else ""  # noqa: E731
    sections = [
        ("ข้อใหม่", "added", lambda c: f"{c['code']} {c['title']}"),
        ("ข้อที่ยกเลิก", "removed", lambda c: f"{c['code']} {c['title']}"),
        ("ข้อที่รวมกัน", "merged", lambda c: f"{c['code']} {c['title']}\n      รวมจาก " +
         ", ".join(f"{code} {title}" for code, title in zip(c["from"], c["from_titles"]))),
        ("ข้อที่แยกออก", "split", lambda c: f"{c['code']} {c['title']}\n      แยกเป็น " +
         ", ".join(f"{code} {title}" for code, title in zip(c["to"], c["to_titles"]))),
        ("เปลี่ยนชื่อ", "renamed", lambda c: f"{c['code']} (เดิม {c['from']}): {c['before']}\n      เป็น {c['after']}"),
        ("เปลี่ยนเลขข้อ", "renumbered", lambda c: f"{c['from']} → {c['code']} {c['title']}"),
        ("เปลี่ยนช่วงเวลาของหลักฐาน", "time_rule_changed",
         lambda c: f"{c['code']}{part(c)} (เดิม {c['from']}{part({'part': c['from_part']})}): "
                   f"{rules(c['before'])} → {rules(c['after'])}"),
    ]
    lines = [f"เปรียบเทียบรายการข้อมูล OIT: {diff['from']} ({diff['items_before']} ข้อ) → {diff['to']} ({diff['items_after']} ข้อ)"]
    if diff["matched_by_code"]:
        lines.append("(ไม่มีการเชื่อมโยงข้อระหว่างสองเกณฑ์ จึงเทียบตามเลขข้อ)")
    for heading, key, show in sections:
        entries = diff[key]
        lines.append("")
        lines.append(f"{heading}: {len(entries) if entries else 'ไม่มี'}")
        lines += [f"  - {show(c)}" for c in entries]
    return "\n".join(lines) + "\n"
