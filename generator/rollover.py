"""`oit new YYYY --from YYYY`: start a year from the previous one.

Each item of the new year's catalog is traced back through the catalogs' successor links
(`continues:`, catalog_lineage.feeds) to the items of the earlier year. What does not expire is
copied, with its files, into the new item folder: structured fields (executives, contact,
channel URLs), a channel given as a URL, and documents whose period still meets the new year's
time rule (a five-year plan that covers it). Everything else is listed in the new index.md as
"to renew", with the period it now needs. The earlier year folder is only read: its published
URLs stay as they are.
"""
from __future__ import annotations

import dataclasses
import filecmp
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .catalog import Item, Part, load_catalog
from .catalog_lineage import Catalogs, lineage
from .codes import normalize_item_code
from .content import load_site, load_year
from .display import display_path
from .errors import ConfigError
from .itempaths import resolve_item_file
from .model import ContentItem
from .coverage import assign_parts, counts_for
from .fields import kind_of
from .i18n import N_, _
from .references import is_relative, markdown_links
from .scaffold import field_example, item_body, item_header, requirement_advice, year_folder, year_framework
from .validate import max_file_bytes

CARRIED, RENEW, NEW, EXISTING = "carried", "renew", "new", "existing"
STATUS_THAI = {CARRIED: N_("ยกมา (carried)"), RENEW: N_("ต้องจัดทำใหม่ (to renew)"), NEW: N_("ข้อใหม่ (new)"),
               EXISTING: N_("มีอยู่แล้ว ไม่แก้ไข (already there)")}  # shown with _()


@dataclass
class Carried:
    """One evidence entry copied forward: its front matter as written, and the part it serves."""
    entry: dict
    part: str
    source: ContentItem  # the earlier one
    named: bool = False  # the link or the entry said which part: written as part: (else matched by period, as validate does)


@dataclass
class ItemPlan:
    item: Item  # catalog Item of the new year
    sources: list[ContentItem] = field(default_factory=list)  # the earlier items it continues
    fields: dict = field(default_factory=dict)  # name → value, as written last year
    field_sources: dict[str, ContentItem] = field(default_factory=dict)  # name → the earlier item
    evidence: list[Carried] = field(default_factory=list)
    left: list = field(default_factory=list)  # (earlier ContentItem, Evidence) not carried: to renew
    renew: list[Part] = field(default_factory=list)  # parts that need new evidence
    status: str = NEW

    @property
    def codes(self) -> list:
        return [c.code for c in self.sources]


def rollover(content_dir: Path, year: int, from_year: int, framework: str | None) -> dict:
    if year <= from_year:
        raise ConfigError(_("oit new {year} --from {from_year}: the year to start must come after the one it is "
                            "carried from").format(year=year, from_year=from_year))
    site = load_site(content_dir)
    earlier_year = load_year(site, from_year)
    earlier = load_catalog(earlier_year.framework, content_dir)
    framework = year_framework(content_dir, year, framework)
    later = load_catalog(framework, content_dir)
    folder = year_folder(content_dir, year, framework)
    existing = {normalize_item_code(p.name) for p in folder.iterdir() if p.is_dir()}
    sources = lineage(later, earlier, Catalogs(content_dir))
    limit = max_file_bytes(site)
    plans = []
    for item in later.items:
        plan = ItemPlan(item)
        if item.code in existing:
            plan.status = EXISTING
        else:
            _gather(plan, sources[item.code], earlier, earlier_year, year, limit)
            _write_item(plan, folder / item.code, year, from_year, site.root, limit)
        plans.append(plan)
    continued = {c.code for plan in plans for c in plan.sources} | {f.code for fs in sources.values() for f in fs}
    dropped = [{"code": item.code, "title": item.title} for item in earlier.items if item.code not in continued]
    return _summary(plans, dropped, folder, earlier.framework, later.framework, from_year, year)


