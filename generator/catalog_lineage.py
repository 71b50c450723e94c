"""The successor links between catalogs (`continues:`) that `oit new --from` and `oit catalog diff`
follow from one framework to an earlier one (2569 → 2568 → 2566). Catalog authoring for the
people who get the NACC manual is in catalog_new, catalog_check and catalog_diff."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from .catalog import available_frameworks, catalog_dirs, parse_catalog_file
from .errors import ConfigError
from .i18n import _
from .thai import ascii_digits


# --- finding catalogs -------------------------------------------------------------------------

class Catalogs:
    """Catalogs by name or file: beside the file being worked on first, then beside content/,
    then the project's own (catalog.catalog_dirs)."""

    def __init__(self, content_dir: Path | None, first_dir: Path | None = None):
        dirs = catalog_dirs(content_dir)
        self.dirs = ([first_dir] if first_dir and first_dir.resolve() not in [d.resolve() for d in dirs] else []) + dirs
        self._loaded: dict = {}

    def path_of(self, name: str) -> Path | None:
        return next((d / f"{name}.yml" for d in self.dirs if (d / f"{name}.yml").is_file()), None)

    def get(self, name: str):
        """The catalog of that name, or None when there is no such file."""
        if name not in self._loaded:
            path = self.path_of(name)
            self._loaded[name] = parse_catalog_file(path) if path else None
        return self._loaded[name]

    def need(self, ref: str):
        """A catalog named (nacc-2569) or given as a file (oit_items/nacc-2570.yml); else exit 2."""
        path = Path(ref)
        if path.suffix in (".yml", ".yaml") or path.is_file():
            if not path.is_file():
                raise ConfigError(f"{ref}: " + _("no such catalog file"))
            catalog = parse_catalog_file(path)
            self._loaded.setdefault(catalog.framework, catalog)
            if path.parent.resolve() not in [d.resolve() for d in self.dirs]:
                self.dirs.insert(0, path.parent)  # the catalogs it links to may lie beside it
            return catalog
        ref = ascii_digits(ref)  # nacc-๒๕๖๙ is nacc-2569
        catalog = self.get(ref)
        if catalog is None:
            raise ConfigError(_("no catalog '{name}' (available: {known})").format(
                name=ref, known=', '.join(available_frameworks(self.dirs)) or _('none')))
        return catalog


# --- successor links --------------------------------------------------------------------------

@dataclass(frozen=True)
class Feed:
    """An item of the earlier framework whose content goes on in an item of the later one."""
    code: str  # item code in the earlier framework
    from_part: str | None  # only that part of it (None: all of it)
    part: str | None  # the part of the later item it feeds (None: matched by period, or the only part)


def _target_part(item, candidate: str | None) -> str | None:
    ids = [p.id for p in item.parts if p.id]
    return candidate if candidate in ids else None


def feeds(item, source: str, catalogs: Catalogs, depth: int = 0) -> list:
    """The items of framework `source` that `item` carries on, through as many frameworks as its
    links pass (2569 O10 → 2568 O10, O11 → 2566 O18, O16). A link to a catalog or code that does
    not exist is a configuration error: `oit catalog check` names the line."""
    if depth > 20:
        raise ConfigError(_("successor links of {code} go round in a circle; check them with oit catalog check").format(
            code=item.code))
    out = []
    for link in item.continues:
        earlier = catalogs.get(link.framework)
        middle = earlier.item(link.code) if earlier else None
        if middle is None:
            raise ConfigError(_("{code} continues {source}, which does not exist; check the catalog with oit catalog check")
                              .format(code=item.code, source=link.source))
        if link.framework == source:
            out.append(Feed(link.code, link.from_part, link.part or _target_part(item, link.from_part)))
            continue
        for feed in feeds(middle, source, catalogs, depth + 1):
            if link.from_part and feed.part and feed.part != link.from_part:
                continue  # that content went to a part of the middle item that does not continue here
            out.append(Feed(feed.code, feed.from_part, link.part or _target_part(item, link.from_part or feed.part)))
    return out


def lineage(later, earlier, catalogs: Catalogs) -> dict:
    """{later code: [Feed]} for every item of `later`. The same framework on both sides (a year kept
    on last year's catalog) continues item by item; so does a pair no link joins (nacc-2565 →
    nacc-2566: same codes), which `matched_by_code` reports."""
    if later.framework == earlier.framework or not _linked(later, earlier, catalogs):
        return {item.code: [Feed(item.code, None, None)] if earlier.item(item.code) else [] for item in later.items}
    return {item.code: feeds(item, earlier.framework, catalogs) for item in later.items}


def matched_by_code(later, earlier, catalogs: Catalogs) -> bool:
    return later.framework != earlier.framework and not _linked(later, earlier, catalogs)


def _linked(later, earlier, catalogs: Catalogs) -> bool:
    return any(feeds(item, earlier.framework, catalogs) for item in later.items)


# --- oit catalog check ------------------------------------------------------------------------


# --- oit catalog new --------------------------------------------------------------------------


# --- oit catalog diff -------------------------------------------------------------------------


