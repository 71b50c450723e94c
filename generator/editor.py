"""The browser editor: a Decap CMS admin page whose forms come from the catalog of each year.

`oit editor --out DIR` writes DIR/admin/ (index.html, config.yml and Decap's scripts, copied from
editor/node_modules: nothing is loaded from a CDN). Each year folder becomes one collection and each
catalog item one form: owner, the evidence list (title, a file stored in the item's folder or a URL,
a period chosen from those the item's time rule accepts, the part for an item with parts), the
item's structured fields and the Markdown text. Field order is the order of the front matter the
CMS writes, so a saved file reads like one written by hand and `oit validate` reads it unchanged.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import yaml

from .catalog import load_catalog
from .content import ConfigError, Evidence, display_path, normalize_item_code, year_folders, year_settings
from .coverage import check_coverage
from .fields import ITEM_FOLDER_MEDIA, URL_PATTERN, kind_of
from .periods import Period, fiscal_year_months, parse_period

PROJECT_DIR = Path(__file__).resolve().parent.parent
DECAP_DIST = PROJECT_DIR / "editor" / "node_modules" / "decap-cms" / "dist"
EDITOR_TEMPLATES = PROJECT_DIR / "site_templates" / "editor"
LOCAL_BACKEND_PORT = 8081  # decap-server's default

# --- which periods a requirement accepts -------------------------------------------------------

def candidate_periods(year: int) -> list[Period]:
    """Periods of the grammar an officer may mean for assessment year `year`, most common first:
    the year, its halves, quarters and months, the same for the year before, and spans of
    fiscal years around it (plans)."""
    texts = []
    for fy in (year, year - 1):
        texts += [f"{fy}", f"{fy}-H1", f"{fy}-H2"] + [f"{fy}-Q{q}" for q in range(1, 5)]
        start, end = fiscal_year_months(fy)
        texts += [_month_text(m) for m in range(start, end + 1)]
    texts += [f"{first}-{last}" for first in range(year - 4, year + 1)
              for last in range(year, year + 5) if first < last]
    return [parse_period(t) for t in texts]


def _month_text(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def accepted_periods(part, year: int) -> list[Period] | None:
    """The candidate periods an evidence entry of `part` counts with in `year`, as coverage.py
    judges them; None when the part has no time rule (any period, or none, is fine)."""
    if "none" in part.time_rules:
        return None
    return [p for p in candidate_periods(year) if any(_counts(part, rule, p, year) for rule in part.time_rules)]


def _counts(part, rule: str, period: Period, year: int) -> bool:
    """Whether one entry with `period` counts for `rule`: the rule's own checker, run once the
    whole year is due, says nothing about a wrong year (nor that a quarter is not the monthly
    document the criteria ask for) and finds less missing than without it."""
    single = dataclasses.replace(part, time_rule=rule, also_accepts=(), min_evidence=1)
    as_of = fiscal_year_months(year)[1] + 1  # every month of the year has ended

    def messages(evidence):
        coverage = check_coverage(single, evidence, year, as_of, "")
        return [(f.rule, f.message) for f in coverage.findings]

    entry = Evidence(0, "e", None, url="https://example.go.th/", period=period)
    with_entry = messages([entry])
    return not any(r in ("wrong-year", "period-future", "not-monthly") for r, _ in with_entry) and with_entry != messages([])


# --- the configuration ---------------------------------------------------------------------------

def item_form(item, year: int, folder: str) -> dict:
    """The form of one catalog item, editing `folder`/index.md (a path from the repository root)."""
    return {
        "name": item.code,
        "label": f"{item.code} {item.title}",
        "file": f"{folder}/index.md",
        **ITEM_FOLDER_MEDIA,
        "fields": [
            {"name": "owner", "label": "ผู้รับผิดชอบ (กลุ่มงาน)", "widget": "string", "required": False},
            *[kind_of(spec).editor_form(spec) for spec in item.fields],
            evidence_field(item, year),
            {"name": "body", "label": "คำอธิบายสำหรับผู้ประเมิน", "widget": "markdown", "required": False},
        ],
    }


def evidence_field(item, year: int) -> dict:
    entry = [
        {"name": "title", "label": "ชื่อเอกสาร", "widget": "string"},
        {"name": "file", "label": "ไฟล์ (เก็บในโฟลเดอร์ของข้อนี้)", "widget": "file", "required": False,
         **ITEM_FOLDER_MEDIA},
        {"name": "url", "label": "หรือ ลิงก์ (https://…)", "widget": "string", "required": False,
         "pattern": URL_PATTERN},
        period_field(item, year),
    ]
    if item.has_parts:
        entry.append({"name": "part", "label": "ส่วนของข้อ", "widget": "select", "required": True,
                      "options": [{"label": f"{p.id}: {p.label}", "value": p.id} for p in item.parts]})
    minimum = max((p.min_evidence for p in item.parts), default=item.min_evidence)
    field = {"name": "evidence", "label": "หลักฐาน", "label_singular": "หลักฐาน", "widget": "list",
             "hint": criteria_hint(item), "summary": "{{fields.title}} ({{fields.period}})",
             "collapsed": True, "required": minimum > 0, "fields": entry}
    return {**field, "min": minimum} if minimum > 0 else field


def period_field(item, year: int) -> dict:
    """A choice among the periods every part of the item accepts (union), written in the grammar."""
    per_part = [accepted_periods(part, year) for part in item.parts]
    field: dict[str, object] = {"name": "period", "label": "ช่วงเวลา", "widget": "select"}
    if any(periods is None for periods in per_part):
        periods = candidate_periods(year)
        field["required"] = False
    else:
        seen = {p.text for periods in per_part if periods is not None for p in periods}
        periods = [p for p in candidate_periods(year) if p.text in seen]
    field["options"] = [{"label": f"{p.thai()} ({p.text})", "value": p.text} for p in periods]
    return field


def criteria_hint(item) -> str:
    """The criteria, part by part, as help text above the evidence list."""
    if not item.has_parts:
        return "เกณฑ์: " + " • ".join(item.criteria)
    return " ".join(f"ส่วน {p.id} ({p.label}): " + " • ".join(p.criteria) for p in item.parts)


def year_collection(content_dir: Path, year: int, folder: Path, prefix: str) -> dict:
    """The collection of one year folder: one form per item of its catalog."""
    framework = year_settings(folder, year)["framework"]
    catalog = load_catalog(framework, content_dir)
    # O23, O023 and O๒๓ are all item O23: the form edits the folder as it is named
    folders = {normalize_item_code(p.name): p.name for p in sorted(folder.iterdir()) if p.is_dir()}
    return {
        "name": f"y{year}",
        "label": f"ปีงบประมาณ {year}",
        "description": f"{catalog.title} ({framework})",
        "format": "yaml-frontmatter",
        "editor": {"preview": False},
        "files": [item_form(item, year, f"{prefix}/{folder.name}/{folders[item.code]}")
                  for item in catalog.items if item.code in folders],
    }


def editor_config(content_dir: Path, backend: dict, prefix: str | None = None, only_year: int | None = None) -> dict:
    """The whole config.yml: newest year first (or `only_year`). `prefix` is the content folder's
    path from the repository root (default: its name, i.e. content/ at the root)."""
    prefix = (prefix if prefix is not None else content_dir.resolve().name).strip("/")
    if not content_dir.is_dir():
        raise ConfigError(f"content directory '{content_dir}' does not exist (use --content DIR)")
    years = sorted(year_folders(content_dir).items(), reverse=True)
    if only_year is not None:
        years = [(y, f) for y, f in years if y == only_year]
    if not years:
        which = f"for year {only_year} " if only_year else ""
        raise ConfigError(f"no year folder {which}in {display_path(content_dir)} (create one with: oit new {only_year or 2569})")
    return {**backend, "locale": "th", "media_folder": prefix, "public_folder": "",
            "collections": [year_collection(content_dir, y, f, prefix) for y, f in years]}


def backend_settings(kind: str, repo: str | None = None, branch: str = "main", api_root: str | None = None,
                     local_url: str | None = None) -> dict:
    """`backend:` of config.yml: the local decap-server, or the agency's git host."""
    if kind == "local":
        url = local_url or f"http://127.0.0.1:{LOCAL_BACKEND_PORT}/api/v1"
        # Decap's documented local mode: the page finds decap-server at `url` when opened on loopback
        return {"backend": {"name": "git-gateway", "branch": branch},
                "local_backend": {"url": url, "allowed_hosts": ["127.0.0.1", "localhost"]}}
    if not repo:
        raise ConfigError(f"--backend {kind} needs --repo OWNER/NAME (the repository that holds content/)")
    settings = {"name": kind, "repo": repo, "branch": branch}
    if api_root:
        settings["api_root"] = api_root
    return {"backend": settings}


