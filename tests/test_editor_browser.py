"""The browser editor, used as an officer would: Debian's Chromium (Playwright) opens the admin page
of a copy of the demo, served on loopback with decap-server behind it, fills an item's form and
saves; then `oit validate` must read what the CMS wrote and find nothing new."""
from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from generator.catalog import load_catalog
from generator.content import load_site, load_year
from generator.editor_server import local_editor
from generator.rollover import rollover
from generator.time_rules import RULES as TIME_RULES
from tests.conftest import DEMO, run_json
from tools.samplefiles import make_pdf, make_png

pytest.importorskip("playwright.sync_api")

YEAR = "2569"
LOGIN = "เข้าสู่ระบบ"  # Decap's Thai locale
ADD_EVIDENCE = "เพิ่ม หลักฐาน"
PUBLISH, PUBLISH_NOW = "เผยแพร่", "เผยแพร่ตอนนี้"
CHOOSE_FILE, CHOOSE_IMAGE = "เลือกไฟล์", "เลือกรูปภาพ"
INSERT_SELECTED = "เลือกข้อมูลที่ถูกเลือก"
SAVED = "การเปลี่ยนแปลงถูกบันทึกแล้ว"  # "changes saved" (Decap's Thai has a typo; oit-editor.js corrects it)


@pytest.fixture
def demo(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    monkeypatch.chdir(tmp_path)
    return content


@contextmanager
def signed_in(content: Path, browser):
    """The admin page of `content`, logged in to the local backend; yields (page, admin URL)."""
    with local_editor(content) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="th-TH")
        page.set_default_timeout(20_000)
        page.goto(url)
        page.get_by_role("button", name=LOGIN).click()
        page.get_by_text(f"ปีงบประมาณ {YEAR}").first.wait_for()
        yield page, url
        page.close()


@pytest.fixture
def editor_page(demo, browser):
    with signed_in(demo, browser) as (page, url):
        yield page, url


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
    assert page.get_by_text("index.md", exact=True).count() == 0  # the library lists evidence, not the form's file
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


# --- findings beside the form ----------------------------------------------------------------

def check_pane(page):
    """The preview pane beside the form (Decap renders it in its own frame): the item's check."""
    return page.frame_locator("#preview-pane").locator(".oit-check")


def test_a_doc_file_shows_its_finding_after_save_and_the_fix_clears_it(editor_page, demo, tmp_path, capsys):
    page, url = editor_page
    doc = tmp_path / "แบบฟอร์มความเสี่ยง.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))  # an old Word file: the guard cannot read it

    open_item(page, url, "O21")
    pane = check_pane(page)
    pane.locator(".oit-status").wait_for()
    assert pane.locator("[data-rule]").count() == 0  # the demo's O21 is complete
    page.get_by_role("button", name=ADD_EVIDENCE).click()
    upload(page, CHOOSE_FILE, doc)
    page.locator("[id^=title-field]").last.fill("แบบประเมินความเสี่ยง (Word)")
    choose(page, "period-field", "2569")
    save(page)

    _, report = run_json(capsys, "validate", "--content", demo, "--year", YEAR)
    (expected,) = [f for f in report["findings"] if f["item"] == "O21"]  # the same validation as oit validate
    assert expected["rule"] == "pii-unchecked"
    finding = pane.locator("[data-rule=pii-unchecked]")
    finding.wait_for()  # no reload: the page asked again after the save
    assert expected["message"] in finding.inner_text()
    assert finding.inner_text().startswith("ข้อผิดพลาด")
    assert pane.locator(".oit-status").get_attribute("data-status") == "incomplete"
    assert "ไม่ครบถ้วน" in pane.locator(".oit-status").inner_text()

    # the fix the finding names: list the file, checked by hand, under pii_unchecked
    page.get_by_role("button", name="เพิ่ม ชื่อไฟล์").click()
    page.locator("[id^=filename-field]").last.fill(doc.name)
    save(page)
    pane.locator("[data-rule=pii-unchecked]").wait_for(state="detached")
    assert pane.locator(".oit-status").get_attribute("data-status") == "complete"
    assert f"pii_unchecked:\n  - {doc.name}\n" in front_matter(demo / YEAR / "O21" / "index.md")

    page.goto(f"{url}#/collections/y{YEAR}")  # the item list: every item's status
    page.locator(".oit-badge").nth(25).wait_for()
    badges = page.locator(".oit-badge")
    assert badges.count() == 26 and set(badges.all_inner_texts()) == {"ครบถ้วน"}


