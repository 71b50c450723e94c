"""Report formats for `oit validate` and `oit check`: text, JSON (docs/contracts.md#report-json), JUnit XML."""
from __future__ import annotations

import json
import re

from .i18n import N_, _, language, with_code

STATUS_TH = {
    "complete": "ครบถ้วน",
    "incomplete": "ไม่ครบถ้วน",
    "missing": "ไม่มีข้อมูล",
    "not_due": "ยังไม่ถึงกำหนด",
}
SEVERITY = {"error": N_("error"), "warning": N_("warning")}
STATUS_LABELS = {"complete": N_("complete"), "incomplete": N_("incomplete"), "missing": N_("no data"),
                 "not_due": N_("not due yet")}
FOLD_AFTER = 5  # repeated findings of one rule in one item are folded after this many


# Characters XML 1.0 cannot hold even as references: control characters, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# What a terminal would act on instead of showing: C0/C1 controls but the line break and tab, and the
# bidirectional overrides that reorder what is shown (a file name or title may hold any of them).
_NOT_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """`text` for a terminal or a CI log: each control character written as its escape (\\x1b)."""
    return _NOT_SHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def xml_text(value) -> str:
    """`value` as XML character data; characters XML cannot hold become U+FFFD. (As
    xml.sax.saxutils.escape, whose import brings urllib.request: 25 ms on every run of oit.)"""
    return _NOT_XML.sub("\ufffd", str(value)).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


_ATTRIBUTE_BREAKS = str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def xml_attribute(value) -> str:
    """`value` as a quoted XML attribute value, line breaks kept as references (as
    xml.sax.saxutils.quoteattr)."""
    text = xml_text(value).translate(_ATTRIBUTE_BREAKS)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def to_json(report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def _findings_by_item(report) -> dict:
    grouped: dict = {}
    for finding in report.findings:
        grouped.setdefault(finding.item, []).append(finding)
    return grouped


def to_text(report) -> str:
    as_of = report.as_of.iso() if language() == "en" else report.as_of.thai()
    lines = [_("{agency} — fiscal year {year} ({framework}), as of {date}").format(
        agency=report.site.name, year=report.year.year, framework=report.catalog.framework, date=as_of),
        *provenance_lines(report.catalog), ""]
    grouped = _findings_by_item(report)
    for general in grouped.pop(None, []):
        lines.append(_finding_line(general, "  "))
    for result in report.items:
        findings = grouped.pop(result.code, [])
        mark = {"complete": "✓", "not_due": "·", "incomplete": "✗", "missing": "✗"}[result.status]
        lines.append(f"{mark} {result.code:<4} {result.title} — {status_text(result.status)}")
        lines += _folded(findings)
    for code, findings in grouped.items():  # items the catalog does not know
        lines.append(f"? {code:<4} " + _("(not in framework {framework})").format(framework=report.catalog.framework))
        lines += _folded(findings)
    s = report.summary()
    lines += ["", _("summary: {items} items, {complete} complete, {incomplete} incomplete, {missing} missing, "
                    "{not_due} not due; {errors} errors, {warnings} warnings").format(**s)]
    return terminal_text("\n".join(lines)) + "\n"


def status_text(status: str) -> str:
    """An item's status in words, with its code in brackets (what scripts and the JSON say)."""
    return with_code(_(STATUS_LABELS[status]), status)


def provenance_lines(catalog) -> list:
    """One plain line when the framework is not from the official manual, so nobody takes a
    reconstruction for the rule."""
    status = catalog.provenance.status
    if catalog.provenance.is_official:
        return []
    what = "เกณฑ์นี้" + catalog.provenance.thai if language() == "th" else f"framework {status}"
    return ["! " + _("{what}: not the official NACC manual; check items against the manual when it is "
                     "published").format(what=what)]


def _folded(findings: list) -> list:
    lines: list[str] = []
    per_rule: dict[str, int] = {}
    for finding in findings:
        per_rule[finding.rule] = per_rule.get(finding.rule, 0) + 1
        if per_rule[finding.rule] <= FOLD_AFTER:
            lines.append(_finding_line(finding, "     "))
    for rule, count in per_rule.items():
        if count > FOLD_AFTER:
            lines.append("     … " + _("{count} more {rule}").format(count=count - FOLD_AFTER, rule=rule))
    return lines


def _finding_line(finding, indent: str) -> str:
    where = f"{finding.location()}: " if finding.path else ""
    return f"{indent}{_(SEVERITY[finding.severity])} [{finding.rule}] {where}{finding.message}"


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
            summary = _("{count} error(s): {message}").format(count=len(errors), message=errors[0].message)
            body = f'<failure message={xml_attribute(summary)} type={xml_attribute(errors[0].rule)}>{xml_text(text)}</failure>'
        elif result.status == "not_due":
            skipped += 1
            body = f'<skipped message={xml_attribute(_(STATUS_LABELS["not_due"]))}/>'
        cases.append(f'    <testcase classname="oit.{report.year.year}" name={name}>{body}</testcase>')
    general = [f for f in grouped.get(None, []) if f.is_error]
    if general:
        failures += 1
        text = "\n".join(_finding_line(f, "") for f in general)
        cases.append(f'    <testcase classname="oit.{report.year.year}" name="content tree"><failure message={xml_attribute(general[0].message)}>{xml_text(text)}</failure></testcase>')
    header = (f'<testsuite name={xml_attribute(f"OIT {report.year.year} {report.catalog.framework}")} '
              f'tests="{len(cases)}" failures="{failures}" skipped="{skipped}" errors="0">')
    return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  ' + header + "\n" + "\n".join(cases) + "\n  </testsuite>\n</testsuites>\n"


# The formats of `oit validate` and `oit check` (--format), in one table the CLI offers.
FORMATS = {"text": to_text, "json": to_json, "junit": to_junit}


def render(report, fmt: str) -> str:
    return FORMATS[fmt](report)
