"""Checks that an evidence file is what its name says, cheaply (head and tail reads only),
so `oit validate` stays fast on thousands of files, and that no browser or web server would run it.

The slow checks, decoding an image (`decode_image`) and reading a whole file for national ID
numbers (filetext.py), run once per file content: guard.py keeps their results in the on-disk
cache of filecache.py.
"""
from __future__ import annotations

import re
from pathlib import Path

from .i18n import _

DEFAULT_MAX_MB = 50
_TAIL = 4096

IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
IMAGE_ENDINGS = {".png": b"IEND\xaeB`\x82", ".jpg": b"\xff\xd9", ".jpeg": b"\xff\xd9"}
OFFICE_SIGNATURES = {  # Office Open XML files are ZIP archives; the old formats are OLE files
    ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".pptx": b"PK\x03\x04",
    ".doc": b"\xd0\xcf\x11\xe0", ".xls": b"\xd0\xcf\x11\xe0", ".ppt": b"\xd0\xcf\x11\xe0",
    ".zip": b"PK\x03\x04", ".odt": b"PK\x03\x04", ".ods": b"PK\x03\x04", ".odp": b"PK\x03\x04",
    ".rtf": b"{\\rtf",
}
# Files a browser runs as a page (scripts on the agency's own domain, where its admin page may be)
# or a web server runs or obeys: never published, whatever pii_unchecked: says (guard.py).
BROWSER_ACTIVE = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".shtm", ".stm", ".mht", ".mhtml", ".svg", ".svgz",
                  ".xml", ".xsl", ".xslt", ".js", ".mjs", ".swf", ".hta"}
# A web server runs these by any part of the name (Apache: 'report.php.pdf' is PHP)
SERVER_ACTIVE = {"php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phar", "phps", "asp", "aspx",
                 "ascx", "ashx", "asmx", "axd", "cshtml", "vbhtml", "jsp", "jspx", "cgi", "fcgi", "pl", "shtml"}
SERVER_CONFIG = {".htaccess", ".htpasswd", "web.config", ".user.ini", "php.ini"}
# Types every web server names (so a browser never guesses them): a file of any other type is sniffed
SERVED_WITH_TYPE = ({".pdf", ".rtf", ".txt", ".csv", ".tsv", ".mp4", ".mp3", ".m4a", ".wav", ".webm", ".ogg", ".mov",
                     ".avi", ".wmv"} | set(IMAGE_SIGNATURES) | set(OFFICE_SIGNATURES))
_MARKUP = re.compile(rb"<(!doctype|html|head|body|script|svg|\?xml|iframe|object)\b", re.I)
MAX_PIXELS = 40_000_000  # 40 megapixels: larger is a scan at absurd resolution, or a decompression bomb


def check_file(path: Path, max_bytes: float) -> tuple[str, str] | None:
    """(rule, message) for a file that is not fit to publish, else None."""
    try:
        return _check_file(path, max_bytes)
    except OSError as err:
        return ("file-not-found", _("file cannot be read ({reason}); upload it again").format(reason=err.strerror or err))


def active_problem(name: str, path: Path) -> tuple[str, str] | None:
    """('file-active', advice) when the file, published as `name`, would be run by a browser or a
    web server; a file of a type web servers do not all name is sniffed for a web page."""
    lowered = name.rsplit("/", 1)[-1].lower()
    suffix = Path(lowered).suffix
    if lowered in SERVER_CONFIG or lowered.startswith(".ht"):
        return ("file-active", _("{name} is a web server configuration file: publishing it would change how the "
                                 "server treats the site. Remove it from the item folder")
                .format(name=lowered))
    if suffix in (".svg", ".svgz"):
        return ("file-active", _("an SVG image can run scripts on the agency's website. "
                                 "Save the image as PNG (or export the document as PDF) and name that file instead"))
    server = sorted(SERVER_ACTIVE & set(lowered.split(".")[1:]))
    if suffix in BROWSER_ACTIVE or server:
        return ("file-active", _("a {suffix} file is run by the browser or the web server (scripts on the agency's "
                                 "website). Export the document as PDF and name that file "
                                 "instead").format(suffix=suffix if suffix in BROWSER_ACTIVE else "." + server[0]))
    if suffix not in SERVED_WITH_TYPE:  # a server may send it with no type, and the browser guesses
        try:
            with open(path, "rb") as handle:
                head = handle.read(1024)
        except OSError:
            return None  # the format check reports it
        if _MARKUP.search(head):
            return ("file-active", _("{name} holds a web page (a browser may run its scripts). "
                                     "Export the document as PDF and name that file instead").format(name=lowered))
    return None


# What makes an SVG image run something where it is shown: a script, an event handler, a javascript:
# address, or a frame for other content (an <img> tag does not run them, but the file opened by itself does).
_SVG_ACTIVE = re.compile(rb"<\s*(script|foreignObject|iframe|embed|object|handler)\b|\son[a-z]+\s*=|javascript:", re.I)


def svg_problem(path: Path) -> tuple[str, str] | None:
    """('file-active', advice) for an SVG logo or favicon that holds a script, an event handler or a
    frame: it is published beside every page, on the agency's own origin."""
    try:
        data = path.read_bytes()
    except OSError:
        return None  # the format check reports it
    if _SVG_ACTIVE.search(data):
        return ("file-active", _("the SVG image holds a script, an event handler or a frame, which would run on the "
                                 "agency's website; remove them, or save the image as PNG"))
    return None


