"""The PDPA guard, round 2: a file is published only when the guard read it whole and found no
unallowed national ID, or the agency listed it under `pii_unchecked:`. Every place a number can
hide (PDF forms, comments, bookmarks, attachments, XMP; every part of Office and ODF files; zip
archives, SVG, RTF; text in UTF-16) is read, and every file that cannot be read whole is withheld
with a finding.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from conftest import findings_of, run_json, run_oit
from generator.build import build_site
from generator.thai import BEDate
from test_hostile import DASHED, MASKED, THAI, VALID_ID, xlsx_with
from tools.samplefiles import make_pdf, make_png

AS_OF = "2569-01-01"
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def validate(capsys):
    status, report = run_json(capsys, "validate", "--as-of", AS_OF)
    raw = json.dumps(report, ensure_ascii=False)
    assert VALID_ID not in raw and DASHED not in raw and THAI not in raw  # never a full ID, anywhere
    return status, report


def evidence(tree, name: str, data: bytes, extra: str = "") -> Path:
    """O1's only evidence becomes `name` holding `data` (its old chart goes: no file nobody lists)."""
    (tree.year_dir / "O1" / "chart.pdf").unlink(missing_ok=True)
    tree.item("O1", f"evidence:\n  - title: เอกสาร\n    file: {name}\n{extra}", files={name: data})
    return tree.year_dir / "O1" / name


def pii_paths(report) -> list:
    return [f["path"] for f in findings_of(report, "pii-national-id")]


def withheld_for_an_id(tree, capsys, name: str, data: bytes) -> list:
    """Validate with `data` as the evidence file `name`: the run fails and that file, alone, is
    withheld for a national ID. Returns the pii-national-id findings."""
    path = evidence(tree, name, data)
    status, report = validate(capsys)
    assert status == 1 and pii_paths(report) == [str(path.relative_to(tree.base))], report["findings"]
    return findings_of(report, "pii-national-id")


def build(tree) -> Path:
    out = tree.base / "site"
    build_site(tree.content, out, BEDate(2569, 1, 1))
    return out


# --- sample files ---------------------------------------------------------------------------

def _pdf_writer():
    from pypdf import PdfReader, PdfWriter
    return PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["clean page"]))))


def _pdf_bytes(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_form_field(value: str) -> bytes:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject
    writer = _pdf_writer()
    field = writer.add_annotation(0, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("citizen_id"),
        NameObject("/V"): TextStringObject(value),
        NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (50, 50, 250, 70)])}))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([field.indirect_reference])})
    return _pdf_bytes(writer)


def pdf_with_comment(value: str) -> bytes:
    from pypdf.annotations import Text
    writer = _pdf_writer()
    writer.add_annotation(0, Text(text=f"check ID {value}", rect=(50, 550, 200, 650)))
    return _pdf_bytes(writer)


def pdf_with_bookmark(value: str) -> bytes:
    writer = _pdf_writer()
    writer.add_outline_item(title=f"Somchai {value}", page_number=0)
    return _pdf_bytes(writer)


def pdf_with_attachment(name: str, data: bytes) -> bytes:
    writer = _pdf_writer()
    writer.add_attachment(name, data)
    return _pdf_bytes(writer)


def pdf_with_xmp(value: str) -> bytes:
    from pypdf.generic import NameObject, StreamObject
    writer = _pdf_writer()
    xmp = StreamObject()
    xmp.set_data(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description dc:creator="{value}"/>'
                 f"</rdf:RDF></x:xmpmeta>".encode())
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    return _pdf_bytes(writer)


