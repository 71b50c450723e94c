"""The agency's own face on every page, from site.yml with defaults: logo, favicon, colour, main
website, footer contact, policy links and pages, and the deterministic "updated" dates.

Every key is optional; a value that cannot be used is a ConfigError naming its site.yml line.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .display import display_path
from .errors import ConfigError
from .texts import encoding_advice, read_text_file
from .gitcmd import git_output
from .i18n import _
from .thai import BEDate
from .resources import DEFAULT_LOGO

DEFAULT_COLOR = "#1b3a6b"  # dark blue: white header text on it has 11:1 contrast
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".ico")
LOGO_MAX_BYTES = 2_000_000  # a logo or favicon is a small image on every page, never a document

# footer links, in this order; `accessibility` defaults to a statement the site writes itself
POLICY_LABELS = {
    "website": "นโยบายเว็บไซต์",
    "privacy": "นโยบายคุ้มครองข้อมูลส่วนบุคคล",
    "security": "นโยบายการรักษาความมั่นคงปลอดภัยเว็บไซต์",
    "accessibility": "การเข้าถึงเว็บไซต์",
}
CONTACT_KEYS = ("address", "phone", "email")


@dataclass
class Policy:
    key: str
    label: str
    href: str  # an absolute URL, or a site path ('policies/privacy/') of a page the site builds
    source: Path | None = None  # the Markdown file behind a page, None for a link or the default
    body: str = ""  # that file's text, read when the face is loaded (a bad file stops the run there)


@dataclass
class Face:
    logo: Path
    favicon: Path
    color: str
    website: str
    contact: dict
    policies: list = field(default_factory=list)


def load_face(site, default_contact: dict | None = None) -> Face:
    settings = site.settings
    logo = _file_setting(site, "logo") or DEFAULT_LOGO
    favicon = _file_setting(site, "favicon") or logo
    color = str(settings.get("color") or DEFAULT_COLOR).strip()
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        raise _bad(site, "color", _("must be a colour written #RRGGBB, e.g. \"#1b3a6b\""))
    website = str(settings.get("website") or "").strip()
    if website and not website.startswith(("https://", "http://")):
        raise _bad(site, "website", _("must be the address of the agency's main website, starting with https://"))
    return Face(logo, favicon, color.lower(), website, _contact(site, default_contact or {}), _policies(site))


def _bad(site, key: str, what: str) -> ConfigError:
    return ConfigError(f"{display_path(site.root / 'site.yml')}:{site.settings.line_of(key)}: {key}: {what}")


def _file_setting(site, key: str) -> Path | None:
    name = site.settings.get(key)
    if not name:
        return None
    path = (site.root / str(name)).resolve()
    if site.root.resolve() not in path.parents or not path.is_file():
        raise _bad(site, key, _("'{name}' is not a file beside site.yml in {folder}/").format(
            name=name, folder=display_path(site.root)))
    if path.suffix.lower() not in LOGO_TYPES:
        raise _bad(site, key, _("'{name}' must be an image ({types})").format(name=name, types=", ".join(LOGO_TYPES)))
    if path.stat().st_size > LOGO_MAX_BYTES:
        raise _bad(site, key, _("'{name}' is larger than {limit} MB; save a smaller image").format(
            name=name, limit=LOGO_MAX_BYTES // 1_000_000))
    return path


def face_files(site) -> list:
    """(site.yml key, file) of every file of the face that site.yml names and that exists: logo,
    favicon, policy pages (for the PDPA guard, guard.guard_site; load_face reports the others)."""
    out = []
    for key in ("logo", "favicon"):
        name = site.settings.get(key)
        path = (site.root / str(name)).resolve() if name else None
        if path is not None and site.root.resolve() in path.parents and path.is_file():
            out.append((key, path))
    given = site.settings.get("policies")
    for key, value in (given.items() if isinstance(given, dict) else []):
        path = (site.root / str(value or "").strip()).resolve()
        if path.suffix == ".md" and site.root.resolve() in path.parents and path.is_file():
            out.append((f"policies.{key}", path))
    return out


def _contact(site, default: dict) -> dict:
    given = site.settings.get("contact")
    if given is not None and not isinstance(given, dict):
        raise _bad(site, "contact", _("must hold address:, phone: and email: lines"))
    source = given if given else default
    return {key: str(source[key]) for key in CONTACT_KEYS if source.get(key) not in (None, "")}


def _policies(site) -> list:
    given = site.settings.get("policies") or {}
    if not isinstance(given, dict):
        raise _bad(site, "policies", _("must hold lines such as privacy: https://… or privacy: privacy.md"))
    unknown = sorted(set(map(str, given)) - set(POLICY_LABELS))
    if unknown:
        raise _bad(site, "policies", _("'{key}' is not one of {keys}").format(key=unknown[0], keys=", ".join(POLICY_LABELS)))
    out = []
    for key, label in POLICY_LABELS.items():
        value = str(given.get(key) or "").strip()
        if value.startswith(("https://", "http://")):
            out.append(Policy(key, label, value))
        elif value:
            path = (site.root / value).resolve()
            if path.suffix != ".md" or site.root.resolve() not in path.parents or not path.is_file():
                raise _bad(site, "policies", _("{key}: '{value}' is neither an https:// address nor a .md file beside site.yml")
                           .format(key=key, value=value))
            out.append(Policy(key, label, f"policies/{key}/", path, _policy_text(path)))
        elif key == "accessibility":
            out.append(Policy(key, label, "accessibility/"))
    return out


def _policy_text(path: Path) -> str:
    """A policy page's Markdown; one line naming the file when it is not UTF-8 (a TIS-620 page)
    or cannot be read, never a traceback in the middle of the build."""
    try:
        return read_text_file(path)
    except UnicodeDecodeError as err:
        line, message = encoding_advice(path, err)
        raise ConfigError(f"{display_path(path)}:{line}: {message}") from None
    except OSError as err:
        raise ConfigError(f"{display_path(path)}: " + _("it cannot be read ({reason})").format(reason=err.strerror)) from None


def contact_from(reports: list, year: int) -> dict:
    """The contact record of the given year's items (the `contact` field), for the footer."""
    for report in sorted(reports, key=lambda r: r.year.year != year):
        for result in report.items:
            value = result.content.meta.get("contact") if result.content else None
            if isinstance(value, dict):
                return dict(value)
    return {}


