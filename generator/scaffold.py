"""`oit new YYYY`: one folder per catalog item with an index.md that lists its criteria."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .codes import normalize_item_code
from .content import year_folders, year_settings
from .display import display_path
from .errors import ConfigError
from .fields import kind_of
from .i18n import _
from .time_rules import RULES as TIME_RULES
from .yamlio import YamlError, load_yaml



def item_template(item, year: int) -> str:
    if item.has_parts:
        return parts_template(item, year)
    rule = _rule_advice(item.parts[0], year) if item.parts else TIME_RULES[item.time_rule].advice_for(year)
    criteria = "\n".join(f"  - {line}" for line in item.criteria)
    fields = "".join(field_example(spec) for spec in item.fields)
    criteria_label = _("เกณฑ์ที่ผู้ประเมินตรวจ (criteria the assessor checks):")
    period = _("ช่วงเวลา (time rule: {rule}): {advice}").format(rule=item.time_rule, advice=rule)
    evidence = _("evidence: each entry has title, exactly one of file (in this folder) or url, and period.")
    explain = _("คำอธิบายสำหรับผู้ประเมิน: where the data is and what it shows.")
    return f"""---
# {item.code} {item.title}
# {criteria_label}
{_comment(criteria)}
# {period}
# {evidence}
owner: ""
{fields}evidence: []
---

<!-- {explain} -->
"""


def parts_template(item, year: int) -> str:
    """index.md of an item with several requirements: each part's criteria and time rule, and
    how an evidence entry says which part it serves."""
    blocks = []
    for number, part in enumerate(item.parts, 1):
        criteria = "\n".join(f"  - {line}" for line in part.criteria)
        heading = _("ส่วนที่ {number} part: {part} — {label}").format(number=number, part=part.id, label=part.label)
        period = _("ช่วงเวลา (time rule: {rule}): {advice}").format(rule=" or ".join(part.time_rules),
                                                                    advice=_rule_advice(part, year))
        blocks.append(f"# {heading}\n{_comment(criteria)}\n# {period}")
    fields = "".join(field_example(spec) for spec in item.fields)
    parts = _("ข้อนี้มี {count} ส่วน; each evidence entry serves one part: add 'part: <id>' "
              "(or it is matched by its period).").format(count=len(item.parts))
    several = _("one document for several parts: 'part: [<id>, <id>]'; a supporting paper that is not evidence: "
                "'role: supporting'.")
    evidence = _("evidence: each entry has title, exactly one of file (in this folder) or url, period, and part.")
    explain = _("คำอธิบายสำหรับผู้ประเมิน: where the data of each part is and what it shows.")
    return f"""---
# {item.code} {item.title}
# {parts}
# {several}
{chr(10).join(blocks)}
# {evidence}
owner: ""
{fields}evidence: []
---

<!-- {explain} -->
"""


def _rule_advice(part, year: int) -> str:
    """What the period of a requirement must be; two readings joined by ' or '; inferred rules say so."""
    advice = _(" or ").join(TIME_RULES[r].advice_for(year) for r in part.time_rules)
    return advice + (_(" (time rule inferred: the criteria do not state it; check the official manual)")
                     if part.inferred else "")


def _comment(text: str) -> str:
    return "\n".join("#" + line[1:] if line.startswith(" ") else "# " + line for line in text.splitlines())


def site_family(content_dir: Path) -> str:
    """`family:` of site.yml (nacc, ovec, moph): which family's catalog `oit new` takes; nacc when unset
    or when site.yml cannot be read (the other commands report that)."""
    try:
        data = load_yaml((content_dir / "site.yml").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlError):
        return "nacc"
    family = data.get("family") if isinstance(data, dict) else None
    return family.strip() if isinstance(family, str) and family.strip() else "nacc"


@dataclass(frozen=True)
class Scaffolded:
    folder: Path  # the year folder
    framework: str
    created: int  # item folders written now
    existing: int  # item folders left as they were


def year_folder(content_dir: Path, year: int, framework: str) -> Path:
    """The year's folder (made if missing, as written in ASCII or Thai digits if it exists) with
    a year.yml naming `framework` unless it has one already."""
    folder = year_folders(content_dir).get(year, content_dir / str(year))
    if folder.exists() and not folder.is_dir():
        raise ConfigError(_("{path} is a file, not a folder; rename or remove it, then run oit new {year} again").format(
            path=display_path(folder), year=year))
    folder.mkdir(exist_ok=True)
    year_yml = folder / "year.yml"
    if not year_yml.exists():
        year_yml.write_text(f"framework: {framework}\n", encoding="utf-8")
    return folder


def year_framework(content_dir: Path, year: int, given: str | None) -> str:
    """The catalog to fill a year with: the one given, else the one its year.yml already names,
    else the agency family's catalog of that year (nacc-YYYY)."""
    return given or _declared_framework(content_dir, year) or f"{site_family(content_dir)}-{year}"


def _declared_framework(content_dir: Path, year: int) -> str | None:
    """The framework a year.yml of the year already names (None when it names none: oit validate says why)."""
    folder = year_folders(content_dir).get(year)
    if folder is None:
        return None
    try:
        return year_settings(folder, year)["framework"]
    except ConfigError:
        return None


def scaffold(content_dir: Path, year: int, framework: str | None) -> Scaffolded:
    """One folder per catalog item in the year folder; item folders already there are left alone."""
    framework = year_framework(content_dir, year, framework)
    catalog = load_catalog(framework, content_dir)
    if not content_dir.is_dir():
        raise ConfigError(_("content directory '{folder}' does not exist").format(folder=content_dir))
    folder = year_folder(content_dir, year, framework)
    existing = {normalize_item_code(p.name) for p in folder.iterdir() if p.is_dir()}
    created = 0
    for item in catalog.items:
        if item.code in existing:
            continue
        (folder / item.code).mkdir()
        (folder / item.code / "index.md").write_text(item_template(item, year), encoding="utf-8")
        created += 1
    return Scaffolded(folder, framework, created, len(catalog.items) - created)


# --- pieces of the item template, for `oit new --from` (rollover.py) ---------------------------

def item_header(item, year: int) -> str:
    """The comment lines of an item's index.md template (title, criteria, time rule), without the
    fields and evidence that follow them."""
    template = item_template(item, year)
    return template[len("---\n"):template.index('\nowner: ""')]


def item_body(item, year: int) -> str:
    """The Markdown body of an item's index.md template (the note to write the explanation)."""
    return item_template(item, year).split("\n---\n", 1)[1]


def field_example(spec) -> str:
    """The empty front matter of a structured field, to fill in."""
    return kind_of(spec).example(spec)


def requirement_advice(part, year: int) -> str:
    """What period the evidence of one requirement needs in `year`."""
    return _rule_advice(part, year)