def pdf_page_bomb(fanout: int = 46, depth: int = 3) -> bytes:
    """1.4 KB: a page tree whose every node lists the next node `fanout` times (97,336 pages)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        kids = " ".join([f"{3 + level} 0 R"] * fanout)
        objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {fanout ** (depth - level)} >>")
    stream = "BT /F1 14 Tf 56 780 Td (page) Tj ET"
    objects += [f"<< /Type /Page /Parent {1 + depth} 0 R /MediaBox [0 0 595 842] /Contents {3 + depth} 0 R >>",
                f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode() + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def zip_of(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_with_comment(value: str) -> bytes:
    return zip_of({"[Content_Types].xml": "<Types/>",
                   "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>clean</w:t></w:r></w:p></w:body></w:document>",
                   "word/comments.xml": f"<w:comments><w:comment><w:p><w:r><w:t>{value[:4]}</w:t></w:r>"
                                        f"<w:r><w:t>{value[4:]}</w:t></w:r></w:p></w:comment></w:comments>",
                   "word/media/image1.png": make_png(4, 4, (1, 2, 3))})


def pptx_with_notes(value: str) -> bytes:
    return zip_of({"[Content_Types].xml": "<Types/>",
                   "ppt/slides/slide1.xml": "<p:sld><a:p><a:r><a:t>clean</a:t></a:r></a:p></p:sld>",
                   "ppt/notesSlides/notesSlide1.xml": f"<p:notes><a:p><a:r><a:t>ID {value}</a:t></a:r></a:p></p:notes>"})


def docx_with_hyperlink(value: str) -> bytes:  # an attribute of a .rels part, escaped as character references
    escaped = "".join(f"&#{ord(c)};" for c in value)
    return zip_of({"[Content_Types].xml": "<Types/>",
                   "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>clean</w:t></w:r></w:p></w:body></w:document>",
                   "word/_rels/document.xml.rels": f'<Relationships><Relationship Id="r1" '
                                                   f'Target="https://x.go.th/a?cid={escaped}"/></Relationships>'})


def odf_with(suffix: str, part: str, value: str) -> bytes:
    mime = {".odt": "text", ".ods": "spreadsheet", ".odp": "presentation"}[suffix]
    parts = {"mimetype": f"application/vnd.oasis.opendocument.{mime}",
             "content.xml": "<office:document-content><text:p>clean</text:p></office:document-content>",
             "meta.xml": "<office:document-meta/>", "styles.xml": "<office:document-styles/>"}
    parts[part] = parts[part].replace("/>", f"><text:p>ID <text:span>{value}</text:span></text:p></x>") \
        if part != "content.xml" else f"<office:document-content><text:p>{value}</text:p></office:document-content>"
    return zip_of(parts)


def rtf_with_thai_digits(value: str) -> bytes:
    r"""Thai digits written as \uN escapes (with a '?' fallback) and as \'xx cp874 bytes."""
    thai = value.translate(THAI_DIGITS)
    half = "".join(f"\\u{ord(c)}?" for c in thai[:6])
    rest = "".join(f"\\'{c.encode('cp874')[0]:02x}" for c in thai[6:])
    return ("{\\rtf1\\ansi\\ansicpg874{\\fonttbl{\\f0 Tahoma;}}\\f0\\fs28 ID " + half + "{\\b " + rest + "}\\par}").encode("ascii")


# --- 1. PDF: forms, comments, bookmarks, attachments, XMP ------------------------------------

@pytest.mark.parametrize("make", [
    lambda: pdf_with_form_field(VALID_ID),
    lambda: pdf_with_comment(DASHED),
    lambda: pdf_with_bookmark(VALID_ID),
    lambda: pdf_with_attachment("staff.csv", f"name,id\nSomchai,{VALID_ID}\n".encode()),
    lambda: pdf_with_attachment("staff.xlsx", xlsx_with(VALID_ID)),
    lambda: pdf_with_xmp(VALID_ID),
], ids=["form-field", "comment", "bookmark", "attached-csv", "attached-xlsx", "xmp"])
def test_pdf_ids_outside_the_page_text_are_found(tree, capsys, make):
    withheld_for_an_id(tree, capsys, "form.pdf", make())


# --- 2. every part of Office files; budgets -------------------------------------------------

