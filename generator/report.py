"""Report formats for `oit validate` and `oit check`: text, JSON (docs/contracts.md#report-json), JUnit XML."""
from __future__ import annotations

import json
import re
from xml.sax import saxutils

STATUS_TH = {
    "complete": "ครบถ้วน",
    "incomplete": "ไม่ครบถ้วน",
    "missing": "ไม่มีข้อมูล",
    "not_due": "ยังไม่ถึงกำหนด",
}
SEVERITY_TH = {"error": "ข้อผิดพลาด", "warning": "คำเตือน"}
FOLD_AFTER = 5  # repeated findings of one rule in one item are folded after this many


# Characters XML 1.0 cannot hold even as references: control characters, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value) -> str:
    """`value` as XML character data; characters XML cannot hold become U+FFFD."""
    return saxutils.escape(_NOT_XML.sub("\ufffd", str(value)))


def xml_attribute(value) -> str:
    """`value` as a quoted XML attribute value (line breaks kept as references)."""
    return saxutils.quoteattr(_NOT_XML.sub("\ufffd", str(value)))


def render(report, fmt: str) -> str:
    return {"text": to_text, "json": to_json, "junit": to_junit}[fmt](report)


def to_json(report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def _findings_by_item(report) -> dict:
    grouped: dict = {}
    for finding in report.findings:
        grouped.setdefault(finding.item, []).append(finding)
    return grouped


def to_text(report) -> str:
    lines = [f"{report.site.name} — ปีงบประมาณ {report.year.year} ({report.catalog.framework}), "
             f"ณ วันที่ {report.as_of.thai()}", *provenance_lines(report.catalog), ""]
    grouped = _findings_by_item(report)
    for general in grouped.pop(None, []):
        lines.append(_finding_line(general, "  "))
    for result in report.items:
        findings = grouped.pop(result.code, [])
        mark = {"complete": "✓", "not_due": "·", "incomplete": "✗", "missing": "✗"}[result.status]
        lines.append(f"{mark} {result.code:<4} {result.title} — {STATUS_TH[result.status]} ({result.status})")
        lines += _folded(findings)
    for code, findings in grouped.items():  # items the catalog does not know
        lines.append(f"? {code:<4} (ไม่อยู่ในเกณฑ์ {report.catalog.framework} / not in the framework)")
        lines += _folded(findings)
    s = report.summary()
    lines += ["", f"สรุป / summary: {s['items']} items, {s['complete']} complete, {s['incomplete']} incomplete, "
                  f"{s['missing']} missing, {s['not_due']} not due; {s['errors']} errors, {s['warnings']} warnings"]
    return "\n".join(lines) + "\n"


def provenance_lines(catalog) -> list:
    """One plain line when the framework is not from the official manual, so nobody takes a
    reconstruction for the rule."""
    status = catalog.provenance.status
    if catalog.provenance.is_official:
        return []
    return [f"! เกณฑ์นี้{catalog.provenance.thai} / framework {status}: not the official NACC manual; "
            "check items against the manual when it is published"]


def _folded(findings: list) -> list:
    lines: list[str] = []
    per_rule: dict[str, int] = {}
    for finding in findings:
        per_rule[finding.rule] = per_rule.get(finding.rule, 0) + 1
        if per_rule[finding.rule] <= FOLD_AFTER:
            lines.append(_finding_line(finding, "     "))
    for rule, count in per_rule.items():
        if count > FOLD_AFTER:
            lines.append(f"     … {count - FOLD_AFTER} more {rule} (เพิ่มอีก {count - FOLD_AFTER} รายการ)")
    return lines


def _finding_line(finding, indent: str) -> str:
    where = f"{finding.location()}: " if finding.path else ""
    return f"{indent}{finding.severity} [{finding.rule}] {where}{finding.message}"


def to_junit(report) -> str:
    grouped = _findings_by_item(report)
    cases = []
    failures = skipped = 0
    for result in report.items:
        name = xml_attribute(f"{result.code} {result.title}")
        errors = [f for f in grouped.get(result.code, []) if f.is_error]
        body = ""
        if errors:
            failures += 1
            text = "\n".join(_finding_line(f, "") for f in errors)
            body = f'<failure message={xml_attribute(f"{len(errors)} error(s): {errors[0].message}")} type={xml_attribute(errors[0].rule)}>{xml_text(text)}</failure>'
        elif result.status == "not_due":
            skipped += 1
            body = '<skipped message="not due yet"/>'
        cases.append(f'    <testcase classname="oit.{report.year.year}" name={name}>{body}</testcase>')
    general = [f for f in grouped.get(None, []) if f.is_error]
    if general:
        failures += 1
        text = "\n".join(_finding_line(f, "") for f in general)
        cases.append(f'    <testcase classname="oit.{report.year.year}" name="content tree"><failure message={xml_attribute(general[0].message)}>{xml_text(text)}</failure></testcase>')
    header = (f'<testsuite name={xml_attribute(f"OIT {report.year.year} {report.catalog.framework}")} '
              f'tests="{len(cases)}" failures="{failures}" skipped="{skipped}" errors="0">')
    return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  ' + header + "\n" + "\n".join(cases) + "\n  </testsuite>\n</testsuites>\n"
