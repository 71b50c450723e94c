"""The PDPA guard, round 3: text a viewer does not show but the published file still carries.
A PDF "redacted" by an incremental save keeps its earlier revision; objects no page refers to are
in the file; images carry metadata (EXIF, XMP, PNG text chunks, JPEG and GIF comments). The guard
reads all of it and says where the number was found (hiddentext.py, filetext.py)."""
from __future__ import annotations

import io
import os
import struct
import sys
import zlib

import pytest

from conftest import findings_of, run_json, run_oit
from test_hostile import DASHED, MASKED, VALID_ID
from test_hostile_pdpa import AS_OF, evidence, validate, withheld_for_an_id
from tools.samplefiles import make_pdf, make_png, pdf_of_objects

CODED = VALID_ID.translate(str.maketrans("0123456789", "abcdefghij"))  # shown as digits by the font below
DIGIT_FONT = (b"/BaseFont /Helvetica /Encoding << /Type /Encoding /Differences "
              b"[97 /zero /one /two /three /four /five /six /seven /eight /nine] >> >>")


def _writer(data: bytes, incremental: bool = False):
    from pypdf import PdfReader, PdfWriter
    return PdfWriter(io.BytesIO(data), incremental=True) if incremental else PdfWriter(clone_from=PdfReader(io.BytesIO(data)))


