"""`oit status --html FILE`: the report the secretariat mails to the ITA committee. One
self-contained file: inline CSS, the Sarabun font embedded, charts drawn here as inline SVG (no
script, no internet), Thai labels, and a layout that prints on A4."""
from __future__ import annotations

import base64
from html import escape

from .status import STATES, state_label
from .thai import MONTHS_TH_SHORT
from .resources import FONTS

COLORS = {"complete": "#2e7d32", "overdue": "#c62828", "pending": "#e0a800", "not_due": "#9e9e9e"}
LINE_COLORS = ["#1565c0", "#6a1b9a", "#00838f", "#ef6c00", "#ad1457", "#558b2f", "#4e342e", "#283593"]


def to_html(status) -> str:
    title = f"สถานะการจัดทำข้อมูล OIT ปีงบประมาณ {status.year}"
    t = status.totals()
    body = [
        f"<header><p class='agency'>{escape(status.site_name)}</p><h1>{title}</h1>"
        f"<p class='asof'>ข้อมูล ณ วันที่ {status.as_of.thai()} · เกณฑ์ {escape(status.framework)} · "
        f"เอกสารภายในสำหรับคณะทำงาน ITA ไม่เผยแพร่บนเว็บไซต์</p></header>",
        _tiles(t),
        "<section><h2>ความคืบหน้ารายหน่วยงาน</h2>" + _unit_bars(status) + _legend() + "</section>",
        "<section><h2>ความครบถ้วนรายสัปดาห์</h2>" + _history_chart(status) + "</section>",
        "<section class='follow'><h2>รายการที่ต้องติดตาม</h2>" + _follow_up(status) + "</section>",
        "<section class='all'><h2>รายการทั้งหมดแยกตามหน่วยงาน</h2>" + "".join(_unit_table(g) for g in status.units) + "</section>",
        "<footer>จัดทำด้วยคำสั่ง <code>oit status --html</code> จากเนื้อหาในโฟลเดอร์ content/</footer>",
    ]
    return (f"<!DOCTYPE html>\n<html lang='th'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{title} ณ {status.as_of.thai()}</title><style>{_fonts()}{CSS}</style></head>"
            f"<body><main>{''.join(body)}</main></body></html>\n")


def _fonts() -> str:
    """Sarabun, embedded: the report looks the same on every computer it is mailed to."""
    faces = []
    for weight in (400, 700):
        for script, ranges in (("thai", "U+0E00-0E7F, U+200C-200D, U+25CC"), ("latin", "U+0000-00FF, U+2000-206F, U+2212")):
            path = FONTS / f"sarabun-{script}-{weight}-normal.woff2"
            if path.is_file():
                data = base64.b64encode(path.read_bytes()).decode("ascii")
                faces.append(f"@font-face{{font-family:'Sarabun';font-weight:{weight};"
                             f"src:url(data:font/woff2;base64,{data}) format('woff2');unicode-range:{ranges}}}")
    return "".join(faces)


def _tiles(t: dict) -> str:
    share = round(100 * t["complete"] / t["items"]) if t["items"] else 0
    tiles = [("all", "รายการทั้งหมด", t["items"]), ("complete", f"ครบถ้วน ({share}%)", t["complete"])]
    tiles += [(state, state_label(state), t[state]) for state in STATES[1:]]
    return "<div class='tiles'>" + "".join(
        f"<div class='tile {key}'><span class='n'>{n}</span><span class='l'>{label}</span></div>" for key, label, n in tiles) + "</div>"


def _legend() -> str:
    return "<p class='legend'>" + "".join(
        f"<span><i style='background:{COLORS[s]}'></i>{state_label(s)}</span>" for s in STATES) + "</p>"