@pytest.mark.parametrize("name, make", [
    ("comments.docx", lambda: docx_with_comment(VALID_ID)),
    ("notes.pptx", lambda: pptx_with_notes(DASHED)),
    ("link.docx", lambda: docx_with_hyperlink(VALID_ID)),
], ids=["docx-comment", "pptx-notes", "docx-rels-attribute"])
def test_office_ids_in_every_xml_part_are_found(tree, capsys, name, make):
    withheld_for_an_id(tree, capsys, name, make())


def test_xlsx_past_the_text_budget_is_not_checked_whole(tree, capsys, monkeypatch):
    from generator import filetext
    monkeypatch.setattr(filetext, "MAX_TEXT_BYTES", 10_000)  # the real budget is 64 MB
    evidence(tree, "big.xlsx", xlsx_with("ข้อมูล " * 5000 + VALID_ID))
    status, report = validate(capsys)
    unchecked = findings_of(report, "pii-unchecked")
    assert status == 1 and unchecked and "not published" in unchecked[0]["message"], report["findings"]


# --- 3. zip, ODF, SVG, RTF, and formats that cannot be read -------------------------------

@pytest.mark.parametrize("name, make", [
    ("bundle.zip", lambda: zip_of({"readme.txt": "clean", "list/staff.csv": f"a,{VALID_ID}\n"})),
    ("nested.zip", lambda: zip_of({"inner.zip": zip_of({"x.docx": docx_with_comment(VALID_ID)})})),
    ("named.zip", lambda: zip_of({f"card-{VALID_ID}.txt": "clean"})),
    ("report.odt", lambda: odf_with(".odt", "content.xml", VALID_ID)),
    ("sheet.ods", lambda: odf_with(".ods", "meta.xml", DASHED)),
    ("slides.odp", lambda: odf_with(".odp", "styles.xml", VALID_ID)),
    ("charts.zip", lambda: zip_of({"chart.svg": f'<svg xmlns="http://www.w3.org/2000/svg"><text>ID <tspan>{VALID_ID[:5]}'
                                                 f'</tspan><tspan>{VALID_ID[5:]}</tspan></text></svg>'})),
    ("letter.rtf", lambda: rtf_with_thai_digits(VALID_ID)),
], ids=["zip", "zip-in-zip", "zip-member-name", "odt", "ods-meta", "odp-styles", "svg", "rtf-thai-digits"])
def test_archives_odf_svg_rtf_are_read(tree, capsys, name, make):
    withheld_for_an_id(tree, capsys, name, make())


@pytest.mark.parametrize("name, make", [
    ("clean.zip", lambda: zip_of({"a.txt": "hello", "b.pdf": make_pdf(["clean"])})),
    ("clean.odt", lambda: odf_with(".odt", "content.xml", "no number")),
    ("clean.rtf", lambda: b"{\\rtf1\\ansi Phone 0 7621 1000\\par}"),
    ("charts.zip", lambda: zip_of({"clean.svg": b"<svg><text>2566</text></svg>"})),  # an .svg itself: file-active
    ("office.xlsx", lambda: zip_of({"xl/sharedStrings.xml": "<sst><si><t>ok</t></si></sst>",
                                    "xl/printerSettings/printerSettings1.bin": b"\0\1\2" * 50,
                                    "xl/media/image1.png": b"\x89PNG" + b"\0" * 99_000_000})),
    ("writer.odt", lambda: zip_of({"mimetype": "application/vnd.oasis.opendocument.text",
                                   "content.xml": "<office:document-content/>", "layout-cache": b"\0\x07" * 40,
                                   "ObjectReplacements/Object 1": b"\1\0\0\0" * 30,
                                   "Thumbnails/thumbnail.png": make_png(4, 4, (1, 2, 3)),
                                   "META-INF/manifest.xml": "<manifest:manifest/>"})),
], ids=["zip", "odt", "rtf", "svg", "xlsx-printer-settings-and-a-big-picture", "odt-layout-cache"])
def test_clean_readable_formats_pass(tree, capsys, name, make):
    evidence(tree, name, make())
    status, report = validate(capsys)
    assert status == 0, report["findings"]