def _bytes(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _set_text(page, text: bytes) -> None:
    from pypdf.generic import DecodedStreamObject
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 14 Tf 56 780 Td " + text + b" ET")
    page.replace_contents(content)


def coded_pdf() -> bytes:
    """A page showing the ID through a font whose codes a-j draw the digits 0-9 (as subset fonts
    do): the raw bytes hold only letters, so only reading the page as a viewer finds it."""
    writer = _writer(make_pdf(["x"]).replace(b"/BaseFont /Helvetica >>", DIGIT_FONT))
    _set_text(writer.pages[0], b"(ID ) Tj (" + CODED.encode() + b") Tj")
    writer.pages[0].compress_content_streams()
    return _bytes(writer)


def redacted_page() -> bytes:
    """The page's text replaced by an incremental save: the first revision keeps the number."""
    original = coded_pdf()
    writer = _writer(original, incremental=True)
    _set_text(writer.pages[0], b"(ID [redacted]) Tj")
    data = _bytes(writer)
    assert data.startswith(original) and VALID_ID.encode() not in data and DASHED.encode() not in data
    return data


def redacted_comment() -> bytes:
    """A comment holding the number deleted by an incremental save."""
    from pypdf.annotations import Text
    from pypdf.generic import NameObject
    writer = _writer(make_pdf(["clean"]))
    writer.add_annotation(0, Text(text=f"ID {VALID_ID}", rect=(50, 550, 200, 650)))
    writer = _writer(_bytes(writer), incremental=True)
    del writer.pages[0][NameObject("/Annots")]
    return _bytes(writer)


def pdf_with_objects(*bodies: bytes, in_xref: bool = True) -> bytes:
    """make_pdf's document with more objects no page refers to, listed in the xref or not."""
    base = make_pdf(["clean"])
    xref_at = base.rindex(b"xref\n0 ")
    out, offsets = bytearray(base[:xref_at]), []
    for number, body in enumerate(bodies, 7):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = base[xref_at:base.index(b"trailer")]
    count = 7 + len(bodies) if in_xref else 7
    table = table.replace(b"xref\n0 7\n", b"xref\n0 %d\n" % count)
    if in_xref:
        table += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = base[base.index(b"trailer"):base.index(b"startxref")].replace(b"/Size 7", b"/Size %d" % count)
    return bytes(out) + table + trailer + b"startxref\n%d\n%%%%EOF\n" % len(out)


def flate_stream(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


# --- PDF: earlier revisions -------------------------------------------------------------------

@pytest.mark.parametrize("make, where", [
    (redacted_page, "earlier revision 1 of the PDF, page 1"),
    (redacted_comment, "earlier revision 1 of the PDF, page 1 comment or field"),
], ids=["page-text", "comment"])
def test_number_removed_by_an_incremental_save_is_found_in_the_earlier_revision(tree, capsys, make, where):
    found = withheld_for_an_id(tree, capsys, "redacted.pdf", make())
    assert f"national ID number {MASKED} ({where}) in " in found[0]["message"], found


def test_a_clean_pdf_saved_over_itself_is_published(tree, capsys):
    writer = _writer(make_pdf(["clean"]), incremental=True)
    _set_text(writer.pages[0], b"(amended 2567-10-01, order 1234567890120) Tj")  # 13 digits, wrong check digit
    evidence(tree, "amended.pdf", _bytes(writer))
    status, report = validate(capsys)
    assert status == 0, report["findings"]


def test_a_pdf_saved_over_itself_too_many_times_is_not_checked_whole(tree, capsys):
    data = make_pdf(["clean"])
    evidence(tree, "many.pdf", data[:-1] + b"\n%%EOF\n" * 101)
    status, report = validate(capsys)
    unchecked = findings_of(report, "pii-unchecked")
    assert status == 1 and unchecked and "102 times" in unchecked[0]["message"], report["findings"]


# --- PDF: objects no page refers to -----------------------------------------------------------

@pytest.mark.parametrize("body, in_xref", [
    (flate_stream(b"BT /F1 9 Tf (ID " + VALID_ID.encode() + b") Tj ET"), False),
    (flate_stream(b"BT /F1 9 Tf [(ID " + VALID_ID[:6].encode() + b") -30 (" + VALID_ID[6:].encode() + b")] TJ ET"), True),
    (b"(" + "".join(f"\\{ord(c):03o}" for c in VALID_ID).encode() + b")", True),
    (b"<< /Note <FEFF" + VALID_ID.encode("utf-16-be").hex().encode() + b"> >>", False),
    (b"<< /Length 20 /Filter [/ASCIIHexDecode /FlateDecode] >>\nstream\n"
     + zlib.compress(DASHED.encode()).hex().encode() + b">\nendstream", True),
], ids=["stream-not-in-xref", "kerned-TJ", "octal-string", "utf16-hex-string", "hex-then-flate"])
def test_number_in_an_object_no_page_shows_is_found(tree, capsys, body, in_xref):
    found = withheld_for_an_id(tree, capsys, "orphan.pdf", pdf_with_objects(body, in_xref=in_xref))
    assert f"({'object 7 inside the PDF'})" in found[0]["message"], found


def test_pdf_strings_with_odd_escapes_and_brackets_are_read_not_refused(tree, capsys):
    """A backslash before a non-octal digit, nested and unclosed brackets: a PDF reader copes, so do we."""
    evidence(tree, "odd.pdf", pdf_with_objects(b"(price \\9.50 (net) \\(a)", b"<< /T (unclosed \\( >>",
                                               flate_stream(b"(" * 5000 + b"(\\" * 5000)))
    status, report = validate(capsys)
    assert status == 0, report["findings"]


def test_a_number_shown_on_the_page_is_reported_once_where_it_is_shown(tree, capsys):
    evidence(tree, "staff.pdf", make_pdf([f"ID {VALID_ID}"]))
    status, report = validate(capsys)
    found = findings_of(report, "pii-national-id")
    assert status == 1 and len(found) == 1 and "(page 1)" in found[0]["message"], found


# --- images: metadata -------------------------------------------------------------------------

def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_chunk(kind: bytes, data: bytes) -> bytes:
    png = make_png(8, 8, (10, 20, 30))
    return png[:33] + _png_chunk(kind, data) + png[33:]  # after IHDR


def pillow_image(suffix: str, **save) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(out, format={"jpg": "JPEG", "gif": "GIF", "webp": "WEBP",
                                                              "png": "PNG"}[suffix], **save)
    return out.getvalue()


def exif_with(tag: int, value) -> bytes:
    from PIL import Image
    exif = Image.Exif()
    exif[tag] = value
    return exif.tobytes()


def jpeg_with_segment(marker: int, payload: bytes) -> bytes:
    jpeg = pillow_image("jpg")
    return jpeg[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def gif_with_long_comment() -> bytes:
    """The number split across two of the comment's 255-byte sub-blocks."""
    data = pillow_image("gif", comment=b"x" * 249 + VALID_ID.encode())
    assert VALID_ID.encode() not in data
    return data


@pytest.mark.parametrize("name, make, block", [
    ("t.png", lambda: png_with_chunk(b"tEXt", b"Author\0" + VALID_ID.encode()), "tEXt"),
    ("z.png", lambda: png_with_chunk(b"zTXt", b"Comment\0\0" + zlib.compress(DASHED.encode())), "zTXt"),
    ("i.png", lambda: png_with_chunk(b"iTXt", b"XML:com.adobe.xmp\0\x01\0th\0\0" + zlib.compress(
        f'<x:xmpmeta><rdf:Description dc:creator="{VALID_ID}"/></x:xmpmeta>'.encode())), "iTXt"),
    ("e.png", lambda: pillow_image("png", exif=exif_with(0x010E, f"card {VALID_ID}")), "eXIf"),
    ("exif.jpg", lambda: pillow_image("jpg", exif=exif_with(0x9C9C, f"ID {VALID_ID}\0".encode("utf-16-le"))), "APP1"),
    ("com.jpg", lambda: pillow_image("jpg", comment=f"ID {DASHED}".encode()), "COM"),
    ("xmp.jpg", lambda: jpeg_with_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:li>"
                                          + VALID_ID.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")).encode()
                                          + b"</rdf:li></x:xmpmeta>"), "APP1"),
    ("c.gif", gif_with_long_comment, "COM"),
    ("e.webp", lambda: pillow_image("webp", exif=exif_with(0x013B, VALID_ID)), "EXIF"),
], ids=["png-tEXt", "png-zTXt", "png-iTXt-xmp", "png-exif", "jpeg-exif-utf16", "jpeg-comment", "jpeg-xmp-thai-digits",
        "gif-comment-split", "webp-exif"])
def test_number_in_image_metadata_is_found(tree, capsys, name, make, block):
    found = withheld_for_an_id(tree, capsys, name, make())
    assert f"(image metadata ({block}))" in found[0]["message"], found


def docx_with_picture(name: str, picture: bytes) -> bytes:
    from test_hostile_pdpa import zip_of
    return zip_of({"[Content_Types].xml": "<Types/>",
                   "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>clean</w:t></w:r></w:p></w:body></w:document>",
                   f"word/media/{name}": picture})


@pytest.mark.parametrize("make, where", [
    (lambda: docx_with_picture("image1.jpeg", pillow_image("jpg", exif=exif_with(0x013B, VALID_ID))),
     "word/media/image1.jpeg: image metadata (APP1)"),
    (lambda: docx_with_picture("image2.emf", b"\x01\0\0\0" + b"\0" * 36 + b" EMF" + b"\0" * 48
                               + f"ID {VALID_ID}".encode("utf-16-le")), "word/media/image2.emf: data inside the image file"),
], ids=["photo-exif", "emf-drawing-text"])
def test_number_in_a_picture_inside_a_document_is_found(tree, capsys, make, where):
    found = withheld_for_an_id(tree, capsys, "report.docx", make())
    assert f"({where})" in found[0]["message"], found


def test_pictures_past_their_budget_are_not_checked_whole(tree, capsys, monkeypatch):
    from generator import filetext
    monkeypatch.setattr(filetext, "MAX_PICTURE_BYTES", 1000)  # the real budget is 1 GB
    evidence(tree, "photos.docx", docx_with_picture("image1.png", make_png(8, 8, (1, 2, 3)) + b"\0" * 2000))
    status, report = validate(capsys)
    unchecked = findings_of(report, "pii-unchecked")
    assert status == 1 and unchecked and "MB of pictures" in unchecked[0]["message"], report["findings"]


def test_number_after_the_end_of_an_image_is_found(tree, capsys):
    found = withheld_for_an_id(tree, capsys, "tail.png", make_png(8, 8, (1, 2, 3)) + f"ID {VALID_ID}".encode())
    assert "(data after the end of the image)" in found[0]["message"], found


def test_images_with_ordinary_metadata_are_published(tree, capsys):
    tree.item("O1", "evidence:\n  - title: ก\n    file: a.jpg\n  - title: ข\n    file: b.png\n",
              files={"a.jpg": pillow_image("jpg", exif=exif_with(0x0132, "2024:01:02 10:11:12"), comment=b"scan 0012"),
                     "b.png": png_with_chunk(b"tEXt", b"Software\0GIMP 2.10 build 1234567890120")})
    status, report = validate(capsys)
    assert status == 0, report["findings"]


def test_where_the_number_hides_is_said_in_thai(tree, capsys):
    evidence(tree, "redacted.pdf", redacted_page())
    status, out, err = run_oit(capsys, "validate", "--as-of", AS_OF, "--lang", "th")
    assert status == 1 and "ฉบับที่บันทึกไว้ก่อนหน้าครั้งที่ 1 ของไฟล์ PDF, หน้า 1" in out, out
    evidence(tree, "com.jpg", pillow_image("jpg", comment=VALID_ID.encode()))
    status, report = run_json(capsys, "validate", "--as-of", AS_OF, "--lang", "th")
    assert status == 1 and "ข้อมูลกำกับภาพ (COM)" in findings_of(report, "pii-national-id")[0]["message"]


# --- a file over the size limit is only stat'ed --------------------------------------------------

_WATCH: dict = {"path": None, "opened": []}


def _record_open(event: str, args: tuple) -> None:
    """An audit hook (it cannot be removed): records every open of the watched file."""
    if event == "open" and _WATCH["path"] and isinstance(args[0], (str, bytes, os.PathLike)):
        if os.path.abspath(os.fsdecode(args[0])) == _WATCH["path"]:
            _WATCH["opened"].append(args[1])


def test_a_file_over_the_size_limit_is_never_read(tree, capsys):
    big = tree.year_dir / "O5" / "plan.pdf"
    os.truncate(big, 4 * 1024**3)  # 4 GB, sparse: no disk used
    if not _WATCH.get("hooked"):
        sys.addaudithook(_record_open)
        _WATCH["hooked"] = True
    _WATCH.update(path=str(big.resolve()), opened=[])
    try:
        status, report = validate(capsys)  # a cold run: no cache yet
    finally:
        _WATCH["path"] = None
    too_large = findings_of(report, "file-too-large")
    assert status == 1 and [f["path"] for f in too_large] == [str(big.relative_to(tree.base))], report["findings"]
    assert _WATCH["opened"] == [], "the over-limit file was opened"


# --- page text by PDFium, pypdf where PDFium sees other pages ------------------------------------

def two_page_pdf(count: int, second_page: bytes) -> bytes:
    """Two pages; the page tree's /Count says `count` (PDFium believes it, pypdf walks the tree)."""
    contents = [b"BT /F1 14 Tf 56 780 Td (clean) Tj ET", b"BT /F1 14 Tf 56 780 Td " + second_page + b" ET"]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents %d 0 R >>"
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count %d >>" % count,
              page % 6, page % 7, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    bodies += [b"<< /Length %d >>\nstream\n" % len(c) + c + b"\nendstream" for c in contents]
    return pdf_of_objects(bodies)


@pytest.mark.parametrize("count, second_page", [
    (1, b"<" + VALID_ID.encode().hex().encode() + b"> Tj"),  # PDFium sees one page: pypdf reads both
    (2, b"3 Tr (ID " + VALID_ID.encode() + b") Tj"),  # invisible text (the OCR layer of a scan)
], ids=["count-hides-a-page", "invisible-ocr-layer"])
def test_page_text_is_read_on_every_page_the_tree_holds(tree, capsys, count, second_page):
    found = withheld_for_an_id(tree, capsys, "scan.pdf", two_page_pdf(count, second_page))
    assert "(page 2)" in found[0]["message"], found
