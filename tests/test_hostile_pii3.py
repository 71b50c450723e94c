"""The PDPA guard, round 3: a national ID written around the pattern (other scripts' digits,
other dashes, Markdown and HTML around or inside it, invisible characters) is still a national
ID; and what site.yml publishes (the agency's name, footer, units, policy pages, logo, favicon)
is guarded like an item.
"""
from __future__ import annotations

import json

import pytest

from conftest import findings_of, run_json
from generator import pii
from generator.build import build_site
from generator.thai import BEDate
from test_hostile import MASKED, VALID_ID, WRONG_ID

AS_OF = "2566-01-01"
ID = VALID_ID  # 1103700123458
G = (ID[0], ID[1:5], ID[5:10], ID[10:12], ID[12])  # the official grouping 1-1037-00123-45-8


def _digits(zero: int) -> str:
    return ID.translate(str.maketrans("0123456789", "".join(chr(zero + d) for d in range(10))))


# The ten ways the red team wrote one number into an item's Markdown (issue 26)
WRITTEN_AROUND = {
    "fullwidth digits": _digits(0xFF10),
    "Arabic-Indic digits": _digits(0x0660),
    "Lao digits": _digits(0x0ED0),
    "en and em dashes": f"{G[0]}–{G[1]}—{G[2]}‐{G[3]}−{G[4]}",
    "dots between groups": ".".join(G),
    "bold around a part": f"**{ID[0]}**{ID[1:]}",
    "a span around a part": f"{ID[:4]}<span>{ID[4:9]}</span>{ID[9:]}",
    "an HTML comment inside": f"{ID[:6]}<!-- x -->{ID[6:]}",
    "character references": "".join(f"&#{ord(c)};" if i % 2 else f"&#x{ord(c):x};" for i, c in enumerate(ID)),
    "zero-width space and soft hyphen": f"{ID[:3]}\u200b{ID[3:8]}\u00ad{ID[8:]}",
}


@pytest.mark.parametrize("written", list(WRITTEN_AROUND.values()), ids=list(WRITTEN_AROUND))
def test_an_id_written_around_the_pattern_is_found(written):
    hits = list(pii.find_ids(f"ผู้ยื่นคำขอ {written} ยื่นแล้ว"))
    assert [number for _s, _e, number in hits] == [ID]
    masked = pii.mask_text(f"ผู้ยื่นคำขอ {written} ยื่นแล้ว")
    assert masked.startswith("ผู้ยื่นคำขอ ") and masked.endswith(" ยื่นแล้ว") and MASKED in masked
    assert list(pii.find_ids(masked)) == []  # the number written around the pattern is masked whole


@pytest.mark.parametrize("written", list(WRITTEN_AROUND.values()), ids=list(WRITTEN_AROUND))
def test_an_id_written_around_the_pattern_in_an_item_fails_validation(tree, capsys, written):
    tree.item("O1", "evidence:\n  - title: ผังโครงสร้าง\n    file: chart.pdf\n",
              body=f"คำอธิบาย\n\nเลขประจำตัว {written}\n", files={"chart.pdf": "pdf"})
    status, report = run_json(capsys, "validate", "--as-of", AS_OF)
    hits = findings_of(report, "pii-national-id")
    assert status == 1 and [(h["item"], h["line"]) for h in hits] == [("O1", 8)]
    out = tree.base / "site"
    build_site(tree.content, out, BEDate(2566, 1, 1))
    page = next(out.rglob("O1/index.html")).read_text(encoding="utf-8")
    assert MASKED in page and ID not in page


@pytest.mark.parametrize("text", [
    "วันที่ 12-12-2566 โทร 02-123-4567 ต่อ 1234",
    f"เลขที่ {WRONG_ID} และ {WRONG_ID[0]}–{WRONG_ID[1:5]}–{WRONG_ID[5:10]}–{WRONG_ID[10:12]}–{WRONG_ID[12]}",
    f"<td>{ID[:6]}</td><td>{ID[6:]}</td>",  # two cells of a table are two numbers
    f"{ID[:6]}\n{ID[6:]}",  # two lines
    "ยอด 1,103,700,123,458 บาท",
    f"เลข {ID}9 ยาวกว่า 13 หลัก",
])
def test_numbers_that_are_not_an_id_still_pass(text):
    assert list(pii.find_ids(text)) == []