@pytest.mark.parametrize("name, data, words", [
    ("video.mp4", b"\0\0\0\x18ftypmp42" + b"\0" * 64, ".mp4"),
    ("old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 600, ".doc"),
    ("deep.zip", None, "nested"),
    ("bomb.zip", None, "budget"),
    ("odd.zip", None, ".exe"),
    ("object.rtf", b"{\\rtf1\\ansi clean{\\object{\\*\\objdata 0105000002000000}}\\par}", "embedded"),
    ("film.pdf", None, "film.mp4"),
], ids=["mp4", "doc", "zip-too-deep", "zip-bomb", "zip-unreadable-member", "rtf-object", "pdf-attached-video"])
def test_files_that_cannot_be_read_whole_are_findings(tree, capsys, monkeypatch, name, data, words):
    if name == "deep.zip":
        data = b"clean"
        for depth in range(6):
            data = zip_of({f"level{depth}.zip" if depth else "x.txt": data})
    elif name == "bomb.zip":
        from generator import filetext
        monkeypatch.setattr(filetext, "MAX_TEXT_BYTES", 1_000_000)
        data = zip_of({f"part{n}.txt": b" " * 400_000 for n in range(4)})  # 1.6 MB inflated, 6 KB on disk
    elif name == "odd.zip":
        data = zip_of({"setup.exe": b"MZ" + b"\0" * 100})
    elif name == "film.pdf":
        data = pdf_with_attachment("film.mp4", b"\0\0\0\x18ftypmp42" + b"\0" * 64)
    evidence(tree, name, data)
    status, report = validate(capsys)
    unchecked = findings_of(report, "pii-unchecked")
    assert status == 1 and len(unchecked) == 1, report["findings"]
    assert words in unchecked[0]["message"] and "pii_unchecked" in unchecked[0]["message"]


def test_pii_unchecked_entries_must_name_files_of_the_folder(tree, capsys):
    evidence(tree, "a.pdf", make_pdf(["clean"]), extra="pii_unchecked: [nothere.mp4, [x]]\n")
    status, report = validate(capsys)
    warnings = findings_of(report, "field-invalid")
    assert status == 0 and len(warnings) == 2 and all(w["severity"] == "warning" for w in warnings)


def test_pii_unchecked_publishes_a_file_the_guard_cannot_read(tree, capsys):
    video = b"\0\0\0\x18ftypmp42" + b"\0" * 64
    evidence(tree, "video.mp4", video, extra="pii_unchecked: [video.mp4]\n")
    status, report = validate(capsys)
    assert status == 0 and report["findings"] == []
    out = build(tree)
    assert (out / "2566" / "O1" / "video.mp4").read_bytes() == video
    # an allowance does not cover a number the guard did find
    evidence(tree, "staff.zip", zip_of({"a.csv": f"x,{VALID_ID}\n"}), extra="pii_unchecked: [staff.zip]\n")
    status, report = validate(capsys)
    assert status == 1 and findings_of(report, "pii-national-id")


# --- 4. text in UTF-16 and UTF-32 ------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b""),
    ("utf-32-le", b"\xff\xfe\0\0"), ("utf-8", b"\xef\xbb\xbf"),
], ids=["utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32le-bom", "utf8-bom"])
def test_text_in_unicode_encodings_is_read(tree, capsys, encoding, bom):
    text = f"ชื่อ\tเลขประจำตัว\r\nสมชาย\t{VALID_ID}\r\nสมหญิง\t{THAI[:3]}\r\n"  # Excel "Unicode Text"
    evidence(tree, "staff.txt", bom + text.encode(encoding))
    status, report = validate(capsys)
    assert status == 1 and [f["line"] for f in findings_of(report, "pii-national-id")] == [2], report["findings"]


# --- 5. files that fail their format or size check are withheld --------------------------------