# --- "updated" dates: from git history, else file dates; never the build clock ----------------

def updated_dates(content_dir: Path, mtimes: dict | None = None, only_these: bool = False) -> dict:
    """Every file under `content_dir` (posix path relative to it) → the day it last changed:
    its last commit when git tracks it unchanged, else its modification date (UTC). `mtimes`:
    each file's modification time in ns, by that path, when the caller has them (incremental.py);
    `only_these`: those files are all that is dated, and git is asked about them only."""
    content_dir = Path(content_dir)
    committed = _git_dates(content_dir, sorted(mtimes) if only_these and mtimes else None)
    if mtimes is None:
        mtimes = _mtimes(content_dir)
    return {relative: committed[relative] if relative in committed
            else _dt.datetime.fromtimestamp(stamp / 1e9, _dt.timezone.utc).date()
            for relative, stamp in mtimes.items()}


def dates_after(content_dir: Path, dates: dict, latest: dict, mtimes: dict, head: str | None) -> tuple[dict, dict, str | None]:
    """updated_dates, folder_dates and git_head after a change, from those before (`dates`,
    `latest`, `head`, the HEAD taken before `dates` were): only the files of `mtimes` (path →
    modification time in ns, None when removed) are dated again, and only their folders looked
    at. When HEAD has moved, or a file removed or dated earlier may have been its folder's
    latest, everything is counted again."""
    now = git_head(content_dir)
    if now != head:
        fresh = updated_dates(content_dir)
        return fresh, folder_dates(fresh), now
    present = {path: stamp for path, stamp in mtimes.items() if stamp is not None}
    changed = updated_dates(content_dir, present, only_these=True) if present else {}
    after = {**dates, **changed}
    for path in mtimes.keys() - present.keys():
        after.pop(path, None)
    for path in mtimes:
        old = dates.get(path)
        if old is not None and (path not in after or after[path] < old) and old in _folder_days(latest, path):
            return after, folder_dates(after), now
    latest = dict(latest)
    for path in changed:
        _date_folders(latest, path, changed[path])
    return after, latest, now


