"""The browser editor: a Decap CMS admin page whose forms come from the catalog of each year.

`oit editor --out DIR` writes DIR/admin/ (index.html, config.yml, oit-settings.js and Decap's
scripts, copied from editor/node_modules: nothing is loaded from a CDN). Each year folder becomes
one collection and each catalog item one form: owner (a choice of site.yml's units), what is to
renew, the item's structured fields, the evidence list (title, a file stored in the item's folder
or a URL, a period chosen from those the time rule of the entry's part accepts), the files checked
by hand and the Markdown text. Field order is the order of the front matter the CMS writes, so a
saved file reads like one written by hand and `oit validate` reads it unchanged. The criteria and
time rules, which `oit new` also writes as YAML comments, are the forms' help text: the CMS keeps
no comments.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import yaml

from .build import check_own_dir, write_manifest
from .catalog import load_catalog
from .codes import normalize_item_code
from .content import load_site, load_year, year_folders
from .display import display_path
from .errors import ConfigError
from .model import Evidence
from .coverage import check_coverage
from .face import load_face
from .fields import ITEM_FOLDER_MEDIA, URL_PATTERN, kind_of
from .i18n import N_, th
from .periods import Period, fiscal_year_months, parse_period
from .time_rules import RULES as TIME_RULES
from .units import load_units
from .urls import item_page
from .resources import EDITOR_TEMPLATES, PROJECT_DIR

DECAP_DIST = PROJECT_DIR / "editor" / "node_modules" / "decap-cms" / "dist"
LOCAL_BACKEND_PORT = 8081  # decap-server's default
LOGO_NAME = "oit-logo"
FINDINGS_PATH = "oit-findings.json"  # beside the admin page, with --serve only (editor_server.year_findings)

# The admin page's own sentences (site_templates/editor/oit-editor.js); the page is Thai, so they
# are written in Thai whatever --lang says (i18n.th)
PAGE_TEXTS = {
    "checking": N_("Checking this item…"),
    "heading": N_("Check of this item ({code}): {status}"),
    "as_saved": N_("As last saved. Save (Publish → Publish now) to check your changes."),
    "clean": N_("No findings in this item."),
    "line": N_("line {line}"),
    "part": N_("part {part}"),
    "failed": N_("The check could not run: {error}"),
    "preview": N_("The item's page as the site shows it (rebuilt after each save):"),
    "rebuilding": N_("Rebuilding the preview…"),
    "ci": N_("Each save is a commit; CI checks it (oit check) before the site is published."),
    "ci_link": N_("See the check of the latest commit"),
    "no_ci": N_("To see what oit validate finds, open the CI results of the repository on the git host."),
}

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
    """The candidate periods an evidence entry of `part` counts with in `year`: the period fits the
    rule's window (time_rules.TimeRule.fits, what rollover carries) and coverage.py counts it;
    None when the part has no time rule (any period, or none, is fine)."""
    if "none" in part.time_rules:
        return None
    return [p for p in candidate_periods(year)
            if any(TIME_RULES[rule].fits(p, year) and _counts(part, rule, p, year) for rule in part.time_rules)]


def offered_periods(part, year: int) -> list[tuple[Period, bool]] | None:
    """(period, required) for the form of `part`: the accepted periods, required; for a monthly
    rule also the other months of the fiscal year, which agencies publish all year and which are
    not wrong (April–September for a first-half rule). None: the part has no time rule."""
    accepted = accepted_periods(part, year)
    if accepted is None:
        return None
    if not any(TIME_RULES[rule].monthly for rule in part.time_rules):
        return [(p, True) for p in accepted]
    start, end = fiscal_year_months(year)
    required = {p.text for p in accepted}
    months = [parse_period(_month_text(m)) for m in range(start, end + 1)]
    return [(p, p.text in required) for p in months] + [(p, True) for p in accepted if p.kind != "month"]


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

def item_form(item, year: int, folder: str, units: list | None = None, notes: bool = False) -> dict:
    """The form of one catalog item, editing `folder`/index.md (a path from the repository root).
    `units`: site.yml's units (the owner is one of them); `notes`: the file holds a `to_renew`
    list (written by `oit new --from`), shown above the evidence."""
    return {
        "name": item.code,
        "label": f"{item.code} {item.title}",
        "file": f"{folder}/index.md",
        **ITEM_FOLDER_MEDIA,
        "fields": [
            owner_field(units or []),
            *([TO_RENEW_FIELD] if notes else []),
            *[kind_of(spec).editor_form(spec) for spec in item.fields],
            evidence_field(item, year),
            PII_UNCHECKED_FIELD,
            {"name": "body", "label": "คำอธิบายสำหรับผู้ประเมิน", "widget": "markdown", "required": False},
        ],
    }


# docs/contracts.md#front-matter: files the PDPA guard cannot read, checked by a person
PII_UNCHECKED_FIELD = {
    "name": "pii_unchecked", "label": "ไฟล์ที่ตรวจเองแล้ว ไม่มีเลขประจำตัวประชาชน", "label_singular": "ชื่อไฟล์",
    "widget": "list",
    "required": False, "collapsed": False, "field": {"name": "filename", "label": "ชื่อไฟล์", "widget": "string"},
    "hint": "ไฟล์ที่ระบบอ่านตรวจไม่ได้ (เช่น .doc, วิดีโอ) จะไม่เผยแพร่ จนกว่าจะมีผู้เปิดตรวจแล้วใส่ชื่อไฟล์ไว้ที่นี่",
}
# what `oit new --from` left to do (rollover.py): a person removes a line once it is done
TO_RENEW_FIELD = {
    "name": "to_renew", "label": "ต้องจัดทำใหม่ (ยกมาจากปีก่อน)", "label_singular": "รายการ", "widget": "list",
    "required": False,
    "collapsed": False, "field": {"name": "note", "label": "รายการ", "widget": "text"},
    "hint": "สิ่งที่ต้องจัดทำใหม่ และเอกสารของปีก่อนสำหรับอ้างอิง ลบรายการที่ทำเสร็จแล้วได้",
}


def owner_field(units: list) -> dict:
    """A choice of site.yml's units (by name, as the demo and the status report show it) once
    units: is set; free text before."""
    field = {"name": "owner", "label": "ผู้รับผิดชอบ (กลุ่มงาน)", "required": False}
    if not units:
        return {**field, "widget": "string"}
    return {**field, "widget": "select", "options": [{"label": u.name, "value": u.name} for u in units]}


def evidence_fields(part, year: int) -> list:
    """title, file, url, period: the fields of an entry for `part` (an item without parts has one)."""
    return [
        {"name": "title", "label": "ชื่อเอกสาร", "widget": "string"},
        {"name": "file", "label": "ไฟล์ (เก็บในโฟลเดอร์ของข้อนี้)", "widget": "file", "required": False,
         **ITEM_FOLDER_MEDIA},
        {"name": "url", "label": "หรือ ลิงก์ (https://…)", "widget": "string", "required": False,
         "pattern": URL_PATTERN},
        period_field(part, year),
    ]


def evidence_field(item, year: int) -> dict:
    """The evidence list. An item with parts has one entry type per part (Decap's typed list,
    `typeKey: part`), so each part offers only the periods its own rule accepts and the entry is
    saved with `part: <id>`."""
    minimum = max((p.min_evidence for p in item.parts), default=item.min_evidence)
    field = {"name": "evidence", "label": "หลักฐาน", "label_singular": "หลักฐาน", "widget": "list",
             "hint": criteria_hint(item, year), "summary": "{{fields.title}} ({{fields.period}})",
             "collapsed": True, "required": minimum > 0}
    if item.has_parts:
        field["typeKey"] = "part"
        field["types"] = [{"name": p.id, "label": f"ส่วนที่ {number} ({p.id}): {p.label}", "widget": "object",
                           "summary": "{{fields.title}} ({{fields.period}})", "fields": evidence_fields(p, year)}
                          for number, p in enumerate(item.parts, 1)]
    else:
        field["fields"] = evidence_fields(item.parts[0], year)
    return {**field, "min": minimum} if minimum > 0 else field


def period_field(part, year: int) -> dict:
    """A choice among the periods `part` accepts, written in the grammar; months a monthly rule
    does not require are offered unmarked beside the required ones."""
    offered = offered_periods(part, year)
    field: dict[str, object] = {"name": "period", "label": "ช่วงเวลา", "widget": "select"}
    if offered is None:  # no time rule: a period may be given, none is needed
        offered = [(p, True) for p in candidate_periods(year)]
        field["required"] = False
    marked = not all(required for _, required in offered)
    field["options"] = [{"label": f"{p.thai()} ({p.text})" + (" · ต้องมีตามเกณฑ์" if marked and required else ""),
                         "value": p.text} for p, required in offered]
    return field


def criteria_hint(item, year: int) -> str:
    """The criteria and time rule, part by part, as help text above the evidence list: what the
    comments `oit new` writes say, so a save through the form loses no guidance."""
    if not item.has_parts:
        return "เกณฑ์: " + " • ".join(item.criteria) + f" — ช่วงเวลา: {_rule_label(item.parts[0], year)}"
    return " ".join(f"ส่วน {p.id} ({p.label}): " + " • ".join(p.criteria) + f" — ช่วงเวลา: {_rule_label(p, year)}"
                    for p in item.parts)


def _rule_label(part, year: int) -> str:
    return " หรือ ".join(TIME_RULES[r].label(year) for r in part.time_rules)


def year_collection(site, year: int, folder: Path, prefix: str, units: list) -> dict:
    """The collection of one year folder: one form per item of its catalog. Its files are named
    by item code (O21), which is also the name of their preview template (oit-editor.js)."""
    content = load_year(site, year)
    catalog = load_catalog(content.framework, site.root)
    # O23, O023 and O๒๓ are all item O23: the form edits the folder as it is named
    folders = {normalize_item_code(p.name): p.name for p in sorted(folder.iterdir()) if p.is_dir()}

    def has_notes(code: str) -> bool:  # a to_renew: list, written by `oit new --from`
        return code in content.items and bool(content.items[code].meta.get("to_renew"))

    return {
        "name": f"y{year}",
        "label": f"ปีงบประมาณ {year}",
        "description": f"{catalog.title} ({content.framework})",
        "format": "yaml-frontmatter",
        "files": [{**item_form(item, year, f"{prefix}/{folder.name}/{folders[item.code]}", units, has_notes(item.code)),
                   "preview_path": item_page(year, item.code)}
                  for item in catalog.items if item.code in folders],
    }


def editor_config(content_dir: Path, backend: dict, prefix: str | None = None, only_year: int | None = None,
                  site_url: str | None = None) -> dict:
    """The whole config.yml: site.yml's default year first, then the others newest first (or
    `only_year`). `prefix` is the content folder's path from the repository root (default: its
    name, i.e. content/ at the root); `site_url` is where the built site is seen (the live
    preview, or base_url on a git host), for Decap's link to an item's page."""
    prefix = (prefix if prefix is not None else content_dir.resolve().name).strip("/")
    if not content_dir.is_dir():
        raise ConfigError(f"content directory '{content_dir}' does not exist (use --content DIR)")
    site = load_site(content_dir)
    years = sorted(year_folders(content_dir).items(), key=lambda y: (y[0] != site.default_year, -y[0]))
    if only_year is not None:
        years = [(y, f) for y, f in years if y == only_year]
    if not years:
        which = f"for year {only_year} " if only_year else ""
        raise ConfigError(f"no year folder {which}in {display_path(content_dir)} (create one with: oit new {only_year or 2569})")
    units, _ = load_units(site)
    logo = load_face(site).logo
    return {**backend, "locale": "th", "media_folder": prefix, "public_folder": "",
            # the agency's logo on the sign-in page instead of Decap's (write_admin copies it beside the page)
            "logo": {"src": f"{LOGO_NAME}{logo.suffix.lower()}", "show_in_header": False, "source": str(logo)},
            # Decap's link to an item's page (preview_path); without a site to show, no button that does nothing
            **({"site_url": site_url, "display_url": site_url} if site_url else {"show_preview_links": False}),
            "collections": [year_collection(site, y, f, prefix, units) for y, f in years]}


def backend_settings(kind: str, repo: str | None = None, branch: str = "main", api_root: str | None = None,
                     local_url: str | None = None) -> dict:
    """`backend:` of config.yml: the local decap-server, the admin page's own server (`proxy`,
    `local_url` its path: oit editor --serve, editor_backend.py), or the agency's git host."""
    if kind == "proxy":  # Decap's proxy backend, what its local_backend detection switches to
        return {"backend": {"name": "proxy", "proxy_url": local_url, "branch": branch}}
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


