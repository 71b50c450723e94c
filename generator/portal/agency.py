"""One agency's work as a task the fan-out runs (fanout.py): plain data in, plain data out, so it
runs alike in a local worker process and on a Dask worker. A task never raises: what stops one
agency is its result, reported beside the others."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from .. import i18n
from ..i18n import _
from ..thai import BEDate


def job(slug: str, content: Path, as_of: BEDate | None, **more) -> dict:
    """A task's input: the agency, where its content is, the date judged and the language."""
    return {"slug": slug, "content": str(content), "as_of": as_of.iso() if as_of else None,
            "lang": i18n.language(), **more}


def build_agency(task: dict) -> dict:
    """Build the agency's site into task["out"] under its base URL (build.build_site: its own
    manifest and cache; a failure leaves its previous site in place)."""
    from ..build import build_site
    return _run(task, lambda as_of: build_site(Path(task["content"]), Path(task["out"]), as_of,
                                               base_url=task["base_url"], state=Path(task["state"])) and None)


def validate_agency(task: dict) -> dict:
    """The agency's validation report (docs/contracts.md#report-json) for task["year"] (None: its default year)."""
    from ..validate import validate
    return _run(task, lambda as_of: validate(Path(task["content"]), task.get("year"), as_of).to_json())


def _run(task: dict, work) -> dict:
    from ..errors import error_line
    i18n.set_language(task["lang"])
    as_of = BEDate.parse(task["as_of"]) if task["as_of"] else None
    if multiprocessing.current_process().daemon:  # a Dask worker started without the setting below
        return {"slug": task["slug"], "result": None, "error": _(
            "this Dask worker cannot start the build's own processes; start the workers with "
            "DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker ADDRESS (README \"Many agencies\")")}
    try:
        return {"slug": task["slug"], "error": None, "result": work(as_of)}
    except Exception as err:  # noqa: BLE001  one agency's failure is its result, never the portal's
        return {"slug": task["slug"], "error": error_line(err).removeprefix("oit: "), "result": None}
