"""Property-based tests (Hypothesis): the period grammar, first-half coverage, the national-ID check,
the "last updated" date of every folder."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pii
from generator.model import Evidence
from generator.coverage import check_coverage
from generator.face import folder_dates
from generator.periods import first_half_months, fiscal_year_months, parse_period
from generator.thai import month_index, month_name, month_of_index

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
years = st.integers(min_value=2401, max_value=2999)  # October of FY 2400 would be 2399-10


def _text_of_month(index: int) -> str:
    year, month = month_of_index(index)
    return f"{year}-{month:02d}"


@st.composite
def period_texts(draw, year=None):
    """Canonical text of any period (of fiscal year `year` or overlapping it, when given)."""
    y = draw(years) if year is None else year
    kind = draw(st.sampled_from(["year", "quarter", "half", "month", "span"]))
    if kind == "year":
        return f"{y}"
    if kind == "quarter":
        return f"{y}-Q{draw(st.integers(1, 4))}"
    if kind == "half":
        return f"{y}-H{draw(st.integers(1, 2))}"
    if kind == "month":
        start, end = fiscal_year_months(y)
        return _text_of_month(draw(st.integers(start, end)))
    if year is None:
        return f"{y}-{draw(st.integers(y, 2999))}"
    return f"{draw(st.integers(max(2400, y - 4), y))}-{draw(st.integers(y, y + 4))}"


@given(period_texts())
def test_parse_and_print_round_trip(text):
    period = parse_period(text)
    assert str(period) == text
    assert parse_period(str(period)) == period
    assert parse_period(text.translate(THAI)) == period  # Thai digits
    assert parse_period(f"  {text.lower()} ") == period  # q/h in lower case, stray spaces
    assert period.start <= period.end and period.thai() and period.english()


@given(years, st.integers(1, 12))
def test_unpadded_month_prints_padded(year, month):
    assert str(parse_period(f"{year}-{month}")) == f"{year}-{month:02d}"


def _coverage(rule: str, year: int, texts: list):
    item = SimpleNamespace(code="O6", time_rule=rule, min_evidence=1)
    evidence = [Evidence(i, f"เอกสาร {i}", i + 3, period=parse_period(t)) for i, t in enumerate(texts)]
    as_of = month_index(year, 10)  # after the fiscal year: every month is due
    return check_coverage(item, evidence, year, as_of, "index.md")


@settings(max_examples=300)
@given(st.data(), st.integers(2450, 2950))
def test_first_half_is_satisfied_exactly_when_october_to_march_is_covered(data, year):
    texts = data.draw(st.lists(period_texts(year), max_size=6))
    covered = set()
    for text in texts:
        covered.update(parse_period(text).months())
    start, end = first_half_months(year)
    gaps = [m for m in range(start, end + 1) if m not in covered]
    result = _coverage("first_half", year, texts)
    assert result.due
    assert [f.rule for f in result.findings] == (["coverage-gap"] if gaps else [])
    if gaps:
        assert month_name(gaps[0]) in result.findings[0].message


@settings(max_examples=300)
@given(st.data(), st.integers(2450, 2950))
def test_any_periods_that_cover_october_to_march_satisfy_first_half(data, year):
    texts = data.draw(st.lists(period_texts(year), max_size=4))
    start, end = first_half_months(year)
    for month in range(start, end + 1):  # fill every gap with some period that contains the month
        if not any(parse_period(t).start <= month <= parse_period(t).end for t in texts):
            quarter = 1 if month < start + 3 else 2
            texts.append(data.draw(st.sampled_from([
                _text_of_month(month), f"{year}-Q{quarter}", f"{year}-H1", f"{year}", f"{year - 1}-{year + 3}"])))
    texts = data.draw(st.permutations(texts))
    result = _coverage("first_half", year, texts)
    assert result.due and result.findings == []


@settings(max_examples=200)
@given(st.data(), st.integers(2450, 2950))
def test_removing_any_month_breaks_first_half_monthly(data, year):
    start, end = first_half_months(year)
    months = [_text_of_month(m) for m in range(start, end + 1)]
    fy_start, fy_end = fiscal_year_months(year)
    extras = data.draw(st.lists(st.one_of(  # other evidence never stands in for a month (a quarter does: below)
        st.sampled_from([f"{year}", f"{year}-H1", f"{year - 1}-{year}"]),
        st.integers(end + 1, fy_end).map(_text_of_month)), max_size=4))
    full = data.draw(st.permutations(months + extras))
    assert _coverage("first_half_monthly", year, full).findings == []
    for gone in range(start, end + 1):
        texts = [t for t in full if t != _text_of_month(gone)]
        findings = _coverage("first_half_monthly", year, texts).findings
        assert [f.rule for f in findings] == ["coverage-gap"]
        assert month_name(gone) in findings[0].message
        assert all(month_name(m) not in findings[0].message for m in range(start, end + 1) if m != gone)


@settings(max_examples=100)
@given(st.integers(2450, 2950), st.sampled_from([1, 2]))
def test_a_quarter_stands_in_for_its_three_months_with_a_warning(year, quarter):
    start, end = first_half_months(year)
    quarter_months = range(start + 3 * (quarter - 1), start + 3 * quarter)
    texts = [_text_of_month(m) for m in range(start, end + 1) if m not in quarter_months] + [f"{year}-Q{quarter}"]
    findings = _coverage("first_half_monthly", year, texts).findings
    assert [(f.rule, f.severity) for f in findings] == [("not-monthly", "warning")]
    assert all(month_name(m) in findings[0].message for m in quarter_months)


# --- national ID check digit ---------------------------------------------------------------------

def _check(first12: str) -> int:
    total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1)))
    return (11 - total % 11) % 10


twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


@given(twelve_digits, st.sampled_from(["plain", "dashes", "spaces", "boxes", "thai"]))
def test_every_valid_id_is_found_in_every_format(first12, style):
    number = first12 + str(_check(first12))
    groups = [number[0], number[1:5], number[5:10], number[10:12], number[12]]
    text = {"plain": number, "dashes": "-".join(groups), "spaces": " ".join(groups),
            "boxes": " ".join(number), "thai": number.translate(THAI)}[style]
    found = [n for _, _, n in pii.find_ids(f"เลขประจำตัว {text} ครับ")]
    assert found == [number]
    masked = pii.mask_text(f"เลขประจำตัว {text} ครับ")
    assert number not in masked and text not in masked and pii.mask(number) in masked


@given(twelve_digits, st.integers(1, 9))
def test_a_wrong_check_digit_is_never_reported(first12, offset):
    wrong = first12 + str((_check(first12) + offset) % 10)
    assert list(pii.find_ids(f"เลข {wrong} และ {wrong[0]}-{wrong[1:5]}-{wrong[5:10]}-{wrong[10:12]}-{wrong[12]}")) == []


content_paths = st.lists(st.sampled_from(["2566", "2567", "O1", "O10", "O1x", "a b", "ปี"]), min_size=1, max_size=4).map(
    lambda parts: "/".join(parts[:-1] + [parts[-1] + ".pdf"]))


@given(st.dictionaries(content_paths, st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)), max_size=40))
def test_the_one_pass_folder_dates_are_the_last_change_under_each_folder(dates):
    """face.folder_dates gives every folder what asking it alone gives: the latest day of any
    file whose path starts with the folder's ('2566/O1/' is not '2566/O10/'); '' is the whole tree."""
    folders = {""} | {path[:i + 1] for path in dates for i, char in enumerate(path) if char == "/"}
    expected = {folder: max(day for path, day in dates.items() if path.startswith(folder)) for folder in folders if dates}
    assert folder_dates(dates) == expected


@given(st.text(alphabet=st.sampled_from(list("ab<>&\"'\n\r\tก\x00\x0b\ufffe")), max_size=16))
def test_xml_escaping_is_the_standard_librarys(text):
    """report.xml_text / xml_attribute write what xml.sax.saxutils would (not imported: it brings urllib)."""
    from xml.sax import saxutils
    from generator.report import _NOT_XML, xml_attribute, xml_text
    clean = _NOT_XML.sub("\ufffd", text)
    assert xml_text(text) == saxutils.escape(clean)
    assert xml_attribute(text) == saxutils.quoteattr(clean)