def _unit_bars(status) -> str:
    """One stacked bar per unit: complete, overdue, pending, not due."""
    label_w, bar_w, row_h = 300, 560, 30
    height = row_h * len(status.units) + 10
    parts = [f"<svg class='chart' viewBox='0 0 {label_w + bar_w + 60} {height}' role='img' "
             f"aria-label='ความคืบหน้ารายหน่วยงาน'>"]
    for row, group in enumerate(status.units):
        t, y, x = group.totals(), 5 + row * row_h, label_w
        parts.append(f"<text x='{label_w - 8}' y='{y + 17}' text-anchor='end'>{escape(_short(group.unit.name, 34))}</text>")
        for state in STATES:
            width = bar_w * t[state] / t["items"] if t["items"] else 0
            if width:
                parts.append(f"<rect x='{x:.1f}' y='{y}' width='{width:.1f}' height='{row_h - 8}' fill='{COLORS[state]}'>"
                             f"<title>{state_label(state)} {t[state]}</title></rect>")
                if width > 18:
                    parts.append(f"<text class='in' x='{x + width / 2:.1f}' y='{y + 16}' text-anchor='middle'>{t[state]}</text>")
            x += width
        parts.append(f"<text x='{label_w + bar_w + 6}' y='{y + 17}'>{t['complete']}/{t['items']}</text>")
    return "".join(parts) + "</svg>"


