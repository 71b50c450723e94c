"""The quick reading of PDFs (filetext._pdf_clean_at_a_glance): PDFium and the raw objects clear
a document that holds no national ID without pypdf, and anything else falls to the whole reading,
so the guard's verdict on any PDF is the one the whole reading gives, wherever and however the
number is written (issue 27: the personal-data scan was most of a cold build)."""
from __future__ import annotations

import pytest

from generator import filetext
from test_hidden_text import coded_pdf, redacted_page
from test_hostile import DASHED, VALID_ID
from test_hostile_pdpa import (pdf_page_bomb, pdf_with_attachment, pdf_with_bookmark, pdf_with_comment,
                               pdf_with_form_field, pdf_with_xmp)
from test_hostile_pii3 import WRITTEN_AROUND
from tools.samplefiles import make_pdf

PLACES = {
    "page text": lambda value: make_pdf([f"ID {value}"]) if value.isascii() else None,
    "form field": pdf_with_form_field,
    "comment": pdf_with_comment,
    "bookmark": pdf_with_bookmark,
    "xmp": pdf_with_xmp,
    "title": lambda value: make_pdf(["clean page"], title=value) if value.isascii() else None,
}
WRITTEN = {"plain": VALID_ID, "dashed": DASHED, **{k: WRITTEN_AROUND[k] for k in (
    "Arabic-Indic digits", "fullwidth digits", "character references", "zero-width space and soft hyphen")}}


def whole_reading(path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(filetext, "_pdf_clean_at_a_glance", lambda data, scan: False)
        return filetext.text_ids(path)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("written", WRITTEN)
def test_a_number_anywhere_gets_the_whole_readings_verdict(tmp_path, monkeypatch, place, written):
    data = PLACES[place](WRITTEN[written])
    if data is None:
        pytest.skip("the sample PDF's page font is Latin-1 only")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    expected = whole_reading(path, monkeypatch)
    glanced = {}
    real = filetext._pdf_clean_at_a_glance
    monkeypatch.setattr(filetext, "_pdf_clean_at_a_glance", lambda d, s: glanced.setdefault("clean", real(d, s)))
    assert filetext.text_ids(path) == expected
    if expected["ids"]:
        assert glanced["clean"] is False  # a number found: the whole reading says where it is


@pytest.mark.parametrize("make", [
    lambda: make_pdf(["clean page", "second line 1234"], title="Annual report 2569"),
    lambda: pdf_with_comment("approved by the director"),
    lambda: pdf_with_form_field("somchai"),
    lambda: pdf_with_bookmark("chapter 1"),
    lambda: pdf_with_xmp("Office of the Permanent Secretary"),
], ids=["plain", "comment", "form-field", "bookmark", "xmp"])
def test_a_clean_document_is_cleared_without_pypdf(tmp_path, monkeypatch, make):
    path = tmp_path / "doc.pdf"
    path.write_bytes(make())
    expected = whole_reading(path, monkeypatch)

    def no_pypdf(*args, **kwargs):
        raise AssertionError("the whole reading ran")
    monkeypatch.setattr(filetext, "_pdf_document", no_pypdf)
    assert filetext.text_ids(path) == expected == {"ids": [], "error": None}


@pytest.mark.parametrize("make", [
    redacted_page,  # saved over itself: its earlier revision is read whole
    coded_pdf,  # the number only a viewer sees, through the font
    lambda: pdf_with_attachment("staff.csv", b"name\nSomchai\n"),  # an attached file, read by its own type
    lambda: pdf_page_bomb(),  # page objects listed many times
    lambda: make_pdf(["clean"]) + b"trailing words\n",  # bytes after the end
    lambda: make_pdf(["clean"]).replace(b"/Type /Page /", b"/Type /Page /Annots [] /Encrypt 9 0 R /"),
], ids=["revision", "coded-font", "attachment", "page-bomb", "after-the-end", "encrypt"])
def test_what_the_glance_cannot_clear_goes_to_the_whole_reading(tmp_path, monkeypatch, make):
    data = make()
    assert filetext._pdf_clean_at_a_glance(data, filetext.Scan()) is False
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    assert filetext.text_ids(path) == whole_reading(path, monkeypatch)


def test_two_threads_reading_pdfs_at_once_do_not_crash(tmp_path):
    """PDFium is not thread-safe: the editor's server validated while a build read PDFs in the
    same process, and the process died (a segmentation fault in the clean-clone run)."""
    import threading
    paths = []
    for number in range(60):
        path = tmp_path / f"doc-{number}.pdf"
        path.write_bytes(pdf_with_comment(VALID_ID) if number % 7 == 0 else make_pdf([f"page {number}"] * 3))
        paths.append(path)
    alone = [filetext.text_ids(p) for p in paths]
    together: dict = {}

    def read(name):
        together[name] = [filetext.text_ids(p) for p in paths for _ in range(3)][::3]
    threads = [threading.Thread(target=read, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results == alone for results in together.values()) and len(together) == 3