def test_pdf_with_data_after_its_end_is_read(tree, capsys):
    evidence(tree, "tail.pdf", make_pdf(["clean"]) + f"hidden {VALID_ID}\n".encode())
    status, report = validate(capsys)
    assert status == 1 and pii_paths(report), report["findings"]
    evidence(tree, "tail.pdf", make_pdf(["clean"]) + b"x" * 10_000)  # past the cheap check's tail
    status, report = validate(capsys)
    found = findings_of(report, "pdf-invalid")
    assert status == 1 and found and "after" in found[0]["message"], report["findings"]


def test_files_failing_their_checks_are_withheld_from_the_site(tree, capsys):
    """Evidence, an O2 photo and body attachments that were not proven safe are not published."""
    o1 = tree.year_dir / "O1"
    tree.item("O1", "evidence:\n  - title: ก\n    file: chart.pdf\n  - title: ข\n    file: tail.pdf\n"
                    "  - title: ค\n    file: table.xlsx\n  - title: ง\n    file: big.pdf\n"
                    "  - title: จ\n    file: form.pdf\n",
              body="[แนบ](video.mp4) [ตาราง](staff.zip) [ข้อความ](u16.txt) [ดี](ok.pdf)\n",
              files={"chart.pdf": "pdf", "tail.pdf": make_pdf(["x"]) + b"\0" * 10_000,
                     "table.xlsx": f"id\n{VALID_ID}\n".encode(),  # a CSV named .xlsx
                     "big.pdf": make_pdf([f"{VALID_ID}"] + ["filler " * 40] * 20),
                     "form.pdf": pdf_with_form_field(VALID_ID),
                     "video.mp4": b"\0\0\0\x18ftypmp42" + b"\0" * 64,
                     "staff.zip": zip_of({"a.csv": f"x,{VALID_ID}\n"}),
                     "u16.txt": f"\ufeff{VALID_ID}".encode("utf-16-le"), "ok.pdf": "pdf"})
    (tree.year_dir / "O2" / "boss.png").write_bytes(make_png(8, 8, (1, 2, 3))[:-20])  # cut short
    with open(tree.content / "site.yml", "a", encoding="utf-8") as handle:
        handle.write(f"max_file_mb: {(o1 / 'big.pdf').stat().st_size / 1e6 - 0.0001}\n")
    status, report = validate(capsys)
    assert status == 1
    out = build(tree)
    served = {p.name for p in (out / "2566" / "O1").iterdir()}
    assert {"chart.pdf", "ok.pdf"} <= served
    assert not served & {"tail.pdf", "table.xlsx", "big.pdf", "form.pdf", "video.mp4", "staff.zip", "u16.txt"}
    assert not (out / "2566" / "O2" / "boss.png").exists()
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert VALID_ID.encode() not in everything and VALID_ID.encode("utf-16-le") not in everything



def test_the_site_serves_only_the_files_the_guard_read(tree, capsys):
    """A photo named with a percent escape ('a%20b.png') is not the file 'a b.png': the guard did
    not read that file, so the build must neither publish nor show it (one list of published files)."""
    tree.item("O2", "executives:\n  - name: ก\n    position: ข\n    photo: boss%20x.png\n    phone: 0 7621 1000\n",
              files={"boss x.png": make_png(8, 8, (1, 2, 3))})
    status, report = validate(capsys)
    assert status == 1 and findings_of(report, "file-not-found")
    out = build(tree)
    assert not (out / "2566" / "O2" / "boss x.png").exists()
    assert 'src="boss' not in (out / "2566" / "O2" / "index.html").read_text(encoding="utf-8")

# --- 6. an ID in an evidence URL --------------------------------------------------------------

def test_evidence_url_with_an_id_is_not_published(tree, capsys):
    tree.item("O4", f"evidence:\n  - title: ข่าว\n    url: https://x.go.th/a?cid={VALID_ID}\n    period: 2566-Q2\n")
    status, report = validate(capsys)
    assert status == 1 and findings_of(report, "pii-national-id")
    out = build(tree)
    html = (out / "2566" / "O4" / "index.html").read_text(encoding="utf-8")
    assert VALID_ID not in html and 'href="https://x.go.th/a' not in html
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert VALID_ID.encode() not in everything