def _history_chart(status) -> str:
    """Share of complete items per week: the agency (thick) and each unit."""
    history = status.history
    if history is None or len(history.weeks) < 2:
        return ("<p class='note'>ยังไม่มีข้อมูลรายสัปดาห์: โฟลเดอร์ content/ ต้องอยู่ในคลัง git และมีการบันทึก (commit) "
                "อย่างน้อยสองสัปดาห์ (no git history of content/ yet)</p>")
    left, top, width, height = 50, 15, 800, 220
    n = len(history.weeks)

    def x(i):
        return left + width * i / (n - 1)

    def y(share):
        return top + height * (1 - share)

    parts = [f"<svg class='chart' viewBox='0 0 {left + width + 30} {top + height + 40}' role='img' "
             f"aria-label='สัดส่วนรายการที่ครบถ้วนรายสัปดาห์'>"]
    for pct in (0, 25, 50, 75, 100):
        parts.append(f"<line class='grid' x1='{left}' x2='{left + width}' y1='{y(pct / 100):.1f}' y2='{y(pct / 100):.1f}'/>"
                     f"<text x='{left - 6}' y='{y(pct / 100) + 4:.1f}' text-anchor='end'>{pct}%</text>")
    step = max(1, n // 10)
    for i, week in enumerate(history.weeks):
        if i % step == 0 or i == n - 1:
            parts.append(f"<text x='{x(i):.1f}' y='{top + height + 18}' text-anchor='middle'>"
                         f"{week.day} {MONTHS_TH_SHORT[week.month - 1]}</text>")
    sizes = {g.unit.id: len(g.items) for g in status.units}
    legend = []
    for index, (key, counts) in enumerate(history.units.items()):
        color = LINE_COLORS[index % len(LINE_COLORS)]
        parts.append(_polyline(counts, sizes.get(key, 0), x, y, color, 1.8))
        name = next((g.unit.name for g in status.units if g.unit.id == key), key)
        legend.append(f"<span><i style='background:{color}'></i>{escape(name)}</span>")
    parts.append(_polyline(history.agency, history.items, x, y, "#111", 4))
    legend.insert(0, "<span><i style='background:#111'></i><b>ทั้งหน่วยงาน</b></span>")
    return "".join(parts) + "</svg><p class='legend'>" + "".join(legend) + "</p>"


def _polyline(counts: list, total: int, x, y, color: str, stroke: float) -> str:
    if not total:
        return ""
    points = " ".join(f"{x(i):.1f},{y(c / total):.1f}" for i, c in enumerate(counts))
    return f"<polyline points='{points}' fill='none' stroke='{color}' stroke-width='{stroke}' stroke-linejoin='round'/>"


def _follow_up(status) -> str:
    """Overdue items first, then the pending ones: who owes what, by when."""
    rows = [(item, group) for state in ("overdue", "pending") for group in status.units
            for item in group.items if item.state == state]
    if not rows:
        return "<p class='note'>ไม่มีรายการค้าง ทุกรายการครบถ้วนหรือยังไม่ถึงกำหนด</p>"
    return ("<table><thead><tr><th>ข้อ</th><th>รายการ</th><th>หน่วยงาน</th><th>สถานะ</th><th>กำหนดส่ง</th>"
            "<th>สิ่งที่ยังขาด</th></tr></thead><tbody>"
            + "".join(f"<tr><td>{item.code}</td><td>{escape(item.title)}</td><td>{escape(group.unit.name)}</td>"
                      f"<td>{_badge(item)}</td><td>{item.due.thai() if item.due else '–'}</td>"
                      f"<td>{_missing(item)}</td></tr>" for item, group in rows)
            + "</tbody></table>")


def _unit_table(group) -> str:
    unit, t = group.unit, group.totals()
    contact = " · ".join(escape(v) for v in (unit.contact, unit.phone, unit.email) if v)
    return (f"<div class='unit'><h3>{escape(unit.name)}</h3>"
            + (f"<p class='contact'>ผู้ประสานงาน: {contact}</p>" if contact else "")
            + f"<p class='sum'>ครบถ้วน {t['complete']} จาก {t['items']} รายการ · เกินกำหนด {t['overdue']} · "
              f"อยู่ระหว่างดำเนินการ {t['pending']} · ยังไม่ถึงกำหนด {t['not_due']}</p>"
            + "<table><thead><tr><th>ข้อ</th><th>รายการ</th><th>สถานะ</th><th>กำหนดส่ง</th></tr></thead><tbody>"
            + "".join(f"<tr><td>{i.code}</td><td>{escape(i.title)}{_owner_notes(i)}</td><td>{_badge(i)}</td>"
                      f"<td>{i.due.thai() if i.due else '–'}</td></tr>" for i in group.items)
            + "</tbody></table></div>")


def _owner_notes(item) -> str:
    return "".join(f"<br><small class='note'>{escape(note)}</small>" for note in item.owner_notes)


def _badge(item) -> str:
    stale = " <span class='stale'>ไม่มีความเคลื่อนไหว</span>" if item.stale else ""
    return f"<span class='badge {item.state}'>{state_label(item.state)}</span>{stale}"


def _missing(item) -> str:
    """What the unit must do, in the words of `oit validate` (the rule id stays in the JSON)."""
    return "<ul>" + "".join(f"<li>{escape(f.message)}</li>" for f in item.findings) + "</ul>"


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d1d1f;font:15px/1.6 'Sarabun','Tahoma','Leelawadee UI',sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 28px;background:#fff}
header{border-bottom:3px solid #1a3d6d;margin-bottom:16px}
h1{font-size:26px;margin:0 0 4px;color:#1a3d6d}
h2{font-size:19px;margin:22px 0 8px;color:#1a3d6d;border-left:5px solid #1a3d6d;padding-left:8px}
h3{font-size:16px;margin:14px 0 2px}
.agency{margin:0;font-weight:700}
.asof{margin:0 0 10px;color:#555}
.tiles{display:flex;gap:10px;flex-wrap:wrap}
.tile{flex:1 1 150px;border-radius:8px;padding:10px 14px;background:#eef1f6;border-top:5px solid #1a3d6d}
.tile .n{display:block;font-size:30px;font-weight:700;line-height:1.1}
.tile .l{color:#333}
.tile.complete{border-color:#2e7d32}.tile.overdue{border-color:#c62828;background:#fdecec}
.tile.pending{border-color:#e0a800}.tile.not_due{border-color:#9e9e9e}
svg.chart{width:100%;height:auto;font:13px 'Sarabun','Tahoma',sans-serif}
svg .in{fill:#fff;font-weight:700}
svg .grid{stroke:#ddd;stroke-width:1}
.legend{margin:4px 0;display:flex;gap:14px;flex-wrap:wrap;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}
table{width:100%;border-collapse:collapse;font-size:13.5px;margin:4px 0 10px}
th,td{border:1px solid #d6d9de;padding:4px 7px;text-align:left;vertical-align:top}
thead th{background:#eef1f6}
td ul{margin:0;padding-left:16px}
code{font-size:12px;background:#f1f1f1;padding:0 3px;border-radius:3px}
.badge{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;font-size:12.5px;white-space:nowrap}
.badge.complete{background:#2e7d32}.badge.overdue{background:#c62828}
.badge.pending{background:#e0a800;color:#222}.badge.not_due{background:#9e9e9e}
.stale{font-size:12px;color:#c62828;white-space:nowrap}
.note{color:#555;font-style:italic}
.contact,.sum{margin:0;color:#444;font-size:13.5px}
footer{margin-top:20px;color:#777;font-size:12px;border-top:1px solid #ddd;padding-top:6px}
@page{size:A4;margin:12mm}
@media print{
 body{background:#fff;font-size:12px}
 main{max-width:none;padding:0}
 section,.unit,tr,.tiles{break-inside:avoid}
 thead{display:table-header-group}
 .badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .tile,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
