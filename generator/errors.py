"""The one error policy's words: errors that stop a run (exit 2) and the line the user reads for them."""
from __future__ import annotations

import errno
import sys

from . import i18n
from .i18n import N_, _
from .texts import one_line


class ConfigError(Exception):
    """The run cannot go on: exit status 2 with this one-line message."""


def error_line(err: Exception) -> str:
    """One line for an error that stopped the run: what it was and, for a file, which one."""
    if isinstance(err, _run_stopping_errors()):
        return f"oit: {one_line(err)}"
    if isinstance(err, OSError):
        names = " → ".join(str(n) for n in (err.filename, err.filename2) if n is not None)
        reason = os_reason(err) or one_line(err)
        return f"oit: {names}: {reason}" if names else f"oit: {reason}"
    return _("oit: internal error: {kind}: {error} (please report it; OIT_DEBUG=1 shows where it happened)").format(
        kind=type(err).__name__, error=one_line(err))


OS_REASONS = {  # the system's reason (strerror) of the common errors, to show in the chosen language
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.EEXIST: N_("File exists"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EADDRINUSE: N_("Address already in use"),
    errno.EADDRNOTAVAIL: N_("Cannot assign requested address"),
}


def os_reason(err: OSError) -> str | None:
    """err.strerror, in Thai for the common errors (in English exactly as the system says it)."""
    if err.strerror and err.errno in OS_REASONS and i18n.language() != "en":
        return _(OS_REASONS[err.errno])
    return err.strerror


def _run_stopping_errors() -> tuple:
    """Errors with a message written for the user: the content's configuration, a catalog, the
    site engine (only when it was loaded: importing it costs a fifth of a second) and YAML."""
    import yaml

    from .catalog import CatalogError  # the catalog loader raises ConfigError too: imported when needed
    errors = (ConfigError, CatalogError, yaml.YAMLError)
    engine = sys.modules.get(f"{__package__}.engine")
    return errors + (engine.EngineError,) if engine is not None else errors
