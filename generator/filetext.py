"""The whole text of a file, for the personal-data guard: every part a reader or a program could
get out of it (pages, earlier revisions and stray objects of a PDF, the members of archives and
Office files, markup, RTF, image metadata), or why it could not be read whole. `text_ids` runs
once per file content: guard.py keeps its result in the on-disk cache of filecache.py."""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import pii
from .filecheck import IMAGE_SIGNATURES
from .i18n import _


TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".md", ".json"}


MARKUP_SUFFIXES = {".xml", ".svg", ".html", ".htm", ".xhtml"}


ARCHIVE_SUFFIXES = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".zip"}


READABLE_SUFFIXES = {".pdf", ".rtf"} | TEXT_SUFFIXES | MARKUP_SUFFIXES | ARCHIVE_SUFFIXES | set(IMAGE_SIGNATURES)


# Parts of Office/ODF files and archives with no text to read: pictures, fonts, printer settings
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".emf", ".wmf"}


NO_TEXT_PARTS = re.compile(r"(?i).*(\.(ttf|otf|odttf|fntdata)|/printerSettings\d*\.bin|(^|/)layout-cache)"
                           r"|ObjectReplacements/.*")  # ODF: the picture shown for an embedded object


PART_SUFFIXES = {".rels", ".vml", ".rdf"}  # XML parts of Office/ODF files under other names


MAX_TEXT_BYTES = 64 * 1024 * 1024  # never inflate more than this from one file (zip bombs)


MAX_PICTURE_BYTES = 1024 * 1024 * 1024  # pictures inside documents: a report with many photos is normal


MAX_DEPTH = 4  # archives in archives (a .docx in a .zip is depth 2)


MAX_MEMBERS = 20_000


MAX_PDF_PAGES = 5_000


MAX_SECONDS = 120.0  # per file: a slower file is not checked whole


# PDFium is not thread-safe: two threads reading PDFs at once (the editor's server validating
# while a build runs) crashed the process. One at a time in a process (re-entrant: a PDF attached
# to a page's comment is read inside its page); the scan's worker processes each have their own.
PDFIUM = threading.RLock()


class _Stop(Exception):
    """Reading stops: the file is not checked whole (the reason is in Scan.incomplete)."""


