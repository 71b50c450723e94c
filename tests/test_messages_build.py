"""Thai first (issue 21), the file checks, the PDPA guard, build, check and the engine: their messages
read in Thai by default, each cached file analysis is shown in the language of the run that reads it,
and every message of these modules has its Thai text (generator/locale/th/LC_MESSAGES/oit.po)."""
from __future__ import annotations

import json
import re

from conftest import ROOT, findings_of, run_json
from test_hostile import MASKED, VALID_ID

AS_OF = "2569-01-01"
MODULES = ["filecheck.py", "guard.py", "pii.py", "filecache.py", "build.py", "check.py", "linkcheck.py",
           "serve.py", "exports.py", "engine"]


def broken_item(tree) -> None:
    """O1 publishes a staff list with a national ID on line 2 and a PDF cut short."""
    tree.item("O1", "evidence:\n  - title: รายชื่อ\n    file: staff.txt\n  - title: แผนผัง\n    file: chart.pdf\n",
              files={"staff.txt": f"รายชื่อเจ้าหน้าที่\nนายก เลขประจำตัว {VALID_ID}\n", "chart.pdf": b"%PDF-1.4\n1 0 obj"})


def test_guard_findings_read_in_thai_with_the_line_of_the_number(tree, capsys):
    broken_item(tree)
    status, report = run_json(capsys, "validate", "--as-of", AS_OF, "--lang", "th")
    [leak] = findings_of(report, "pii-national-id")
    assert leak["line"] == 2 and leak["message"].startswith(f"พบเลขประจำตัวประชาชน {MASKED} (บรรทัดที่ 2)")
    assert "pii_allow:" in leak["message"] and "ระหว่างนี้จะยังไม่เผยแพร่ไฟล์นี้" in leak["message"]
    [cut] = findings_of(report, "pdf-invalid")
    assert "ไฟล์ PDF ไม่ครบ" in cut["message"]
    assert not re.search("national ID|is truncated|not published", json.dumps(report["findings"], ensure_ascii=False))


def test_cached_analyses_are_shown_in_the_language_of_each_run(tree, capsys):
    broken_item(tree)
    messages = {}
    for lang in ("th", "en", "th", "en"):
        status, report = run_json(capsys, "validate", "--as-of", AS_OF, "--lang", lang)
        found = [f["message"] for f in report["findings"] if f["rule"] in ("pii-national-id", "pdf-invalid")]
        assert messages.setdefault(lang, found) == found  # the second run reads the cache: same text
    assert any(m.startswith(f"national ID number {MASKED} (line 2)") for m in messages["en"])
    assert any(m.startswith(f"พบเลขประจำตัวประชาชน {MASKED} (บรรทัดที่ 2)") for m in messages["th"])
    assert any("PDF is truncated" in m for m in messages["en"]) and any("ไฟล์ PDF ไม่ครบ" in m for m in messages["th"])
    cached = json.loads((tree.base / ".oit-cache" / "files.json").read_text(encoding="utf-8"))["by_sha"]
    kinds = {kind for results in cached.values() for kind in results}
    assert {"ids", "ids@th", "format", "format@th"} <= kinds


def test_every_message_of_these_modules_has_its_thai_text():
    from babel.messages.extract import extract_from_file

    from generator.i18n import thai_catalog

    generator = ROOT / "generator"
    files = [p for name in MODULES for p in ([generator / name] if name.endswith(".py") else
                                             sorted((generator / name).glob("*.py")))]
    thai = thai_catalog()
    msgids = {message for path in files
              for _line, message, _comments, _context in extract_from_file("python", str(path), keywords={"_": None, "N_": None})}
    assert len(msgids) > 90
    for msgid in msgids:
        assert msgid in thai, msgid
        assert set(re.findall(r"\{\w*\}", msgid)) == set(re.findall(r"\{\w*\}", thai[msgid])), msgid
        if re.search("[a-z]{3}", re.sub(r"\{\w*\}", "", msgid)):  # words, not only placeholders: Thai words
            assert re.search("[\u0e00-\u0e7f]", thai[msgid]), msgid
