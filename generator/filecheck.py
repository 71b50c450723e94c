"""Checks that an evidence file is what its name says, cheaply (head and tail reads only),
so `oit validate` stays fast on thousands of files.

The slow checks, decoding an image and reading the text of a document for national ID numbers
(`decode_image`, `text_ids`), run once per file content: validate.py keeps their results in
the on-disk cache of filecache.py.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import pii

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
    ".zip": b"PK\x03\x04",
}
MAX_PIXELS = 40_000_000  # 40 megapixels: larger is a scan at absurd resolution, or a decompression bomb


def check_file(path: Path, max_bytes: int) -> tuple[str, str] | None:
    """(rule, message) for a file that is not fit to publish, else None."""
    try:
        return _check_file(path, max_bytes)
    except OSError as err:
        return ("file-not-found", f"file cannot be read ({err.strerror or err}); upload it again")


def _check_file(path: Path, max_bytes: int):
    size = path.stat().st_size
    if size > max_bytes:
        return ("file-too-large",
                f"file is {size / 1e6:.1f} MB, above the limit of {max_bytes / 1e6:.0f} MB "
                "(max_file_mb in site.yml); compress or split it")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _check_pdf(path, size)
    if suffix in IMAGE_SIGNATURES:
        return _check_image(path, size, suffix)
    if size == 0:
        return ("file-invalid", "file is empty (0 bytes); upload the document again")
    if suffix in OFFICE_SIGNATURES:
        head, _ = _head_tail(path, size)
        if not head.startswith(OFFICE_SIGNATURES[suffix]):
            if re.search(rb"<(!doctype|html|head|body)", head[:512], re.I):
                return ("file-invalid", f"file named {suffix} is an HTML page (probably a saved error or login page); download the real file")
            return ("file-invalid", f"file named {suffix} is not a {suffix[1:].upper()} file; save it again in that format")
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
        return ("pdf-invalid", "PDF file is empty (0 bytes); upload the document again")
    head, tail = _head_tail(path, size)
    if not head.startswith(b"%PDF-"):
        if re.search(rb"<(!doctype|html|head|body)", head[:512], re.I):
            return ("pdf-invalid", "file named .pdf is an HTML page (probably a saved error or login page); download the real PDF")
        return ("pdf-invalid", "file named .pdf is not a PDF; export the document as PDF")
    if b"%%EOF" not in tail:
        return ("pdf-invalid", "PDF is truncated (no end-of-file marker); upload the complete file")
    if re.search(rb"/Encrypt\s", tail) or re.search(rb"/Encrypt\s", head):
        return ("pdf-invalid", "PDF is encrypted or password-protected; assessors must open it freely, save it without a password")
    return None


def _check_image(path: Path, size: int, suffix: str):
    if size == 0:
        return ("image-invalid", "image file is empty (0 bytes); upload it again")
    head, tail = _head_tail(path, size)
    if not any(head.startswith(sig) for sig in IMAGE_SIGNATURES[suffix]):
        return ("image-invalid", f"file named {suffix} is not a {suffix[1:].upper()} image; save it in that format")
    ending = IMAGE_ENDINGS.get(suffix)
    if ending and ending not in tail[-64:]:
        return ("image-invalid", "image is truncated or damaged; upload it again")
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
                    return (f"image is {width} × {height} pixels ({width * height / 1e6:.0f} megapixels); "
                            "resize it to at most a few thousand pixels per side")
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except Image.DecompressionBombError:
        return "image claims billions of pixels (a decompression bomb, or a broken file); export it again at a normal size"
    except Exception as err:  # Pillow raises many kinds on hostile input; none may stop the run
        return f"image does not decode ({type(err).__name__}: {str(err)[:80]}); save or export it again"
    return None


TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".md", ".html", ".htm", ".json", ".xml"}
OFFICE_TEXT_PARTS = re.compile(
    r"(word/(document|header\d*|footer\d*|footnotes|endnotes)|xl/sharedStrings|xl/worksheets/sheet\d+"
    r"|ppt/slides/slide\d+)\.xml")
_OFFICE_BREAKS = re.compile(rb"</(?:w:p|w:tc|a:p|si|c|row|t)>|<w:(?:tab|br|cr)/>")
MAX_TEXT_BYTES = 64 * 1024 * 1024  # never inflate more than this from one Office file (zip bombs)


def text_ids(path: Path) -> dict:
    """National IDs in the text of a document: {"ids": [[where, masked, digest], …], "error": …}.

    PDF: the text of every page (pypdf) and the document properties; Office Open XML (.docx,
    .xlsx, .pptx): the text of documents, sheets and slides; plain text files. A scanned PDF
    has no text: it cannot be checked (no OCR). `error` says why a file could not be read.
    """
    suffix = path.suffix.lower()
    found: list = []

    def scan(text: str, where: str) -> None:
        found.extend([where, pii.mask(number), pii.digest(number)] for _, _, number in pii.find_ids(text))

    try:
        if suffix == ".pdf":
            _pdf_text(path, scan)
        elif suffix in (".docx", ".xlsx", ".pptx"):
            _office_text(path, scan)
        elif suffix in TEXT_SUFFIXES:
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp874", errors="replace")
            for number, line in enumerate(text.splitlines(), 1):
                scan(line, f"line {number}")
    except Exception as err:  # a reader failing on a damaged file must not stop validation
        return {"ids": found, "error": f"{type(err).__name__}: {str(err)[:120]}"}
    return {"ids": found, "error": None}


def _pdf_text(path: Path, scan) -> None:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs log warnings by the dozen
    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        return  # reported as pdf-invalid by the cheap check; the text cannot be read
    info = reader.metadata or {}
    scan(" \n ".join(str(v) for v in info.values()), "document properties")
    for number, page in enumerate(reader.pages, 1):
        scan(page.extract_text() or "", f"page {number}")


def _office_text(path: Path, scan) -> None:
    import zipfile

    budget = MAX_TEXT_BYTES
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not OFFICE_TEXT_PARTS.fullmatch(info.filename) or budget <= 0:
                continue
            with archive.open(info) as member:
                data = member.read(budget)
            budget -= len(data)
            text = re.sub(rb"<[^>]*>", b"", _OFFICE_BREAKS.sub(b"\n", data)).decode("utf-8", "replace")
            scan(text, info.filename.rsplit("/", 1)[-1].removesuffix(".xml"))
