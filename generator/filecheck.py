"""Checks that an evidence file is what its name says, cheaply (head and tail reads only),
so `oit validate` stays fast on thousands of files.

The slow checks, decoding an image and reading a whole file for national ID numbers
(`decode_image`, `text_ids`: every part of it, or why it could not be read whole), run once per
file content: guard.py keeps their results in the on-disk cache of filecache.py.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import pii
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
# file, a budget exceeded. Pictures have no text layer: a decoded image counts as read.

TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".md", ".json"}
MARKUP_SUFFIXES = {".xml", ".svg", ".html", ".htm", ".xhtml"}
ARCHIVE_SUFFIXES = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".zip"}
READABLE_SUFFIXES = {".pdf", ".rtf"} | TEXT_SUFFIXES | MARKUP_SUFFIXES | ARCHIVE_SUFFIXES
# Parts of Office/ODF files and archives with no text to read: pictures, fonts, printer settings
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".emf", ".wmf"}
NO_TEXT_PARTS = re.compile(r"(?i).*(\.(ttf|otf|odttf|fntdata)|/printerSettings\d*\.bin|(^|/)layout-cache)"
                           r"|ObjectReplacements/.*")  # ODF: the picture shown for an embedded object
PART_SUFFIXES = {".rels", ".vml", ".rdf"}  # XML parts of Office/ODF files under other names

MAX_TEXT_BYTES = 64 * 1024 * 1024  # never inflate more than this from one file (zip bombs)
MAX_DEPTH = 4  # archives in archives (a .docx in a .zip is depth 2)
MAX_MEMBERS = 20_000
MAX_PDF_PAGES = 5_000
MAX_SECONDS = 120.0  # per file: a slower file is not checked whole


class _Stop(Exception):
    """Reading stops: the file is not checked whole (the reason is in Scan.incomplete)."""


class Scan:
    """What reading one file found: hits [where, masked, digest] and why it was not read whole."""

    def __init__(self):
        import time

        self.found: list = []
        self.incomplete: str | None = None
        self.budget = MAX_TEXT_BYTES
        self.deadline = time.monotonic() + MAX_SECONDS

    def text(self, text: str, where: str, only_new: bool = False) -> None:
        known = {hit[2] for hit in self.found} if only_new else ()
        for _start, _end, number in pii.find_ids(text):
            digest = pii.digest(number)
            if digest not in known:
                self.found.append([pii.mask_text(where), pii.mask(number), digest])  # a part's name may hold an ID too

    def stop(self, reason: str):
        self.incomplete = self.incomplete or reason
        raise _Stop(reason)

    def spend(self, size: int) -> None:
        """Count `size` inflated bytes against the budget; stop past it or past the deadline."""
        import time

        self.budget -= size
        if self.budget < 0:
            self.stop(_("more than {size} MB of text once unpacked (budget exceeded)").format(size=MAX_TEXT_BYTES // 2**20))
        if time.monotonic() > self.deadline:
            self.stop(_("reading it took more than {seconds} seconds").format(seconds=f"{MAX_SECONDS:.0f}"))


def text_ids(path: Path) -> dict:
    """National IDs in a file: {"ids": [[where, masked, digest], …], "error": None or why the file
    could not be read whole}. An `error` means the file is not proven safe: it is withheld.
    A scanned PDF (pictures of pages) has no text: like an image it counts as read (no OCR)."""
    scan = Scan()
    try:
        readable = suffix_of(path.name) in READABLE_SUFFIXES  # a video is refused without reading it
        read_data(path.name, path.read_bytes() if readable else b"", scan, depth=1, where="")
    except _Stop:
        pass
    except Exception as err:  # a reader failing on a damaged file must not stop validation
        scan.incomplete = scan.incomplete or _("damaged or unreadable ({error})").format(
            error=f"{type(err).__name__}: {pii.mask_text(str(err)[:120])}")
    return {"ids": scan.found, "error": scan.incomplete}


def read_data(name: str, data: bytes, scan: Scan, depth: int, where: str) -> None:
    """Scan the bytes of a file called `name` by its own type (a file, an archive member, an attachment)."""
    suffix = suffix_of(name)
    if suffix == ".pdf":
        _pdf_text(data, scan, depth, where)
    elif suffix in ARCHIVE_SUFFIXES:
        _archive_text(data, scan, depth, where)
    elif suffix == ".rtf":
        if b"\\objdata" in data:  # an embedded Excel sheet or document, as hex: not read
            scan.stop(where + _("an object embedded in the RTF document cannot be read"))
        _scan_lines(rtf_text(data), scan, where)
    elif suffix in MARKUP_SUFFIXES:
        if where:  # a part of an Office/ODF file or archive: its name says where
            scan.text(decode_text(data), where.removesuffix(": "))
        else:
            _scan_lines(decode_text(data), scan, where)
        scan.text(markup_text(data), where.removesuffix(": ") or _("text"), only_new=True)  # runs split by tags, &#…;
    elif suffix in TEXT_SUFFIXES:
        _scan_lines(decode_text(data), scan, where)
    elif where and suffix in PICTURE_SUFFIXES:
        return  # a picture inside a document: no text layer
    else:
        cannot = (_("{suffix} files cannot be read").format(suffix=suffix) if suffix
                  else _("files without a type such as .pdf cannot be read"))
        scan.stop(cannot + (f" ({where.removesuffix(': ')})" if where else ""))


def suffix_of(name: str) -> str:
    """'.rels' for '_rels/.rels' too (pathlib sees a hidden file without a suffix there)."""
    base = name.rsplit("/", 1)[-1]
    return base[base.rfind("."):].lower() if "." in base else ""


def _scan_lines(text: str, scan: Scan, where: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        scan.text(line, where + _("line {number}").format(number=number))


_BOMS = ((b"\xff\xfe\0\0", "utf-32-le"), (b"\0\0\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_text(data: bytes) -> str:
    """Text in the encodings a Thai office saves: a BOM (UTF-8/16/32) wins; without one, NUL
    bytes tell UTF-16/32 and their byte order (ASCII digits, tabs and line ends are x 00 in
    UTF-16LE); else UTF-8, else TIS-620 (cp874)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    sample = data[:65536]
    if b"\0" in sample:
        zeros = [sample[i::4].count(0) for i in range(4)]
        quarter = max(1, len(sample) // 4)
        if zeros[2] > quarter * 0.9 and zeros[3] > quarter * 0.9:
            return data.decode("utf-32-le", "replace")
        if zeros[0] > quarter * 0.9 and zeros[1] > quarter * 0.9:
            return data.decode("utf-32-be", "replace")
        return data.decode("utf-16-le" if zeros[1] + zeros[3] > zeros[0] + zeros[2] else "utf-16-be", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp874", errors="replace")


# Ends of paragraphs, cells and shared strings break the text; the runs of one paragraph
# (<w:t>, <a:t>, <tspan>) are joined, as a viewer shows them
_MARKUP_BREAKS = re.compile(r"</(?:[\w.-]+:)?(?:p|h|tc|tr|td|th|li|div|row|si|table-cell|table-row|comment)\s*>"
                            r"|</(?:c|text)>|<(?:[\w.-]+:)?(?:tab|br|cr|line-break)\b[^<>]*>"
                            r"|<!--|-->|<!\[CDATA\[|\]\]>", re.I)
_TAG = re.compile(r"<[^<>]*>")  # not [^>]: a run of '<' without '>' would be read again and again
_ATTRIBUTE = re.compile(r"""\s[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def markup_text(data: bytes) -> str:
    """The text of an XML/HTML/SVG document as a viewer shows it (runs of one paragraph joined,
    character references decoded), then every attribute value (links, properties), one a line."""
    import html

    document = decode_text(data)
    text = _TAG.sub("", _MARKUP_BREAKS.sub("\n", document))
    attributes = "\n".join(a or b for a, b in _ATTRIBUTE.findall(document))
    return html.unescape(text) + "\n" + html.unescape(attributes)


def _archive_text(data: bytes, scan: Scan, depth: int, where: str) -> None:
    """Every member of a zip archive (Office Open XML and ODF files are zip archives) by its own
    type: XML parts as markup, documents and archives inside recursively, within the budgets."""
    import io
    import zipfile

    if depth > MAX_DEPTH:
        scan.stop(_("archives nested more than {depth} deep ({where})").format(depth=MAX_DEPTH, where=where.rstrip('/')))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            scan.stop(_("more than {count} files in one archive").format(count=MAX_MEMBERS))
        scan.text(archive.comment.decode("utf-8", "replace"), where + _("archive comment"))
        for info in members:
            name = info.filename
            scan.text(name, where + _("{name} (name)").format(name=name))
            if info.is_dir() or NO_TEXT_PARTS.fullmatch(name) or suffix_of(name) in PICTURE_SUFFIXES:
                continue  # pictures have no text layer (as published images)
            if info.flag_bits & 0x1:
                scan.stop(where + _("{name} is encrypted").format(name=name))
            scan.spend(info.file_size)
            with archive.open(info) as member:
                part = member.read(scan.budget + info.file_size + 1)
            if len(part) > info.file_size:  # the header lied about the size
                scan.spend(len(part) - info.file_size)
            as_type = name + ".xml" if suffix_of(name) in PART_SUFFIXES or name == "mimetype" else name
            read_data(as_type, part, scan, depth + 1, f"{where}{name}: ")


_RTF_TOKEN = re.compile(rb"\\'([0-9a-fA-F]{2})|\\u(-?\d+) ?|\\([a-zA-Z]+)(-?\d+)? ?|\\(.)|([{}])|[\r\n]|([^\\{}\r\n]+)", re.S)
_RTF_BREAKS = {b"par", b"line", b"cell", b"row", b"tab", b"sect", b"page"}


def rtf_text(data: bytes) -> str:
    r"""The text of an RTF document: control words dropped, \par and \cell as line breaks, \uN
    escapes and \'xx bytes (in the document's \ansicpg code page, TIS-620 by default) decoded."""
    match = re.search(rb"\\ansicpg(\d+)", data[:4096])
    codepage = f"cp{int(match.group(1))}" if match else "cp874"
    try:
        "".encode(codepage)
    except LookupError:
        codepage = "cp874"
    out: list = []
    skip = 0  # fallback characters after a \uN escape
    per_escape = 1  # \ucN
    for hexbyte, unicode, word, number, symbol, brace, plain in _RTF_TOKEN.findall(data):
        if unicode:
            value = int(unicode)
            out.append(chr(value + 65536 if value < 0 else value))
            skip = per_escape
        elif hexbyte:
            if skip:
                skip -= 1
            else:
                out.append(bytes([int(hexbyte, 16)]).decode(codepage, "replace"))
        elif word:
            if word == b"uc" and number:
                per_escape = int(number)
            out.append("\n" if word in _RTF_BREAKS else "")
            skip = 0
        elif symbol:
            out.append({b"~": " ", b"_": "-", b"-": ""}.get(symbol, symbol.decode("latin-1")))
        elif plain:
            text = plain.decode(codepage, "replace")
            if skip:
                text, skip = text[skip:], max(0, skip - len(text))
            out.append(text)
    return "".join(out)


def _pdf_text(data: bytes, scan: Scan, depth: int, where: str) -> None:
    """Page text, annotations (comments, form widgets, links), form fields, bookmarks, attached
    files (by their own type), the document properties, XMP metadata and any bytes after the end."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs log warnings by the dozen
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        scan.stop(where + _("the PDF is encrypted"))
    info: dict = reader.metadata or {}
    scan.text(" \n ".join(str(v) for v in info.values()), where + _("document properties"))
    root: Any = reader.trailer["/Root"].get_object()  # pypdf's objects are typed loosely
    if "/Metadata" in root:
        xmp = root["/Metadata"].get_object().get_data()
        scan.spend(len(xmp))
        scan.text(markup_text(xmp), where + _("XMP metadata"))
    pages = len(reader.pages)
    if pages > MAX_PDF_PAGES:
        scan.stop(_("the PDF has {pages} pages, more than the {limit} pages read per file; split it")
                  .format(pages=pages, limit=MAX_PDF_PAGES))
    seen = set()
    for number, page in enumerate(reader.pages, 1):
        ref = page.indirect_reference
        key = (ref.idnum, ref.generation) if ref is not None else number
        if key in seen:
            continue  # one page object listed many times (a page-tree bomb): read once
        seen.add(key)
        text = page.extract_text() or ""
        scan.spend(len(text))
        scan.text(text, where + _("page {number}").format(number=number))
        annotations = page.get("/Annots")
        for annotation in (annotations.get_object() if annotations is not None else []):
            _pdf_annotation(annotation.get_object(), scan, depth,
                            where + _("page {number} comment or field").format(number=number))
    for name, field in (reader.get_fields() or {}).items():
        scan.text("\n".join(str(field.get(k, "")) for k in ("/T", "/TU", "/V", "/DV")) + f"\n{name}",
                  where + _("form field"), only_new=True)
    _pdf_outline(reader.outline, scan, where + _("bookmarks"))
    for name, contents in reader.attachments.items():
        for content in contents:
            scan.spend(len(content))
            read_data(name, content, scan, depth + 1, where + _("attachment {name}").format(name=name) + ": ")
    end = data.rfind(b"%%EOF")
    if end >= 0 and data[end + 5:].strip():
        _scan_lines(decode_text(data[end + 5:]), scan, where + _("after the end of the PDF") + ", ")


_ANNOTATION_SKIP = {"/P", "/Parent", "/Popup", "/IRT", "/AP", "/Kids", "/Dest", "/StructParent"}


def _pdf_annotation(annotation, scan: Scan, depth: int, where: str) -> None:
    """Every string of an annotation (contents, author, rich text, form value, link address), and
    the file of a file-attachment annotation."""
    if not hasattr(annotation, "items"):
        return
    text = "\n".join(_pdf_strings(annotation, 3))
    scan.spend(len(text))  # thousands of annotations count against the budget and the deadline
    scan.text(text, where)
    if annotation.get("/Subtype") == "/FileAttachment" and "/FS" in annotation:
        spec = annotation["/FS"].get_object()
        name = str(spec.get("/UF") or spec.get("/F") or "attachment")
        stream = spec.get("/EF", {}).get("/F") if hasattr(spec, "get") else None
        if stream is not None:
            content = stream.get_object().get_data()
            scan.spend(len(content))
            read_data(name, content, scan, depth + 1, f"{where} " + _("attachment {name}").format(name=name) + ": ")


def _pdf_strings(value, depth: int):
    """The strings inside a PDF dictionary or array, `depth` levels down, not following the
    links back to pages and parents (those are read on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(value, IndirectObject):
        value = value.get_object()
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        yield str(value)
    elif isinstance(value, bytes):
        yield value.decode("latin-1")
    elif depth > 0 and isinstance(value, DictionaryObject):
        for key, child in value.items():
            if key not in _ANNOTATION_SKIP:
                yield from _pdf_strings(child, depth - 1)
    elif depth > 0 and isinstance(value, ArrayObject):
        for child in value:
            yield from _pdf_strings(child, depth - 1)


def _pdf_outline(items, scan: Scan, where: str, depth: int = 0) -> None:
    if depth > 50:
        scan.stop(_("bookmarks nested more than {depth} deep").format(depth=50))
    for item in items:
        if isinstance(item, list):
            _pdf_outline(item, scan, where, depth + 1)
        else:
            scan.text(str(getattr(item, "title", "") or ""), where)
