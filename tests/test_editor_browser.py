"""The browser editor, used as an officer would: Debian's Chromium (Playwright) opens the admin page
of a copy of the demo, served on loopback with decap-server behind it, fills an item's form and
saves; then `oit validate` must read what the CMS wrote and find nothing new."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content import load_site, load_year
from generator.editor_server import local_editor
from tests.conftest import DEMO, run_json
from tools.samplefiles import make_pdf, make_png

pytest.importorskip("playwright.sync_api")

YEAR = "2569"
LOGIN = "เข้าสู่ระบบ"  # Decap's Thai locale
ADD_EVIDENCE = "เพิ่ม หลักฐาน"
PUBLISH, PUBLISH_NOW = "เผยแพร่", "เผยแพร่ตอนนี้"
CHOOSE_FILE, CHOOSE_IMAGE = "เลือกไฟล์", "เลือกรูปภาพ"
INSERT_SELECTED = "เลือกข้อมูลที่ถูกเลือก"
SAVED = "การเปลี่ยนเปลงถูกบันทึกแล้ว"  # Decap's Thai text for "changes saved" (sic)


@pytest.fixture
def demo(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    monkeypatch.chdir(tmp_path)
    return content


@pytest.fixture
def editor_page(demo, browser):
    """The admin page, logged in to the local backend; yields (page, admin URL)."""
    with local_editor(demo) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="th-TH")
        page.set_default_timeout(20_000)
        page.goto(url)
        page.get_by_role("button", name=LOGIN).click()
        page.get_by_text(f"ปีงบประมาณ {YEAR}").first.wait_for()
        yield page, url
        page.close()


def findings(capsys, content: Path) -> set:
    _, report = run_json(capsys, "validate", "--content", content, "--year", YEAR)
    return {(f["rule"], f["item"], f["message"]) for f in report["findings"]}


def open_item(page, url: str, code: str) -> None:
    page.goto(f"{url}#/collections/y{YEAR}/entries/{code}")
    page.locator("#owner-field-1, [id^=owner-field]").first.wait_for()


def upload(page, button: str, path: Path) -> None:
    """The file widget's media library: upload (it lands selected, in the item's folder), insert."""
    page.get_by_role("button", name=button, exact=True).last.click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text(path.name).wait_for()
    page.get_by_role("button", name=INSERT_SELECTED).click()


def choose(page, field_prefix: str, value: str) -> None:
    page.locator(f"[id^={field_prefix}]").last.fill(value)
    page.keyboard.press("Enter")


def save(page) -> None:
    page.get_by_role("button", name=PUBLISH).first.click()
    page.get_by_text(PUBLISH_NOW).click()
    page.get_by_text(SAVED).wait_for()


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n")[1]


def test_o21_evidence_with_pdf_and_month_saves_what_validate_reads(editor_page, demo, tmp_path, capsys):
    page, url = editor_page
    index = demo / YEAR / "O21" / "index.md"  # keys the form does not show are kept as written
    index.write_text(index.read_text(encoding="utf-8").replace("evidence:", "pii_allow:\n  - 0-1055-51234-56-7\nevidence:", 1),
                     encoding="utf-8")
    before = findings(capsys, demo)
    pdf = tmp_path / "รายงานความเสี่ยง-2568-10.pdf"
    pdf.write_bytes(make_pdf(["risk assessment follow-up, October 2568"]))

    open_item(page, url, "O21")
    page.get_by_role("button", name=ADD_EVIDENCE).click()
    upload(page, CHOOSE_FILE, pdf)  # chosen before the title: the saved order must not depend on it
    page.locator("[id^=title-field]").last.fill("ติดตามผลการประเมินความเสี่ยง ตุลาคม 2568")
    choose(page, "period-field", "2568-10")
    page.get_by_role("button", name=ADD_EVIDENCE).click()  # a web page for the whole year
    page.locator("[id^=title-field]").last.fill("มาตรการจัดการความเสี่ยง (หน้าเว็บ)")
    page.locator("[id^=url-field]").last.fill("https://example.go.th/risk")
    choose(page, "period-field", "2569")
    save(page)

    item = demo / YEAR / "O21"
    assert (item / pdf.name).read_bytes() == pdf.read_bytes()  # stored in the item's own folder
    assert ("  - title: ติดตามผลการประเมินความเสี่ยง ตุลาคม 2568\n"
            f"    file: {pdf.name}\n"
            "    period: 2568-10\n") in front_matter(item / "index.md")
    written = front_matter(item / "index.md")
    assert ("  - title: มาตรการจัดการความเสี่ยง (หน้าเว็บ)\n"
            "    url: https://example.go.th/risk\n") in written
    assert 'url: https://example.go.th/risk\n    period: "2569"\n' in written  # a period is text, never a number
    assert "pii_allow:\n  - 0-1055-51234-56-7\n" in front_matter(item / "index.md")
    entry = next(e for e in load_year(load_site(demo), int(YEAR)).items["O21"].evidence if e.file == pdf.name)
    assert entry.path == (item / pdf.name).resolve() and entry.period.text == "2568-10"
    assert findings(capsys, demo) - before == set()


def test_o2_executives_edit_validates(editor_page, demo, tmp_path, capsys):
    page, url = editor_page
    before = findings(capsys, demo)
    photo = tmp_path / "secretary.png"
    photo.write_bytes(make_png(120, 160, (200, 200, 210), (90, 90, 120)))

    open_item(page, url, "O2")
    page.get_by_role("button", name="เพิ่ม ผู้บริหาร").click()
    page.locator("[id^=name-field]").last.fill("นายทดสอบ แก้ไขได้")
    page.locator("[id^=position-field]").last.fill("เลขานุการ")
    upload(page, CHOOSE_IMAGE, photo)
    page.locator("[id^=email-field]").last.fill("secretary@example.go.th")
    save(page)

    item = demo / YEAR / "O2"
    assert (item / photo.name).is_file()
    assert ("  - name: นายทดสอบ แก้ไขได้\n"
            "    position: เลขานุการ\n"
            f"    photo: {photo.name}\n"
            "    email: secretary@example.go.th\n") in front_matter(item / "index.md")
    assert findings(capsys, demo) - before == set()