# --- the admin page ------------------------------------------------------------------------------

def decap_dist() -> Path:
    if not (DECAP_DIST / "decap-cms.js").is_file():
        raise ConfigError(f"the editor's scripts are not installed ({display_path(DECAP_DIST)}): run 'make editor-deps' "
                          "(npm ci in editor/)")
    return DECAP_DIST


def write_admin(out: Path, config: dict) -> Path:
    """DIR/admin/: index.html, config.yml and Decap's scripts (no source maps). Returns the folder."""
    dist = decap_dist()
    admin = out / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    for path in dist.iterdir():
        if path.name.endswith("decap-cms.js") or path.suffix == ".wasm" or path.name == "decap-cms.js.LICENSE.txt":
            shutil.copyfile(path, admin / path.name)
    for name in ("index.html", "oit-editor.js"):
        shutil.copyfile(EDITOR_TEMPLATES / name, admin / name)
    (admin / "oit-order.js").write_text(f"window.OIT_KEY_ORDER = {json.dumps(key_order(config))};\n", encoding="utf-8")
    (admin / "config.yml").write_text(dump_config(config), encoding="utf-8")
    return admin


def key_order(config: dict) -> list:
    """Every key of a list entry or record, in the order the forms show them (oit-editor.js sorts
    the saved keys by it)."""
    keys: dict = {}

    def walk(fields):
        for field in fields:
            for sub in field.get("fields", ()):
                keys.setdefault(sub["name"], None)
            walk(field.get("fields", ()))

    for collection in config["collections"]:
        for form in collection["files"]:
            walk(form["fields"])
    return list(keys)


def dump_config(config: dict) -> str:
    header = "# Made by `oit editor` from the catalogs: regenerate it rather than editing it by hand.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


__all__ = ["editor_config", "write_admin", "accepted_periods", "candidate_periods", "item_form",
           "backend_settings"]