# --- 7. the cache -----------------------------------------------------------------------------

def test_cache_holds_no_full_id_even_in_a_file_name(tree, capsys):
    evidence(tree, f"card-{VALID_ID}.pdf", make_pdf(["clean"]))
    validate(capsys)
    raw = (tree.base / ".oit-cache" / "files.json").read_text(encoding="utf-8")
    assert VALID_ID not in raw and DASHED not in raw and MASKED in raw  # the path is kept, masked


def test_cache_entries_of_the_wrong_shape_are_misses(tree, capsys):
    evidence(tree, "staff.pdf", make_pdf([f"ID {VALID_ID}"]))
    status, first = validate(capsys)
    cache = tree.base / ".oit-cache" / "files.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    for poisoned in ({"ids": [1, 2], "error": None}, {"ids": [], "error": 5}, {"ids": "x"}, [], None,
                     {"ids": [["page 1", MASKED]], "error": None}):
        for results in data["by_sha"].values():
            results["ids"] = poisoned
            results["format"] = 7
        for entry in data["by_path"].values():
            entry["stat"] = "garbage" if poisoned is None else entry["stat"]
        cache.write_text(json.dumps(data), encoding="utf-8")
        status, second = validate(capsys)
        assert status == 1 and second["findings"] == first["findings"], (poisoned, second["findings"])


# --- 8. where the cache may be written ----------------------------------------------------------

def test_cache_is_never_written_into_content_or_a_foreign_directory(tree, capsys, monkeypatch):
    evidence(tree, "a.pdf", make_pdf(["clean"]))
    before = sorted(p.relative_to(tree.content) for p in tree.content.rglob("*"))
    for inside in (tree.content, tree.year_dir / "O1"):
        monkeypatch.setenv("OIT_CACHE_DIR", str(inside))
        status, out, err = run_oit(capsys, "validate", "--as-of", AS_OF)
        assert status == 0 and "OIT_CACHE_DIR" in err, err
        assert sorted(p.relative_to(tree.content) for p in tree.content.rglob("*")) == before
    foreign = tree.base / "home"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("OIT_CACHE_DIR", str(foreign))
    status, out, err = run_oit(capsys, "validate", "--as-of", AS_OF)
    assert status == 0 and "OIT_CACHE_DIR" in err and sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    ours = tree.base / "cache"
    monkeypatch.setenv("OIT_CACHE_DIR", str(ours))
    for _ in range(2):  # created, then recognised as ours
        status, out, err = run_oit(capsys, "validate", "--as-of", AS_OF)
        assert status == 0 and err == "" and (ours / "files.json").is_file()


# --- 9. budgets for pathological content -------------------------------------------------------

def test_pdf_page_bomb_is_a_finding(tree, capsys):
    data = pdf_page_bomb()
    assert len(data) < 2000
    evidence(tree, "bomb.pdf", data)
    status, report = validate(capsys)
    unchecked = findings_of(report, "pii-unchecked")
    assert status == 1 and unchecked and "pages" in unchecked[0]["message"], report["findings"]


def test_markup_without_closing_brackets_is_read_in_linear_time(tree, capsys):
    evidence(tree, "broken.zip", zip_of({"broken.svg": f"<svg><text>{VALID_ID}</text>".encode() + b"<" * 200_000}))
    status, report = validate(capsys)
    assert pii_paths(report), report["findings"]


def test_thirty_thousand_escaping_links_are_each_a_finding(tree, capsys):
    tree.item("O1", "evidence:\n  - title: ก\n    file: chart.pdf\n", body="[x](../x.pdf)\n" * 32_000)
    status, report = validate(capsys)
    assert len(findings_of(report, "path-outside-content")) == 32_000
