"""`oit catalog diff`: what changed between two catalogs, item by item, through their links."""
from __future__ import annotations

import json


from .time_rules import RULES as TIME_RULES

from .catalog_lineage import Catalogs, lineage, matched_by_code


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
