"""Files the site publishes besides pages (docs/contracts.md#exports): ITAS CSV, validation JSON, evidence manifest."""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re

from . import urls
from .thai import be_to_ce


def explanation_text(body: str) -> str:
    """The Markdown body as one line of plain text, as pasted into ITAS's explanation field."""
    text = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    text = re.sub(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)", lambda m: m.group(1), text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*|[*_`]+", "", text, flags=re.M)
    return re.sub(r"\s+", " ", text).strip()


# A cell starting with one of these is read by Excel and LibreOffice as a formula (=HYPERLINK(…),
# @SUM(…)); OWASP "CSV Injection": prefix such a cell with a single quote so it stays text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(rows: list) -> bytes:
    """Every CSV the tool writes: UTF-8 with BOM so Excel shows Thai, cells that cannot be formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def itas_csv(report) -> bytes:
    """One row per catalog item; `parts` says, for an item with parts, how each stands. The
    columns of earlier sheets come first, unchanged (`oit check --previous` reads them); the
    agency and the status in Thai follow, for the person who fills in ITAS."""
    from .report import STATUS_TH
    rows = [["code", "title", "url", "status", "explanation", "parts", "agency", "status_th"]]
    for result in report.items:
        body = result.content.body if result.content else ""
        rows.append([result.code, result.title, result.url, result.status, explanation_text(body),
                     parts_summary(report, result), report.site.name, STATUS_TH[result.status]])
    return csv_bytes(rows)


def parts_summary(report, result) -> str:
    """'plan: complete; progress: incomplete' for an item with parts (the assessor checks each
    requirement), '' for a single-requirement item. A part with an error finding is incomplete."""
    item = report.catalog.item(result.code)
    if item is None or not item.has_parts:
        return ""
    failed = {f.part for f in report.findings if f.item == result.code and f.is_error}
    if result.status == "missing":
        return "; ".join(f"{p.id} ({p.label}): missing" for p in item.parts)
    return "; ".join(f"{p.id} ({p.label}): {'incomplete' if p.id in failed else 'complete'}" for p in item.parts)


def report_json(report, updated=None, as_of_given: bool = False) -> bytes:
    """The published validation result. Dates are ISO 8601 in the Common Era, as machines read
    them (`oit validate` shows BE dates to people). Of the provenance only the status is published. `updated` is the last change of the year's
    content; the day of the build is left out, so rebuilding unchanged content another day gives
    the same bytes; `as_of` is there only when the build was given one (--as-of)."""
    data = report.to_json()
    data.pop("as_of", None)
    if "provenance" in data:  # sources and notes name research files and other agencies' repositories:
        data["provenance"] = {"status": data["provenance"]["status"]}  # for webmasters (oit validate) only
    if as_of_given:
        data["as_of"] = _dt.date(be_to_ce(report.as_of.year), report.as_of.month, report.as_of.day).isoformat()
    data["updated"] = updated.isoformat() if updated else None
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def evidence_manifest(base_url: str, published: dict) -> bytes:
    """`published`: site path → what the build published there ("size" and "sha256" of its bytes)."""
    files = [{"path": site_path, "url": urls.absolute(base_url, site_path),
              "size": info["size"], "sha256": info["sha256"]}
             for site_path, info in sorted(published.items())]
    return (json.dumps({"files": files}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
