"""Small, real sample files: PDFs that open in a PDF reader, PNGs that decode.

Used by the demo agency, the tests and the benchmark trees, so all three publish the
same kind of evidence a real agency would.
"""
from __future__ import annotations

import struct
import zlib


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], title: str = "") -> bytes:
    """A one-page PDF showing `lines` (Latin-1 text) in Helvetica, with a correct xref table."""
    safe = [line.encode("latin-1", "replace").decode("latin-1") for line in lines]
    stream = "BT /F1 14 Tf 56 780 Td 18 TL " + " ".join(f"({_pdf_escape(line)}) Tj T*" for line in safe) + " ET"
    info = f"<< /Title ({_pdf_escape(title.encode('latin-1', 'replace').decode('latin-1'))}) /Producer (oit-site samples) >>"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_png(width: int, height: int, rgb: tuple[int, int, int], accent: tuple[int, int, int] | None = None) -> bytes:
    """A PNG of one colour, with an accent-coloured circle (a portrait placeholder) when given."""
    rows = bytearray()
    cx, cy, radius = width / 2, height * 0.42, min(width, height) * 0.28
    for y in range(height):
        rows.append(0)
        for x in range(width):
            inside = accent and ((x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 or
                                 (y > height * 0.75 and abs(x - cx) < width * 0.36))
            rows += bytes(accent if inside else rgb)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def pdf_of_objects(bodies: list[bytes]) -> bytes:
    """A PDF made of these object bodies (object 1 is the catalog), with its cross-reference table:
    for tests that need a structure no PDF library writes (a page tree that lies, a bomb)."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return bytes(out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref))
