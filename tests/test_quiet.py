"""Issue 23: quiet on correct work. A correct 2569 submission written as agencies really publish
(both readings' documents, the previous year's monthly reports, supporting papers, one document
for two parts) gives no error and exactly one warning per real problem seeded into it."""
from conftest import Tree, run_json

AS_OF = "2569-04-30"


def add_entries(content, code: str, entries: list, files: list) -> None:
    """Append evidence entries (YAML lines) to an item of the demo's 2569 and write their files."""
    index = content / "2569" / code / "index.md"
    text = index.read_text(encoding="utf-8")
    end = text.index("\n---", 4)  # the closing line of the front matter
    index.write_text(text[:end] + "\n" + "".join(entries).rstrip("\n") + text[end:], encoding="utf-8")
    for name in files:
        Tree.file(index.parent / name, "pdf")


def entry(title: str, file: str, period: str | None = None, **extra) -> str:
    lines = [f"  - title: {title}\n", f"    file: {file}\n"] + ([f"    period: {period}\n"] if period else [])
    return "".join(lines + [f"    {key}: {value}\n" for key, value in extra.items()])


def correct_but_real(content) -> None:
    # both readings of O23 (a year plan and the 2566–2570 plan) and of O13's plan part
    add_entries(content, "O23", [entry("แผนปฏิบัติการป้องกันการทุจริต ระยะ 5 ปี พ.ศ. 2566-2570", "plan-5y.pdf", "2566-2570")],
                ["plan-5y.pdf"])
    add_entries(content, "O13", [entry("แผนพัฒนาบุคลากร พ.ศ. 2566-2570", "hr-5y.pdf", "2566-2570", part="plan")],
                ["hr-5y.pdf"])
    add_entries(content, "O25", [entry("มาตรการส่งเสริมคุณธรรม ตามผล ITA 2568", "measures-2568.pdf", "2568")],
                ["measures-2568.pdf"])
    # the twelve monthly procurement summaries of FY2568 beside the annual report (O12)
    months = [f"2567-{m:02d}" for m in (10, 11, 12)] + [f"2568-{m:02d}" for m in range(1, 10)]
    add_entries(content, "O12", [entry(f"สขร.1 เดือน {m}", f"sor-{m}.pdf", m) for m in months],
                [f"sor-{m}.pdf" for m in months])
    # O19's supporting papers, numbered in the calendar year (ครั้งที่ 4-2568 lies in FY2569)
    add_entries(content, "O19", [entry("คำสั่งแต่งตั้งคณะทำงาน ที่ 52-2568", "order-52-2568.pdf", role="supporting"),
                                 entry("รายงานการประชุม ครั้งที่ 4-2568", "minutes-4-2568.pdf", "2568", role="supporting")],
                ["order-52-2568.pdf", "minutes-4-2568.pdf"])
    # one O6 document for both parts, said explicitly
    add_entries(content, "O6", [entry("รายงานผลการดำเนินงาน ไตรมาสที่ 2 (สะสม)", "q2.pdf", "2569-H1", part="[plan, progress]")],
                ["q2.pdf"])


REAL_PROBLEMS = {
    ("O23", "wrong-year"),  # a plan of 2561–2565: no accepted reading uses it
    ("O11", "not-monthly"),  # the first quarter as one file: assessors expect monthly data
}


def seed_real_problems(content) -> None:
    add_entries(content, "O23", [entry("แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2561-2565", "plan-old.pdf", "2561-2565")],
                ["plan-old.pdf"])
    add_entries(content, "O11", [entry("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 1", "q1.pdf", "2569-Q1")], ["q1.pdf"])


def test_correct_work_as_agencies_publish_it_gives_no_finding(demo_copy, capsys):
    correct_but_real(demo_copy)
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--as-of", AS_OF)
    assert status == 0 and report["findings"] == []
    assert report["summary"]["complete"] == 26


def test_one_warning_per_real_problem_and_no_error(demo_copy, capsys):
    correct_but_real(demo_copy)
    seed_real_problems(demo_copy)
    status, report = run_json(capsys, "validate", "--content", demo_copy, "--as-of", AS_OF)
    assert status == 0 and report["summary"]["errors"] == 0 and report["summary"]["complete"] == 26
    assert sorted((f["item"], f["rule"]) for f in report["findings"]) == sorted(REAL_PROBLEMS)
    assert report["summary"]["warnings"] == len(REAL_PROBLEMS)
