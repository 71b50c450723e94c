"""`oit init`: a new agency's first minute. Writes a commented content/site.yml from flags (or
questions in a terminal), picks the framework of the current assessment year and scaffolds it,
so that the next command (`oit validate`) runs."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .catalog import available_frameworks, catalog_dirs, load_catalog
from .display import display_path
from .errors import ConfigError
from .i18n import N_, _
from .thai import today_be

# a base URL goes into every page, the sitemap and the ITAS sheet: no space, quote or bracket in it
BASE_URL = re.compile(r"https?://[^\s/?#\"'<>\\^`{|}]+(/[^\s\"'<>\\^`{|}]*)?")

QUESTIONS = (  # flag, attribute, question, required
    ("--name", "name", N_("ชื่อหน่วยงานภาษาไทย (agency name in Thai)"), True),
    ("--name-en", "name_en", N_("ชื่อภาษาอังกฤษ (English name, may be empty)"), False),
    ("--base-url", "base_url", N_("ที่อยู่เว็บไซต์ OIT (base URL, e.g. https://oit.example.go.th/)"), True),
    ("--family", "family", N_("กลุ่มหน่วยงาน (agency family: nacc, ovec, moph; Enter for nacc)"), False),
)

SITE_YML = N_("""\
# Agency profile of the OIT site, written by `oit init`; edit it freely (README: Writing content).
# name: the agency's official name in Thai, shown in every page header and in itas-YYYY.csv
name: {name}
# name_en: the English name, used in English labels and page metadata
name_en: {name_en}
# base_url: where the site is published; item page URLs entered into ITAS are built from it, so keep it stable
base_url: {base_url}
# default_year: the assessment year (Buddhist Era) that oit validate/build use when --year is not given
default_year: {year}
# family: which agency family's item list `oit new` takes (nacc, ovec, moph): {family_name}-YYYY
family: {family}
# max_file_mb: the largest evidence file published, in MB (default 50)
# max_file_mb: 50
""")  # translated when written (write_site): the comments are for the agency's webmaster


# What oit writes beside content/ that is not content: the built site, caches, the preview and the
# editor's pages, build manifests and locks (build.py, filecache.py, serve.py, editor_server.py,
# portal/build.py, rollover.py). `oit init` puts them in the agency repository's .gitignore.
GITIGNORE = ("site/", "build/", ".oit-cache/", ".oit-preview/", ".oit-editor/", ".oit-portal/",
             ".oit-manifest-*", ".oit-lock-*", ".oit-docs-*", ".*.oit-new", ".*.oit-tmp")


def write_gitignore(content: Path) -> Path | None:
    """Adds to the .gitignore beside content/ the lines of GITIGNORE it lacks (keeping what is
    there); returns its path, or None when nothing was missing."""
    path = Path(content).resolve().parent / ".gitignore"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in GITIGNORE if line not in have]
    if not missing:
        return None
    header = "# " + _("written by oit: the built site, caches, previews, build manifests and locks") + "\n"
    lead = "\n" if text and not text.endswith("\n") else ""
    path.write_text(text + lead + header + "\n".join(missing) + "\n", encoding="utf-8")
    return path


def current_assessment_year() -> int:
    """The fiscal year of today: October starts the next one (BE)."""
    today = today_be()
    return today.year + 1 if today.month >= 10 else today.year


def refuse_existing_site(content: Path) -> None:
    site_yml = content / "site.yml"
    if site_yml.exists():
        raise ConfigError(_("{file} already exists; oit init never overwrites it "
                            "(start a year with: oit new YYYY --from YYYY)").format(file=display_path(site_yml)))


def write_site(content: Path, answers: dict[str, str], year: int) -> Path:
    """Writes content/site.yml from checked answers (agency_answers); returns its path."""
    content.mkdir(parents=True, exist_ok=True)
    site_yml = content / "site.yml"
    site_yml.write_text(_(SITE_YML).format(year=year, family_name=answers["family"],
                                            **{k: _yaml_text(v) for k, v in answers.items()}), encoding="utf-8")
    return site_yml


def missing_site_message(content: Path, year: int) -> str:
    """`oit new` on a tree without site.yml, with nobody to ask: stop before creating anything
    (the next command would fail without it)."""
    return _("{file} is missing; start a new agency with: oit init --name … --base-url … --year {year} "
             "(it writes site.yml and scaffolds the year)").format(file=display_path(content / "site.yml"), year=year)


def agency_answers(given: dict[str, str | None]) -> dict[str, str]:
    """The answers to QUESTIONS (flags, or what a person typed; None: not given), checked and
    trimmed; the family defaults to nacc."""
    answers, missing = {}, []
    for flag, key, question, required in QUESTIONS:
        value = given.get(key)
        if value is None or (required and not str(value).strip()):
            if required:
                missing.append(flag)
            value = ""
        answers[key] = str(value).strip()
        odd = next((c for c in answers[key] if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")), None)
        if odd is not None:  # YAML cannot hold it as typed: the site.yml would be unreadable
            raise ConfigError(_("{flag} holds a control character (U+{code}); type it again without it").format(
                flag=flag, code=f"{ord(odd):04X}"))
    if missing:
        raise ConfigError(_("oit init: give {flags} (or run it in a terminal to be asked)").format(
            flags=_(" and ").join(missing)))
    if not BASE_URL.fullmatch(answers["base_url"]):
        raise ConfigError(_("--base-url '{url}' must be an address starting with https:// without spaces, quotes or "
                            "< >, e.g. https://oit.example.go.th/").format(url=answers["base_url"]))
    answers["family"] = answers["family"] or "nacc"
    if not re.fullmatch(r"[a-z][a-z0-9]*", answers["family"]):
        raise ConfigError(_("--family '{family}' must be a lower-case name such as nacc, ovec or moph").format(
            family=answers["family"]))
    return answers


def framework_for(family: str, year: int, content: Path) -> str:
    """`<family>-<year>`, or else the family's latest catalog before that year (the manual of a
    new year comes out around December; until then the year is checked against the last list)."""
    dirs = catalog_dirs(content)
    years = sorted(int(m.group(1)) for name in available_frameworks(dirs)
                   if (m := re.fullmatch(rf"{re.escape(family)}-(\d{{4}})", name)) and int(m.group(1)) <= year)
    if not years:
        families = sorted({n.rsplit("-", 1)[0] for n in available_frameworks(dirs) if re.search(r"-\d{4}$", n)})
        raise ConfigError(_("no {family} catalog for {year} or before (families: {families}); "
                            "choose --family, or add oit_items/{family}-{year}.yml beside content/").format(
            family=family, year=year, families=", ".join(families)))
    framework = f"{family}-{years[-1]}"
    load_catalog(framework, content)  # a broken catalog stops here, before anything is scaffolded
    return framework


def _yaml_text(value: str) -> str:
    """A value on one YAML line, quoted so that ':' or '#' in a name stays text."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' if value else '""'
