"""Path safety of the files an item names (docs/contracts.md#content-tree): only a file inside its
item folder is published, under the item's address; anything else is refused with the rule and
what to write instead, naming the file probably meant when a name is not found."""
from __future__ import annotations

import difflib
import functools
import os
import re
import stat
import unicodedata
from pathlib import Path

from . import urls
from .display import display_path
from .i18n import _


def _inside(path: Path, root: Path) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(real_root + os.sep)


@functools.lru_cache(maxsize=4096)
def _folder_inside(folder: str, root: str) -> bool:
    return _inside(Path(folder), Path(root))


def _plain_file_in(folder: Path, name: str, content_root: Path) -> bool:
    """True for a plain name ('x.pdf') of a regular file, not a link, in a folder inside content/:
    then it cannot lead anywhere else, and realpath (an lstat per path component) is not needed."""
    if "/" in name or "\\" in name or name in (".", ".."):
        return False
    try:
        info = os.lstat(folder / name)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and _folder_inside(str(folder), str(content_root))


MAX_NAME_BYTES = 255  # longest file name a Linux file system (and a web server) accepts


# The item page's own files at its address (2566/O1/): a file of that name would replace the page
# (index.html) or publish its raw source, front matter included (index.md). Any letter case, for
# web servers that ignore it.
RESERVED_NAMES = ("index.html", "index.md")


def resolve_item_file(folder: Path, name: str, content_root: Path) -> tuple[Path | None, str | None, str | None]:
    """Resolve a file named in an item's front matter or body.

    Returns (path, None, None) when it is a file inside the item folder that may be published,
    else (None, rule, message) with the rule id and advice.
    """
    path, rule, message = _locate_item_file(folder, name, content_root)
    if path is not None and _published_name(name).lower() in RESERVED_NAMES:
        suggestion = f"{Path(name).stem}-file{Path(name).suffix}"
        return None, "field-invalid", _("'{name}' has the name of the item page itself and would replace it on "
                                        "the site; rename the file, e.g. '{suggestion}', and the reference to it").format(
                                            name=name, suggestion=suggestion)
    return path, rule, message


def _locate_item_file(folder: Path, name: str, content_root: Path) -> tuple[Path | None, str | None, str | None]:
    if not name.strip() or re.search(r"[\x00-\x1f\x7f]", name):
        shown = name.encode("unicode_escape").decode("ascii")
        return None, "field-invalid", _("'{name}' is not a file name (empty or with control characters); "
                                        "write the file's name, e.g. report.pdf").format(name=shown)
    if os.path.isabs(name) or re.match(r"[A-Za-z]:[\\/]", name) or name.startswith(("\\", "~")):
        return None, "path-outside-content", _("'{name}' is an absolute path; put the file in {folder}/ and write "
                                               "only its name").format(name=name, folder=display_path(folder))
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in name.replace("\\", "/").split("/")):
        return None, "field-invalid", _("'{name}…' is longer than {limit} bytes; give the file a shorter name").format(
            name=name[:40], limit=MAX_NAME_BYTES)
    candidate = folder / name
    try:
        if _plain_file_in(folder, name, content_root):  # the common case, with one lstat
            return candidate, None, None
    except (OSError, ValueError):
        pass
    where = display_path(folder)
    try:
        if ".." in Path(name.replace("\\", "/")).parts or not _inside(candidate, folder):
            if not _inside(candidate, content_root):
                message = _("'{name}' points outside content/; copy the file into {folder}/ and write only its name")
            else:
                message = _("'{name}' points outside the item folder {item_folder}/; copy the file into {folder}/ "
                            "and write only its name")
            return None, "path-outside-content", message.format(name=name, item_folder=folder.name, folder=where)
        found = candidate.is_file()
    except (OSError, ValueError) as err:
        return None, "file-not-found", _("'{name}' cannot be read ({reason}); check the name").format(
            name=name, reason=getattr(err, 'strerror', None) or err)
    if not found:
        return None, "file-not-found", _("'{name}' is not in {folder}/; upload it there or correct the name").format(
            name=name, folder=where) + near_match(folder, name)
    return candidate, None, None


def item_site_path(year: int, code: str, name: str) -> str:
    """Where a file of an item folder is published, relative to the site root."""
    return urls.item_page(year, code) + _published_name(name)


def _published_name(name: str) -> str:
    """A file's path below its item's address: 'docs\\a.pdf' → 'docs/a.pdf', './x.pdf' → 'x.pdf'."""
    return "/".join(Path(name.replace("\\", "/")).parts)


def _plain(name: str) -> str:
    """A name as a person reads it: one letter case, one form of Thai and Latin, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def near_name(folder: Path, name: str) -> str | None:
    """The file of `folder` the webmaster probably meant by `name`: the same name in another letter
    case or with other spaces, or a small typo (difflib's ratio 0.8: one or two letters)."""
    try:
        present = folder_files(folder) if folder.is_dir() else []
    except OSError:
        return None
    same = [f for f in present if _plain(f) == _plain(name)]
    close = same or difflib.get_close_matches(name, present, n=1, cutoff=0.8)
    return close[0] if close else None


def near_match(folder: Path, name: str) -> str:
    """'; did you mean …' for a name not found in `folder`: a near name there, or the same file
    sitting in another item's folder of the year; '' when there is nothing to suggest."""
    near = near_name(folder, name)
    if near is not None:
        return _("; did you mean '{name}'?").format(name=near)
    try:
        others = sorted(p for p in folder.parent.iterdir() if p.is_dir() and p != folder and not p.name.startswith("."))
    except OSError:
        return ""
    for other in others:
        if (other / name).is_file():
            return _("; it is in {other}/: move it into {here}/").format(
                other=display_path(other), here=display_path(folder))
    return ""


def folder_files(folder: Path) -> list[str]:
    """Files of an item folder, as paths relative to it ('monthly/2568-10.pdf'); hidden ones left out."""
    out = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(parent).relative_to(folder)
        out += [(relative / name).as_posix() for name in sorted(files) if not name.startswith(".")]
    return [name for name in out if name not in SKIPPED]


SKIPPED = ("index.md",)  # the item page's own source
