"""`oit catalog new`: a new catalog copied from an earlier one, each item linked to the one it continues."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from .catalog import Catalog, CatalogError, parse_catalog_file
from .catalog_lineage import Catalogs
from .display import display_path
from .errors import ConfigError
from .i18n import N_, _, th
from .thai import THAI_DIGITS, ascii_digits
from .yamlio import load_yaml


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
