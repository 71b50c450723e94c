"""The `oit` commands. Each takes the parsed arguments (cli.build_parser), calls the domain
function, prints what it returned and returns an Exit (docs/contracts.md#commands).

Nothing here handles an error: whatever stops a command reaches cli.main, the one error policy
(one line on stderr, exit 2). Domain modules are imported inside each command, so `oit validate`
does not pay for loading the site engine.
"""
from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from enum import IntEnum
from pathlib import Path

from .display import display_path
from .errors import ConfigError
from .i18n import _


class Exit(IntEnum):
    """Every exit status of `oit`, for CI to act on (docs/contracts.md#exit-codes)."""
    OK = 0  # no error finding (warnings allowed)
    FINDINGS = 1  # at least one error finding
    USAGE = 2  # usage, configuration, engine or file system error: the run could not be made
    INTERRUPTED = 130  # Ctrl+C, as a shell reports SIGINT


class UsageError(Exception):
    """The command line asks for something impossible: one line, exit 2."""


def note(text: str) -> None:
    """Progress and summaries go to stderr, so stdout holds only the report a script reads."""
    print(text, file=sys.stderr)


def _findings_exit(has_errors: bool) -> Exit:
    return Exit.FINDINGS if has_errors else Exit.OK


# --- new, init ----------------------------------------------------------------------------------

def new(args: argparse.Namespace) -> Exit:
    """`oit new YYYY`: scaffold a year; with --from, carry an earlier year forward."""
    if args.from_year is not None:
        from .rollover import render, rollover
        result = rollover(args.content, args.new_year, args.from_year, args.framework)
        sys.stdout.write(render(result, args.format))
        return Exit.OK
    if not (Path(args.content) / "site.yml").exists():  # an empty tree: site.yml first (oit init)
        from .init import missing_site_message
        if not sys.stdin.isatty():
            raise ConfigError(missing_site_message(args.content, args.new_year))
        _write_site(args.content, _agency_answers(args), args.new_year)
    _scaffold(args.content, args.new_year, args.framework)
    return Exit.OK


def init(args: argparse.Namespace) -> Exit:
    """`oit init`: a new agency's site.yml and its first year."""
    from .init import current_assessment_year, framework_for, refuse_existing_site, write_gitignore
    content = Path(args.content)
    refuse_existing_site(content)
    answers = _agency_answers(args)
    year = args.year or current_assessment_year()
    framework = framework_for(answers["family"], year, content)
    if framework != f"{answers['family']}-{year}":
        note(_("oit init: no {family}-{year} catalog yet; {year} is scaffolded with {framework} "
               "(when the {year} manual is out: oit catalog new {family}-{year} --from {framework})")
             .format(family=answers["family"], year=year, framework=framework))
    _write_site(content, answers, year)
    ignore = write_gitignore(content)
    if ignore is not None:
        note(_("{file}: lists what oit generates, so that git does not commit it").format(file=display_path(ignore)))
    _scaffold(content, year, framework)
    note(_("next: fill in the index.md of each item, then: oit validate --content {content}")
         .format(content=display_path(content)))
    return Exit.OK


def _agency_answers(args: argparse.Namespace) -> dict[str, str]:
    """The flags of `oit init`; in a terminal, what is not given is asked."""
    from .init import QUESTIONS, agency_answers
    given = {key: getattr(args, key, None) for _flag, key, _question, _required in QUESTIONS}
    if sys.stdin.isatty():
        given = {key: input(f"{_(question)}: ").strip() if given[key] is None else given[key]
                 for _flag, key, question, _required in QUESTIONS}
    return agency_answers(given)


def _write_site(content: Path, answers: dict[str, str], year: int) -> None:
    from .init import write_site
    site_yml = write_site(content, answers, year)
    note(_("{file}: written ({family}, default_year {year})").format(
        file=display_path(site_yml), family=answers["family"], year=year))


def _scaffold(content: Path, year: int, framework: str | None) -> None:
    from .scaffold import scaffold
    done = scaffold(content, year, framework)
    note(_("{folder}: {created} item folders created, {existing} already there ({framework})").format(
        folder=display_path(done.folder), created=done.created, existing=done.existing, framework=done.framework))


# --- catalog new | check | diff -----------------------------------------------------------------

def catalog(args: argparse.Namespace) -> Exit:
    return {"new": _catalog_new, "check": _catalog_check, "diff": _catalog_diff}[args.catalog_command](args)


def _catalog_new(args: argparse.Namespace) -> Exit:
    from .catalog_new import new_catalog
    target, source = new_catalog(args.content, args.name, args.source, args.out)
    note(_("{file}: {count} items copied from {framework}, each linked to the item it continues; edit titles, "
           "criteria and time rules from the manual, then: oit catalog check {file}").format(
        file=display_path(target), count=len(source.items), framework=source.framework))
    return Exit.OK


def _catalog_check(args: argparse.Namespace) -> Exit:
    from .catalog_check import catalog_file, check_catalog, render_check
    result = check_catalog(catalog_file(args.content, args.file), args.content)
    sys.stdout.write(render_check(result, args.format))
    return _findings_exit(bool(result.errors))


