"""The `oit` command line: the parser and the one error policy (docs/contracts.md#commands,
#exit-codes). The commands themselves are in commands.py. Exit status: 0 ok, 1 error findings,
2 usage/configuration."""
from __future__ import annotations

import argparse
import logging
import os
import select
import signal
import sys
import traceback
from pathlib import Path

from . import i18n
from .i18n import _
from .commands import COMMANDS, Exit, UsageError
from .content import year_folders
from .display import display_path, set_display_root
from .errors import ConfigError, error_line
from .status_formats import FORMATS as STATUS_FORMATS
from .thai import BEDate, parse_be_year


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line instead of a usage dump
        raise UsageError(_("{prog}: {message} (see: {prog} --help)").format(prog=self.prog, message=message))


def _year(text: str) -> int:
    try:
        return parse_be_year(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _date(text: str) -> BEDate:
    try:
        return BEDate.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


MAX_TIMEOUT = 600.0  # seconds; an external check that waits longer per address would stall CI


def _seconds(text: str) -> float:
    """A finite, positive number of seconds (inf, nan, 0 and negatives are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a number of seconds, e.g. 10").format(text=text)) from None
    if not 0 < value <= MAX_TIMEOUT:  # also false for nan
        raise argparse.ArgumentTypeError(_("'{text}' must be more than 0 and at most {most} seconds")
                                         .format(text=text, most=f"{MAX_TIMEOUT:g}"))
    return value


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(_("'{text}' is not a TCP port (0 to 65535; 0: any free port)").format(text=text))
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    tree = _Parser(add_help=False)  # commands that do not work on one year
    tree.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                      help=_("content tree (default ./content)"))
    tree.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                      help=_("language of messages and reports: th (default) or en; also OIT_LANG"))
    common = _Parser(add_help=False, parents=[tree])
    common.add_argument("--year", type=_year, default=None, metavar="YYYY",
                        help=_("assessment year in Buddhist Era (default: default_year of site.yml)"))
    dated = _Parser(add_help=False)
    dated.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                       help=_("judge deadlines as of this date, YYYY-MM-DD in BE (default today)"))
    fmt = _Parser(add_help=False)
    fmt.add_argument("--format", choices=("text", "json", "junit"), default="text")

    parser = _Parser(prog="oit", description=_("OIT disclosure site: validate, build and check (ITA items O1–O43)"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    new = sub.add_parser("new", parents=[common], help=_("scaffold a year folder with every item of its catalog"))
    new.add_argument("new_year", type=_year, metavar="YYYY")
    new.add_argument("--framework", default=None, help=_("catalog name, e.g. nacc-2566 (default nacc-YYYY)"))
    # year rollover (rollover.py): carry the previous year forward through the catalogs' successor links
    new.add_argument("--from", dest="from_year", type=_year, default=None, metavar="YYYY",
                     help=_("carry forward what is still valid from this earlier year folder"))
    new.add_argument("--format", choices=("text", "json"), default="text", help=_("summary of --from (default text)"))
    _add_authoring_commands(sub, common, tree)
    _add_portal_commands(sub, dated)
    sub.add_parser("validate", parents=[common, dated, fmt], help=_("check completeness, coverage, files, fields"))
    build = sub.add_parser("build", parents=[common, dated], help=_("build the public site"))
    build.add_argument("--out", type=Path, default=Path("site"), metavar="DIR")
    build.add_argument("--link", action="store_true",
                       help=_("hard-link evidence files from content/ instead of copying them (faster; the site "
                               "then changes if a content file is overwritten in place)"))
    check = sub.add_parser("check", parents=[common, dated, fmt], help=_("validate + build + link check (the CI gate)"))
    check.add_argument("--external", action="store_true", help=_("also check external URLs"))
    check.add_argument("--previous", type=Path, default=None, metavar="FILE",
                       help=_("itas-YYYY.csv published earlier; its URLs must still be served"))
    check.add_argument("--timeout", type=_seconds, default=10.0, metavar="SECONDS",
                       help=_("seconds allowed for each external address, whole answer included (default 10)"))
    check.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help=_("keep the site it checked in DIR, as oit build --out DIR writes it "
                              "(CI then publishes the site it checked instead of building it again)"))
    status = sub.add_parser("status", parents=[common, dated],
                            help=_("the ITA committee's view: per responsible unit, what is overdue or missing"))
    status.add_argument("--format", choices=tuple(STATUS_FORMATS), default="text")
    status.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help=_("write the report to FILE instead of the screen (needed for --format xlsx)"))
    status.add_argument("--html", type=Path, default=None, metavar="FILE",
                        help=_("also write a self-contained HTML report with charts (reads the git history)"))
    status.add_argument("--history", action="store_true",
                        help=_("read the git history of content/: weekly completion per unit"))
    serve = sub.add_parser("serve", parents=[common, dated], help=_("live preview that rebuilds on change"))
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    editor = sub.add_parser("editor", parents=[common], help=_("the browser editor (Decap CMS) with forms from the catalogs"))
    editor.add_argument("--out", type=Path, default=None, metavar="DIR", help=_("writes DIR/admin/ (required unless --serve)"))
    editor.add_argument("--backend", choices=("local", "github", "gitlab", "gitea"), default="local")
    editor.add_argument("--repo", default=None, metavar="OWNER/NAME", help=_("the repository on the git host"))
    editor.add_argument("--branch", default="main")
    editor.add_argument("--api-root", default=None, metavar="URL", help=_("API of a self-hosted GitLab or Gitea"))
    editor.add_argument("--content-path", default=None, metavar="PATH",
                        help=_("the content folder's path in the repository (default: its name)"))
    editor.add_argument("--serve", action="store_true",
                        help=_("edit on this machine: decap-server, the admin page and the live preview, loopback only"))
    editor.add_argument("--port", type=_port, default=8000, help=_("live preview port with --serve (default 8000)"))
    return parser


def _add_authoring_commands(sub, common, tree) -> None:
    """`oit init` and `oit catalog new|check|diff` (init.py, catalog_new.py, catalog_check.py, catalog_diff.py). A catalog is not
    about one year of content: the catalog commands take no --year."""
    init = sub.add_parser("init", parents=[common], help=_("a new agency: write a commented site.yml and scaffold the year"))
    init.add_argument("--name", default=None, help=_("the agency's official name in Thai"))
    init.add_argument("--name-en", default=None, help=_("the agency's English name"))
    init.add_argument("--base-url", default=None, help=_("where the site is published, e.g. https://oit.example.go.th/"))
    init.add_argument("--family", default=None, help=_("agency family of the catalogs: nacc (default), ovec, moph"))
    catalog = sub.add_parser("catalog", help=_("write and compare framework catalogs (oit_items/*.yml)"))
    actions = catalog.add_subparsers(dest="catalog_command", required=True, parser_class=_Parser)
    new = actions.add_parser("new", parents=[tree], help=_("a copy of a catalog to edit, linked to the items it copies"))
    new.add_argument("name", help=_("the new catalog, e.g. nacc-2570"))
    new.add_argument("--from", dest="source", required=True, metavar="CATALOG", help=_("the catalog to copy, e.g. nacc-2569"))
    new.add_argument("--out", type=Path, default=None, metavar="DIR",
                     help=_("folder to write it in (default: oit_items/ beside the content folder)"))
    check = actions.add_parser("check", parents=[tree], help=_("schema, codes, groups, time rules and successor links"))
    check.add_argument("file", help=_("catalog file or name"))
    check.add_argument("--format", choices=("text", "json"), default="text")
    diff = actions.add_parser("diff", parents=[tree], help=_("what changed from one catalog to another (Thai)"))
    diff.add_argument("old", help=_("earlier catalog (name or file)"))
    diff.add_argument("new", help=_("later catalog (name or file)"))
    diff.add_argument("--format", choices=("text", "json"), default="text")


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("'{text}' is not a number of worker processes (1 or more)").format(text=text))
    return int(text)


def _add_portal_commands(sub, dated) -> None:
    """`oit portal build|status` (generator/portal/): many agencies, one portal.yml; no --content."""
    run = _Parser(add_help=False)
    run.add_argument("file", type=Path, metavar="portal.yml", help=_("the portal: name, base_url, agencies"))
    run.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                     help=_("language of messages and reports: th (default) or en; also OIT_LANG"))
    run.add_argument("--workers", type=_workers, default=None, metavar="N",
                     help=_("local worker processes (default: one per core)"))
    run.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help=_("run the agencies on a Dask cluster, e.g. tcp://10.0.0.5:8786 (started with: dask scheduler)"))
    portal = sub.add_parser("portal", help=_("many agencies: their sites, the portal home and the supervisor's view"))
    actions = portal.add_subparsers(dest="portal_command", required=True, parser_class=_Parser)
    build = actions.add_parser("build", parents=[run, dated], help=_("every agency's site under OUT/<slug>/ and the portal home"))
    build.add_argument("--out", type=Path, default=Path("www"), metavar="DIR")
    status = actions.add_parser("status", parents=[run, dated],
                                help=_("per agency and item, what is complete or missing; furthest behind first"))
    status.add_argument("--year", type=_year, default=None, metavar="YYYY",
                        help=_("assessment year in Buddhist Era (default: each agency's default_year)"))
    status.add_argument("--format", choices=("text", "json", "csv", "xlsx", "html"), default="text")
    status.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help=_("write the report to FILE instead of the screen (needed for --format xlsx)"))


def main(argv: list[str] | None = None) -> int:
    """The one error policy: whatever goes wrong reaches the user as one line and an exit status,
    never a traceback (OIT_DEBUG=1 adds it, for a bug report)."""
    _show_notices()
    i18n.set_language(_lang_option(sys.argv[1:] if argv is None else argv))
    try:
        args = build_parser().parse_args(argv)
        if argv is None and args.command in RUN_ONCE:
            return _exit_now(_run_without_collector(args))
        return _run(args)
    except UsageError as err:
        print(err, file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        print(_("oit: interrupted"), file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError as err:
        if argv is None and _reader_gone():
            _stop_as_other_tools_do()
        return _failed(err)
    except Exception as err:  # noqa: BLE001  the top level: every other error ends here
        return _failed(err)


def _failed(err: Exception) -> int:
    if os.environ.get("OIT_DEBUG") == "1":
        traceback.print_exc()
    print(error_line(err), file=sys.stderr)
    return Exit.USAGE


def _reader_gone() -> bool:
    """Whether the reader of our stdout has gone (`oit check | head`): its pipe reports an error.
    Only then is a broken pipe ours to stop on; a build worker's pipe is an engine failure."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _fd, event in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def _stop_as_other_tools_do() -> None:
    """End as a command-line tool ends when its reader stops: by SIGPIPE (exit status 141), with no
    traceback. SIGPIPE itself stays ignored while oit runs, so that a worker's closed pipe is an
    error the build reports, never a silent death."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGPIPE)


RUN_ONCE = ("build", "check", "validate")  # commands that run once and end (not serve, editor, portal)


def _run_without_collector(args: argparse.Namespace) -> Exit:
    """Run with the cyclic garbage collector off: a build makes millions of objects that live
    until the end, and collecting over and over found nothing to free (measured: ~10% of a cold
    build). Its engine workers are forked from here and inherit this."""
    import gc
    gc.disable()
    return _run(args)


def _exit_now(status: int) -> int:
    """End the process as soon as everything is written: the interpreter's teardown frees every
    object one by one (PyThaiNLP's dictionary alone: ~0.4 s) for nothing. Only once the command
    has returned, so every file it wrote is closed, its temporary folders removed and its worker
    processes joined; what is left is the buffered output, flushed here."""
    for handler in logging.getLogger("oit").handlers:
        handler.flush()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # output closed or gone: the normal exit would fail the same way
        return status
    os._exit(status)


def _lang_option(argv: list[str]) -> str | None:
    """--lang read before parsing, so that a usage error is already in the chosen language."""
    for index, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None)
        if value in i18n.LANGUAGES:
            return value
    return None


class _Notices(logging.Handler):
    """What domain modules tell the person running oit (logger "oit": a build waiting for
    another, a cache refused): one line each, on the stderr of the moment."""

    def emit(self, record: logging.LogRecord) -> None:
        level = _("warning: ") if record.levelno >= logging.WARNING else ""
        print(f"oit: {level}{record.getMessage()}", file=sys.stderr)


def _show_notices() -> None:
    logger = logging.getLogger("oit")
    if not any(isinstance(handler, _Notices) for handler in logger.handlers):
        logger.addHandler(_Notices())
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _check_year_option(args: argparse.Namespace) -> None:
    """--year means the same on every command: `new` takes its year once; `build` and `serve`
    publish every year folder, so a --year there must at least name one (never silently ignored)."""
    if args.command == "new" and args.year is not None and args.year != args.new_year:
        raise UsageError(_("oit new: two different years ({new_year} and --year {year}); give the year once")
                         .format(new_year=args.new_year, year=args.year))
    if args.command in ("build", "serve") and args.year is not None and args.content.is_dir():
        folders = year_folders(args.content)
        if args.year not in folders:
            have = ", ".join(str(y) for y in sorted(folders)) or _("none")
            raise ConfigError(_("--year {year}: no folder for that year in {content} (year folders: {have}); "
                                "the site always holds every year folder, so drop --year or create it with: "
                                "oit new {year}").format(year=args.year, content=display_path(args.content), have=have))


def _run(args: argparse.Namespace) -> Exit:
    # paths in every message: relative to the folder holding content/ (for a portal: holding portal.yml)
    set_display_root(args.content if hasattr(args, "content") else args.file)
    _check_year_option(args)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
