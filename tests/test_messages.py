"""Thai first (generator/i18n.py): every sentence a person reads has a Thai text, chosen by default,
and an English one with --lang en / OIT_LANG=en."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, Tree, run_json, run_oit

from generator import i18n
from generator.findings import RULES

KEYWORDS = {"_": None, "N_": None, "th": None}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def code_messages() -> dict[str, str]:
    """Every msgid marked in generator/ (Babel's extractor, as `make messages` runs it) → where."""
    from babel.messages.extract import extract_from_dir
    found = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT / "generator"), keywords=KEYWORDS, comment_tags=()):
        if isinstance(message, str):
            found.setdefault(message, f"generator/{filename}:{line}")
    return found


def test_every_message_in_the_code_has_a_thai_text():
    thai = i18n.thai_catalog()
    messages = code_messages()
    assert len(messages) > 100
    missing = {msgid: where for msgid, where in messages.items() if msgid not in thai}
    assert missing == {}, f"{len(missing)} messages without a Thai text in generator/locale/th/LC_MESSAGES/*.po"


def test_no_function_that_translates_also_binds_the_name_underscore():
    """`units, _ = …` in a function that calls _() makes `_` a local name there: every _() of that
    function, even one above the assignment, fails (UnboundLocalError) instead of translating."""
    import ast
    offenders = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            names = [n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == "_"]
            if any(isinstance(n.ctx, ast.Store) for n in names) and any(isinstance(n.ctx, ast.Load) for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{function.lineno}")
    assert offenders == []


def test_a_thai_text_uses_only_the_placeholders_its_english_text_has():
    for msgid, msgstr in i18n.thai_catalog().items():
        assert set(PLACEHOLDER.findall(msgstr)) <= set(PLACEHOLDER.findall(msgid)), (msgid, msgstr)
        words = PLACEHOLDER.sub("", msgstr)  # a text that only passes a value on ('{message}') has no words
        assert re.search("[\u0e00-\u0e7f]", words) or not re.search("[A-Za-z]", words), f"not Thai: {msgstr!r}"


ID = "1101700230708"  # a valid Thai national ID checksum; not a real person's (test data)


def one_defect_of_each_rule(base: Path) -> Tree:
    """The mini tree with one defect per finding rule that validation can give."""
    tree = Tree(base)
    site = tree.content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "max_file_mb: many\nunits:\n  - {id: it, name: กลุ่มงานสารสนเทศ}\n",
                    encoding="utf-8")
    tree.item("O1", "owner: กลุ่มงานสารสนเทศ\nevidence:\n  - title: แผนผัง\n    file: chart.PDF\n"  # file-not-found
              "  - title: ผังเก่า\n    file: ../../secret.pdf\n"  # path-outside-content
              "  - title: รูป\n    file: broken.png\n  - title: ว่าง\n    file: empty.docx\n",
              body="[ไปข้อที่ไม่มี](../O44/index.md)\n", files={"chart.pdf": "pdf", "broken.png": b"not a png",
                                                                  "empty.docx": b"", "left.pdf": "pdf"})
    tree.item("O2", "owner: it\nexecutives:\n  - name: นายตัวอย่าง ใจดี\n    position: ผู้อำนวยการ\n"
              "    phone: 0 7621 1000\n", files={})  # field-missing (photo)
    tree.item("O3", "owner: ไอที\ncontact:\n  address: 1 ถนนตัวอย่าง\n  phone: 0 7621 1000\n"  # owner-unknown
              "  email: a@example.go.th\n  map: openstreetmap\n")  # field-invalid
    tree.item("O4", "evidence:\n  - title: ข่าวเก่า\n    url: https://example.go.th/old\n    period: 2564\n")  # owner-missing, wrong-year
    tree.item("O5", "owner: it\nevidence:\n  - title: แผน\n    file: plan.pdf\n    period: 2566-13\n",  # period-invalid
              files={"plan.pdf": "pdf"})
    tree.item("O6", "owner: it\nevidence: [unclosed\n")  # front-matter-invalid
    tree.item("O7", "owner: it\nevidence:\n" + "".join(
        f"  - title: เดือน {p}\n    file: m{p}.pdf\n    period: {p}\n" for p in ("2565-10", "2565-10", "2565-12")),
        files={f"m{p}.pdf": "pdf" for p in ("2565-10", "2565-12")})  # coverage-gap, period-repeated
    tree.item("O8", "owner: it\nevidence:\n  - title: รายงาน\n    file: r.pdf\n    period: 2565\n"
              "  - title: สำเนา\n    file: id.pdf\n    period: 2565\n  - title: ฉบับพิมพ์\n    file: bad.pdf\n    period: 2565\n"
              "  - title: ล่วงหน้า\n    file: r.pdf\n    period: 2566-09\n",  # period-future
              files={"r.pdf": "pdf", "bad.pdf": b"%PDF-1.4 not really", "id.pdf": "pdf"})
    tree.item("O99", "owner: it\n")  # unknown-item
    tree.item("O06", "owner: it\n", folder="O06")  # duplicate-item beside O6
    return tree


