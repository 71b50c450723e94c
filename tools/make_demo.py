"""(Re)create the demo agency's content tree, `content/` (docs/contracts.md#content-tree).

    cd /work/main && .venv/bin/python -m tools.make_demo [--out DIR]

The agency, สำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง, is fictional. The script writes:

- content/site.yml, the agency profile;
- content/2566/, an archive year, framework nacc-2566: all 43 items, with evidence whose periods
  satisfy every item's time rule, the structured fields the catalog declares (executives, contact,
  channel URLs), and a short Thai explanation for the assessor;
- content/2569/, the current year, framework nacc-2569 (reconstructed): all 26 items complete, the
  merged items with one evidence entry per part (part: plan, part: progress, …);
- content/2565/, a smaller archive year, framework nacc-2565: one evidence entry per item (six for
  the monthly procurement summary), one-sentence explanations.

Evidence files are real one-page PDFs and PNG portraits made by tools/samplefiles.py. The output is
byte-for-byte the same on every run: nothing depends on the clock, the locale or dict order, and the
previous tree is removed first, so a file dropped from this script disappears from content/ too.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

from generator.catalog import load_catalog
from generator.time_rules import RULES as TIME_RULES
from generator.thai import MONTHS_TH
from tools.samplefiles import make_pdf, make_png

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "content"

AGENCY = "สำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง"
AGENCY_EN = "Demo Provincial Community Development Office"
BASE_URL = "https://oit.example.go.th/"
WWW = "https://www.example.go.th"
OIT = "https://oit.example.go.th"

# Responsible units (owner:), the ones an ITA committee would chase.
ADMIN = "กลุ่มงานอำนวยการ"
STRATEGY = "กลุ่มงานยุทธศาสตร์การพัฒนาชุมชน"
PROMOTION = "กลุ่มงานส่งเสริมและพัฒนาชุมชน"
SUPPLY = "กลุ่มงานพัสดุ"
HR = "กลุ่มงานการเจ้าหน้าที่"
FINANCE = "กลุ่มงานการเงินและบัญชี"
IT = "กลุ่มงานสารสนเทศและประชาสัมพันธ์"
INTEGRITY = "คณะทำงานส่งเสริมคุณธรรมและความโปร่งใส"

# The director and deputy: the same people in every demo year (O2)
TOP_EXECUTIVES = [
    {"name": "นายสมมติ ตัวอย่างดี", "position": "พัฒนาการจังหวัดตัวอย่าง (ผู้บริหารสูงสุด)",
     "photo": "director.png", "phone": "0 2000 0001", "email": "director@example.go.th"},
    {"name": "นางสาวสมใจ ทดลองงาม", "position": "รองพัฒนาการจังหวัดตัวอย่าง",
     "photo": "deputy.png", "phone": "0 2000 0002", "email": "deputy@example.go.th"},
]

CONTACT = {
    "address": "99 หมู่ที่ 9 ถนนตัวอย่าง ตำบลในเมือง อำเภอเมืองตัวอย่าง จังหวัดตัวอย่าง 99999",
    "phone": "0 2000 0000",
    "email": "saraban@example.go.th",
    "map": "https://www.openstreetmap.org/?mlat=15.0000&mlon=100.0000#map=17/15.0000/100.0000",
}

# Portrait placeholders: (file, background, accent). At most 120 x 150 pixels.
PORTRAITS = {
    "director.png": ((221, 231, 242), (52, 84, 130)),
    "deputy.png": ((232, 240, 226), (70, 120, 72)),
    "admin-head.png": ((244, 234, 222), (150, 96, 48)),
}


# --------------------------------------------------------------------------------------------
# Evidence helpers


def doc(title: str, file: str, period: str | None = None, en: str = "", part: str | None = None) -> dict:
    """An evidence file; `en` is the ASCII description printed in the sample PDF; `part` the part of a
    multi-part item it serves."""
    return {"title": title, "file": file, "period": period, "en": en, **({"part": part} if part else {})}


def link(title: str, url: str, period: str | None = None, part: str | None = None) -> dict:
    return {"title": title, "url": url, "period": period, **({"part": part} if part else {})}


def month_th(year: int, month: int) -> str:
    return f"{MONTHS_TH[month - 1]} {year}"


def first_half_months(year: int) -> list[tuple[int, int]]:
    """(BE year, month) for October of year-1 to March of year."""
    return [(year - 1, 10), (year - 1, 11), (year - 1, 12), (year, 1), (year, 2), (year, 3)]


# --------------------------------------------------------------------------------------------
# Assessment year 2566 (framework nacc-2566): the full demo.


def year_2566() -> dict:
    monthly = [
        doc(f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{month_th(y, m)} (แบบ สขร.1)", f"monthly/{y}-{m:02d}.pdf",
            f"{y}-{m:02d}", f"Monthly procurement summary (SorKhorRor 1), {y}-{m:02d}")
        for y, m in first_half_months(2566)
    ]
    return {
        "O1": dict(
            owner=ADMIN,
            evidence=[doc("แผนผังโครงสร้างการแบ่งส่วนราชการ สำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง",
                          "structure.pdf", en="Organisation chart and internal divisions")],
            body="หน้านี้เผยแพร่แผนผังโครงสร้างการแบ่งส่วนราชการของสำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง "
                 "ซึ่งแสดงตำแหน่งที่สำคัญและการแบ่งส่วนงานภายใน ได้แก่ กลุ่มงานอำนวยการ กลุ่มงานยุทธศาสตร์การพัฒนาชุมชน "
                 "กลุ่มงานส่งเสริมและพัฒนาชุมชน และสำนักงานพัฒนาชุมชนอำเภอ "
                 "ผู้ประเมินเปิดไฟล์ PDF แผนผังโครงสร้างได้จากรายการเอกสารหลักฐานของหน้านี้",
        ),
        "O2": dict(
            owner=ADMIN,
            executives=[
                *TOP_EXECUTIVES,
                {"name": "นายตั้งใจ สาธิตการ", "position": "หัวหน้ากลุ่มงานอำนวยการ",
                 "photo": "admin-head.png", "phone": "0 2000 0003", "email": "admin@example.go.th"},
            ],
            evidence=[],
            body="แสดงข้อมูลผู้บริหารสูงสุดและรองผู้บริหารของสำนักงาน ได้แก่ พัฒนาการจังหวัดตัวอย่าง "
                 "รองพัฒนาการจังหวัดตัวอย่าง และหัวหน้ากลุ่มงานอำนวยการ "
                 "แต่ละคนมีชื่อ-นามสกุล ตำแหน่ง รูปถ่าย และช่องทางการติดต่อ (โทรศัพท์และ E-mail) "
                 "ข้อมูลเป็นปัจจุบันตามคำสั่งแต่งตั้งที่ใช้ในปีงบประมาณ 2566",
        ),
        "O3": dict(
            owner=ADMIN,
            evidence=[doc("หน้าที่และอำนาจของสำนักงานพัฒนาชุมชนจังหวัด ตามกฎกระทรวงแบ่งส่วนราชการ",
                          "authority.pdf", en="Powers and duties under the ministerial regulation")],
            body="สรุปหน้าที่และอำนาจของสำนักงานตามที่กฎหมายกำหนด เช่น การส่งเสริมและสนับสนุนการพัฒนาชุมชน "
                 "การส่งเสริมเศรษฐกิจฐานราก และการจัดทำข้อมูลเพื่อการพัฒนาชุมชนระดับจังหวัด "
                 "เอกสารฉบับเต็มเปิดได้จากไฟล์ PDF ในหน้านี้",
        ),
        "O4": dict(
            owner=STRATEGY,
            evidence=[doc("แผนพัฒนาสำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง ระยะ 5 ปี (พ.ศ. 2566-2570)",
                          "development-plan-2566-2570.pdf", "2566-2570", "Five-year development plan 2566-2570")],
            body="แผนพัฒนาหน่วยงานระยะ 5 ปี (พ.ศ. 2566-2570) มีระยะเวลาบังคับใช้ครอบคลุมปีงบประมาณ 2566 "
                 "และมีรายละเอียดยุทธศาสตร์ เป้าหมาย และตัวชี้วัดของแต่ละประเด็นยุทธศาสตร์ "
                 "ผู้ประเมินดูยุทธศาสตร์และตัวชี้วัดได้ในบทที่ 3 ของเอกสาร",
        ),
        "O5": dict(
            owner=ADMIN,
            contact=CONTACT,
            evidence=[],
            body="ที่อยู่ หมายเลขโทรศัพท์ E-mail และแผนที่ตั้งของสำนักงานแสดงอยู่ในหน้านี้ "
                 "แผนที่เชื่อมโยงไปยัง OpenStreetMap เพื่อให้ผู้มาติดต่อเดินทางมาได้สะดวก "
                 "เปิดให้บริการในวันและเวลาราชการ 08.30-16.30 น.",
        ),
        "O6": dict(
            owner=ADMIN,
            evidence=[
                doc("รวมกฎหมาย ระเบียบ และข้อบังคับที่เกี่ยวข้องกับงานพัฒนาชุมชน", "laws.pdf",
                    en="Laws and regulations relevant to community development work"),
                link("พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540", f"{WWW}/law/official-information-act"),
            ],
            body="รวบรวมกฎหมาย ระเบียบ และข้อบังคับที่เกี่ยวข้องกับการปฏิบัติงานของสำนักงาน "
                 "เช่น พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540 และระเบียบที่ใช้ในงานส่งเสริมและพัฒนาชุมชน "
                 "บางรายการเชื่อมโยงไปยังหน้ากฎหมายบนเว็บไซต์หลักของหน่วยงาน",
        ),
        "O7": dict(
            owner=IT,
            evidence=[
                doc("ข่าวประชาสัมพันธ์ งานแสดงและจำหน่ายผลิตภัณฑ์ชุมชน ธันวาคม 2565", "news-2565-12.pdf",
                    "2565-12", "News: community products fair, December 2565"),
                doc("ข่าวประชาสัมพันธ์ การอบรมผู้นำชุมชนด้านเศรษฐกิจพอเพียง กุมภาพันธ์ 2566", "news-2566-02.pdf",
                    "2566-02", "News: community leaders training, February 2566"),
                link("ข่าวประชาสัมพันธ์ทั้งหมดของปีงบประมาณ 2566 บนเว็บไซต์หลัก", f"{WWW}/news?year=2566", "2566"),
            ],
            body="เผยแพร่ข่าวสารเกี่ยวกับการดำเนินงานตามภารกิจของสำนักงานที่เกิดขึ้นในปีงบประมาณ 2566 "
                 "ตัวอย่างข่าวประชาสัมพันธ์รายเดือนอยู่ในไฟล์ PDF ส่วนข่าวทั้งหมดอยู่ในหน้าข่าวของเว็บไซต์หลัก "
                 "และเผยแพร่ซ้ำทาง Facebook ของสำนักงาน",
        ),
        "O8": dict(
            owner=IT,
            qa_channel=f"{OIT}/qa/",
            evidence=[],
            body="ช่องทางถาม-ตอบ (Q&A) เป็นกล่องข้อความบนเว็บไซต์ของหน่วยงาน "
                 "บุคคลภายนอกส่งคำถามได้ตลอดเวลาและเจ้าหน้าที่ตอบกลับบนหน้าเว็บไซต์ภายใน 3 วันทำการ "
                 "จึงเป็นการสื่อสารได้สองทาง เข้าถึงได้จากเมนู Q&A ของเว็บไซต์หลัก",
        ),
        "O9": dict(
            owner=IT,
            social_url=f"{WWW}/social-network",
            evidence=[],
            body="เว็บไซต์หลักของหน่วยงานมีแถบ Social Network ที่เชื่อมโยงไปยังเครือข่ายสังคมออนไลน์ของสำนักงาน "
                 "ได้แก่ Facebook และ LINE Official Account "
                 "ซึ่งใช้เผยแพร่ข่าวสารและตอบคำถามของประชาชน",
        ),
        "O10": dict(
            owner=ADMIN,
            evidence=[doc("ประกาศนโยบายคุ้มครองข้อมูลส่วนบุคคล สำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง",
                          "privacy-policy.pdf", en="Personal data protection policy (Privacy Policy)")],
            body="นโยบายคุ้มครองข้อมูลส่วนบุคคล (Privacy Policy) จัดทำตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 "
                 "ระบุข้อมูลส่วนบุคคลที่สำนักงานเก็บรวบรวม วัตถุประสงค์ในการเก็บ ใช้ หรือเปิดเผย "
                 "และช่องทางติดต่อเพื่อใช้สิทธิของเจ้าของข้อมูล นโยบายนี้เข้าถึงได้จากส่วนท้ายของทุกหน้าในเว็บไซต์หลัก",
        ),
        "O11": dict(
            owner=STRATEGY,
            evidence=[
                doc("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2566", "action-plan-2566.pdf", "2566",
                    "Annual operating plan, fiscal year 2566"),
                doc("แผนการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ. 2566", "budget-plan-2566.pdf", "2566",
                    "Annual budget spending plan, fiscal year 2566"),
            ],
            body="แผนปฏิบัติราชการประจำปีงบประมาณ 2566 แสดงโครงการและกิจกรรม งบประมาณ และระยะเวลาดำเนินการ "
                 "ส่วนแผนการใช้จ่ายงบประมาณแสดงงบประมาณตามแหล่งที่ได้รับจัดสรรและตามประเภทรายการใช้จ่าย "
                 "ทั้งสองแผนมีผลบังคับใช้ในปีงบประมาณ 2566",
        ),
        "O12": dict(
            owner=STRATEGY,
            evidence=[
                doc("รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ ไตรมาสที่ 1 (ตุลาคม-ธันวาคม 2565)",
                    "progress-2566-q1.pdf", "2566-Q1", "Monitoring report on plan and budget, Q1 of 2566"),
                doc("รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ ไตรมาสที่ 2 (มกราคม-มีนาคม 2566)",
                    "progress-2566-q2.pdf", "2566-Q2", "Monitoring report on plan and budget, Q2 of 2566"),
            ],
            body="รายงานความก้าวหน้ารายไตรมาสของแผนใน [O11 แผนดำเนินงานและการใช้งบประมาณประจำปี](../O11/index.md) "
                 "ไตรมาสที่ 1 และ 2 รวมกันครอบคลุม 6 เดือนแรกของปีงบประมาณ 2566 (ตุลาคม 2565 - มีนาคม 2566) "
                 "แต่ละฉบับแสดงความก้าวหน้าของแต่ละโครงการและความก้าวหน้าการใช้จ่ายงบประมาณ",
        ),
        "O13": dict(
            owner=STRATEGY,
            evidence=[doc("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2565", "annual-report-2565.pdf", "2565",
                          "Annual operating report, fiscal year 2565")],
            body="รายงานผลการดำเนินงานของปีงบประมาณ 2565 ซึ่งเป็นปีที่ผ่านมา "
                 "มีผลการดำเนินการโครงการและกิจกรรม ผลการใช้จ่ายงบประมาณ ปัญหา อุปสรรค และข้อเสนอแนะ",
        ),
        "O14": dict(
            owner=ADMIN,
            evidence=[
                doc("คู่มือการปฏิบัติงานด้านการจัดซื้อจัดจ้าง สำหรับเจ้าหน้าที่พัสดุ", "manual-procurement.pdf",
                    en="Operating manual: procurement, for supply officers"),
                doc("คู่มือการจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.) สำหรับพัฒนากร", "manual-basic-needs-data.pdf",
                    en="Operating manual: basic needs data survey, for field officers"),
            ],
            body="คู่มือการปฏิบัติงาน 2 ฉบับที่เจ้าหน้าที่ใช้เป็นมาตรฐานเดียวกัน "
                 "แต่ละฉบับระบุภารกิจ ตำแหน่งของเจ้าหน้าที่ผู้ใช้คู่มือ และขั้นตอนการปฏิบัติงาน",
        ),
        "O15": dict(
            owner=PROMOTION,
            evidence=[doc("คู่มือสำหรับประชาชน การลงทะเบียนผู้ผลิตผู้ประกอบการผลิตภัณฑ์ชุมชน",
                          "service-manual-registration.pdf",
                          en="Service manual: registration of community product makers")],
            body="คู่มือการให้บริการสำหรับประชาชนที่มาติดต่อขอลงทะเบียนผู้ผลิตผู้ประกอบการผลิตภัณฑ์ชุมชน "
                 "ระบุขั้นตอน เอกสารที่ต้องใช้ และระยะเวลาให้บริการ ยื่นคำขอทางออนไลน์ได้ที่ "
                 "[O18 E-Service](../O18/index.md)",
        ),
        "O16": dict(
            owner=PROMOTION,
            evidence=[doc("สถิติการให้บริการ ครึ่งปีแรก ปีงบประมาณ 2566 (ตุลาคม 2565 - มีนาคม 2566)",
                          "service-statistics-2566-h1.pdf", "2566-H1", "Service statistics, first half of 2566")],
            body="ข้อมูลเชิงสถิติการให้บริการจำแนกตามประเภทบริการและรายเดือน "
                 "ครอบคลุม 6 เดือนแรกของปีงบประมาณ 2566",
        ),
        "O17": dict(
            owner=PROMOTION,
            evidence=[doc("รายงานผลการสำรวจความพึงพอใจการให้บริการ ปีงบประมาณ 2565", "satisfaction-2565.pdf",
                          "2565", "Service satisfaction survey report, fiscal year 2565")],
            body="รายงานผลการสำรวจความพึงพอใจของผู้รับบริการในปีงบประมาณ 2565 "
                 "พร้อมข้อเสนอแนะที่สำนักงานนำไปปรับปรุงการให้บริการ",
        ),
        "O18": dict(
            owner=IT,
            eservice_url=f"{OIT}/eservice/",
            evidence=[],
            body="ระบบ E-Service ของสำนักงานให้ประชาชนยื่นคำขอรับบริการทางอินเทอร์เน็ต "
                 "เช่น คำขอลงทะเบียนผู้ผลิตผู้ประกอบการและคำขอข้อมูลความจำเป็นพื้นฐาน โดยไม่ต้องเดินทางมาที่สำนักงาน "
                 "เข้าถึงได้จากเมนู E-Service ของเว็บไซต์หลัก",
        ),
        "O19": dict(
            owner=SUPPLY,
            evidence=[
                doc("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2566", "procurement-plan-2566.pdf", "2566",
                    "Procurement plan, fiscal year 2566"),
                link("ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ปีงบประมาณ 2566 ในระบบ e-GP",
                     f"{WWW}/egp/plan?year=2566", "2566"),
            ],
            body="แผนการจัดซื้อจัดจ้างของปีงบประมาณ 2566 ตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 "
                 "และลิงก์ไปยังประกาศเผยแพร่แผนในระบบ e-GP",
        ),
        "O20": dict(
            owner=SUPPLY,
            evidence=[
                doc("ประกาศผู้ชนะการเสนอราคา จัดซื้อวัสดุสำนักงาน ประจำเดือนตุลาคม 2565",
                    "ประกาศผู้ชนะ ตุลาคม 2565.pdf", "2565-10", "Award announcement: office supplies, October 2565"),
                doc("ประกาศเชิญชวน จ้างจัดงานแสดงและจำหน่ายผลิตภัณฑ์ชุมชน ธันวาคม 2565",
                    "ประกาศเชิญชวน ธันวาคม 2565.pdf", "2565-12", "Invitation to bid: community products fair, December 2565"),
                link("ประกาศจัดซื้อจัดจ้างทั้งหมดของหน่วยงาน ปีงบประมาณ 2566 ในระบบ e-GP",
                     f"{WWW}/egp/announcements?year=2566", "2566"),
            ],
            body="ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างในปีงบประมาณ 2566 เช่น ประกาศเชิญชวนและประกาศผู้ชนะการเสนอราคา "
                 "ไฟล์ PDF เป็นตัวอย่างประกาศรายเดือน ส่วนประกาศทั้งหมดดูได้จากลิงก์ระบบ e-GP",
        ),
        "O21": dict(
            owner=SUPPLY,
            evidence=monthly,
            body="สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.1) ครบทั้ง 6 เดือนแรกของปีงบประมาณ 2566 "
                 "ตั้งแต่ตุลาคม 2565 ถึงมีนาคม 2566 เดือนละหนึ่งไฟล์ "
                 "แต่ละเดือนแสดงงานที่ซื้อหรือจ้าง วงเงิน ราคากลาง วิธีการ ผู้ได้รับการคัดเลือก และเหตุผลโดยสรุป "
                 "ประกาศที่เกี่ยวข้องอยู่ในข้อ [O20 ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้าง](../O20/index.md)",
        ),
        "O22": dict(
            owner=SUPPLY,
            evidence=[doc("รายงานผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. 2565", "procurement-report-2565.pdf",
                          "2565", "Annual procurement report, fiscal year 2565")],
            body="รายงานผลการจัดซื้อจัดจ้างของปีงบประมาณ 2565 แสดงงบประมาณที่ใช้ในการจัดซื้อจัดจ้าง "
                 "ปัญหา อุปสรรค และข้อเสนอแนะสำหรับปีถัดไป",
        ),
        "O23": dict(
            owner=HR,
            evidence=[doc("แผนการบริหารและพัฒนาทรัพยากรบุคคล พ.ศ. 2566-2570", "hr-plan-2566-2570.pdf",
                          "2566-2570", "Human resource management and development plan 2566-2570")],
            body="แผนการบริหารและพัฒนาทรัพยากรบุคคลระยะ 5 ปี ที่กำหนดในนามของสำนักงาน "
                 "มีผลบังคับใช้ครอบคลุมปีงบประมาณ 2566",
        ),
        "O24": dict(
            owner=HR,
            evidence=[doc("ผลการดำเนินการตามแผนการบริหารและพัฒนาทรัพยากรบุคคล รอบ 6 เดือน ปีงบประมาณ 2566",
                          "hr-progress-2566-h1.pdf", "2566-H1", "HR plan implementation, first half of 2566")],
            body="การดำเนินการในปีงบประมาณ 2566 ตามแผนใน "
                 "[O23 นโยบายหรือแผนการบริหารทรัพยากรบุคคล](../O23/index.md) "
                 "เช่น การอบรมพัฒนาสมรรถนะ การสอนงาน และการสร้างขวัญกำลังใจ",
        ),
        "O25": dict(
            owner=HR,
            evidence=[doc("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล ที่ใช้บังคับในปีงบประมาณ 2566",
                          "hr-rules-2566.pdf", "2566", "Human resource management rules in force in 2566")],
            body="หลักเกณฑ์ที่ใช้บังคับในปีงบประมาณ 2566 ครอบคลุมการสรรหาและคัดเลือก การบรรจุและแต่งตั้ง "
                 "การพัฒนาบุคลากร การประเมินผลการปฏิบัติงาน และการให้คุณให้โทษและสร้างขวัญกำลังใจ",
        ),
        "O26": dict(
            owner=HR,
            evidence=[doc("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2565", "hr-report-2565.pdf", "2565",
                          "Annual human resource report, fiscal year 2565")],
            body="รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลของปีงบประมาณ 2565 "
                 "พร้อมปัญหา อุปสรรค ข้อเสนอแนะ และผลการวิเคราะห์",
        ),
        "O27": dict(
            owner=ADMIN,
            evidence=[doc("คู่มือการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "complaint-guideline.pdf",
                          en="Guidelines for handling corruption and misconduct complaints")],
            body="แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ "
                 "ระบุวิธีร้องเรียน ขั้นตอนการจัดการ ส่วนงานที่รับผิดชอบ และระยะเวลาดำเนินการ",
        ),
        "O28": dict(
            owner=ADMIN,
            online_channel=f"{OIT}/report-corruption/",
            evidence=[],
            body="ช่องทางออนไลน์สำหรับแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ แยกต่างหากจากช่องทางร้องเรียนทั่วไป "
                 "เพื่อคุ้มครองข้อมูลของผู้แจ้งเบาะแส เข้าถึงได้จากแบนเนอร์แจ้งเบาะแสการทุจริตบนหน้าแรกของเว็บไซต์หลัก",
        ),
        "O29": dict(
            owner=ADMIN,
            evidence=[
                doc("สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ไตรมาสที่ 1 ปีงบประมาณ 2566",
                    "complaint-statistics-2566-q1.pdf", "2566-Q1", "Corruption complaint statistics, Q1 of 2566"),
                doc("สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ไตรมาสที่ 2 ปีงบประมาณ 2566",
                    "complaint-statistics-2566-q2.pdf", "2566-Q2", "Corruption complaint statistics, Q2 of 2566"),
            ],
            body="ข้อมูลสถิติเรื่องร้องเรียนการทุจริตรายไตรมาส ครอบคลุม 6 เดือนแรกของปีงบประมาณ 2566 "
                 "ในช่วงเวลาดังกล่าวไม่มีเรื่องร้องเรียน (0 เรื่อง) สำนักงานจึงเผยแพร่รายงานที่ระบุว่าไม่มีเรื่องร้องเรียน "
                 "พร้อมจำนวนเรื่องที่ดำเนินการแล้วเสร็จและอยู่ระหว่างดำเนินการ",
        ),
        "O30": dict(
            owner=PROMOTION,
            evidence=[doc("เวทีประชาคมเปิดโอกาสให้ประชาชนมีส่วนร่วมจัดทำแผนชุมชน มกราคม 2566",
                          "participation-2566-01.pdf", "2566-01", "Public participation: community plan forum, January 2566")],
            body="กิจกรรมที่เปิดโอกาสให้ประชาชนและเครือข่ายในพื้นที่มีส่วนร่วมในการดำเนินงานตามภารกิจของสำนักงาน "
                 "ในปีงบประมาณ 2566 คือเวทีประชาคมจัดทำแผนชุมชน",
        ),
        "O31": dict(
            owner=INTEGRITY,
            evidence=[doc("ประกาศเจตนารมณ์ นโยบายไม่รับของขวัญและของกำนัลจากการปฏิบัติหน้าที่ (No Gift Policy) ปีงบประมาณ 2566",
                          "no-gift-policy-2566.pdf", "2565-10", "Declaration of intent: No Gift Policy, fiscal year 2566")],
            body="ประกาศเจตนารมณ์นโยบาย No Gift Policy ลงนามโดยพัฒนาการจังหวัดตัวอย่างคนปัจจุบัน เมื่อเดือนตุลาคม 2565 "
                 "ผู้บริหาร เจ้าหน้าที่ และบุคลากรทุกคนจะไม่รับของขวัญและประโยชน์อื่นใดจากการปฏิบัติหน้าที่",
        ),
        "O32": dict(
            owner=INTEGRITY,
            evidence=[doc("กิจกรรมสร้างวัฒนธรรม No Gift Policy ช่วงเทศกาลปีใหม่ 2566", "no-gift-culture-2566-q1.pdf",
                          "2566-Q1", "No Gift Policy culture activity, New Year 2566")],
            body="สำนักงานจัดกิจกรรมเสริมสร้างวัฒนธรรมองค์กรไม่รับของขวัญ (No Gift Policy) เองในช่วงเทศกาลปีใหม่ 2566 "
                 "เช่น การประชาสัมพันธ์ภายในและการมอบบัตรอวยพรแทนของขวัญ",
        ),
        "O33": dict(
            owner=INTEGRITY,
            evidence=[doc("รายงานผลการดำเนินการตามนโยบาย No Gift Policy ปีงบประมาณ 2565", "no-gift-report-2565.pdf",
                          "2565", "No Gift Policy report, fiscal year 2565")],
            body="รายงานผลตามนโยบาย No Gift Policy ของปีงบประมาณ 2565 "
                 "มีผลการดำเนินการ ปัญหา อุปสรรค และข้อเสนอแนะ",
        ),
        "O34": dict(
            owner=INTEGRITY,
            evidence=[doc("การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ 2566",
                          "risk-assessment-2566.pdf", "2566", "Corruption risk assessment, fiscal year 2566")],
            body="ผลการประเมินความเสี่ยงการทุจริตของปีงบประมาณ 2566 "
                 "ระบุเหตุการณ์ความเสี่ยง ระดับความเสียหาย และมาตรการบริหารจัดการความเสี่ยง",
        ),
        "O35": dict(
            owner=INTEGRITY,
            evidence=[doc("การดำเนินการตามมาตรการจัดการความเสี่ยงการทุจริต รอบ 6 เดือน ปีงบประมาณ 2566",
                          "risk-actions-2566-h1.pdf", "2566-H1", "Risk management actions, first half of 2566")],
            body="กิจกรรมจัดการความเสี่ยงที่ดำเนินการในปีงบประมาณ 2566 สอดคล้องกับมาตรการใน "
                 "[O34 การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี](../O34/index.md)",
        ),
        "O36": dict(
            owner=INTEGRITY,
            evidence=[doc("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2566", "anticorruption-plan-2566.pdf",
                          "2566", "Corruption prevention action plan, fiscal year 2566")],
            body="แผนปฏิบัติการป้องกันการทุจริตที่มีผลบังคับใช้ในปีงบประมาณ 2566 "
                 "แสดงโครงการและกิจกรรม งบประมาณ และช่วงเวลาดำเนินการ",
        ),
        "O37": dict(
            owner=INTEGRITY,
            evidence=[doc("รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต รอบ 6 เดือน ปีงบประมาณ 2566",
                          "anticorruption-progress-2566-h1.pdf", "2566-H1",
                          "Corruption prevention monitoring report, first half of 2566")],
            body="รายงานความก้าวหน้ารอบ 6 เดือน (ตุลาคม 2565 - มีนาคม 2566) ของแผนใน "
                 "[O36 แผนปฏิบัติการป้องกันการทุจริต](../O36/index.md) "
                 "แสดงความก้าวหน้าของแต่ละโครงการและงบประมาณที่ใช้",
        ),
        "O38": dict(
            owner=INTEGRITY,
            evidence=[doc("รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ 2565",
                          "anticorruption-report-2565.pdf", "2565", "Annual corruption prevention report, fiscal year 2565")],
            body="รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริตของปีงบประมาณ 2565 "
                 "มีผลการดำเนินการ ผลการใช้จ่ายงบประมาณ ปัญหา อุปสรรค และข้อเสนอแนะ",
        ),
        "O39": dict(
            owner=HR,
            evidence=[doc("ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ ที่ใช้บังคับกับเจ้าหน้าที่ของสำนักงาน",
                          "code-of-ethics.pdf", en="Code of ethics for state officials")],
            body="ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐตามพระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562 "
                 "ที่ใช้บังคับกับเจ้าหน้าที่ของสำนักงาน เข้าถึงได้จากเว็บไซต์หลักของหน่วยงาน",
        ),
        "O40": dict(
            owner=HR,
            evidence=[doc("การอบรมเสริมสร้างการปฏิบัติตามประมวลจริยธรรม กุมภาพันธ์ 2566", "ethics-training-2566-02.pdf",
                          "2566-02", "Ethics training for staff, February 2566")],
            body="การขับเคลื่อนจริยธรรมในปีงบประมาณ 2566 ได้แก่ การอบรมเจ้าหน้าที่ "
                 "การเผยแพร่ประมวลจริยธรรม และการแต่งตั้งผู้รับผิดชอบงานจริยธรรม",
        ),
        "O41": dict(
            owner=HR,
            evidence=[doc("รายงานผลการประเมินการรับรู้และการปฏิบัติตามประมวลจริยธรรม ปีงบประมาณ 2565",
                          "ethics-assessment-2565.pdf", "2565", "Ethics assessment of officials, fiscal year 2565")],
            body="ผลการประเมินการรับรู้และการปฏิบัติตามประมวลจริยธรรมของเจ้าหน้าที่ในปีงบประมาณ 2565 "
                 "พร้อมปัญหา อุปสรรค และข้อเสนอแนะ",
        ),
        "O42": dict(
            owner=INTEGRITY,
            evidence=[doc("การวิเคราะห์ผลการประเมิน ITA ประจำปี 2565 และมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
                          "ita-analysis-2565.pdf", "2565", "Analysis of the ITA 2565 results and internal measures")],
            body="วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของปี 2565 "
                 "ระบุจุดอ่อนที่ต้องแก้ไขเร่งด่วนและประเด็นที่ต้องพัฒนา "
                 "พร้อมมาตรการภายในที่กำหนดผู้รับผิดชอบ ขั้นตอนการปฏิบัติ และการกำกับติดตาม",
        ),
        "O43": dict(
            owner=INTEGRITY,
            evidence=[doc("ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ 6 เดือน ปีงบประมาณ 2566",
                          "ita-measures-progress-2566-h1.pdf", "2566-H1",
                          "Implementation of internal integrity measures, first half of 2566")],
            body="ความก้าวหน้าในการนำมาตรการจาก "
                 "[O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน](../O42/index.md) "
                 "ไปปฏิบัติในปีงบประมาณ 2566",
        ),
    }


# --------------------------------------------------------------------------------------------
# Archive year 2565 (framework nacc-2565): one entry per item, one-sentence explanations.


def year_2565() -> dict:
    def one(owner, evidence, body, **fields):
        return dict(owner=owner, evidence=[evidence], body=body, **fields)

    monthly = [
        doc(f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{month_th(y, m)} (แบบ สขร.1)", f"summary-{y}-{m:02d}.pdf",
            f"{y}-{m:02d}", f"Monthly procurement summary (SorKhorRor 1), {y}-{m:02d}")
        for y, m in first_half_months(2565)
    ]
    return {
        "O1": one(ADMIN, doc("แผนผังโครงสร้างการแบ่งส่วนราชการ ปีงบประมาณ 2565", "structure-2565.pdf",
                             en="Organisation chart, fiscal year 2565"),
                  "แผนผังโครงสร้างและการแบ่งส่วนงานภายในของสำนักงานที่ใช้ในปีงบประมาณ 2565"),
        "O2": dict(
            owner=ADMIN,
            executives=list(TOP_EXECUTIVES),
            evidence=[],
            body="ผู้บริหารสูงสุดและรองผู้บริหารในปีงบประมาณ 2565 พร้อมรูปถ่ายและช่องทางการติดต่อ",
        ),
        "O3": one(ADMIN, link("หน้าที่และอำนาจของสำนักงาน (เว็บไซต์หลัก)", f"{WWW}/about/authority"),
                  "หน้าที่และอำนาจของสำนักงานตามกฎหมายอยู่ในหน้าเกี่ยวกับเราของเว็บไซต์หลัก"),
        "O4": one(STRATEGY, doc("แผนพัฒนาสำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง พ.ศ. 2561-2565", "development-plan-2561-2565.pdf",
                                "2561-2565", "Five-year development plan 2561-2565"),
                  "แผนพัฒนาหน่วยงานระยะ 5 ปีที่ครอบคลุมปีงบประมาณ 2565 พร้อมยุทธศาสตร์ เป้าหมาย และตัวชี้วัด"),
        "O5": dict(owner=ADMIN, contact=CONTACT, evidence=[],
                   body="ที่อยู่ โทรศัพท์ E-mail และแผนที่ตั้งของสำนักงาน"),
        "O6": one(ADMIN, link("กฎหมายที่เกี่ยวข้องกับการปฏิบัติงาน (เว็บไซต์หลัก)", f"{WWW}/law/"),
                  "กฎหมายและระเบียบที่เกี่ยวข้องกับการปฏิบัติงานรวบรวมไว้ในหน้ากฎหมายของเว็บไซต์หลัก"),
        "O7": one(IT, doc("ข่าวประชาสัมพันธ์ งานแสดงสินค้าชุมชน มีนาคม 2565", "news-2565-03.pdf", "2565-03",
                          "News: community products fair, March 2565"),
                  "ตัวอย่างข่าวประชาสัมพันธ์ของปีงบประมาณ 2565 ซึ่งเผยแพร่ทาง Facebook ด้วย"),
        "O8": dict(owner=IT, qa_channel=f"{OIT}/qa/", evidence=[],
                   body="กล่องข้อความถาม-ตอบ (Q&A) บนเว็บไซต์ของหน่วยงาน"),
        "O9": dict(owner=IT, social_url=f"{WWW}/social-network", evidence=[],
                   body="แถบ Social Network บนเว็บไซต์หลักที่เชื่อมโยงไปยัง Facebook ของสำนักงาน"),
        "O10": one(STRATEGY, doc("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2565", "action-plan-2565.pdf", "2565",
                                 "Annual operating plan, fiscal year 2565"),
                   "แผนดำเนินงานประจำปีงบประมาณ 2565 พร้อมโครงการ งบประมาณ และระยะเวลา"),
        "O11": one(STRATEGY, doc("รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน ปีงบประมาณ 2565",
                                 "progress-2565-h1.pdf", "2565-H1", "Six-month operating progress report, 2565"),
                   "ความก้าวหน้าของแผนดำเนินงานในช่วงตุลาคม 2564 - มีนาคม 2565"),
        "O12": one(STRATEGY, doc("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2564", "annual-report-2564.pdf", "2564",
                                 "Annual operating report, fiscal year 2564"),
                   "รายงานผลการดำเนินงานของปีงบประมาณ 2564 พร้อมปัญหา อุปสรรค และข้อเสนอแนะ"),
        "O13": one(ADMIN, doc("คู่มือการปฏิบัติงานด้านการจัดซื้อจัดจ้าง", "manual-procurement.pdf",
                              en="Operating manual: procurement"),
                   "คู่มือการปฏิบัติงานที่เจ้าหน้าที่พัสดุใช้เป็นมาตรฐานเดียวกัน"),
        "O14": one(PROMOTION, link("คู่มือสำหรับประชาชน (เว็บไซต์หลัก)", f"{WWW}/service-manuals"),
                   "คู่มือการให้บริการประชาชนรวบรวมไว้ในหน้าคู่มือสำหรับประชาชนของเว็บไซต์หลัก"),
        "O15": one(PROMOTION, doc("สถิติการให้บริการ ตุลาคม 2564 - มีนาคม 2565", "service-statistics-2565-h1.pdf",
                                  "2565-H1", "Service statistics, first half of 2565"),
                   "สถิติการให้บริการครอบคลุม 6 เดือนแรกของปีงบประมาณ 2565"),
        "O16": one(PROMOTION, doc("รายงานผลการสำรวจความพึงพอใจการให้บริการ ปีงบประมาณ 2564", "satisfaction-2564.pdf",
                                  "2564", "Service satisfaction survey report, fiscal year 2564"),
                   "ผลสำรวจความพึงพอใจของผู้รับบริการในปีงบประมาณ 2564"),
        "O17": dict(owner=IT, eservice_url=f"{OIT}/eservice/", evidence=[],
                    body="ระบบ E-Service สำหรับยื่นคำขอรับบริการทางออนไลน์โดยไม่ต้องเดินทางมาที่สำนักงาน"),
        "O18": one(FINANCE, doc("แผนการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ. 2565", "budget-plan-2565.pdf", "2565",
                                "Annual budget spending plan, fiscal year 2565"),
                   "แผนการใช้จ่ายงบประมาณของปีงบประมาณ 2565 จำแนกตามแหล่งงบประมาณและประเภทรายการ"),
        "O19": one(FINANCE, doc("รายงานการกำกับติดตามการใช้จ่ายงบประมาณ รอบ 6 เดือน ปีงบประมาณ 2565",
                                "budget-progress-2565-h1.pdf", "2565-H1", "Six-month budget spending report, 2565"),
                   "ความก้าวหน้าการใช้จ่ายงบประมาณในช่วงตุลาคม 2564 - มีนาคม 2565"),
        "O20": one(FINANCE, doc("รายงานผลการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ. 2564", "budget-report-2564.pdf",
                                "2564", "Annual budget spending report, fiscal year 2564"),
                   "ผลการใช้จ่ายงบประมาณของปีงบประมาณ 2564 พร้อมปัญหา อุปสรรค และข้อเสนอแนะ"),
        "O21": one(SUPPLY, doc("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565", "procurement-plan-2565.pdf", "2565",
                               "Procurement plan, fiscal year 2565"),
                   "แผนการจัดซื้อจัดจ้างของปีงบประมาณ 2565"),
        "O22": one(SUPPLY, link("ประกาศจัดซื้อจัดจ้าง ปีงบประมาณ 2565 ในระบบ e-GP",
                                f"{WWW}/egp/announcements?year=2565", "2565"),
                   "ประกาศเชิญชวนและประกาศผลการจัดซื้อจัดจ้างของปีงบประมาณ 2565 อยู่ในระบบ e-GP"),
        "O23": dict(owner=SUPPLY, evidence=monthly,
                    body="สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.1) ตั้งแต่ตุลาคม 2564 ถึงมีนาคม 2565 เดือนละหนึ่งไฟล์"),
        "O24": one(SUPPLY, doc("รายงานผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. 2564", "procurement-report-2564.pdf",
                               "2564", "Annual procurement report, fiscal year 2564"),
                   "ผลการจัดซื้อจัดจ้างของปีงบประมาณ 2564 พร้อมปัญหา อุปสรรค และข้อเสนอแนะ"),
        "O25": one(HR, doc("นโยบายการบริหารทรัพยากรบุคคล ปีงบประมาณ 2565", "hr-policy-2565.pdf", "2565",
                           "Human resource management policy, fiscal year 2565"),
                   "นโยบายการบริหารทรัพยากรบุคคลของผู้บริหารที่ใช้บังคับในปีงบประมาณ 2565"),
        "O26": one(HR, doc("การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล ปีงบประมาณ 2565", "hr-progress-2565-h1.pdf",
                           "2565-H1", "HR policy implementation, first half of 2565"),
                   "กิจกรรมที่ดำเนินการตามนโยบายการบริหารทรัพยากรบุคคลในปีงบประมาณ 2565"),
        "O27": one(HR, link("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล (เว็บไซต์หลัก)", f"{WWW}/hr/rules", "2565"),
                   "หลักเกณฑ์การสรรหา บรรจุแต่งตั้ง พัฒนา ประเมินผล และให้คุณให้โทษ ที่ใช้บังคับในปีงบประมาณ 2565"),
        "O28": one(HR, doc("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2564", "hr-report-2564.pdf", "2564",
                           "Annual human resource report, fiscal year 2564"),
                   "ผลการบริหารและพัฒนาทรัพยากรบุคคลของปีงบประมาณ 2564"),
        "O29": one(ADMIN, doc("คู่มือการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "complaint-guideline.pdf",
                              en="Guidelines for handling corruption complaints"),
                   "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต พร้อมขั้นตอน ผู้รับผิดชอบ และระยะเวลา"),
        "O30": dict(owner=ADMIN, online_channel=f"{OIT}/report-corruption/", evidence=[],
                    body="ช่องทางออนไลน์สำหรับแจ้งเรื่องร้องเรียนการทุจริต แยกจากช่องทางร้องเรียนทั่วไป"),
        "O31": one(ADMIN, doc("สถิติเรื่องร้องเรียนการทุจริต ตุลาคม 2564 - มีนาคม 2565", "complaint-statistics-2565-h1.pdf",
                              "2565-H1", "Corruption complaint statistics, first half of 2565"),
                   "สถิติเรื่องร้องเรียนการทุจริตใน 6 เดือนแรกของปีงบประมาณ 2565 ซึ่งไม่มีเรื่องร้องเรียน (0 เรื่อง)"),
        "O32": dict(owner=IT, opinion_channel=f"{OIT}/opinion/", evidence=[],
                    body="ช่องทางออนไลน์สำหรับรับฟังความคิดเห็นของประชาชนบนเว็บไซต์ของหน่วยงาน"),
        "O33": one(PROMOTION, doc("เวทีประชาคมจัดทำแผนชุมชน กุมภาพันธ์ 2565", "participation-2565-02.pdf", "2565-02",
                                  "Public participation: community plan forum, February 2565"),
                   "กิจกรรมที่เปิดโอกาสให้ประชาชนมีส่วนร่วมในปีงบประมาณ 2565"),
        "O34": one(INTEGRITY, doc("ประกาศนโยบายไม่รับของขวัญ (No Gift Policy) ปีงบประมาณ 2565", "no-gift-policy-2565.pdf",
                                  "2564-11", "No Gift Policy announcement, fiscal year 2565"),
                   "ประกาศนโยบาย No Gift Policy ที่ผู้บริหารสูงสุดลงนามเมื่อพฤศจิกายน 2564"),
        "O35": one(INTEGRITY, doc("การมีส่วนร่วมของผู้บริหารในการส่งเสริมคุณธรรมและความโปร่งใส ปี 2565",
                                  "executive-participation-2565.pdf", "2565-Q2",
                                  "Executive participation in integrity work, 2565"),
                   "ผู้บริหารเป็นประธานการประชุมและมอบนโยบายส่งเสริมคุณธรรมและความโปร่งใสในปีงบประมาณ 2565"),
        "O36": one(INTEGRITY, doc("การประเมินความเสี่ยงการทุจริตประจำปีงบประมาณ 2565", "risk-assessment-2565.pdf",
                                  "2565", "Corruption risk assessment, fiscal year 2565"),
                   "ผลการประเมินความเสี่ยงการทุจริตของปีงบประมาณ 2565"),
        "O37": one(INTEGRITY, link("การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต ปีงบประมาณ 2565",
                                   f"{WWW}/integrity/risk-actions?year=2565", "2565"),
                   "กิจกรรมจัดการความเสี่ยงการทุจริตในปีงบประมาณ 2565 อยู่ในหน้าส่งเสริมคุณธรรมของเว็บไซต์หลัก"),
        "O38": one(HR, doc("กิจกรรมเสริมสร้างวัฒนธรรมองค์กรต่อต้านการทุจริต มีนาคม 2565", "culture-2565-03.pdf",
                           "2565-03", "Organisational culture activity, March 2565"),
                   "กิจกรรมเสริมสร้างวัฒนธรรมองค์กรต่อต้านการทุจริตในปีงบประมาณ 2565"),
        "O39": one(INTEGRITY, doc("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2565",
                                  "anticorruption-plan-2565.pdf", "2565",
                                  "Corruption prevention action plan, fiscal year 2565"),
                   "แผนปฏิบัติการป้องกันการทุจริตที่ใช้บังคับในปีงบประมาณ 2565"),
        "O40": one(INTEGRITY, doc("รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต รอบ 6 เดือน ปีงบประมาณ 2565",
                                  "anticorruption-progress-2565-h1.pdf", "2565-H1",
                                  "Corruption prevention monitoring report, first half of 2565"),
                   "ความก้าวหน้าของแผนปฏิบัติการป้องกันการทุจริตในช่วงตุลาคม 2564 - มีนาคม 2565"),
        "O41": one(INTEGRITY, doc("รายงานผลการดำเนินการป้องกันการทุจริต ปีงบประมาณ 2564",
                                  "anticorruption-report-2564.pdf", "2564",
                                  "Annual corruption prevention report, fiscal year 2564"),
                   "ผลการดำเนินการตามแผนป้องกันการทุจริตของปีงบประมาณ 2564"),
        "O42": one(INTEGRITY, doc("การวิเคราะห์ผลการประเมิน ITA ปี 2564 และมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
                                  "ita-analysis-2564.pdf", "2564", "Analysis of the ITA 2564 results and internal measures"),
                   "การวิเคราะห์ผลการประเมิน ITA ของปี 2564 และมาตรการภายในที่กำหนดจากผลการวิเคราะห์"),
        "O43": one(INTEGRITY, doc("ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ 2565",
                                  "ita-measures-progress-2565-h1.pdf", "2565-H1",
                                  "Implementation of internal integrity measures, 2565"),
                   "ผลการนำมาตรการส่งเสริมคุณธรรมและความโปร่งใสไปปฏิบัติในปีงบประมาณ 2565"),
    }


# --------------------------------------------------------------------------------------------
# Assessment year 2569 (framework nacc-2569, reconstructed): the current year. Merged items carry
# one evidence entry per part, each saying which part it serves.


def year_2569() -> dict:
    monthly = [
        doc(f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{month_th(y, m)} (แบบ สขร.1)", f"monthly/{y}-{m:02d}.pdf",
            f"{y}-{m:02d}", f"Monthly procurement summary (SorKhorRor 1), {y}-{m:02d}")
        for y, m in first_half_months(2569)
    ]

    def one(owner, evidence, body, **fields):
        return dict(owner=owner, evidence=evidence, body=body, **fields)

    return {
        "O1": one(ADMIN, [doc("โครงสร้าง หน้าที่และอำนาจ สำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง", "structure-duties.pdf",
                              en="Organisation chart, internal divisions, duties and powers")],
                  "แผนผังโครงสร้างการแบ่งส่วนราชการ ตำแหน่งที่สำคัญ และสรุปหน้าที่และอำนาจของสำนักงาน "
                  "(สรุปเฉพาะส่วนที่อธิบายหน้าที่และอำนาจ ไม่ใช่กฎหมายทั้งฉบับ) อยู่ในไฟล์เดียวกัน"),
        "O2": dict(
            owner=ADMIN,
            executives=list(TOP_EXECUTIVES),
            evidence=[],
            body="ผู้บริหารสูงสุดและรองผู้บริหารในปีงบประมาณ 2569 พร้อมชื่อ-นามสกุล ตำแหน่ง รูปถ่าย และช่องทางการติดต่อ",
        ),
        "O3": one(ADMIN, [], "ข้อนี้มีสองส่วน: ข้อมูลการติดต่อของสำนักงาน (ที่อยู่ โทรศัพท์ อีเมล แผนที่ตั้ง) "
                           "และช่องทางการสอบถาม (Q&A) ที่ตอบกลับผู้สอบถามได้บนเว็บไซต์หลัก",
                  contact=CONTACT, qa_channel=f"{WWW}/qa"),
        "O4": one(IT, [doc("ข่าวประชาสัมพันธ์ มหกรรมผลิตภัณฑ์ชุมชน ธันวาคม 2568", "news-2568-12.pdf", "2568-12",
                           "News: community products fair, December 2568"),
                       link("ข่าวประชาสัมพันธ์ทั้งหมดของปีงบประมาณ 2569 บนเว็บไซต์หลัก", f"{WWW}/news?year=2569", "2569")],
                  "ข่าวสารการดำเนินงานตามภารกิจของสำนักงานที่เกิดขึ้นในปีงบประมาณ 2569"),
        "O5": one(STRATEGY, [doc("แผนพัฒนาสำนักงานพัฒนาชุมชนจังหวัดตัวอย่าง ระยะ 5 ปี (พ.ศ. 2566-2570)",
                                 "development-plan-2566-2570.pdf", "2566-2570", "Five-year development plan 2566-2570")],
                  "แผนพัฒนาหน่วยงานระยะ 5 ปีที่มีผลครอบคลุมปีงบประมาณ 2569 พร้อมยุทธศาสตร์ เป้าหมาย และตัวชี้วัด"),
        "O6": one(STRATEGY, [
            doc("แผนปฏิบัติราชการและแผนการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2569", "action-plan-2569.pdf", "2569",
                "Annual operating and budget plan, fiscal year 2569", part="plan"),
            doc("รายงานความก้าวหน้าการดำเนินงานและการใช้งบประมาณ รอบ 6 เดือน (ตุลาคม 2568 - มีนาคม 2569)",
                "progress-2569-h1.pdf", "2569-H1", "Progress of plan and budget, first half of 2569", part="progress")],
                  "ข้อนี้มีสองส่วน: แผนของปีงบประมาณ 2569 และรายงานความก้าวหน้า 6 เดือนแรกของแผนเดียวกัน"),
        "O7": one(STRATEGY, [doc("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", "annual-report-2568.pdf", "2568",
                                 "Annual operating report, fiscal year 2568")],
                  "รายงานผลการดำเนินงานของปีงบประมาณ 2568 ซึ่งเป็นปีที่ผ่านมา พร้อมปัญหา อุปสรรค และข้อเสนอแนะ"),
        "O8": one(ADMIN, [doc("คู่มือการปฏิบัติงานการส่งเสริมเศรษฐกิจฐานราก", "manual-operations.pdf",
                              en="Staff operating manual: grassroots economy")],
                  "คู่มือการปฏิบัติงานที่เจ้าหน้าที่ใช้ยึดถือปฏิบัติให้เป็นมาตรฐานเดียวกัน"),
        "O9": one(PROMOTION, [doc("คู่มือการขอรับบริการลงทะเบียนผลิตภัณฑ์ชุมชน", "service-guide.pdf",
                                  en="Service guide: community product registration")],
                  "คู่มือสำหรับผู้รับบริการ บอกขั้นตอน ระยะเวลา และเอกสารที่ใช้"),
        "O10": one(IT, [doc("ข้อมูลสถิติการขอรับบริการผ่านช่องทางออนไลน์ (E-Service) ปีงบประมาณ 2568",
                            "eservice-statistics-2568.pdf", "2568", "E-Service usage statistics, fiscal year 2568",
                            part="statistics")],
                   "ข้อนี้มีสองส่วน: ช่องทางให้บริการออนไลน์ (E-Service) ที่เข้าได้จากเว็บไซต์หลัก "
                   "และสถิติการขอรับบริการผ่านช่องทางนั้น", eservice_url=f"{WWW}/e-service"),
        "O11": one(SUPPLY, monthly, "สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.1) ตุลาคม 2568 ถึงมีนาคม 2569 เดือนละหนึ่งไฟล์"),
        "O12": one(SUPPLY, [doc("รายงานสรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. 2568", "procurement-report-2568.pdf", "2568",
                                "Annual procurement report, fiscal year 2568")],
                   "รายงานผลการจัดซื้อจัดจ้างของปีงบประมาณ 2568 พร้อมงบประมาณที่ใช้ ปัญหา อุปสรรค และข้อเสนอแนะ"),
        "O13": one(HR, [
            doc("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล (การสรรหา แต่งตั้ง พัฒนา ประเมินผล)", "hr-rules.pdf", "2566-2570",
                "Human resource rules: recruitment, appointment, development, evaluation", part="rules"),
            doc("แผนการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2569", "hr-plan-2569.pdf", "2569",
                "Human resource management and development plan, fiscal year 2569", part="plan")],
                   "ข้อนี้มีสองส่วน: หลักเกณฑ์การบริหารทรัพยากรบุคคลที่ใช้บังคับ และแผนของปีงบประมาณ 2569"),
        "O14": one(HR, [doc("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2568", "hr-report-2568.pdf", "2568",
                            "Annual human resource report, fiscal year 2568")],
                   "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลของปีงบประมาณ 2568"),
        "O15": one(HR, [
            doc("ประมวลจริยธรรมข้าราชการพลเรือน", "ethics-code.pdf", en="Code of ethics for civil servants", part="code"),
            doc("กิจกรรมอบรมจริยธรรมและ Do & Don't ของบุคลากร มกราคม 2569", "ethics-training-2569-01.pdf", "2569-01",
                "Ethics training, January 2569", part="activities")],
                   "ข้อนี้มีสองส่วน: ประมวลจริยธรรมที่ใช้บังคับ และการขับเคลื่อนจริยธรรมในปีงบประมาณ 2569"),
        "O16": one(INTEGRITY, [doc("แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "complaint-guideline.pdf",
                                   en="Guideline for corruption complaints")],
                   "ขั้นตอนการรับและจัดการเรื่องร้องเรียนการทุจริต ผู้รับผิดชอบ และระยะเวลา"),
        "O17": one(INTEGRITY, [link("ศูนย์รับเรื่องร้องเรียนการทุจริต สำนักงาน ป.ป.ช. (ช่องทางภายนอก)", "https://wbs.nacc.go.th/")],
                   "ช่องทางออนไลน์ของสำนักงานสำหรับแจ้งเรื่องร้องเรียนการทุจริต และช่องทางของ ป.ป.ช.",
                   online_channel=f"{WWW}/complaints/corruption"),
        "O18": one(INTEGRITY, [doc("ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. 2568",
                                   "complaint-statistics-2568.pdf", "2568", "Corruption complaint statistics, fiscal year 2568")],
                   "จำนวนเรื่องร้องเรียนทั้งหมด ดำเนินการแล้วเสร็จ และอยู่ระหว่างดำเนินการ ของปีงบประมาณ 2568"),
        "O19": one(PROMOTION, [doc("ผลการเปิดโอกาสให้ประชาชนมีส่วนร่วมจัดทำแผนชุมชน กุมภาพันธ์ 2569", "participation-2569-02.pdf",
                                   "2569-02", "Public participation results: community plan forum, February 2569")],
                   "ผลการเปิดโอกาสให้ประชาชนมีส่วนร่วมในการดำเนินงานของปีงบประมาณ 2569"),
        "O20": one(INTEGRITY, [
            doc("ประกาศเจตนารมณ์นโยบาย No Gift Policy ปีงบประมาณ 2569", "no-gift-policy-2569.pdf", "2568-10",
                "Declaration of intent: No Gift Policy, fiscal year 2569", part="announcement"),
            doc("รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา ปีงบประมาณ 2568", "gift-report-2568.pdf", "2568",
                "Report on gifts received, fiscal year 2568", part="report"),
            doc("สรุปหลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา (มาตรา 128)", "gift-rules-128.pdf",
                en="Summary of the gift rules (section 128)", part="knowledge")],
                   "ข้อนี้มีสามส่วน: ประกาศ No Gift ของปีนี้ รายงานการรับทรัพย์สินของปีที่ผ่านมา "
                   "และการเสริมสร้างความรู้เรื่องหลักเกณฑ์การรับทรัพย์สินตามมาตรา 128"),
        "O21": one(INTEGRITY, [doc("การประเมินความเสี่ยงการทุจริต ปีงบประมาณ 2569 (5 ขั้นตอนตามคู่มือ)", "risk-assessment-2569.pdf",
                                   "2569", "Corruption risk assessment, fiscal year 2569")],
                   "ผลการประเมินความเสี่ยงการทุจริตของปีงบประมาณ 2569 พร้อมมาตรการจัดการความเสี่ยง"),
        "O22": one(INTEGRITY, [doc("รายงานผลการดำเนินการตามแผนบริหารจัดการความเสี่ยงการทุจริต ปีงบประมาณ 2568",
                                   "risk-report-2568.pdf", "2568", "Corruption risk management report, fiscal year 2568")],
                   "รายงานผลการดำเนินการตามแผนบริหารจัดการความเสี่ยงการทุจริตของปีงบประมาณ 2568"),
        "O23": one(INTEGRITY, [doc("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2569", "anti-corruption-plan-2569.pdf",
                                   "2569", "Anti-corruption action plan, fiscal year 2569")],
                   "แผนปฏิบัติการป้องกันการทุจริตของปีงบประมาณ 2569 พร้อมโครงการ งบประมาณ และช่วงเวลา"),
        "O24": one(INTEGRITY, [doc("รายงานผลการดำเนินการป้องกันการทุจริต ปีงบประมาณ 2568", "anti-corruption-report-2568.pdf",
                                   "2568", "Anti-corruption report, fiscal year 2568")],
                   "รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริตของปีงบประมาณ 2568"),
        "O25": one(INTEGRITY, [doc("การนำผลการประเมิน ITA ปี 2568 ไปสู่การพัฒนาองค์กร (มาตรการปี 2569)", "ita-actions-2569.pdf",
                                   "2569", "Acting on the ITA 2568 result: measures for 2569")],
                   "วิเคราะห์ผลการประเมิน ITA ปีที่ผ่านมา และมาตรการที่นำไปปฏิบัติในปีงบประมาณ 2569"),
        "O26": one(INTEGRITY, [doc("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ 2568",
                                   "integrity-report-2568.pdf", "2568", "Report on the integrity measures, fiscal year 2568")],
                   "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสของปีงบประมาณ 2568"),
    }


# --------------------------------------------------------------------------------------------
# Writing

PERIOD_TEXT = re.compile(r"\d{4}(-(Q[1-4]|H[12]|\d{2}|\d{4}))?")


def scalar(value) -> str:
    """A YAML scalar: plain when it reads back as the same string, else double-quoted."""
    text = str(value)
    try:
        plain_ok = yaml.safe_load(f"k: {text}") == {"k": text} and "\n" not in text
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def field_yaml(name: str, value) -> list[str]:
    if isinstance(value, str):
        return [f"{name}: {scalar(value)}"]
    if isinstance(value, dict):
        return [f"{name}:"] + [f"  {k}: {scalar(v)}" for k, v in value.items()]
    lines = [f"{name}:"]
    for record in value:
        for i, (k, v) in enumerate(record.items()):
            lines.append(f"  {'- ' if i == 0 else '  '}{k}: {scalar(v)}")
    return lines


def evidence_yaml(entries: list[dict]) -> list[str]:
    if not entries:
        return ["evidence: []"]
    lines = ["evidence:"]
    for ev in entries:
        lines.append(f"  - title: {scalar(ev['title'])}")
        if "file" in ev:
            lines.append(f"    file: {scalar(ev['file'])}")
        else:
            lines.append(f"    url: {scalar(ev['url'])}")
        if ev.get("period"):
            assert PERIOD_TEXT.fullmatch(ev["period"]), ev["period"]
            lines.append(f"    period: {ev['period']}")  # plain, as a webmaster writes it
        if ev.get("part"):
            lines.append(f"    part: {ev['part']}")
    return lines


def rule_comments(item, year: int) -> list[str]:
    """The time rule of the item, or of each of its parts, as `oit new` explains it."""
    if not item.has_parts:
        advice = TIME_RULES[item.time_rule].advice_for(year)
        return [f"# ช่วงเวลา (time rule: {item.time_rule}): {advice}"]
    return [f"# part: {part.id} — {part.label} (time rule: {' or '.join(part.time_rules)})" for part in item.parts]


def index_md(item, year: int, spec: dict) -> str:
    lines = ["---", f"# {item.code} {item.title}", *rule_comments(item, year),
             f"owner: {scalar(spec['owner'])}"]
    for field in item.fields:
        lines += field_yaml(field.name, spec[field.name])
    lines += evidence_yaml(spec["evidence"])
    lines += ["---", "", spec["body"].strip(), ""]
    return "\n".join(lines)


def pdf_for(ev: dict, year: int, code: str) -> bytes:
    lines = [
        f"{AGENCY_EN} (fictional agency)",
        f"OIT {year} - {code} - {ev['en']}",
        f"Period: {ev['period'] or 'not time-bound'}",
        "Sample document made by tools/make_demo.py for the demo site.",
        "It contains no real data.",
    ]
    assert all(line.isascii() for line in lines), lines
    return make_pdf(lines, title=f"{code} {ev['en']}")


def write_year(out: Path, year: int, framework: str, items: dict, schedule: str = "") -> None:
    catalog = load_catalog(framework)
    codes = [item.code for item in catalog.items]
    if sorted(items) != sorted(codes):
        raise SystemExit(f"make_demo: {year} data does not match {framework}: "
                         f"missing {sorted(set(codes) - set(items))}, extra {sorted(set(items) - set(codes))}")
    folder = out / str(year)
    folder.mkdir()
    (folder / "year.yml").write_text(
        f"# Assessment year {year}: fiscal year 1 October {year - 1} - 30 September {year}.\n"
        f"# framework: the item catalog (oit_items/{framework}.yml) that lists {catalog.code_range().replace('–', '-')}, criteria and time rules\n"
        f"framework: {framework}\n" + schedule, encoding="utf-8")
    for item in catalog.items:
        spec = items[item.code]
        item_dir = folder / item.code
        item_dir.mkdir()
        (item_dir / "index.md").write_text(index_md(item, year, spec), encoding="utf-8")
        for ev in spec["evidence"]:
            if "file" in ev:
                path = item_dir / ev["file"]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pdf_for(ev, year, item.code))
        for person in spec.get("executives", []):
            background, accent = PORTRAITS[person["photo"]]
            (item_dir / person["photo"]).write_bytes(make_png(120, 150, background, accent))


SITE_YML = f"""# Agency profile of the OIT site (docs/contracts.md#content-tree). This agency is fictional: it is the demo content.
# name: the agency's official name in Thai, shown in every page header and in itas-YYYY.csv
name: {AGENCY}
# name_en: the English name, used in English labels and page metadata
name_en: {AGENCY_EN}
# base_url: where the site is published; item page URLs entered into ITAS are built from it, so keep it stable
base_url: {BASE_URL}
# default_year: the assessment year (Buddhist Era) that oit validate/build use when --year is not given
default_year: 2569
# --- the agency's face on every page (all optional; README "Writing content") ---
# logo: logo.svg                       # an image beside site.yml; default: a neutral emblem
# favicon: favicon.png                 # default: the logo
color: "#1b3a6b"                       # header colour (#RRGGBB); header text turns black on light colours
website: https://www.example.go.th/    # the agency's main website, linked in every footer
# contact: {{address: …, phone: …, email: …}}   # footer; default: the contact field of the contact item
policies:                              # footer links: an https:// address or a .md file beside site.yml
  website: https://www.example.go.th/policy/website
  privacy: https://www.example.go.th/policy/privacy
  security: https://www.example.go.th/policy/security
  # accessibility: accessibility.md    # default: an accessibility statement the site writes