def _check_file(path: Path, max_bytes: float):
    size = path.stat().st_size
    if size > max_bytes:
        return ("file-too-large",
                _("file is {size} MB, above the limit of {limit} MB "
                  "(max_file_mb in site.yml); compress or split it").format(size=f"{size / 1e6:.1f}",
                                                                             limit=f"{max_bytes / 1e6:.0f}"))
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _check_pdf(path, size)
    if suffix in IMAGE_SIGNATURES:
        return _check_image(path, size, suffix)
    if size == 0:
        return ("file-invalid", _("file is empty (0 bytes); upload the document again"))
    if suffix in OFFICE_SIGNATURES:
        head, _tail = _head_tail(path, size)
        if not head.startswith(OFFICE_SIGNATURES[suffix]):
            if re.search(rb"<(!doctype|html|head|body)", head[:512], re.I):
                return ("file-invalid", _("file named {suffix} is an HTML page (probably a saved error or login page); "
                                          "download the real file").format(suffix=suffix))
            return ("file-invalid", _("file named {suffix} is not a {kind} file; save it again in that format")
                    .format(suffix=suffix, kind=suffix[1:].upper()))
    return None


def _head_tail(path: Path, size: int) -> tuple[bytes, bytes]:
    with open(path, "rb") as handle:
        head = handle.read(1024)
        if size > _TAIL:
            handle.seek(size - _TAIL)
        else:
            handle.seek(0)
        return head, handle.read(_TAIL)


def _check_pdf(path: Path, size: int):
    if size == 0:
        return ("pdf-invalid", _("PDF file is empty (0 bytes); upload the document again"))
    head, tail = _head_tail(path, size)
    if not head.startswith(b"%PDF-"):
        if re.search(rb"<(!doctype|html|head|body)", head[:512], re.I):
            return ("pdf-invalid", _("file named .pdf is an HTML page (probably a saved error or login page); "
                                     "download the real PDF"))
        return ("pdf-invalid", _("file named .pdf is not a PDF; export the document as PDF"))
    if b"%%EOF" not in tail:
        after = _bytes_after_end(path, size)
        if after is not None:  # data appended to the document: a PDF reader never shows it
            return ("pdf-invalid", _("PDF has {count} bytes after its end-of-file marker (data appended to the "
                                     "document, or two files joined); export it again as one PDF").format(count=after))
        return ("pdf-invalid", _("PDF is truncated (no end-of-file marker); upload the complete file"))
    if re.search(rb"/Encrypt\s", tail) or re.search(rb"/Encrypt\s", head):
        return ("pdf-invalid", _("PDF is encrypted or password-protected; assessors must open it freely, "
                                 "save it without a password"))
    return None


def _bytes_after_end(path: Path, size: int) -> int | None:
    """How many bytes follow the last %%EOF, or None without one (read only on this rare path)."""
    end = path.read_bytes().rfind(b"%%EOF")
    return None if end < 0 else size - end - 5


def _check_image(path: Path, size: int, suffix: str):
    if size == 0:
        return ("image-invalid", _("image file is empty (0 bytes); upload it again"))
    head, tail = _head_tail(path, size)
    if not any(head.startswith(sig) for sig in IMAGE_SIGNATURES[suffix]):
        return ("image-invalid", _("file named {suffix} is not a {kind} image; save it in that format")
                .format(suffix=suffix, kind=suffix[1:].upper()))
    ending = IMAGE_ENDINGS.get(suffix)
    if ending and ending not in tail[-64:]:
        return ("image-invalid", _("image is truncated or damaged; upload it again"))
    return None


def decode_image(path: Path) -> str | None:
    """Decode the image (JPEG at 1/8 scale: cheap); a message when it does not decode, else None."""
    import warnings

    try:
        from PIL import Image
    except ImportError:  # Pillow is a dependency; without it only the cheap check runs
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (_("image is {width} × {height} pixels ({megapixels} megapixels); "
                              "resize it to at most a few thousand pixels per side")
                            .format(width=width, height=height, megapixels=f"{width * height / 1e6:.0f}"))
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except Image.DecompressionBombError:
        return _("image claims billions of pixels (a decompression bomb, or a broken file); "
                 "export it again at a normal size")
    except Exception as err:  # Pillow raises many kinds on hostile input; none may stop the run
        return _("image does not decode ({error}); save or export it again").format(
            error=f"{type(err).__name__}: {str(err)[:80]}")
    return None


# --- reading a file whole for national ID numbers (the PDPA guard) ---------------------------
# A file is published only when it was read whole and no unallowed number was found. Every
# reader below either reads all the text a viewer could show (page text, form values, comments,
# bookmarks, attachments, metadata, every XML part of an Office or ODF file, archive members by
# their own type) or says why it could not (`Scan.stop`): a format we cannot read, a damaged
# file, a budget exceeded. Pictures have no text layer (no OCR): a decoded image counts as read
# once its metadata (EXIF, XMP, text chunks, comments) is. A PDF is read in every revision and object.


