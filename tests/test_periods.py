import pytest

from generator.periods import (PeriodError, first_half_months, fiscal_year_months, 
                               parse_period)
from generator.thai import BEDate, ascii_digits, month_index, month_name, parse_be_year


@pytest.mark.parametrize("text, canonical, first, last", [
    ("2566", "2566", (2565, 10), (2566, 9)),
    ("2566-Q1", "2566-Q1", (2565, 10), (2565, 12)),
    ("2566-q2", "2566-Q2", (2566, 1), (2566, 3)),
    ("2566-Q4", "2566-Q4", (2566, 7), (2566, 9)),
    ("2566-H1", "2566-H1", (2565, 10), (2566, 3)),
    ("2566-H2", "2566-H2", (2566, 4), (2566, 9)),
    ("2565-10", "2565-10", (2565, 10), (2565, 10)),
    ("2566-3", "2566-03", (2566, 3), (2566, 3)),
    ("2566-2570", "2566-2570", (2565, 10), (2570, 9)),
    ("๒๕๖๖-H๑", "2566-H1", (2565, 10), (2566, 3)),
    ("๒๕๖๕-๑๐", "2565-10", (2565, 10), (2565, 10)),
    (2566, "2566", (2565, 10), (2566, 9)),
])
def test_period_grammar(text, canonical, first, last):
    period = parse_period(text)
    assert period.text == canonical
    assert (period.start, period.end) == (month_index(*first), month_index(*last))
    assert parse_period(period.text) == period  # printing and parsing round-trips


@pytest.mark.parametrize("text, advice", [
    ("2023", "2566"),  # CE year: the error says how to write it in BE
    ("2022-10", "2565"),
    ("2566-13", "01–12"),
    ("2566-Q5", "Q1–Q4"),
    ("2566-H3", "H1–H2"),
    ("2570-2566", "2566-2570"),
    ("ตุลาคม 2565", "YYYY-MM"),
    ("", "YYYY"),
])
def test_bad_periods_say_what_to_write(text, advice):
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert advice in str(err.value)


def test_fiscal_year_boundary():
    # October–December belong to the next fiscal year; September closes the year.
    assert fiscal_year_months(2566) == (month_index(2565, 10), month_index(2566, 9))
    assert first_half_months(2566) == (month_index(2565, 10), month_index(2566, 3))


def test_thai_words():
    assert parse_period("2565-10").thai() == "ตุลาคม 2565"
    assert parse_period("2566-Q1").thai() == "ไตรมาส 1 ปีงบประมาณ 2566"
    assert parse_period("2566").thai() == "ปีงบประมาณ 2566"
    assert "ตุลาคม 2565 – มีนาคม 2566" in parse_period("2566-H1").thai()
    assert month_name(month_index(2566, 2)) == "กุมภาพันธ์ 2566"


def test_thai_digits_and_years():
    assert ascii_digits("O๒๓ ปี ๒๕๖๖") == "O23 ปี 2566"
    assert parse_be_year("๒๕๖๖") == 2566
    with pytest.raises(ValueError, match="2566"):
        parse_be_year("2023")


def test_as_of_dates():
    assert BEDate.parse("2566-01-15").iso() == "2566-01-15"
    assert BEDate.parse("๒๕๖๖-๐๑-๑๕").iso() == "2566-01-15"
    assert BEDate.parse("2023-01-15").iso() == "2566-01-15"  # CE read and converted
    assert BEDate.parse("2566-01-15").thai() == "15 มกราคม 2566"
    with pytest.raises(ValueError):
        BEDate.parse("2566-02-30")