def _catalog_diff(args: argparse.Namespace) -> Exit:
    from .catalog_diff import diff_catalogs, render_diff
    from .catalog_lineage import Catalogs
    catalogs = Catalogs(args.content)
    old, new = catalogs.need(args.old), catalogs.need(args.new)
    sys.stdout.write(render_diff(diff_catalogs(old, new, catalogs), args.format))
    return Exit.OK


# --- validate, build, check ---------------------------------------------------------------------

def validate(args: argparse.Namespace) -> Exit:
    from .report import render
    from .validate import validate as validate_content
    report = validate_content(args.content, args.year, args.as_of)
    sys.stdout.write(render(report, args.format))
    return _findings_exit(report.has_errors)


def build(args: argparse.Namespace) -> Exit:
    """`oit build`: publishes even with findings (incomplete items show as such): exit 0."""
    from .build import build_site
    from .engine import EngineError
    try:
        result = build_site(args.content, args.out, args.as_of, link_evidence=args.link)
    except EngineError as err:  # nothing was published yet: say so (cli.main prints it, exit 2)
        raise EngineError(_("build failed, previous site left untouched: {error}").format(error=err)) from None
    if result.unchanged:
        note(_("{folder}/ is up to date (nothing changed since the last build)").format(folder=display_path(result.out)))
        return Exit.OK
    for report in result.reports:
        s = report.summary()
        note(_("{year}: {complete}/{items} complete, {errors} errors, {warnings} warnings").format(
            year=report.year.year, complete=s["complete"], items=s["items"], errors=s["errors"], warnings=s["warnings"]))
    note(_("built {folder}/ ({pages} pages, {rendered} rendered; {files} files, {copied} copied)").format(
        folder=display_path(result.out), pages=len(result.pages), rendered=result.rendered,
        files=len(result.published), copied=result.copied))
    return Exit.OK


def check(args: argparse.Namespace) -> Exit:
    """`oit check`, the CI gate; on GitHub Actions each finding is also an annotation."""
    from .check import github_annotations, run_check
    from .report import render
    report, timings = run_check(args.content, args.year, args.as_of, args.external, args.previous, args.timeout,
                                args.out)
    sys.stdout.write(render(report, args.format))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        stream = sys.stdout if args.format == "text" else sys.stderr
        stream.write(github_annotations(report))
    note(_("oit check: {timings}").format(timings=", ".join(f"{k} {v:.1f}s" for k, v in timings.items())))
    return _findings_exit(report.has_errors)


# --- status -------------------------------------------------------------------------------------

def status(args: argparse.Namespace) -> Exit:
    """`oit status`: a report for the committee, never part of the site. Exit 0 whatever it says
    (it is a progress report; `oit check` is the gate)."""
    from .history import mark_stale, weekly_completion
    from .status import status_report
    from .status_formats import FORMATS, HTML, to_bytes, write
    from .thai import today_be
    _check_status_outputs(args)
    report = status_report(args.content, args.year, args.as_of or today_be())
    mark_stale(report, args.content)
    if args.history or args.html:
        report.history, report.history_asked = weekly_completion(args.content, report), True
    if args.html:
        args.html.write_bytes(to_bytes(HTML, report))
    fmt = FORMATS[args.format]
    if args.out is None:
        sys.stdout.write(str(write(fmt, report)))
    else:
        args.out.write_bytes(to_bytes(fmt, report))
    return Exit.OK


def _check_status_outputs(args: argparse.Namespace) -> None:
    """Reports are for the committee: never written into content/ (it is published) and an
    .xlsx workbook never to the terminal."""
    from .status_formats import FORMATS
    if FORMATS[args.format].to_file_only and args.out is None:
        raise UsageError(_("oit status: --format xlsx writes a workbook; give its file name with --out status.xlsx"))
    content = os.path.realpath(args.content)
    for path in (args.out, args.html):
        if path is not None and (os.path.realpath(path) + os.sep).startswith(content + os.sep):
            raise UsageError(_("oit status: {path} is inside {content}, which is published; "
                               "write the report outside it, e.g. --out status.xlsx").format(path=path, content=args.content))


# --- serve, editor ------------------------------------------------------------------------------

def serve(args: argparse.Namespace) -> Exit:
    return _serve(args.content, args.host, args.port, args.as_of)


