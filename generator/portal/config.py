"""portal.yml: the portal's name, where it is published and its agencies (docs/contracts.md#portal-yml)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..content import _read_config_yaml
from ..display import display_path
from ..errors import ConfigError
from ..i18n import _
from ..urls import unsafe_in_url

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")  # a URL folder every web server and file system takes
RESERVED = {"index.html", "sitemap.xml", "robots.txt", "status.html", "assets"}  # the portal's own files in www/


@dataclass(frozen=True)
class Agency:
    slug: str
    line: int  # its line in portal.yml, for messages
    path: Path | None = None  # the folder that holds its content/
    git: str | None = None  # or a repository (URL or local path) whose root holds content/
    branch: str | None = None

    @property
    def source(self) -> str:
        """Where its content comes from, as portal.yml says it."""
        return str(self.git) if self.git is not None else display_path(self.path) if self.path else ""


@dataclass(frozen=True)
class Portal:
    file: Path
    name: str
    base_url: str  # ends with '/'
    agencies: tuple[Agency, ...]
    publish_status: bool = False  # the supervisor's view is published only when the portal says so

    def agency_url(self, agency: Agency) -> str:
        return f"{self.base_url}{agency.slug}/"


def load_portal(path: Path) -> Portal:
    """Read and check portal.yml; a mistake stops the run with its line and what to write."""
    if not path.is_file():
        raise ConfigError(_("{file}: not found; write a portal.yml with name, base_url and agencies").format(
            file=display_path(path)))
    data = _read_config_yaml(path)
    where = display_path(path)
    for key in ("name", "base_url", "agencies"):
        if data.get(key) in (None, "", []):
            raise ConfigError(_("{file}:{line}: '{key}' is required").format(file=where, line=data.line_of(key), key=key))
    base_url = str(data["base_url"]).strip()
    if not re.match(r"https?://[^/\s]+", base_url):
        raise ConfigError(_("{file}:{line}: base_url must start with https://, e.g. https://oit.example.go.th/")
                          .format(file=where, line=data.line_of("base_url")))
    if unsafe_in_url(base_url):
        raise ConfigError(f"{where}:{data.line_of('base_url')}: "
                          + _("base_url holds {chars}, which a web address cannot hold; write only the address, "
                              "e.g. https://example.go.th/oit/").format(chars=repr(unsafe_in_url(base_url))))
    publish = data.get("publish_status", False)
    if not isinstance(publish, bool):
        raise ConfigError(_("{file}:{line}: publish_status is true or false").format(
            file=where, line=data.line_of("publish_status")))
    entries = data["agencies"]
    if not isinstance(entries, list):
        raise ConfigError(_("{file}:{line}: agencies is a list of '- slug: …' entries").format(
            file=where, line=data.line_of("agencies")))
    agencies: list[Agency] = []
    for index, entry in enumerate(entries):
        line = entries.line_of(index) if hasattr(entries, "line_of") else data.line_of("agencies")
        # absolute: a task may run in another working directory (a Dask worker)
        agencies.append(_agency(entry, line, Path(os.path.abspath(path.parent)), where, {a.slug for a in agencies}))
    return Portal(Path(os.path.abspath(path)), str(data["name"]), base_url.rstrip("/") + "/", tuple(agencies), publish)


def _agency(entry, line: int, root: Path, where: str, taken: set) -> Agency:
    if not isinstance(entry, dict):
        raise ConfigError(_("{file}:{line}: an agency is 'slug:' with 'path:' (or 'git:' and 'branch:')").format(
            file=where, line=line))
    line = getattr(entry, "line", line)
    slug = str(entry.get("slug") or "")
    if not SLUG.fullmatch(slug) or slug in RESERVED:
        raise ConfigError(_("{file}:{line}: slug '{slug}' cannot be a web folder; write lower-case letters, "
                            "digits and '-', e.g. slug: tambon-ban-mai").format(file=where, line=line, slug=slug))
    if slug in taken:
        raise ConfigError(_("{file}:{line}: slug '{slug}' is listed twice; each agency needs its own").format(
            file=where, line=line, slug=slug))
    if ("path" in entry) == ("git" in entry):
        raise ConfigError(_("{file}:{line}: agency '{slug}' needs either 'path:' (the folder that holds its "
                            "content/) or 'git:' (its repository)").format(file=where, line=line, slug=slug))
    if "git" in entry:
        repository = str(entry["git"])
        if not re.match(r"[a-z][a-z0-9+.-]*://|[^/]+@[^/]+:", repository):  # a folder, relative to portal.yml
            repository = os.path.normpath(root / repository)
        return Agency(slug, line, git=repository, branch=str(entry.get("branch") or "main"))
    folder = Path(os.path.normpath(root / str(entry["path"])))  # relative to portal.yml; an absolute path stays
    if not (folder / "content").is_dir():
        raise ConfigError(_("{file}:{line}: agency '{slug}': {folder} holds no content/ folder; 'path:' names "
                            "the folder that holds content/").format(file=where, line=line, slug=slug,
                                                                     folder=display_path(folder)))
    return Agency(slug, line, path=folder)
