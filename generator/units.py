"""Responsible units (`units:` in site.yml) and who owns each item (`owner:` in its front matter).

An owner names a unit by its id or by its Thai name, or is a list of them. Once site.yml lists
units, an owner that is none of them is a warning that suggests the closest unit, and an item
without an owner is a warning too. Unit contacts are for the ITA committee: never published.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .display import display_path
from .texts import is_text, one_line
from .findings import Finding
from .i18n import _
from .yamlio import LineDict, LineList

UNIT_KEYS = ("id", "name", "contact", "phone", "email")


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    contact: str = ""
    phone: str = ""
    email: str = ""


def _key(text) -> str:
    """How owners are compared: case and spacing do not matter."""
    return " ".join(str(text).split()).casefold()


def load_units(site) -> tuple[list, list]:
    """(units, findings) from site.yml; a malformed entry is a warning and is left out."""
    value = site.settings.get("units")
    where = display_path(site.root / "site.yml")
    if value in (None, "", []):
        return [], []
    if not isinstance(value, LineList):
        return [], [_unit_warning(where, site.settings.line_of("units"),
                                  "units: must be a list; start each unit with '- id: procurement' and 'name: กลุ่มงานพัสดุ'")]
    units: list[Unit] = []
    findings: list[Finding] = []
    seen: set[str] = set()
    for number, entry in enumerate(value, 1):
        line = entry.line if isinstance(entry, LineDict) else value.line_of(number - 1)
        if not isinstance(entry, LineDict) or not all(is_text(entry.get(k)) and str(entry.get(k)).strip() for k in ("id", "name")):
            findings.append(_unit_warning(where, line, _(
                "units[{number}] needs 'id:' and 'name:' (optional: contact, phone, email)").format(number=number)))
            continue
        unit = Unit(*(one_line(entry.get(k) or "") for k in UNIT_KEYS))
        if {_key(unit.id), _key(unit.name)} & seen:
            findings.append(_unit_warning(where, line, _(
                "units[{number}] ({id}) repeats the id or name of an earlier unit; it is left out").format(
                    number=number, id=unit.id)))
            continue
        seen |= {_key(unit.id), _key(unit.name)}
        units.append(unit)
    return units, findings


def _unit_warning(where: str, line, message: str) -> Finding:
    return Finding("config-invalid", None, where, line, message, "warning")


def owner_texts(content) -> list:
    """The owners an item's front matter names, as written (one or a list)."""
    if content is None or not content.loaded:
        return []
    value = content.meta.get("owner")
    values = value if isinstance(value, list) else [value]
    return [one_line(v) for v in values if is_text(v) and str(v).strip()]


def find_unit(text: str, units: list) -> Unit | None:
    """The unit whose id or name is `text`."""
    return next((u for u in units if _key(text) in (_key(u.id), _key(u.name))), None)


def closest_unit(text: str, units: list) -> Unit | None:
    """The unit whose id or name looks most like `text` (a typo, an old name), or None."""
    names = {_key(u.id): u for u in units} | {_key(u.name): u for u in units}
    match = difflib.get_close_matches(_key(text), list(names), n=1, cutoff=0.5)
    return names[match[0]] if match else None


def owner_findings(site, results: list) -> tuple[dict[str, str], list]:
    """The units hook of `oit validate`: (item code → its owners as the page names them, findings:
    site.yml's units: problems, `owner-unknown` and `owner-missing`). An owner given by unit id is
    shown by the unit's name."""
    units, findings = load_units(site)
    names: dict[str, str] = {}
    if not units:
        return names, findings
    for result in results:
        content = result.content
        if content is None or not content.loaded:
            continue
        where, line = display_path(content.index_path), content.meta.line_of("owner") or content.meta.line
        owners = owner_texts(content)
        if not owners:
            findings.append(Finding("owner-missing", result.code, where, line,
                                    _("no owner: name the responsible unit, e.g. owner: {unit}").format(
                                        unit=units[0].name)))
            continue
        shown = []
        for text in owners:
            unit = find_unit(text, units)
            shown.append(unit.name if unit else text)
            if unit is None:
                findings.append(Finding("owner-unknown", result.code, where, line, _unknown_owner_message(text, units)))
        names[result.code] = ", ".join(shown)
    return names, findings


def _unknown_owner_message(text: str, units: list) -> str:
    closest = closest_unit(text, units)
    advice = (_("did you mean {name} (id: {id})?").format(name=closest.name, id=closest.id) if closest
              else _("write the id or name of one of: {ids}").format(ids=", ".join(u.id for u in units)))
    return _("owner '{text}' is not a unit listed in site.yml (units:); {advice}").format(text=text, advice=advice)
