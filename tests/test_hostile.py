"""Hostile and broken input: every bad input gives its finding (never a traceback), nothing outside
content/ is published, national ID numbers never leak, published files are byte-identical.

CORPUS is the list of bad inputs: each entry breaks the good mini tree of conftest in one way
and names the rule id (and where it must point). `test_corpus_size` counts them.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import GOOD_ITEMS, ROOT, Tree, findings_of, run_json, run_oit
from generator.build import build_site
from tools.samplefiles import make_pdf, make_png, pdf_of_objects

AS_OF = "2569-01-01"


# --- sample files ---------------------------------------------------------------------------

def thai_id(first12: str) -> str:
    """A valid national ID: the check digit computed here, independently of generator.pii."""
    total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1)))
    return first12 + str((11 - total % 11) % 10)


VALID_ID = thai_id("110370012345")  # 1103700123458
WRONG_ID = VALID_ID[:12] + str((int(VALID_ID[12]) + 1) % 10)  # same digits, wrong check digit
DASHED = f"{VALID_ID[0]}-{VALID_ID[1:5]}-{VALID_ID[5:10]}-{VALID_ID[10:12]}-{VALID_ID[12]}"
THAI = VALID_ID.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
MASKED = f"{VALID_ID[0]}-xxxx-xxxxx-xx-{VALID_ID[12]}"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb() -> bytes:
    """A valid-looking PNG that claims 60,000 × 60,000 pixels (3.6 gigapixels) in 1 KB."""
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 1000))
            + _chunk(b"IEND", b""))


def png_corrupt() -> bytes:
    """Right signature, right IEND ending, scrambled pixel data: only a real decode notices."""
    data = make_png(40, 40, (200, 200, 200), (50, 50, 120))
    at = data.index(b"IDAT") + 8
    return data[:at] + bytes(b ^ 0x5A for b in data[at:at + 32]) + data[at + 32:]


def pdf_encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    writer.append_pages_from_reader(PdfReader(io.BytesIO(make_pdf(["secret plan"]))))
    writer.encrypt("password", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx_with(text: str) -> bytes:
    """A minimal .xlsx whose shared strings hold `text` (a staff list exported from Excel)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml",
                         f'<sst><si><t>ชื่อ</t></si><si><t>{text}</t></si></sst>')
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
    return out.getvalue()


def validate(capsys):
    return run_json(capsys, "validate", "--as-of", AS_OF)


def rel(tree: Tree, path: Path) -> str:
    return str(path.relative_to(tree.base))


# --- the corpus -----------------------------------------------------------------------------
# Each case: (id, setup(tree) → expectations dict). Expectations: rule, item, path (str, or a
# callable of the tree), line, words (in the message), severity, status (of the item).

def _front(code, front, **kw):
    def setup(tree):
        tree.item(code, front, **kw)
    return setup


def _write(relpath, data, *, mode="wb"):
    def setup(tree):
        path = tree.year_dir / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return setup


def _raw_index(code, data: bytes):
    def setup(tree):
        (tree.year_dir / code / "index.md").write_bytes(data)
    return setup


def _site(extra: str):
    def setup(tree):
        with open(tree.content / "site.yml", "a", encoding="utf-8") as handle:
            handle.write(extra)
    return setup


def _symlink_evidence(tree):
    secret = tree.base / "secret.pdf"
    secret.write_bytes(make_pdf(["secret"]))
    (tree.year_dir / "O1" / "chart.pdf").unlink()
    (tree.year_dir / "O1" / "chart.pdf").symlink_to(secret)


def _symlink_index(tree):
    outside = tree.base / "elsewhere.md"
    outside.write_text("---\nevidence: []\n---\nsecret\n", encoding="utf-8")
    (tree.year_dir / "O1" / "index.md").unlink()
    (tree.year_dir / "O1" / "index.md").symlink_to(outside)


def _symlink_folder(tree):
    outside = tree.base / "private"
    shutil.copytree(tree.year_dir / "O1", outside)
    shutil.rmtree(tree.year_dir / "O1")
    (tree.year_dir / "O1").symlink_to(outside, target_is_directory=True)


def _symlink_photo(tree):
    (tree.base / "secret.png").write_bytes(make_png(4, 4, (0, 0, 0)))
    (tree.year_dir / "O2" / "boss.png").unlink()
    (tree.year_dir / "O2" / "boss.png").symlink_to(tree.base / "secret.png")


def _both(first, second):
    def setup(tree):
        shutil.copytree(tree.year_dir / first, tree.year_dir / second)
    return setup


def _rename(old, new):
    def setup(tree):
        os.rename(tree.year_dir / old, tree.year_dir / new)
    return setup


BOM = b"\xef\xbb\xbf"
O1_OK = "---\nevidence:\n  - title: แผนผัง\n    file: chart.pdf\n---\nคำอธิบาย\n"
O1_BAD_LINE4 = "---\nevidence:\n  - title: แผนผัง\n   file: chart.pdf\n---\n"  # line 4 is mis-indented
INDEX = "content/2566/O1/index.md"