# units: who answers which items; each item's owner: names a unit by id or by name. The contacts are
# for the ITA committee's report (oit status) and are never published; only a unit's name is shown.
units:
  - id: admin
    name: กลุ่มงานอำนวยการ
    contact: นายตั้งใจ สาธิตการ
    phone: 0 2000 0003
    email: admin@example.go.th
  - id: strategy
    name: กลุ่มงานยุทธศาสตร์การพัฒนาชุมชน
    phone: 0 2000 0010
  - id: promotion
    name: กลุ่มงานส่งเสริมและพัฒนาชุมชน
    phone: 0 2000 0020
  - id: procurement
    name: กลุ่มงานพัสดุ
    email: procurement@example.go.th
  - id: finance
    name: กลุ่มงานการเงินและบัญชี
    phone: 0 2000 0040
  - id: personnel
    name: กลุ่มงานการเจ้าหน้าที่
    phone: 0 2000 0050
  - id: it
    name: กลุ่มงานสารสนเทศและประชาสัมพันธ์
    email: pr@example.go.th
  - id: integrity
    name: คณะทำงานส่งเสริมคุณธรรมและความโปร่งใส
    contact: นางสาวสมใจ ทดลองงาม
    email: ita@example.go.th
"""

# The ITA committee's internal deadlines for 2566 (oit status)
SCHEDULE_2566 = """# schedule: the ITA committee's internal deadlines (oit status), dates in BE. due: every item unless
# listed under items:; monthly_days: a monthly item's document is due that many days after its month.
schedule:
  due: 2566-03-31
  items:
    O1: 2566-01-31
    O2: 2566-01-31
    O3: 2566-01-31
    O12: 2566-04-20
    O37: 2566-04-20
  monthly_days: 15
"""


def prepare(out: Path) -> None:
    """Remove a previous demo tree; refuse to delete a folder that is not a content tree."""
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / "site.yml").is_file()):
            raise SystemExit(f"make_demo: {out} exists and is not a content tree (no site.yml); not touching it")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.make_demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="content tree to (re)create (default: content/)")
    args = parser.parse_args(argv)
    out = args.out
    prepare(out)
    (out / "site.yml").write_text(SITE_YML, encoding="utf-8")
    write_year(out, 2569, "nacc-2569", year_2569())
    write_year(out, 2566, "nacc-2566", year_2566(), SCHEDULE_2566)
    write_year(out, 2565, "nacc-2565", year_2565())
    files = sum(1 for p in out.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"make_demo: wrote {out} ({files} files, {size / 1024:.0f} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