def test_findings_endpoint_answers_only_its_own_page(demo):
    """Another web page open in the browser (or a name re-pointed at 127.0.0.1) gets nothing."""
    import json
    import urllib.error
    import urllib.request
    with local_editor(demo) as url:
        endpoint = f"{url}oit-findings.json?year={YEAR}"
        with urllib.request.urlopen(endpoint) as answer:
            assert json.load(answer)["items"]["O21"]["status"] == "complete"
        for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Host": "evil.example"}):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(urllib.request.Request(endpoint, headers=headers))
            assert refused.value.code == 403


# --- a save keeps the guidance -------------------------------------------------------------------

@pytest.fixture
def rolled_over(tmp_path, monkeypatch):
    """The demo with 2569 started again from 2566 (`oit new 2569 --from 2566`), committed to git."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content, ignore=shutil.ignore_patterns("2569"))
    monkeypatch.chdir(tmp_path)
    rollover(content, 2569, 2566, None)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.go.th", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True)
    return content


def meaning(text: str) -> tuple:
    """The front matter as data, without empty values (owner: "" means no owner), and the body."""
    _, front, body = text.split("---\n", 2)
    data = {k: v for k, v in yaml.safe_load(front).items() if v not in (None, "", [], {}) or k == "evidence"}
    return data, body.strip()


def test_a_save_loses_no_guidance_and_changes_only_what_was_changed(rolled_over, browser):
    """Decap saves only a changed entry: the owner is changed, nothing else. The comments `oit
    new` wrote are gone (YAML has no place for them in the CMS), but what they said is in the form."""
    index = rolled_over / YEAR / "O6" / "index.md"
    before = index.read_text(encoding="utf-8")
    assert "to_renew:" in before  # the plan and the progress report are to renew, last year's named
    with signed_in(rolled_over, browser) as (page, url):
        open_item(page, url, "O6")
        check_pane(page).locator(".oit-status").wait_for()
        form_text = page.locator("body").inner_text() + check_pane(page).inner_text()  # the form and the pane beside it
        notes = page.locator("[id^=note-field]")
        renew_lines = [notes.nth(i).input_value() for i in range(notes.count())]
        choose(page, "owner-field", "กลุ่มงานอำนวยการ")  # a choice of site.yml's units
        save(page)

    after = index.read_text(encoding="utf-8")
    (data_before, body_before), (data_after, body_after) = meaning(before), meaning(after)
    assert data_after == {**data_before, "owner": "กลุ่มงานอำนวยการ"} and body_after == body_before
    diff = subprocess.run(["git", "diff", "-U0", "--", str(index)], cwd=rolled_over.parent, check=True,
                          capture_output=True, text=True).stdout
    lost = [line[1:].lstrip("# -") for line in diff.splitlines() if line.startswith("-#")]
    item = load_catalog("nacc-2569").item("O6")
    # every comment lost said what the form shows: the title, each part, its criteria and time rule
    assert f"{item.code} {item.title}" in lost and f"{item.code} {item.title}" in form_text
    for part in item.parts:
        assert all(c in lost and c in form_text for c in part.criteria)
        assert f"ส่วน {part.id} ({part.label})" in form_text
        assert TIME_RULES[part.time_rule].label(int(YEAR)) in form_text
    # what is to renew and last year's documents are data: shown in the form and kept in the file
    assert renew_lines == data_before["to_renew"] == data_after["to_renew"]
    assert any("content/2566/O11/action-plan-2566.pdf" in line for line in renew_lines)
