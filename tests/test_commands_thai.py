"""The Thai texts of the commands (cli.py, commands.py, init.py, scaffold.py, rollover.py,
localserver.py; their .po is generator/locale/th/LC_MESSAGES/oit.po): what a Thai webmaster
reads when the language is the default one. The other tests read the English texts (conftest)."""
import pytest

from conftest import run_oit
from generator import i18n
from generator.catalog import load_catalog
from generator.errors import error_line
from generator.scaffold import item_template


@pytest.fixture
def thai(monkeypatch):
    """Thai as when no language is given; the choice of `--lang` is undone afterwards."""
    monkeypatch.setenv("OIT_LANG", "th")
    yield
    i18n.set_language(None)


def test_usage_errors_are_thai(tree, capsys, thai):
    status, out, err = run_oit(capsys, "check", "--timeout", "0")
    assert status == 2 and "'0' ต้องมากกว่า 0 และไม่เกิน 600 วินาที (ดูวิธีใช้: oit check --help)" in err
    status, out, err = run_oit(capsys, "new", "2567", "--year", "2568")
    assert status == 2 and err.strip() == "oit new: ระบุปีไว้สองค่าไม่ตรงกัน (2567 และ --year 2568) กรุณาระบุปีเพียงครั้งเดียว"
    status, out, err = run_oit(capsys, "status", "--format", "xlsx", "--lang", "en")  # --lang wins over OIT_LANG
    assert status == 2 and "give its file name with --out status.xlsx" in err


def test_system_reasons_are_thai_and_english_as_the_system_says(thai):
    missing = FileNotFoundError(2, "No such file or directory", "O6/plan.pdf")
    assert error_line(missing) == "oit: O6/plan.pdf: ไม่พบไฟล์หรือโฟลเดอร์นี้"
    i18n.set_language("en")
    assert error_line(missing) == "oit: O6/plan.pdf: No such file or directory"


def test_new_item_template_is_thai(thai):
    catalog = load_catalog("nacc-2569", None)
    template = item_template(catalog.item("O6"), 2569)  # two parts: plan and progress
    assert "# ข้อนี้มี 2 ส่วน หลักฐานแต่ละรายการใช้กับส่วนใดส่วนหนึ่ง ให้เพิ่ม 'part: <id>'" in template
    assert "# ส่วนที่ 1 (part: plan) — " in template and "# evidence: หลักฐานแต่ละรายการต้องมี title, file" in template
    assert "each entry has" not in template and "criteria the assessor" not in template