def _serve(content: Path, host: str, port: int, as_of) -> Exit:
    """Build, serve on `host`, rebuild whenever a file that makes the site changes, until Ctrl+C."""
    from .localserver import serve_directory
    from .serve import POLL_SECONDS, PREVIEW, Preview, preview_dir, rebuild
    from .watch import Watch
    out = Path(content).resolve().parent / PREVIEW
    preview_dir(out, content)
    preview = Preview(content, out, as_of)  # warm between rebuilds: each costs what changed
    watch = Watch(content)  # the system says what changed (a look at every file, where it cannot)
    gc.disable()  # collected between rebuilds (preview.between_rebuilds), never during one
    try:
        state = watch.current()
        note(rebuild(preview, state))
        if not out.is_dir():  # the first build failed: nothing to show
            return Exit.USAGE
        with serve_directory(out, host, port) as url:
            note(_("oit serve: {url} (Ctrl+C to stop)").format(url=url))
            try:
                preview.between_rebuilds()
                while True:
                    watch.wait(POLL_SECONDS)
                    current = watch.current()
                    if current != state:
                        state = current
                        note(rebuild(preview, current))
                        preview.between_rebuilds()
            except KeyboardInterrupt:
                note(_("oit serve: stopped"))
            finally:
                preview.close()
    finally:
        watch.close()
    return Exit.OK


def editor(args: argparse.Namespace) -> Exit:
    """`oit editor --out DIR`: the admin page for the git host; `--serve`: edit on this machine."""
    if args.serve:
        return _edit_here(args)
    from .content import load_site
    from .editor import backend_settings, ci_link, editor_config, write_admin
    if args.out is None:
        raise ConfigError(_("oit editor: give --out DIR (the admin page is written to DIR/admin/), or --serve to edit here"))
    backend = backend_settings(args.backend, args.repo, args.branch, args.api_root)
    ci = ci_link(args.backend, args.repo, args.branch, args.api_root) if args.repo else None
    site_url = load_site(args.content).base_url if args.backend != "local" else None  # the published pages
    config = editor_config(args.content, backend, args.content_path, args.year, site_url)
    admin = write_admin(args.out, config, args.content, ci=ci)
    print(_("oit editor: wrote {folder}/ (open {name}/index.html on the site)").format(
        folder=display_path(admin), name=admin.name))
    return Exit.OK


def _edit_here(args: argparse.Namespace) -> Exit:
    """Admin page and its backend, then the live preview in the foreground until Ctrl+C."""
    from .editor_server import local_editor
    # a service manager or `timeout` stops us with SIGTERM: leave through the with-blocks, so
    # the servers are closed and the editor's lock released
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with local_editor(args.content, only_year=args.year, preview_url=f"http://127.0.0.1:{args.port}/") as admin_url:
        note(_("oit editor: edit at {url} ; files are saved into {content}").format(
            url=admin_url, content=display_path(args.content)))
        return _serve(args.content, "127.0.0.1", args.port, None)


# --- portal ------------------------------------------------------------------------------------

def portal(args: argparse.Namespace) -> Exit:
    """`oit portal build|status` (generator/portal/)."""
    return {"build": _portal_build, "status": _portal_status}[args.portal_command](args)


def _portal_build(args: argparse.Namespace) -> Exit:
    """Exit 1 when an agency could not be built (its previous site stays; the others are built)."""
    from .i18n import _
    from .portal.build import build_portal
    from .portal.config import load_portal
    result = build_portal(load_portal(args.file), args.out, args.as_of, args.scheduler, args.workers)
    for state in result.agencies:
        if state.error:
            kept = _("its previous site is left as it was") if state.years else _("it has no site yet")
            note(_("{slug} ({source}): FAILED, {kept}: {error}").format(
                slug=state.agency.slug, source=state.agency.source, kept=kept, error=state.error))
        else:
            note((_("{slug}: built") if state.rebuilt else _("{slug}: unchanged, not rebuilt")).format(slug=state.agency.slug))
    note(_("portal {out}/: {total} agencies, {rebuilt} rebuilt, {failed} failed").format(
        out=args.out, total=len(result.agencies), failed=len(result.failed),
        rebuilt=sum(s.rebuilt and not s.error for s in result.agencies)))
    return _findings_exit(bool(result.failed))


def _portal_status(args: argparse.Namespace) -> Exit:
    """The supervisor's view; exit 0 whatever it says (a progress report, like oit status)."""
    from .i18n import _
    from .portal import status as portal_status
    from .portal.build import state_dir
    from .portal.config import load_portal
    from .thai import today_be
    if args.format == "xlsx" and args.out is None:
        raise UsageError(_("oit portal status: --format xlsx writes a workbook; give its file name with --out status.xlsx"))
    portal = load_portal(args.file)
    as_of = args.as_of or today_be()
    checkouts = state_dir(portal) / "git"
    statuses = portal_status.collect(portal, checkouts, as_of, args.year, args.scheduler, args.workers)
    data: bytes = {"text": lambda: portal_status.to_text(portal, statuses, as_of).encode(),
                   "json": lambda: portal_status.to_json(portal, statuses, as_of).encode(),
                   "csv": lambda: portal_status.to_csv(statuses),
                   "xlsx": lambda: portal_status.to_xlsx(portal, statuses, as_of),
                   "html": lambda: portal_status.to_html(portal, statuses, as_of).encode()}[args.format]()
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.out.write_bytes(data)
    return Exit.OK


COMMANDS = {"new": new, "init": init, "catalog": catalog, "validate": validate, "build": build,
            "check": check, "status": status, "serve": serve, "editor": editor, "portal": portal}