class Scan:
    """What reading one file found: hits [where, masked, digest] and why it was not read whole."""

    def __init__(self):
        import time

        self.found: list = []
        self.incomplete: str | None = None
        self.budget = MAX_TEXT_BYTES
        self.picture_budget = MAX_PICTURE_BYTES
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

    def spend_pictures(self, size: int) -> None:
        """Count `size` bytes of pictures inside documents (read for their metadata)."""
        self.picture_budget -= size
        if self.picture_budget < 0:
            self.stop(_("more than {size} MB of pictures once unpacked (budget exceeded)").format(
                size=MAX_PICTURE_BYTES // 2**20))
        self.spend(0)  # the deadline

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
    elif suffix in IMAGE_SIGNATURES or (where and suffix in PICTURE_SUFFIXES):
        _image_text(data, suffix, scan, where)  # no text layer (no OCR): its metadata is read
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
            if info.is_dir() or NO_TEXT_PARTS.fullmatch(name):
                continue
            if info.flag_bits & 0x1:
                scan.stop(where + _("{name} is encrypted").format(name=name))
            # pictures (no text layer, but metadata) count against a budget of their own
            spend = scan.spend_pictures if suffix_of(name) in PICTURE_SUFFIXES else scan.spend
            spend(info.file_size)
            with archive.open(info) as member:
                part = member.read(max(scan.budget, scan.picture_budget) + info.file_size + 1)
            if len(part) > info.file_size:  # the header lied about the size
                spend(len(part) - info.file_size)
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
    files (by their own type), the document properties, XMP metadata, any bytes after the end,
    and what no viewer shows: every earlier revision, every object in the file."""
    if _pdf_clean_at_a_glance(data, scan):
        return
    _pdf_document(data, _pdf_reader(data, scan, where), scan, depth, where)
    end = data.rfind(b"%%EOF")
    if end >= 0 and data[end + 5:].strip():
        _scan_lines(decode_text(data[end + 5:]), scan, where + _("after the end of the PDF") + ", ")
    with _new_only(scan):  # a number shown on a page is reported there, once
        _pdf_hidden(data, scan, depth, where)


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_NEEDS_FULL_READING = re.compile(rb"/Encrypt\b|/EmbeddedFile|/FileAttachment")


def _pdf_clean_at_a_glance(data: bytes, scan: Scan) -> bool:
    """True when PDFium and the raw objects alone show that the PDF holds no national ID, read in
    about half the time of the whole reading (pypdf parses every object in Python); most
    published documents hold none. It reads a superset of what the whole reading reads: the text
    of every page (PDFium), every string of every dictionary whole (properties, comments, form
    fields, bookmarks, wherever pypdf would find them), XMP as markup, and every object as the
    hidden-text scan reads it. Any doubt (more than one save, bytes after the end, encryption,
    an attached file, page objects PDFium does not count as pages, a page it cannot read, a
    budget spent) or any number found: False, and the whole reading runs, which says where each
    number is and reports exactly what it always did."""
    from . import hiddentext

    end = data.rfind(b"%%EOF")
    if end < 0 or data.count(b"%%EOF") != 1 or data[end + 5:].strip() or b"/Encrypt" in data:
        return False
    glance = Scan()
    glance.deadline, glance.budget = scan.deadline, scan.budget
    texts = []  # read for numbers all at once: one search of the file's text, not one per object
    try:
        parts = list(hiddentext.object_parts(data))
        pages = 0
        for kind, part in hiddentext.pdf_dictionaries(parts, glance.spend):
            if kind == "xml":
                texts.append(markup_text(part))
                continue
            if _NEEDS_FULL_READING.search(part):
                return False
            pages += len(_PAGE_OBJECT.findall(part))
            texts += [part.decode("latin-1"), hiddentext.strings_text(part)]
        if not 0 < pages <= MAX_PDF_PAGES:
            return False
        with PDFIUM:
            document = _pdfium_document(data, pages)  # None unless PDFium counts as many pages
            if document is None:
                return False
            try:
                if document.count_attachments():
                    return False
                for index in range(pages):
                    text = _pdfium_text(document, index)
                    if text is None:
                        return False
                    glance.spend(len(text))
                    texts.append(text)
            finally:
                document.close()
        texts += [text for _number, text in hiddentext.pdf_objects(data, glance.spend, parts)]
    except _Stop:
        return False
    glance.text("\n".join(texts), "")
    if glance.found:
        return False
    scan.budget = glance.budget
    return True


def _pdf_reader(data: bytes, scan: Scan, where: str):
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs log warnings by the dozen
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        scan.stop(where + _("the PDF is encrypted"))
    return reader


def _pdf_document(data: bytes, reader, scan: Scan, depth: int, where: str) -> None:
    """Everything a viewer can show of the document `data` (`reader`: pypdf's view of it). The
    page text is PDFium's (several times faster than pypdf on real documents), pypdf's when
    PDFium does not open the file or sees other pages; the rest is read with pypdf."""
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
    with PDFIUM:
        pdfium = _pdfium_document(data, pages)
        try:
            for number, page in enumerate(reader.pages, 1):
                ref = page.indirect_reference
                key = (ref.idnum, ref.generation) if ref is not None else number
                if key in seen:
                    continue  # one page object listed many times (a page-tree bomb): read once
                seen.add(key)
                _pdf_page(page, number, _pdfium_text(pdfium, number - 1) if pdfium else None, scan, depth, where)
        finally:
            if pdfium:
                pdfium.close()
    for name, field in (reader.get_fields() or {}).items():
        scan.text("\n".join(str(field.get(k, "")) for k in ("/T", "/TU", "/V", "/DV")) + f"\n{name}",
                  where + _("form field"), only_new=True)
    _pdf_outline(reader.outline, scan, where + _("bookmarks"))
    for name, contents in reader.attachments.items():
        for content in contents:
            scan.spend(len(content))
            read_data(name, content, scan, depth + 1, where + _("attachment {name}").format(name=name) + ": ")


def _pdf_page(page, number: int, text: str | None, scan: Scan, depth: int, where: str) -> None:
    """A page's text (`text` from PDFium, or None: pypdf extracts it) and its annotations."""
    if text is None:
        text = page.extract_text() or ""
    scan.spend(len(text))
    scan.text(text, where + _("page {number}").format(number=number))
    annotations = page.get("/Annots")
    for annotation in (annotations.get_object() if annotations is not None else []):
        _pdf_annotation(annotation.get_object(), scan, depth,
                        where + _("page {number} comment or field").format(number=number))


def _pdfium_document(data: bytes, pages: int):
    """The document opened by PDFium, or None when it does not open it or counts other pages
    than pypdf (a damaged page tree: pypdf, which found the pages, reads their text)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # PdfiumError on a file PDFium cannot repair
        return None
    if len(document) != pages:
        document.close()
        return None
    return document


def _pdfium_text(document, index: int) -> str | None:
    """The text of page `index` as PDFium reads it (hidden OCR layers included), None on failure."""
    try:
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                return textpage.get_text_range()
            finally:
                textpage.close()
        finally:
            page.close()
    except Exception:  # a page PDFium cannot load: pypdf reads it
        return None


def _pdf_hidden(data: bytes, scan: Scan, depth: int, where: str) -> None:
    """The document at each earlier save (an incremental save keeps what it "removed"), then
    every object in the raw file, referenced or not (hiddentext.py)."""
    from . import hiddentext

    revisions = hiddentext.pdf_revisions(data)
    if len(revisions) > hiddentext.MAX_REVISIONS:
        scan.stop(_("the PDF was saved {count} times over itself, more than the {limit} revisions read per file; "
                    "export it again as a new PDF").format(count=len(revisions) + 1, limit=hiddentext.MAX_REVISIONS))
    for number, revision in enumerate(revisions, 1):
        label = where + _("earlier revision {number} of the PDF").format(number=number) + ", "
        try:
            _pdf_document(revision, _pdf_reader(revision, scan, label), scan, depth, label)
        except _Stop:
            raise
        except Exception:  # e.g. the first part of a linearized file: its objects are read below
            continue

    inflated = 0

    def spend(size: int) -> None:  # its own budget: every stream is inflated again, in pieces
        nonlocal inflated
        inflated += size
        if inflated > hiddentext.MAX_INFLATED_BYTES:
            scan.stop(_("more than {size} MB of text once unpacked (budget exceeded)").format(
                size=hiddentext.MAX_INFLATED_BYTES // 2**20))
        scan.spend(0)  # the deadline

    for object_number, text in hiddentext.pdf_objects(data, spend):
        scan.text(text, where + _("object {number} inside the PDF").format(number=object_number))


@contextmanager
def _new_only(scan: Scan):
    """Keep only the hits of numbers not found before (nor earlier in this block)."""
    known = {hit[2] for hit in scan.found}
    start = len(scan.found)
    try:
        yield
    finally:
        fresh = []
        for hit in scan.found[start:]:
            if hit[2] not in known:
                known.add(hit[2])
                fresh.append(hit)
        scan.found[start:] = fresh


def _image_text(data: bytes, suffix: str, scan: Scan, where: str) -> None:
    """An image's metadata blocks (EXIF, XMP, text chunks, comments), what follows its end, then
    the whole file as bytes (a number written anywhere in it as plain digits)."""
    from . import hiddentext

    with _new_only(scan):  # each block is read in several encodings: a number is reported once
        for block, text in hiddentext.image_metadata(data, suffix):
            scan.text(text, where + (_("image metadata ({block})").format(block=block) if block
                                     else _("data after the end of the image")))
        whole = data.decode("latin-1") + (data.decode("utf-16-le", "replace") if suffix == ".emf" else "")  # EMF text: UTF-16
        scan.text(hiddentext.digit_runs(whole), where + _("data inside the image file"))


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
