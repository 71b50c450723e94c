"""The portal's own files in www/: the home (index.html: Thai, a sortable table that turns into
cards on a phone, no script or font from elsewhere), the sitemap index of the agencies' sitemaps,
robots.txt and the fonts the home uses; the supervisor's view (status.html) only when portal.yml
says publish_status: true. Nothing here depends on the clock or on which worker built what, so
the same inputs give the same bytes."""
from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
from pathlib import Path

import jinja2

from ..engine.sitemap import robots_txt
from ..face import thai_date
from ..report import xml_text
from ..thai import BEDate
from ..resources import FONTS, PORTAL_TEMPLATES

FONT_FILES = ("sarabun-thai-400-normal.woff2", "sarabun-latin-400-normal.woff2",
         "sarabun-thai-700-normal.woff2", "sarabun-latin-700-normal.woff2", "OFL.txt")


def write_portal_files(portal, out: Path, states: list, as_of: BEDate) -> None:
    rows = [_row(state) for state in states]
    years = sorted({year for row in rows for year in row["by_year"]}, reverse=True)
    template = _environment().get_template("home.html.j2")
    page = template.render(portal=portal, agencies=rows, years=years, as_of=as_of.thai(),
                           failed=[row for row in rows if row["error"]])
    write_atomic(out / "index.html", page.encode("utf-8"))
    write_atomic(out / "sitemap.xml", sitemap_index(portal, [s.agency for s in states if (out / s.agency.slug / "sitemap.xml").is_file()]))
    write_atomic(out / "robots.txt", robots_txt(portal.base_url))
    fonts = out / "assets" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        source = FONTS / name
        if not (fonts / name).is_file() or (fonts / name).read_bytes() != source.read_bytes():
            shutil.copyfile(source, fonts / name)
    if portal.publish_status:
        from ..i18n import th
        from .status import from_published, to_html
        write_atomic(out / "status.html", to_html(portal, from_published(portal, out, states), as_of, th).encode("utf-8"))


def _row(state) -> dict:
    by_year = {}
    for year in state.years:
        summary = year["summary"]
        items = int(summary.get("items", 0))
        updated = _dt.date.fromisoformat(year["updated"]) if year.get("updated") else None
        by_year[year["year"]] = {"complete": int(summary.get("complete", 0)), "total": items,
                                 "ratio": int(summary.get("complete", 0)) / items if items else 0.0,
                                 "updated": thai_date(updated), "updated_iso": updated.isoformat() if updated else ""}
    return {"slug": state.agency.slug, "name": state.name, "error": state.error, "years": state.years,
            "by_year": by_year}


def sitemap_index(portal, agencies: list) -> bytes:
    """A sitemap index (sitemaps.org) naming each agency's own sitemap.xml."""
    entries = "".join(f"  <sitemap>\n    <loc>{xml_text(portal.agency_url(a) + 'sitemap.xml')}</loc>\n  </sitemap>\n"
                      for a in agencies)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</sitemapindex>\n").encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half; an unchanged file is not rewritten."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(PORTAL_TEMPLATES)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