def git_head(content_dir: Path) -> str | None:
    """The commit git's HEAD names for `content_dir`; None outside a repository."""
    head = git_output(["rev-parse", "--verify", "-q", "HEAD"], content_dir)
    return head.strip() if head else None


def _mtimes(content_dir: Path) -> dict:
    """Every file under `content_dir` outside hidden folders → its modification time (ns)."""
    out = {}
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            try:
                out[path.relative_to(content_dir).as_posix()] = path.stat().st_mtime_ns
            except OSError:
                continue
    return out


def _git_dates(content_dir: Path, paths: list | None = None) -> dict:
    """Committed files that are unchanged in the working tree → the date of their last commit
    (`paths`: of these files only; their whole history, as the full log lists it)."""
    where = ["--", *paths] if paths else ["--", "."]
    history = ["--full-history"] if paths else []  # as the full log: no merge's side left out for these paths
    log = git_output(["--literal-pathspecs", "-c", "core.quotepath=off", "log", "--format=@%cs", "--name-only", "--relative",
                      *history, *where], content_dir)
    if log is None:
        return {}
    # tracked files edited since the last commit, staged or not (NUL-separated: names are not quoted);
    # `git status` has no --relative, so asking it made every edit look committed
    changed = git_output(["--literal-pathspecs", "diff", "--name-only", "-z", "--relative", "HEAD", *where], content_dir) or ""
    dirty = set(changed.split("\0")) - {""}
    dates, day = {}, None
    for line in log.splitlines():
        if line.startswith("@"):
            day = _dt.date.fromisoformat(line[1:])
        elif line and day is not None and line not in dates and line not in dirty:
            dates[line] = day
    return dates


def folder_dates(dates: dict) -> dict:
    """Every folder of `dates` ('2569/', '2569/O8/') and '' (the whole tree) → the last change of
    any file under it, in one pass over the files (asking each folder in turn was quadratic)."""
    last: dict = {}
    for path, day in dates.items():
        _date_folders(last, path, day)
    return last


def _date_folders(last: dict, path: str, day) -> None:
    """The folders of `path` in `last` (folder → day) made at least as late as `day`."""
    for prefix in _folders_of(path):
        if prefix in last and last[prefix] >= day:
            break  # a folder is never older than its subfolders: its parents are as late already
        last[prefix] = day


def _folder_days(last: dict, path: str) -> set:
    """The days `last` gives the folders of `path`."""
    return {last.get(prefix) for prefix in _folders_of(path)}


def _folders_of(path: str):
    """The folders of `path`, innermost first: '2569/O8/a.pdf' → '2569/O8/', '2569/', '' (the whole tree)."""
    cut = len(path)
    while cut >= 0:
        cut = path.rfind("/", 0, cut)  # the slash ending the next folder up; -1: the whole tree
        yield path[:cut + 1]


def thai_date(day: _dt.date | None) -> str:
    return BEDate.from_ce(day).thai() if day else "–"


def engine_face(face: Face, site) -> dict:
    """What the site engine needs of the face: the logo and favicon files, the colour, and the
    footer of every page (drawn by the engine's theme); plain data."""
    return {"logo": str(face.logo), "favicon": str(face.favicon), "color": face.color,
            "footer": {"agency": site.name, "agency_en": site.name_en, "contact": face.contact,
                       "website": face.website, "sitemap": "sitemap/",
                       "policies": [{"label": p.label, "href": p.href,
                                     "external": p.href.startswith(("https://", "http://"))}
                                    for p in face.policies]}}
