"""Checks that an evidence file is what its name says, cheaply (head and tail reads only),
so `oit validate` stays fast on thousands of files."""
from __future__ import annotations

import re
from pathlib import Path

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


def check_file(path: Path, max_bytes: int) -> tuple[str, str] | None:
    """(rule, message) for a file that is not fit to publish, else None."""
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