CORPUS = [
    # YAML and front matter
    ("malformed-yaml-line", _front("O1", "evidence:\n  - title: แผนผัง\n   file: chart.pdf\n"),
     dict(rule="front-matter-invalid", item="O1", path=INDEX, line=4)),
    ("unclosed-flow-list", _front("O1", "evidence:\n  - title: แผนผัง\n    file: [chart.pdf\n"),
     dict(rule="front-matter-invalid", item="O1", path=INDEX)),
    ("front-matter-not-closed", _raw_index("O1", b"---\nowner: x\n"),
     dict(rule="front-matter-invalid", item="O1", line=1, words="not closed")),
    ("tab-indentation", _front("O1", "evidence:\n\t- title: x\n"),
     dict(rule="front-matter-invalid", item="O1", line=3)),
    ("duplicate-key", _front("O1", "owner: a\nowner: b\n"),
     dict(rule="front-matter-invalid", item="O1", line=3, words="twice")),
    ("front-matter-is-a-list", _front("O1", "- a\n- b\n"), dict(rule="front-matter-invalid", item="O1")),
    ("front-matter-is-text", _front("O1", "just words\n"), dict(rule="front-matter-invalid", item="O1")),
    ("yaml-python-object", _front("O1", "evidence: !!python/object/apply:os.system ['touch /tmp/pwned']\n"),
     dict(rule="front-matter-invalid", item="O1", line=2, words="not allowed")),
    ("yaml-python-name", _front("O1", "owner: !!python/name:os.system\n"),
     dict(rule="front-matter-invalid", item="O1", words="not allowed")),
    ("yaml-unknown-tag", _front("O1", "owner: !secret x\n"), dict(rule="front-matter-invalid", item="O1")),
    ("yaml-alias-bomb", _front("O1", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")) + "evidence: *i\n"),
     dict(rule="front-matter-invalid", item="O1", line=3, words="aliases")),
    ("yaml-recursive-alias", _front("O1", "evidence: &e [*e]\n"), dict(rule="front-matter-invalid", item="O1")),
    ("yaml-nested-100000-deep", _front("O1", "evidence: " + "[" * 100_000 + "]" * 100_000 + "\n"),
     dict(rule="front-matter-invalid", item="O1", words="nested")),
    # wrong types
    ("evidence-is-a-mapping", _front("O1", "evidence:\n  title: แผนผัง\n  file: chart.pdf\n"),
     dict(rule="front-matter-invalid", item="O1", line=2, words="must be a list")),
    ("evidence-entry-is-text", _front("O1", "evidence:\n  - chart.pdf\n"),
     dict(rule="front-matter-invalid", item="O1", line=3)),
    ("title-is-a-list", _front("O1", "evidence:\n  - title: [แผนผัง]\n    file: chart.pdf\n"),
     dict(rule="field-invalid", item="O1", line=3, words="title")),
    ("title-is-yes", _front("O1", "evidence:\n  - title: yes\n    file: chart.pdf\n"),
     dict(rule="field-invalid", item="O1", line=3)),
    ("file-is-a-list", _front("O1", "evidence:\n  - title: แผนผัง\n    file: [chart.pdf]\n"),
     dict(rule="field-invalid", item="O1", line=4, words="file")),
    ("period-is-a-list", _front("O6", "evidence:\n  - title: q\n    file: q1.pdf\n    period: [2566-Q1]\n"),
     dict(rule="period-invalid", item="O6", line=5, words="list")),
    ("period-is-a-date", _front("O6", "evidence:\n  - title: q\n    file: q1.pdf\n    period: 2566-01-15\n"),
     dict(rule="period-invalid", item="O6", line=5)),
    ("owner-is-a-mapping", _front("O1", "owner: {a: b}\nevidence:\n  - title: แผนผัง\n    file: chart.pdf\n"),
     dict(rule="field-invalid", item="O1", line=2)),
    ("executives-is-a-mapping", _front("O2", "executives:\n  name: นาย ก\n"),
     dict(rule="field-invalid", item="O2", line=2)),
    ("contact-is-a-list", _front("O3", "contact: [1 ถนน, 0 7621 1000]\n"), dict(rule="field-invalid", item="O3", line=2)),
    ("photo-is-a-list", _front("O2", "executives:\n  - name: ก\n    position: ข\n    photo: [boss.png]\n    phone: '1'\n",
                               files={"boss.png": "png"}),
     dict(rule="field-invalid", item="O2", line=5)),
    ("url-is-javascript", _front("O4", "evidence:\n  - title: ข่าว\n    url: javascript:alert(1)\n    period: 2566\n"),
     dict(rule="field-invalid", item="O4", line=4)),
    ("max-file-mb-is-text", _site("max_file_mb: สิบ\n"),
     dict(rule="config-invalid", item=None, path="content/site.yml", line=5)),
    ("pii-allow-not-a-number", _front("O1", "pii_allow: [abc]\nevidence:\n  - title: แผนผัง\n    file: chart.pdf\n"),
     dict(rule="field-invalid", item="O1", line=2, words="pii_allow")),
    # encodings and line ends
    ("non-utf8-tis620", _raw_index("O1", "---\nowner: กลุ่มงาน\n---\nคำอธิบาย\n".encode("cp874")),
     dict(rule="front-matter-invalid", item="O1", line=2, words="TIS-620")),
    ("non-utf8-utf16", _raw_index("O1", O1_OK.encode("utf-16")), dict(rule="front-matter-invalid", item="O1", words="UTF-16")),
    ("bom-with-yaml-error", _raw_index("O1", BOM + O1_BAD_LINE4.encode()),
     dict(rule="front-matter-invalid", item="O1", line=4)),
    ("crlf-with-yaml-error", _raw_index("O1", O1_BAD_LINE4.replace("\n", "\r\n").encode()),
     dict(rule="front-matter-invalid", item="O1", line=4)),
    ("cr-only-with-yaml-error", _raw_index("O1", O1_BAD_LINE4.replace("\n", "\r").encode()),
     dict(rule="front-matter-invalid", item="O1", line=4)),
    # empty files
    ("empty-index-md", _raw_index("O1", b""), dict(rule="evidence-missing", item="O1", status="incomplete")),
    ("empty-front-matter", _raw_index("O1", b"---\n---\n"), dict(rule="evidence-missing", item="O1")),
    ("index-md-missing", lambda t: (t.year_dir / "O1" / "index.md").unlink(), dict(rule="evidence-missing", item="O1")),
    # item folders
    ("O1-and-O01", _both("O1", "O01"), dict(rule="duplicate-item", item="O1")),
    ("O1-and-o1", _both("O1", "o1"), dict(rule="duplicate-item", item="O1")),
    ("O1-and-thai-digit-O๑", _both("O1", "O๑"), dict(rule="duplicate-item", item="O1")),
    ("unknown-code-O99", _front("O99", "evidence: []\n"), dict(rule="unknown-item", item="O99", severity="warning")),
    ("not-an-item-folder", _write("images/logo.png", make_png(4, 4, (1, 2, 3))),
     dict(rule="unknown-item", item=None, severity="warning", words="not published")),
    ("folder-with-title", _rename("O1", "O1 โครงสร้าง"),
     dict(rule="unknown-item", item=None, severity="warning", words="rename it 'O1'")),
    ("code-O0", _front("O0", "evidence: []\n"), dict(rule="unknown-item", item=None, severity="warning")),
    ("lower-case-o4", _rename("O4", "o4"), dict(rule="unknown-item", item="O4", severity="warning", status="complete")),
    # evidence files
    ("zero-byte-pdf", _write("O1/chart.pdf", b""), dict(rule="pdf-invalid", item="O1", words="empty")),
    ("truncated-pdf", _write("O1/chart.pdf", make_pdf(["x"])[:300]), dict(rule="pdf-invalid", item="O1", words="truncated")),
    ("encrypted-pdf", _write("O1/chart.pdf", pdf_encrypted()), dict(rule="pdf-invalid", item="O1", words="encrypted")),
    ("html-renamed-pdf", _write("O1/chart.pdf", b"<!DOCTYPE html><html><body>Login required</body></html>"),
     dict(rule="pdf-invalid", item="O1", words="HTML")),
    ("word-file-renamed-pdf", _write("O1/chart.pdf", b"PK\x03\x04" + b"\0" * 200), dict(rule="pdf-invalid", item="O1")),
    ("png-not-an-image", _write("O2/boss.png", b"GIF89a not a png at all"), dict(rule="image-invalid", item="O2")),
    ("png-zero-bytes", _write("O2/boss.png", b""), dict(rule="image-invalid", item="O2", words="empty")),
    ("png-scrambled-pixels", _write("O2/boss.png", png_corrupt()), dict(rule="image-invalid", item="O2", words="decode")),
    ("png-decompression-bomb", _write("O2/boss.png", png_bomb()), dict(rule="image-invalid", item="O2", words="pixels")),
    ("jpeg-garbage", _front("O2", "executives:\n  - name: ก\n    position: ข\n    photo: boss.jpg\n    phone: '1'\n",
                            files={"boss.jpg": b"\xff\xd8\xff\xe0" + b"garbage" * 50 + b"\xff\xd9"}),
     dict(rule="image-invalid", item="O2")),
    ("docx-zero-bytes", _front("O1", "evidence:\n  - title: คู่มือ\n    file: manual.docx\n", files={"manual.docx": b""}),
     dict(rule="file-invalid", item="O1", words="empty")),
    ("html-renamed-xlsx", _front("O1", "evidence:\n  - title: ตาราง\n    file: t.xlsx\n",
                                 files={"t.xlsx": b"<html><body>error 404</body></html>"}),
     dict(rule="file-invalid", item="O1", words="HTML")),
    ("huge-file", lambda t: (_site("max_file_mb: 0.0005\n")(t)),
     dict(rule="file-too-large", item="O1", words="max_file_mb")),
    ("huge-index-md", lambda t: (_site("max_file_mb: 0.01\n")(t), t.item("O8", "evidence: []\n", body="ก" * 20_000)),
     dict(rule="file-too-large", item="O8", path="content/2566/O8/index.md")),
    ("file-is-a-directory", _front("O1", "evidence:\n  - title: แผนผัง\n    file: sub\n", files={"sub/x.pdf": "pdf"}),
     dict(rule="file-not-found", item="O1", line=4)),
    # names and paths
    ("nul-in-file-name", _front("O1", 'evidence:\n  - title: แผนผัง\n    file: "chart\\0.pdf"\n'),
     dict(rule="field-invalid", item="O1", line=4)),
    ("file-name-300-bytes", _front("O1", "evidence:\n  - title: แผนผัง\n    file: " + "ก" * 100 + ".pdf\n"),
     dict(rule="field-invalid", item="O1", line=4, words="255")),
    ("file-name-blank", _front("O1", "evidence:\n  - title: แผนผัง\n    file: '   '\n"),
     dict(rule="field-invalid", item="O1", line=4)),
    ("dotdot-sibling-item", _front("O1", "evidence:\n  - title: แผนผัง\n    file: ../O5/plan.pdf\n"),
     dict(rule="path-outside-content", item="O1", path=INDEX, line=4)),
    ("dotdot-outside-content", _front("O1", "evidence:\n  - title: แผนผัง\n    file: ../../../secret.pdf\n"),
     dict(rule="path-outside-content", item="O1", line=4, words="content/")),
    ("dotdot-backslashes", _front("O1", "evidence:\n  - title: แผนผัง\n    file: ..\\..\\..\\secret.pdf\n"),
     dict(rule="path-outside-content", item="O1", line=4)),
    ("absolute-path", _front("O1", "evidence:\n  - title: แผนผัง\n    file: /etc/passwd\n"),
     dict(rule="path-outside-content", item="O1", line=4, words="absolute")),
    ("windows-drive-path", _front("O1", "evidence:\n  - title: แผนผัง\n    file: C:\\Users\\boss\\plan.pdf\n"),
     dict(rule="path-outside-content", item="O1", line=4)),
    ("home-tilde-path", _front("O1", "evidence:\n  - title: แผนผัง\n    file: ~/plan.pdf\n"),
     dict(rule="path-outside-content", item="O1", line=4)),
    ("symlink-evidence-outside", _symlink_evidence, dict(rule="path-outside-content", item="O1", line=4)),
    ("symlink-index-md-outside", _symlink_index, dict(rule="path-outside-content", item="O1", path=INDEX)),
    ("symlink-item-folder-outside", _symlink_folder, dict(rule="path-outside-content", item="O1")),
    ("photo-dotdot", _front("O2", "executives:\n  - name: ก\n    position: ข\n    photo: ../../../secret.png\n    phone: '1'\n"),
     dict(rule="path-outside-content", item="O2", line=5)),
    ("photo-symlink-outside", _symlink_photo, dict(rule="path-outside-content", item="O2", line=5)),
    ("body-link-dotdot", _front("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n",
                                body="ดู [เอกสาร](../../../secret.pdf)\n", files={"chart.pdf": "pdf"}),
     dict(rule="path-outside-content", item="O1", line=6)),
    ("body-image-other-item", _front("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n",
                                     body="บรรทัดแรก\n\n![แผน](../O5/plan.pdf)\n", files={"chart.pdf": "pdf"}),
     dict(rule="path-outside-content", item="O1", line=8)),
    ("body-link-percent-encoded-dotdot", _front("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n",
                                                body="[x](%2e%2e/%2e%2e/%2e%2e/secret.pdf)\n", files={"chart.pdf": "pdf"}),
     dict(rule="path-outside-content", item="O1", line=6)),
    # personal data (PDPA)
    ("pii-id-in-body", _front("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n",
                              body=f"ผู้ติดต่อ\nเลขประจำตัวประชาชน {VALID_ID}\n", files={"chart.pdf": "pdf"}),
     dict(rule="pii-national-id", item="O1", path=INDEX, line=7)),
    ("pii-dashed-id-in-title", _front("O1", f"evidence:\n  - title: บัตรของ {DASHED}\n    file: chart.pdf\n"),
     dict(rule="pii-national-id", item="O1", line=3)),
    ("pii-thai-digit-id-in-owner", _front("O1", f"owner: ส่งถึง ๑ {THAI[1:5]} {THAI[5:10]} {THAI[10:12]} {THAI[12]}\n"
                                                f"evidence:\n  - title: แผนผัง\n    file: chart.pdf\n"),
     dict(rule="pii-national-id", item="O1", line=2)),
    ("pii-id-as-yaml-number", _front("O2", f"executives:\n  - name: ก\n    position: ข\n    photo: boss.png\n    phone: {VALID_ID}\n",
                                     files={"boss.png": "png"}),
     dict(rule="pii-national-id", item="O2", line=6)),
    ("pii-id-in-pdf-text", _write("O1/chart.pdf", make_pdf(["Staff list", f"Somchai  {DASHED}"])),
     dict(rule="pii-national-id", item="O1", path="content/2566/O1/chart.pdf", words="page 1")),
    ("pii-id-digit-boxes-in-pdf", _write("O1/chart.pdf", make_pdf(["ID card:", " ".join(VALID_ID)])),
     dict(rule="pii-national-id", item="O1", words="page 1")),
    ("pii-id-in-xlsx", _front("O1", "evidence:\n  - title: รายชื่อ\n    file: staff.xlsx\n",
                              files={"staff.xlsx": xlsx_with(VALID_ID)}),
     dict(rule="pii-national-id", item="O1", path="content/2566/O1/staff.xlsx")),
    ("pii-id-in-csv", _front("O1", "evidence:\n  - title: รายชื่อ\n    file: staff.csv\n",
                             files={"staff.csv": f"name,id\nสมชาย,{DASHED}\n".encode()}),
     dict(rule="pii-national-id", item="O1", line=2)),
    ("pii-id-in-body-attachment", _front("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n",
                                         body="[รายชื่อ](list.pdf)\n",
                                         files={"chart.pdf": "pdf", "list.pdf": make_pdf([f"ID {VALID_ID}"])}),
     dict(rule="pii-national-id", item="O1", path="content/2566/O1/list.pdf")),
    ("pii-id-in-file-name", _front("O1", f"evidence:\n  - title: บัตร\n    file: {VALID_ID}.pdf\n",
                                   files={f"{VALID_ID}.pdf": "pdf"}),
     dict(rule="pii-national-id", item="O1", line=4)),
]


@pytest.mark.parametrize("case, setup, want", CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus(tree, capsys, case, setup, want):
    setup(tree)
    status, report = validate(capsys)  # in-process: a traceback would fail the test
    raw = json.dumps(report, ensure_ascii=False)
    assert VALID_ID not in raw and DASHED not in raw and THAI not in raw  # never a full ID, anywhere
    found = findings_of(report, want["rule"])
    assert found, f"{case}: no {want['rule']} in {report['findings']}"
    matching = [f for f in found if all(
        want[k] is None and f[k] is None or want[k] == f[k] or (k == "path" and f[k] and f[k].endswith(want[k]))
        for k in ("item", "path", "line", "severity") if k in want)]
    assert matching, f"{case}: {want} not in {found}"
    if "words" in want:
        assert any(want["words"] in f["message"] for f in matching), (case, matching)
    if want.get("severity", "error") == "error":
        assert status == 1
    if "status" in want:
        assert next(i["status"] for i in report["items"] if i["code"] == want["item"]) == want["status"]


def test_corpus_size():
    """The count the issue asks for: bad inputs tried here, plus the ones below and in test_build.py."""
    assert len(CORPUS) >= 80, len(CORPUS)


# --- inputs that must be accepted -------------------------------------------------------------

@pytest.mark.parametrize("data", [
    BOM + O1_OK.encode(),
    O1_OK.replace("\n", "\r\n").encode(),
    BOM + O1_OK.replace("\n", "\r\n").encode(),
    O1_OK.replace("\n", "\r").encode(),
], ids=["bom", "crlf", "bom-crlf", "cr"])
def test_bom_and_line_ends_are_accepted(tree, capsys, data):
    (tree.year_dir / "O1" / "index.md").write_bytes(data)
    status, report = validate(capsys)
    assert status == 0 and report["findings"] == []


def test_thai_digit_and_padded_folders_are_their_item(tree, capsys):
    os.rename(tree.year_dir / "O4", tree.year_dir / "O๔")
    os.rename(tree.year_dir / "O5", tree.year_dir / "O05")
    status, report = validate(capsys)
    assert status == 0 and report["findings"] == []
    assert {i["code"]: i["url"] for i in report["items"]}["O4"] == "https://example.go.th/oit/2566/O4/"


def test_wrong_check_digit_and_other_numbers_are_not_personal_data(tree, capsys):
    numbers = [WRONG_ID, WRONG_ID[:1] + "-" + WRONG_ID[1:5] + "-" + WRONG_ID[5:10] + "-" + WRONG_ID[10:12] + "-" + WRONG_ID[12],
               "9" + VALID_ID, VALID_ID + "7", "0 7621 1000", "2566-2570", "1,103,700,123,458"]
    tree.item("O1", f"owner: '{WRONG_ID}'\nevidence:\n  - title: เลข {WRONG_ID}\n    file: chart.pdf\n",
              body="\n".join(numbers) + "\n")
    tree.file(tree.year_dir / "O1" / "chart.pdf", make_pdf(numbers))
    status, report = validate(capsys)
    assert status == 0 and findings_of(report, "pii-national-id") == []


def test_pii_allow_marks_a_known_false_positive(tree, capsys):
    company = thai_id("010555012345")  # a company's tax ID has the same check digit
    tree.item("O1", f"pii_allow: ['{company[0]}-{company[1:5]}-{company[5:10]}-{company[10:12]}-{company[12]}']\n"
                    f"evidence:\n  - title: สัญญากับบริษัท {company}\n    file: chart.pdf\n",
              body=f"ผู้รับจ้าง เลขประจำตัวผู้เสียภาษี {company}\n")
    tree.file(tree.year_dir / "O1" / "chart.pdf", make_pdf([f"Tax ID {company}"]))
    status, report = validate(capsys)
    assert status == 0 and findings_of(report, "pii-national-id") == []
    # the same number in another item is still reported, unless site.yml allows it everywhere
    tree.item("O8", f"evidence:\n  - title: รายงาน {company}\n    file: r.pdf\n    period: 2565\n")
    status, report = validate(capsys)
    assert [f["item"] for f in findings_of(report, "pii-national-id")] == ["O8"]
    with open(tree.content / "site.yml", "a", encoding="utf-8") as handle:
        handle.write(f"pii_allow:\n  - {company}\n")
    status, report = validate(capsys)
    assert status == 0 and findings_of(report, "pii-national-id") == []


def test_pii_finding_masks_the_number_in_every_format(tree, capsys):
    tree.item("O1", "evidence:\n  - title: แผนผัง\n    file: chart.pdf\n", body=f"{VALID_ID}\n{DASHED}\n{THAI}\n")
    for fmt in ("json", "text", "junit"):
        status, out, err = run_oit(capsys, "validate", "--as-of", AS_OF, "--format", fmt)
        assert status == 1 and MASKED in out
        assert VALID_ID not in out + err and DASHED not in out + err and THAI not in out + err
    status, report = validate(capsys)
    assert [f["line"] for f in findings_of(report, "pii-national-id")] == [6, 7, 8]


def test_pii_cache_is_used_and_safe_to_delete(tree, capsys, monkeypatch):
    from generator import filetext
    tree.file(tree.year_dir / "O1" / "chart.pdf", make_pdf([f"ID {VALID_ID}"]))
    status, first = validate(capsys)
    cache = tree.base / ".oit-cache" / "files.json"
    assert cache.is_file() and VALID_ID not in cache.read_text(encoding="utf-8")
    calls = []
    with monkeypatch.context() as patch:
        patch.setattr(filetext, "_pdf_text", lambda *a: calls.append(a))  # must not be needed now
        status, second = validate(capsys)
        assert calls == [] and second["findings"] == first["findings"]
        os.utime(tree.year_dir / "O1" / "chart.pdf")  # touched, same bytes: found by content hash
        validate(capsys)
        assert calls == []
        (tree.year_dir / "O1" / "chart.pdf").write_bytes(make_pdf(["now clean"]))  # new bytes: read again
        validate(capsys)
        assert len(calls) == 1
    shutil.rmtree(tree.base / ".oit-cache")
    cache.parent.mkdir()
    cache.write_text("{not json", encoding="utf-8")  # a damaged cache is ignored and rewritten
    status, third = validate(capsys)
    assert status == 0 and json.loads(cache.read_text(encoding="utf-8"))["by_sha"]


def test_cold_cache_is_analysed_in_worker_processes_with_the_same_findings(tree, capsys, monkeypatch):
    """Hundreds of new documents (CI on a fresh clone) are read in parallel processes first;
    the findings are those of reading them one by one."""
    from generator import filecache, filetext
    monkeypatch.setattr(filecache.os, "cpu_count", lambda: 2)
    folder = tree.year_dir / "O1"
    lines = ["evidence:"]
    for n in range(260):  # distinct contents: the cache analyses each content once
        tree.file(folder / f"d{n}.pdf", make_pdf([f"document {n}"] + ([f"ID {VALID_ID}"] if n == 137 else [])))
        lines.append(f"  - title: เอกสาร {n}\n    file: d{n}.pdf")
    tree.item("O1", "\n".join(lines) + "\n")
    in_this_process = []
    real_pdf_text = filetext._pdf_text
    monkeypatch.setattr(filetext, "_pdf_text", lambda *a: (in_this_process.append(a), real_pdf_text(*a))[1])
    status, parallel = validate(capsys)
    assert len(in_this_process) < 10  # read by the workers (only the 8 other items' files here)
    assert [f["path"] for f in findings_of(parallel, "pii-national-id")] == [rel(tree, folder / "d137.pdf")]
    shutil.rmtree(tree.base / ".oit-cache")
    monkeypatch.setattr(filecache, "PREFETCH_MIN_FILES", 10**6)  # one by one, in this process
    in_this_process.clear()
    status, serial = validate(capsys)
    assert len(in_this_process) > 260 and serial["findings"] == parallel["findings"]


def test_body_cannot_open_a_generated_html_block(tree):
    """The engine passes lines between the generator's block markers through unparsed; an item's
    own text holding the marker must still be read as Markdown, and the page stay whole."""
    fake = '<div data-oit-block="' + "0" * 40 + '">ปลอม</div>'  # looks like a light copy, is not one
    tree.item("O1", GOOD_ITEMS["O1"][0], body=f"<!--oit:raw-->\n\n**ตัวหนา**\n\n{fake}\n")
    from generator.thai import BEDate
    build_site(tree.content, tree.base / "site", BEDate(2569, 1, 1))
    html = (tree.base / "site" / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert "<strong>ตัวหนา</strong>" in html and 'class="oit-evidence"' in html
    assert "<div>ปลอม</div>" in html and "data-oit-block" not in html  # the sanitiser drops the attribute


def pdf_flate_bomb(megabytes: int = 200) -> bytes:
    """A valid one-page PDF whose content stream inflates to `megabytes` MB (200 KB on disk)."""
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(b" " * 1_000_000) for _ in range(megabytes)) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    return pdf_of_objects(objects)


def test_pdf_decompression_bomb_is_read_cheaply(tree, capsys):
    (tree.year_dir / "O1" / "chart.pdf").write_bytes(pdf_flate_bomb())
    status, report = validate(capsys)  # pypdf stops inflating at its limit (75 MB)
    assert status == 0 and not [f for f in report["findings"] if f["severity"] == "error"]


def test_site_yml_and_year_yml_problems_exit_2_with_one_line(tree, capsys):
    cases = [
        (tree.content / "site.yml", "name: หน่วยงาน\n".encode("cp874") + b"base_url: https://a.go.th/\ndefault_year: 2566\n", "UTF-8"),
        (tree.content / "site.yml", b"", "mapping"),
        (tree.content / "site.yml", b"name: x\nbase_url: https://a.go.th/\ndefault_year: !!python/object:os.system x\n", "not allowed"),
        (tree.year_dir / "year.yml", b"", "mapping"),
        (tree.year_dir / "year.yml", b"framework: [mini\n", "year.yml:2"),
    ]
    for path, data, words in cases:
        good = path.read_bytes()
        path.write_bytes(data)
        status, out, err = run_oit(capsys, "validate")
        assert status == 2 and len(err.strip().splitlines()) == 1 and words in err, (data, err)
        assert "Traceback" not in err
        path.write_bytes(good)


# --- the built site -------------------------------------------------------------------------

ODD_NAMES = ["รายงาน ประจำปี.pdf", "a#b.pdf", "what?.pdf", "100% done.pdf", "it's [draft].pdf"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """One build of a tree full of hostile input (a build takes about a second)."""
    base = tmp_path_factory.mktemp("hostile")
    tree = Tree(base)
    (base / "secret.pdf").write_bytes(make_pdf(["TOP SECRET outside content"]))
    (base / "secret.png").write_bytes(make_png(6, 6, (255, 0, 0)))
    odd = "".join(f"  - title: ไฟล์ {n}\n    file: \"{n}\"\n" for n in ODD_NAMES)
    tree.item("O1", "owner: <b onmouseover=alert(1)>กลุ่มงาน</b>\n"
                    "evidence:\n  - title: <script>alert('xss')</script> แผนผัง\n    file: chart.pdf\n"
                    "  - title: \"บรรทัดแรก\\n\\n[คลิก](javascript:alert(1)) <img src=x onerror=alert(2)>\"\n    file: chart.pdf\n"
                    "  - title: หลุด\n    file: ../../../secret.pdf\n" + odd,
              body="[ความลับ](../../../secret.pdf) ![รูป](../../../secret.png) [อีกข้อ](../O5/plan.pdf)\n"
                   f"[%](%2e%2e/%2e%2e/%2e%2e/secret.pdf) [แนบ](staff.pdf) ผู้ติดต่อ {DASHED}\n",
              files={"chart.pdf": "pdf", **{n: "pdf" for n in ODD_NAMES},
                     "staff.pdf": make_pdf([f"Somchai {VALID_ID}"])})
    tree.item("O2", "executives:\n  - name: \"<script>steal()</script>\"\n    position: ผู้อำนวยการ\n"
                    "    photo: ../../../secret.png\n    phone: 0 7621 1000\n")
    tree.item("O5", f"evidence:\n  - title: แผน\n    file: plan.pdf\n    period: 2566-2570\n"
                    f"  - title: บัตร\n    file: id-{VALID_ID}.pdf\n    period: 2566-2570\n",
              files={"plan.pdf": "pdf", f"id-{VALID_ID}.pdf": "pdf"})
    out = base / "site"
    from generator.thai import BEDate
    cwd = os.getcwd()
    os.chdir(base)
    try:
        result = build_site(tree.content, out, BEDate(2569, 1, 1))
    finally:
        os.chdir(cwd)
    return tree, out, result


def _all_site_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


def test_nothing_outside_content_is_published(hostile_site):
    tree, out, result = hostile_site
    secret_pdf, secret_png = (tree.base / "secret.pdf").read_bytes(), (tree.base / "secret.png").read_bytes()
    content = os.path.realpath(tree.content)
    for site_path, source in result.published.items():
        assert os.path.realpath(source).startswith(content + os.sep), site_path
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert data != secret_pdf and data != secret_png, path
    assert b"TOP SECRET" not in _all_site_bytes(out)
    assert not (out / "2566" / "O5" / "plan.pdf").read_bytes() == b""  # O5's own plan is served at O5 only
    assert "2566/O1/plan.pdf" not in result.published and "2566/O1/../O5/plan.pdf" not in result.published


def test_escapes_are_reported_by_the_build_too(hostile_site):
    tree, out, result = hostile_site
    report = next(r for r in result.reports if r.year.year == 2566)
    outside = [(f.item, f.line) for f in report.findings if f.rule == "path-outside-content"]
    assert ("O1", 9) in outside and ("O2", 5) in outside  # the evidence entry and the photo
    assert len([o for o in outside if o[0] == "O1"]) == 5  # + the body links (two secrets, %2e%2e, ../O5)


def test_script_in_titles_is_escaped_on_the_page(hostile_site):
    tree, out, result = hostile_site
    html = (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html
    assert "<b onmouseover" not in html and "&lt;b onmouseover=alert(1)&gt;" in html
    assert 'href="javascript' not in html.lower() and "<img src=x" not in html  # a title's Markdown stays text
    o2 = (out / "2566" / "O2" / "index.html").read_text(encoding="utf-8")
    assert "<script>steal()" not in o2 and "&lt;script&gt;steal()" in o2


def test_odd_file_names_are_linked_and_served(hostile_site):
    from sitescan import resolve, scan
    tree, out, result = hostile_site
    page = out / "2566" / "O1" / "index.html"
    links = [link for _, _, link in scan(page.read_text(encoding="utf-8")).links]
    for name in ODD_NAMES:
        href = "../../2566/O1/" + quote(name)
        assert href in links, (name, [l for l in links if "2566/O1/" in l])
        target = resolve(out, page, href)
        assert target == out / "2566" / "O1" / name and target.read_bytes() == (tree.year_dir / "O1" / name).read_bytes()


def test_published_files_are_byte_identical(hostile_site):
    tree, out, result = hostile_site
    manifest = json.loads((out / "evidence-manifest.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in manifest["files"]} == set(result.published)
    for entry in manifest["files"]:
        source = result.published[entry["path"]]
        published = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(published).hexdigest() == entry["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def test_national_ids_are_withheld_and_masked(hostile_site):
    tree, out, result = hostile_site
    everything = _all_site_bytes(out).decode("utf-8", "replace")
    assert VALID_ID not in everything and DASHED not in everything
    assert not (out / "2566" / "O1" / "staff.pdf").exists()  # body attachment with an ID: withheld
    assert not any(VALID_ID in p for p in result.published)  # a file named after an ID: withheld
    assert MASKED in (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")  # masked in the text
    report = next(r for r in result.reports if r.year.year == 2566)
    assert {f.item for f in report.findings if f.rule == "pii-national-id"} == {"O1", "O5"}


def test_out_refuses_content_and_foreign_dirs(tree, tmp_path, capsys):
    for out in (tree.content, tree.content / "site", tree.year_dir / "O1", tree.base):
        before = sorted(p.name for p in out.iterdir()) if out.exists() else None
        status, _, err = run_oit(capsys, "build", "--out", out)
        assert status == 2 and "overlaps the content directory" in err, out
        assert (sorted(p.name for p in out.iterdir()) if out.exists() else None) == before
    link = tmp_path / "innocent"
    link.symlink_to(tree.content, target_is_directory=True)
    status, _, err = run_oit(capsys, "build", "--out", link)
    assert status == 2 and "overlaps" in err
    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "index.html").write_text("the ministry's real home page", encoding="utf-8")
    status, _, err = run_oit(capsys, "build", "--out", foreign)
    assert status == 2 and "not built by oit" in err
    assert (foreign / "index.html").read_text(encoding="utf-8") == "the ministry's real home page"


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
import generator.build as build
calls = {"n": 0}
real = build.publish_file
def dying(*args, **kwargs):  # the power fails while evidence files are being published
    calls["n"] += 1
    if calls["n"] > 3:
        os.kill(os.getpid(), signal.SIGKILL)  # no except, no finally, no cleanup
    return real(*args, **kwargs)
build.publish_file = dying
build.build_site(Path(sys.argv[1]), Path(sys.argv[2]), incremental=False)
"""


def test_validation_and_build_read_the_same_body_links():
    """validate reports (and the PDPA guard reads) exactly the files the build publishes."""
    from generator.references import is_relative, markdown_links
    body = ("[a](a.pdf) ![b](<b c.png>) [c](c.pdf \"title\") [d](https://x.go.th/d.pdf) [e](#e) [f](/f.pdf)\n"
            "[g](mailto:x@y) [h](../h.pdf) [i](sub/i%20j.pdf#page=2) [k](k.md) ![l](l.jpg)[m](m.pdf)\n"
            "[n]( n.pdf ) [o](o.pdf?x=1) [p](javascript:alert(1)) [q](file:///etc/passwd) [r](C:/r.pdf)")
    assert [link.target for link in markdown_links(body) if is_relative(link.target)][:3] == ["a.pdf", "c.pdf", "../h.pdf"]


def test_killed_build_leaves_previous_site_intact(tree, tmp_path):
    out = tmp_path / "site"
    build_site(tree.content, out)
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (tree.year_dir / "O1" / "index.md").write_text(O1_OK.replace("คำอธิบาย", "ฉบับใหม่"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(tree.content), str(out)], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.glob(".site.*")]  # the killed build left its staging behind
    assert list(tmp_path.glob(".site.engine-*/.oit-docs-*"))  # and the engine's pages there, not in /tmp
    build_site(tree.content, out)  # the next build succeeds, publishes the change and tidies up
    assert "ฉบับใหม่" in (out / "2566" / "O1" / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.glob(".site.*")] == []