def _gather(plan: ItemPlan, item_feeds: list, earlier, earlier_year, year: int, limit: int) -> None:
    item = plan.item
    for feed in item_feeds:
        content = earlier_year.items.get(feed.code)
        if content is None or not content.loaded:
            continue
        if content not in plan.sources:
            plan.sources.append(content)
        fed = item.part(feed.part) if feed.part else None  # the catalog loader checked that it exists
        parts = [fed] if fed else list(item.parts)
        _carry_fields(plan, content, {p.id for p in parts if _untimed(p)})
        entries = list(content.evidence)
        if feed.from_part:  # only what served that part of the earlier item
            served = assign_parts(earlier.item(feed.code), entries, earlier_year.year, "")[2]
            entries = [ev for ev in entries if served[ev.index][0] == feed.from_part]
        by_part, _unplaced, _served = assign_parts(dataclasses.replace(item, parts=tuple(parts)), entries, year, "")
        for part_id, evidence in by_part.items():
            part = item.part(part_id) or item.parts[0]
            for ev in evidence:
                if still_valid(part, ev, year) and not _too_large(content, ev.file, limit):
                    named = feed.part is not None or ev.part == part_id
                    plan.evidence.append(Carried(_plain(content.meta["evidence"][ev.index]), part_id, content, named))
                else:
                    plan.left.append((content, ev))
    if plan.sources:
        plan.renew = [part for part in item.parts if not _part_done(plan, part)]
        plan.status = RENEW if plan.renew else CARRIED


def _carry_fields(plan: ItemPlan, content, part_ids: set) -> None:
    """Structured fields describe the present (who the executives are, where the office is): they
    carry over as written when the new item asks for them under the same name."""
    for spec in plan.item.fields:
        value = content.meta.get(spec.name)
        if (spec.part or "") in part_ids and spec.name not in plan.fields and value not in (None, "", [], {}):
            plan.fields[spec.name] = _plain(value)
            plan.field_sources[spec.name] = content


def _untimed(part) -> bool:
    return all(rule == "none" for rule in part.time_rules)


def still_valid(part, ev, year: int) -> bool:
    """Whether an earlier entry still meets `part` in `year`: a channel URL of an untimed part, or
    a period that fits the part's time rule for the new year (a plan whose span covers it)."""
    if _untimed(part):
        return ev.url is not None and any(kind_of(spec).is_url for spec in part.fields)
    if ev.period is None:
        return False
    return counts_for(part, ev, year)


def _too_large(content: ContentItem, name, limit: int) -> bool:
    """A file above max_file_mb is not copied (it could not be published either): listed to renew."""
    if not name:
        return False
    path, _rule, _message = resolve_item_file(content.folder, str(name), content.folder.parent.parent)
    try:
        return path is not None and path.stat().st_size > limit
    except OSError:
        return False


def _part_done(plan: ItemPlan, part) -> bool:
    """A part is carried when its fields came over and enough of its evidence did."""
    specs = [s for s in plan.item.fields if (s.part or "") == part.id]
    carried = [c for c in plan.evidence if c.part == part.id]
    has_url = any(c.entry.get("url") for c in carried)
    fields_ok = all(s.name in plan.fields or (kind_of(s).is_url and has_url) for s in specs)
    needed = part.min_evidence if _untimed(part) else max(part.min_evidence, 1)
    return fields_ok and len(carried) >= needed and bool(specs or carried)