@pytest.fixture
def defects(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from tools.samplefiles import make_pdf
    tree = one_defect_of_each_rule(tmp_path)
    (tree.year_dir / "O8" / "id.pdf").write_bytes(make_pdf([f"เลขประจำตัวประชาชน {ID}", f"ID {ID}"], "id"))
    return tree


ENGLISH = re.compile(r"\b[a-z]{2,}\b[ ,;]+\b[a-z]{2,}\b")  # two English words in a row: a sentence


def prose(message: str) -> str:
    """What is left of a message once names are taken out: quoted names, paths, keys, addresses."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|https?://\S+|\S*/\S*|\S+\.(?:pdf|png|jpg|md|yml|docx)\b|\b\w+:", " ", message)
    text = re.sub(r"\([^()\u0e00-\u0e7f]*\)", " ", text)  # a term in brackets beside its Thai: (front matter)
    text = re.sub(r"\b[a-z_]+(?:(?:, | or | และ | หรือ )[a-z_]+)+\b", " ", text)  # a list of keys: name, position
    return re.sub(r"\b(?:oit|new|check|validate|build|e\.g\.)\b", " ", text)


def test_every_finding_of_every_rule_is_thai_by_default_and_english_with_lang_en(defects, capsys, monkeypatch):
    monkeypatch.delenv("OIT_LANG")
    code, report = run_json(capsys, "validate", "--as-of", "2566-04-30")
    rules = {f["rule"] for f in report["findings"]}
    assert len(rules) >= 20, sorted(set(RULES) - rules)  # the tree gives most rules
    for finding in report["findings"]:
        assert re.search("[\u0e00-\u0e7f]", finding["message"]), finding
        assert not ENGLISH.search(prose(finding["message"])), finding
    code, english = run_json(capsys, "validate", "--as-of", "2566-04-30", "--lang", "en")
    assert [f["rule"] for f in english["findings"]] == [f["rule"] for f in report["findings"]]  # ids stay
    for thai, en in zip(report["findings"], english["findings"]):
        assert en["message"] != thai["message"] and ENGLISH.search(prose(en["message"])), en


def test_the_public_page_of_a_missing_part_says_in_thai_which_part_and_months(demo_copy, capsys, tmp_path):
    """gaps.py: the public reads the assessor's terms, not the webmaster's finding."""
    index = demo_copy / "2569" / "O6" / "index.md"
    text = index.read_text(encoding="utf-8")
    start = text.index("  - title: รายงานความก้าวหน้า")
    index.write_text(text[:start] + text[text.index("part: progress", start) + len("part: progress\n"):], encoding="utf-8")
    (demo_copy / "2569" / "O6" / "progress-2569-h1.pdf").unlink()
    code, out, err = run_oit(capsys, "build", "--content", demo_copy, "--out", tmp_path / "site")
    assert code == 0, err
    page = (tmp_path / "site" / "2569" / "O6" / "index.html").read_text(encoding="utf-8")
    gaps = re.sub(r"<[^>]+>", " ", page[page.index('id="findings"'):page.index("</ul>", page.index('id="findings"'))])
    assert "ยังไม่ครบตามเกณฑ์" in gaps
    assert "ความก้าวหน้าการดำเนินงานและการใช้งบประมาณ" in gaps and "ตุลาคม 2568 – มีนาคม 2569" in gaps
    assert "content/" not in gaps and "coverage-gap" not in gaps and "period:" not in gaps
    assert not ENGLISH.search(gaps), gaps


def test_oits_own_po_reader_reads_what_babel_reads():
    """i18n.read_po (Babel's reader cost 40 ms a run) gives Babel's msgid → msgstr, fuzzy and
    obsolete entries left out, escapes and continued lines read alike."""
    from babel.messages.pofile import read_po as babel_read_po
    import io
    sample = ('msgid ""\nmsgstr ""\n"Language: th\\n"\n\n#, python-brace-format\nmsgid "a {x}"\nmsgstr "ก {x}"\n\n'
              '#, fuzzy\nmsgid "b"\nmsgstr "ข"\n\nmsgid ""\n"long "\n"line \\"q\\" \\\\ \\n"\nmsgstr ""\n"ยาว "\n"บรรทัด\\t"\n\n'
              'msgid "untranslated"\nmsgstr ""\n\n#~ msgid "old"\n#~ msgstr "เก่า"\n')
    for text in [sample, *(p.read_text(encoding="utf-8") for p in sorted(i18n.PO_FOLDER.glob("*.po")))]:
        catalog = babel_read_po(io.BytesIO(text.encode("utf-8")), locale="th")
        babel = {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}
        assert i18n.read_po(text) == babel
    assert i18n.read_po(sample) == {"a {x}": "ก {x}", 'long line "q" \\ \n': "ยาว บรรทัด\t"}
