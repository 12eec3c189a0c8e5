"""Every file of rows the portal writes for a spreadsheet: text a spreadsheet would run as a formula is written as
text."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from blmk_portal import spreadsheets

FORMULAS = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\r=1", "=1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_text_that_starts_like_a_formula_is_written_with_a_quote_before_it(formula):
    assert spreadsheets.formula_safe(formula) == "'" + formula


@pytest.mark.parametrize("text", ["Luton", "a = b", "2+3", "", "'quoted already", "3:05", "2021-06"])
def test_other_text_is_written_as_it_is(text):
    assert spreadsheets.formula_safe(text) == text


@pytest.mark.parametrize("number", ["-3.5", "+2", "-12", "0.25"])
def test_a_number_written_as_text_stays_a_number(number):
    assert spreadsheets.formula_safe(number) == number


@pytest.mark.parametrize("text", [*FORMULAS, "Luton", "'quoted already", "-3.5"])
def test_a_guarded_cell_reads_back_as_the_text_it_was_written_from(text):
    assert spreadsheets.unguarded(spreadsheets.formula_safe(text)) == text


def test_a_file_has_a_header_then_a_row_a_line_with_empty_cells_for_none():
    text = spreadsheets.csv_text(["name", "value", "when"], [["=cmd()", Decimal("-2.5"), None], ["Luton", -1, "2021"]])
    assert text == "name,value,when\r\n'=cmd(),-2.5,\r\nLuton,-1,2021\r\n"
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "value", "when"],
        ["'=cmd()", "-2.5", ""],
        ["Luton", "-1", "2021"],
    ]