def _plain(value):
    """Front matter read with line numbers, as plain YAML data again."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- writing the new item ---------------------------------------------------------------------

def _write_item(plan: ItemPlan, folder: Path, year: int, from_year: int, root: Path, limit: int) -> None:
    """Writes the item in a hidden folder beside it and renames that into place: a copy that fails
    (a full disk) leaves no half item, which a second run would take as already there."""
    building = folder.parent / f".{folder.name}.oit-new"  # hidden: a year folder's loader skips it
    shutil.rmtree(building, ignore_errors=True)  # left by a run that was killed
    building.mkdir()
    try:
        _fill_item(plan, building, year, from_year, root, limit)
        os.rename(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _fill_item(plan: ItemPlan, folder: Path, year: int, from_year: int, root: Path, limit: int) -> None:
    item = plan.item
    copier = _Copier(folder, root, limit)
    for name, value in plan.fields.items():
        spec = next(s for s in item.fields if s.name == name)
        plan.fields[name] = copier.field_files(spec, value, plan.field_sources[name])
    evidence = []
    for carried in plan.evidence:
        entry = dict(carried.entry)
        if entry.get("file"):
            entry["file"] = copier.copy(carried.source, entry["file"])
        entry.pop("part", None)
        if item.has_parts and carried.named:
            entry["part"] = carried.part
        evidence.append(entry)
    owner = next((c.owner for c in plan.sources if c.owner), "")
    notes = _to_renew(plan, year, from_year) + copier.skipped
    front = yaml.safe_dump({"owner": owner, **({"to_renew": notes} if notes else {}), **plan.fields,
                            **_pii_keys(plan, copier)}, allow_unicode=True, sort_keys=False, width=1000)
    front += "".join(field_example(s) for s in item.fields if s.name not in plan.fields)
    front += yaml.safe_dump({"evidence": evidence}, allow_unicode=True, sort_keys=False, width=1000) if evidence else "evidence: []\n"
    text = f"---\n{item_header(item, year)}\n{_carried_note(plan, year, from_year)}{front}---\n{_body(plan, year, from_year)}"
    (folder / "index.md").write_text(text, encoding="utf-8")


def _pii_keys(plan: ItemPlan, copier) -> dict:
    """What a person decided about personal data in the earlier items goes with the files it was
    about: numbers allowed (a tax ID) and files checked by hand (pii_unchecked), renamed as copied."""
    allow, unchecked = [], []
    for source in plan.sources:
        allow += [v for v in source.meta.get("pii_allow") or [] if isinstance(v, (str, int)) and v not in allow]
        unchecked += [copier.copied[(source.folder, str(name))] for name in source.meta.get("pii_unchecked") or []
                      if (source.folder, str(name)) in copier.copied]
    return {**({"pii_allow": allow} if allow else {}), **({"pii_unchecked": unchecked} if unchecked else {})}


def _carried_note(plan: ItemPlan, year: int, from_year: int) -> str:
    """Where the item came from, a comment (the catalog's continues: says it too)."""
    if not plan.sources:
        return ""
    return "# " + _("ยกมาจากปี {from_year} (oit new {year} --from {from_year}): {codes}; the earlier folders "
                    "are unchanged").format(from_year=from_year, year=year,
                                            codes=", ".join(f"{c.code}" for c in plan.sources)) + "\n"


def _to_renew(plan: ItemPlan, year: int, from_year: int) -> list[str]:
    """The `to_renew:` list of the new index.md: the parts that need new evidence and the period
    they need, and last year's documents not carried, for reference. Data, not comments, so the
    browser editor shows it and a save through it keeps it (docs/contracts.md#front-matter)."""
    lines = []
    for part in plan.renew:
        which = _(" part {part} ({label})").format(part=part.id, label=part.label) if plan.item.has_parts else ""
        lines.append(_("ต้องจัดทำใหม่ (to renew){which}: {advice}").format(
            which=which, advice=requirement_advice(part, year)))
    for content, ev in plan.left:
        shown = display_path(content.folder / ev.file) if ev.file else ev.url
        lines.append(_("ปี {from_year} มี (not carried, for reference): {title} — {shown}").format(
            from_year=from_year, title=ev.title, shown=shown) + (f" ({ev.period})" if ev.period else ""))
    return lines


def _body(plan: ItemPlan, year: int, from_year: int) -> str:
    """The explanation of a fully carried item that continues one earlier item is carried too,
    unless it links to files of its folder (those would not be there)."""
    if plan.status == CARRIED and len(plan.sources) == 1:
        source = plan.sources[0]
        if source.body.strip() and not any(is_relative(link.target) for link in markdown_links(source.body)):
            note = _("ยกมาจาก {from_year}/{code}: ตรวจข้อความและปีที่อ้างถึง (carried: check the text and the years "
                     "it names)").format(from_year=from_year, code=source.code)
            return f"\n<!-- {note} -->\n\n{source.body.lstrip()}"
    return item_body(plan.item, year)


class _Copier:
    """Copies files from earlier item folders into the new one; a name taken by another file
    gets the earlier item's code in front (O4-plan.pdf)."""

    def __init__(self, folder: Path, root: Path, limit: int):
        self.folder, self.root, self.limit = folder, root, limit
        self.copied: dict = {}  # (earlier folder, name as written) → name in the new folder
        self.skipped: list[str] = []  # to_renew lines for files above max_file_mb, not copied

    def copy(self, source, name: str) -> str:
        path, _rule, _message = resolve_item_file(source.folder, name, self.root)
        if path is None:
            return name  # not a file we may read: left as written, validate says why
        if path.stat().st_size > self.limit:
            self.skipped.append(_("{name} of {year}/{code} is above max_file_mb ({limit} MB): not copied; "
                                  "give a smaller file").format(name=name, year=source.folder.parent.name,
                                                               code=source.code, limit=f"{self.limit / 1e6:g}"))
            return name
        target_name = "/".join(Path(name.replace("\\", "/")).parts)
        target = self.folder / target_name
        if target.exists() and not filecmp.cmp(path, target, shallow=False):
            target_name = f"{source.code}-{target_name.replace('/', '-')}"
            target = self.folder / target_name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        self.copied[(source.folder, name)] = target_name
        return target_name

    def field_files(self, spec, value, source):
        """Copies the files a structured field names (an executive's photo)."""
        records = value if isinstance(value, list) else [value]
        for record in records:
            if isinstance(record, dict):
                for key in spec.files:
                    if isinstance(record.get(key), str) and record[key]:
                        record[key] = self.copy(source, record[key])
        return value


# --- the summary ------------------------------------------------------------------------------

def _summary(plans: list, dropped: list, folder: Path, earlier: str, later: str, from_year: int, year: int) -> dict:
    def entry(plan):
        return {"code": plan.item.code, "title": plan.item.title, "status": plan.status, "from": plan.codes,
                "to_renew": [{"part": p.id or None, "label": p.label or None, "needs": requirement_advice(p, year)}
                             for p in plan.renew]}
    items = [entry(plan) for plan in plans]
    by_status = {status: [i["code"] for i in items if i["status"] == status] for status in (CARRIED, RENEW, NEW, EXISTING)}
    return {"year": year, "from_year": from_year, "framework": later, "from_framework": earlier,
            "folder": display_path(folder), "items": items, "carried": by_status[CARRIED], "to_renew": by_status[RENEW],
            "new": by_status[NEW], "existing": by_status[EXISTING], "dropped": dropped}


def render(result: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{result['folder']}: ปี {result['year']} ({result['framework']}) จากปี {result['from_year']} "
             f"({result['from_framework']})", ""]
    width = max(len(i["code"]) for i in result["items"]) if result["items"] else 3
    for item in result["items"]:
        came = f" ← {result['from_year']} {', '.join(item['from'])}" if item["from"] else ""
        lines.append(f"  {item['code']:<{width}}  {_(STATUS_THAI[item['status']])}{came}")
        for need in item["to_renew"]:
            which = f"{need['part']}: " if need["part"] else ""
            lines.append(f"  {'':<{width}}    {which}{need['needs']}")
    if result["dropped"]:
        lines += ["", _("ข้อที่ยกเลิก (dropped from {framework}):").format(framework=result["from_framework"])]
        lines += [f"  {d['code']:<{width}}  {d['title']}" for d in result["dropped"]]
    lines += ["", f"สรุป: ยกมา {len(result['carried'])} · ต้องจัดทำใหม่ {len(result['to_renew'])} · "
                  f"ข้อใหม่ {len(result['new'])} · ยกเลิก {len(result['dropped'])}"
                  + (f" · มีอยู่แล้ว {len(result['existing'])}" if result["existing"] else "")
                  + _("  (carried · to renew · new · dropped); next: oit validate --year {year}").format(
                      year=result["year"])]
    return "\n".join(lines) + "\n"
