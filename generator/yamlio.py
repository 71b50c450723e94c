"""Safe YAML reading that remembers line numbers, for findings that point at a line."""
from __future__ import annotations

import yaml

from .i18n import N_, _


class LineDict(dict):
    """A mapping from YAML that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser when PyYAML has it (ten times faster on thousands of front matters),
# with the safe constructors either way.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loading: no Python tags (!!python/object is refused), plus line numbers."""


MAX_DEPTH = 32  # front matter is a few levels deep; anything deeper is a mistake or an attack


def _check_structure(text: str) -> None:
    """Refuse aliases and nesting deeper than MAX_DEPTH before anything is composed.

    Aliases (*name) let a few lines expand into millions of values (the "billion laughs"), and
    a webmaster never needs them. libyaml composes nodes recursively in C and overflows the C
    stack on some 50,000 nested brackets: a crash, not an error message. Its parser is not
    recursive, so reading the events first is safe, and cheap (about 1 ms for a catalog).
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, _("YAML aliases (*name) are not allowed; write the value out in full"), event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, _("values are nested more than {depth} levels deep").format(depth=MAX_DEPTH),
                    event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _needs_checks(text: str) -> bool:
    """False when the text can neither use an alias nor nest deeper than MAX_DEPTH.

    A cheap bound: every flow level needs a bracket; a block level needs one more column of
    indentation or a '-', '?' or ':' on the same line (a block sequence may sit at its key's
    column, its entries then start two columns further). Only its order of magnitude matters
    for safety: libyaml crashes at tens of thousands of levels, not at MAX_DEPTH.
    """
    if "*" in text:
        return True
    depth = 1 + text.count("[") + text.count("{")
    if depth > MAX_DEPTH:
        return True
    worst = 0
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        worst = max(worst, len(line) - len(body) + 2 + body.count("-") + body.count("?") + body.count(":"))
    return depth + worst > MAX_DEPTH


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, _("a key must be plain text"), key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, _("key '{key}' appears twice").format(key=key), key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader, node):
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_int(loader, node):
    # A number written with a leading zero stays text: YAML 1.1 would read 076211000 (a phone
    # number) or 0105550123456 (a tax ID) as octal and publish another number.
    text = loader.construct_scalar(node)
    digits = text.replace("_", "").lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1:2].isdigit():
        return text
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


def _construct_timestamp_as_text(loader, node):
    # Dates stay text: periods and dates are parsed by our own grammar (Thai digits, BE years).
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


# libyaml's commonest problems in a webmaster's YAML, shown in the chosen language (the msgid is
# libyaml's own text, so the English stays as libyaml writes it)
LIBYAML_PROBLEMS = frozenset((
    N_("mapping values are not allowed in this context"),
    N_("did not find expected key"),
    N_("could not find expected ':'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("did not find expected <document start>"),
    N_("found unexpected end of stream"),
    N_("found character that cannot start any token"),
    N_("found unknown escape character"),
    N_("found a tab character that violates indentation"),
))


class YamlError(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; line numbers are shifted so that the text's first line is `first_line`.

    Raises YamlError with a readable message and the line of the problem.
    """
    try:
        if _needs_checks(text):
            _check_structure(text)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + first_line if mark else None
        problem = err.problem or err.context or _("invalid YAML")
        if "could not determine a constructor" in str(err):
            problem = _("YAML tags such as !!python/object are not allowed ({tag})").format(tag=_tag_of(err))
        elif "nesting depth" in problem:  # libyaml's own limit, met while it reads ahead
            problem = _("values are nested more than {depth} levels deep").format(depth=MAX_DEPTH)
        elif problem in LIBYAML_PROBLEMS:
            problem = _(problem)
        raise YamlError(f"{problem}", line) from None
    except yaml.YAMLError as err:
        raise YamlError(_("invalid YAML: {error}").format(error=err), None) from None
    except RecursionError:  # not expected below MAX_DEPTH; still never a traceback
        raise YamlError(_("values are nested too deeply"), None) from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def _tag_of(err) -> str:
    text = str(err.problem or "")
    return text.split("tag ", 1)[-1].strip() if "tag" in text else _("unknown tag")


def _shift_lines(data, offset: int) -> None:
    if isinstance(data, LineDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, LineList):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift_lines(value, offset)


def line_of(data, key, default: int | None = None) -> int | None:
    """Line of `key` in a mapping read by load_yaml, else `default`."""
    return data.line_of(key) if isinstance(data, LineDict) else default