def write_admin(out: Path, config: dict, content_dir: Path, findings: bool = False, ci: str | None = None,
                own: Path | None = None, config_file: bool = True) -> Path:
    """DIR/admin/: index.html, config.yml, Decap's scripts (no source maps) and oit-settings.js.
    `findings`: the page's server answers FINDINGS_PATH (oit editor --serve); `ci`: where the git
    host shows the CI result of the latest commit; `config_file`: False when the page's server
    answers config.yml itself (its secret is written nowhere). Returns the folder.

    The folder `own` (default DIR/admin) is ours only as `oit build --out` proves it
    (build.check_own_dir): not a link, not in content/, holding nothing but what we wrote last time
    (a manifest beside it lists it); anything else is refused before a file is written."""
    dist = decap_dist()
    admin = out / "admin"
    own = own or admin
    previous = set(check_own_dir(own, content_dir).get("written", []))
    admin.mkdir(parents=True, exist_ok=True)
    copies = {path.name: path for path in dist.iterdir()
              if path.name.endswith("decap-cms.js") or path.suffix == ".wasm" or path.name == "decap-cms.js.LICENSE.txt"}
    copies.update({name: EDITOR_TEMPLATES / name for name in ("index.html", "oit-editor.js")})
    copies[config["logo"]["src"]] = Path(config["logo"]["source"])  # the path on this machine is not for the page
    for name, source in copies.items():
        shutil.copyfile(source, admin / name)
    settings = {"order": key_order(config), "findings": FINDINGS_PATH if findings else None, "ci": ci,
                "preview": config.get("site_url"), "items": page_items(config),
                "text": {key: th(text) for key, text in PAGE_TEXTS.items()}}
    (admin / "oit-settings.js").write_text(f"window.OIT_EDITOR = {json.dumps(settings, ensure_ascii=False)};\n",
                                           encoding="utf-8")
    names = [*copies, "oit-settings.js"] + (["config.yml"] if config_file else [])
    if config_file:
        (admin / "config.yml").write_text(served_config(config), encoding="utf-8")
    written = sorted((admin / name).relative_to(own).as_posix() for name in names)
    for stale in previous - set(written):  # a file of an earlier version (Decap's old chunks)
        (own / stale).unlink(missing_ok=True)
    write_manifest(own, {"built_by": "oit-site", "written": written})
    return admin


