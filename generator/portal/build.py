"""`oit portal build`: every agency's site under www/<slug>/ and the portal's home, sitemap index
and robots.txt.

An agency whose inputs did not change since its last build (its own build manifest says so) is
not sent to a worker at all; the others are built as tasks (fanout.py). One agency's failure
(content that cannot be read, a failed build) is reported and leaves its previous site and every
other agency as they were; the home says which agencies failed.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import build, engine, urls
from ..content import load_site
from ..display import display_path, set_display_root
from ..errors import ConfigError
from ..i18n import _
from ..thai import BEDate, today_be
from . import agency as tasks
from . import documents, fanout, home, sources
from .config import RESERVED, Agency, Portal


@dataclass
class AgencyState:
    agency: Agency
    name: str
    error: str | None = None  # why this run could not build it (its previous site, if any, stays)
    rebuilt: bool = False
    years: list[dict] = field(default_factory=list)  # from its published oit-YYYY.json, newest first


@dataclass
class PortalResult:
    out: Path
    agencies: list[AgencyState]

    @property
    def failed(self) -> list[AgencyState]:
        return [state for state in self.agencies if state.error]


def state_dir(portal: Portal) -> Path:
    """Beside portal.yml, never inside the output (not published): git checkouts and agency names."""
    return portal.file.parent / ".oit-portal"


def builds_dir(portal: Portal, out: Path) -> Path:
    """Where the agencies' build manifests and locks are (build.build_site's `state`): they sit
    beside a site, and the agencies' sites sit inside the portal's web root."""
    return state_dir(portal) / f"builds-{out.name}"


def build_portal(portal: Portal, out: Path, as_of: BEDate | None = None, scheduler: str | None = None,
                 workers: int | None = None) -> PortalResult:
    out = Path(os.path.realpath(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(_("--out {out}: cannot create it: {reason}").format(out=out, reason=err.strerror)) from None
    names = _read_names(state_dir(portal))
    _refuse_foreign(out, portal, names)
    states, jobs = [], []
    for agency in portal.agencies:
        state = AgencyState(agency, names.get(agency.slug, agency.slug))
        states.append(state)
        try:
            job = _job_if_changed(portal, agency, out, as_of, state)
        except ConfigError as err:
            state.error = str(err)
            continue
        if job is not None:
            jobs.append(job)
    if jobs:
        with fanout.executor(scheduler, workers) as pool:
            documents.read_in_tasks(pool, [Path(job["content"]) for job in jobs])  # large agencies' reading, spread
            done = {r["slug"]: r for r in fanout.run_all(pool, tasks.build_agency, jobs)}
        for state in states:
            if state.agency.slug in done:
                state.error, state.rebuilt = done[state.agency.slug]["error"], True
    for state in states:
        state.years = published_years(out / state.agency.slug)
    set_display_root(portal.file)  # loading each agency moved it; messages name paths from portal.yml's folder
    _write_names(state_dir(portal), {**names, **{s.agency.slug: s.name for s in states}})
    home.write_portal_files(portal, out, states, as_of or today_be())
    return PortalResult(out, states)


def _refuse_foreign(out: Path, portal: Portal, names: dict) -> None:
    """The output holds the portal's files and agency folders only (also of agencies listed
    before): the home would replace the index.html of a web root that holds another site."""
    ours = RESERVED | {agency.slug for agency in portal.agencies} | set(names)
    foreign = sorted(entry.name for entry in os.scandir(out) if not entry.name.startswith(".") and entry.name not in ours)
    if foreign:
        raise ConfigError(_("--out {out} holds files the portal did not write ({names}); choose an empty folder, "
                            "e.g. --out www").format(out=display_path(out), names=", ".join(foreign[:5])))


def _job_if_changed(portal: Portal, agency: Agency, out: Path, as_of: BEDate | None, state: AgencyState):
    """The build task of an agency whose inputs changed (None when its site is up to date)."""
    content = sources.content_dir(agency, state_dir(portal) / "git")
    state.name = load_site(content).name  # a site.yml that cannot be read fails here, for this agency only
    base_url = portal.agency_url(agency)
    fingerprint = build.input_fingerprint(content, as_of or today_be(), base_url=base_url)
    site, manifests = out / agency.slug, builds_dir(portal, out)
    previous = build.read_manifest(site, manifests)
    if previous.get("fingerprint") == fingerprint and (site / engine.page_html(urls.page_source(urls.home_page()))).is_file():
        return None
    manifests.mkdir(parents=True, exist_ok=True)
    return tasks.job(agency.slug, content, as_of, out=str(site), base_url=base_url, state=str(manifests))


def published_years(site: Path) -> list[dict]:
    """Per year the agency's site publishes (its oit-YYYY.json, docs/contracts.md#exports): year,
    summary and the date of the last change; newest first. The home's numbers are these."""
    years = []
    for path in sorted(site.glob("oit-*.json"), reverse=True):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            years.append({"year": int(data["year"]), "summary": data["summary"], "updated": data.get("updated")})
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(years, key=lambda y: -y["year"])


def _read_names(folder: Path) -> dict:
    try:
        names = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return names if isinstance(names, dict) else {}


def _write_names(folder: Path, names: dict) -> None:
    """The agencies' names as last read, so that an agency whose site.yml breaks keeps its name on the home."""
    folder.mkdir(parents=True, exist_ok=True)
    home.write_atomic(folder / "names.json", (json.dumps(names, ensure_ascii=False, sort_keys=True) + "\n").encode())