def served_config(config: dict) -> str:
    """config.yml as the page reads it: the logo's path on this machine is not for the page."""
    logo = {key: value for key, value in config["logo"].items() if key != "source"}
    return dump_config({**config, "logo": logo})


def page_items(config: dict) -> dict:
    """Form file → {year, code, page}: what the preview pane checks and shows for each form."""
    return {form["file"]: {"year": int(collection["name"][1:]), "code": form["name"], "label": form["label"],
                           "page": form["preview_path"]}
            for collection in config["collections"] for form in collection["files"]}


def ci_link(kind: str, repo: str, branch: str, api_root: str | None) -> str | None:
    """Where the git host shows the CI result of the latest commits of `branch`."""
    web = (api_root or "").rstrip("/").removesuffix("/api/v4").removesuffix("/api/v1")
    if kind == "github":
        return f"https://github.com/{repo}/commits/{branch}"
    if kind == "gitlab":
        return f"{web or 'https://gitlab.com'}/{repo}/-/pipelines?ref={branch}"
    if kind == "gitea" and web:
        return f"{web}/{repo}/actions"
    return None


def key_order(config: dict) -> list:
    """Every key of a list entry or record, in the order the forms show them, the part of a typed
    entry last (oit-editor.js sorts the saved keys by it)."""
    keys: dict = {}

    def walk(fields):
        for field in fields:
            for sub in field.get("fields", ()):
                keys.setdefault(sub["name"], None)
            walk(field.get("fields", ()))
            walk(field.get("types", ()))
            if "typeKey" in field:
                keys.setdefault(field["typeKey"], None)

    for collection in config["collections"]:
        for form in collection["files"]:
            walk(form["fields"])
    return list(keys)


def dump_config(config: dict) -> str:
    header = "# Made by `oit editor` from the catalogs: regenerate it rather than editing it by hand.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


__all__ = ["editor_config", "write_admin", "accepted_periods", "candidate_periods", "item_form",
           "backend_settings"]
