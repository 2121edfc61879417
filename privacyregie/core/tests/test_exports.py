"""core.exports: formula injection is neutralised and characters XLSX cannot hold never break a file."""

import csv
import datetime
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from privacyregie.core import exports


def _csv_rows(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\u00a0=1", "\n@x",
                                   "\uff1d1", "=HYPERLINK(\"https://x.example\")"])
def test_csv_prefixes_every_formula_trigger_with_an_apostrophe(value):
    rows = _csv_rows(exports.csv_bytes(["kolom"], [[value]]))
    assert rows[1] == ["'" + value]


@pytest.mark.parametrize("value", ["gewoon", "a=b", "e-mail", "3", ""])
def test_csv_leaves_ordinary_text_alone(value):
    assert _csv_rows(exports.csv_bytes(["kolom"], [[value]]))[1] == [value]


def test_csv_keeps_numbers_and_dates_as_they_are():
    rows = _csv_rows(exports.csv_bytes(["a", "b", "c"], [[-5, datetime.date(2026, 1, 2), None]]))
    assert rows[1] == ["-5", "2026-01-02", ""]


def test_control_characters_are_replaced_visibly_in_both_formats():
    value = "a\x01b\x00c\x1fd"
    assert _csv_rows(exports.csv_bytes(["k"], [[value]]))[1] == ["a\ufffdb\ufffdc\ufffdd"]
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(exports.Sheet("s", ["k"], [[value]])))).active
    assert sheet["A2"].value == "a\ufffdb\ufffdc\ufffdd"


def test_xlsx_stores_formula_text_as_quoted_text_with_its_exact_value():
    value = '=HYPERLINK("https://aanvaller.example","klik")'
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(exports.Sheet("s", ["k"], [[value, "gewoon"]])))).active
    cell = sheet["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    assert sheet["B2"].quotePrefix is False


def test_xlsx_cuts_a_too_long_value_visibly_and_keeps_aware_datetimes_local():
    moment = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)
    data = exports.xlsx_bytes(exports.Sheet("s", ["k", "t"], [["x" * 40000, moment]]))
    sheet = load_workbook(io.BytesIO(data)).active
    assert len(sheet["A2"].value) == exports.XLSX_MAX_CELL and sheet["A2"].value.endswith("[…]")
    assert sheet["B2"].value == datetime.datetime(2026, 7, 1, 12, 0)  # Europe/Amsterdam, summer time


def test_sheet_titles_are_made_valid_and_unique():
    data = exports.xlsx_bytes(exports.Sheet("a/b:c*d?[e]" * 5, ["k"], []), exports.Sheet("a/b:c*d?[e]" * 5, ["k"], []))
    titles = load_workbook(io.BytesIO(data)).sheetnames
    assert len(titles) == 2 and len(set(titles)) == 2 and all(len(t) <= 31 and "/" not in t for t in titles)


def test_restore_undoes_only_the_neutralising_apostrophe():
    assert exports.restore_neutralised("'=1+1") == "=1+1"
    assert exports.restore_neutralised("'gewoon") == "'gewoon"


@given(st.text())
def test_no_text_ever_becomes_a_live_formula_or_breaks_the_xlsx(value):
    cell = exports.csv_value(value)
    assert not exports.looks_like_formula(cell)
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(exports.Sheet("s", ["k"], [[value]])))).active
    stored = sheet["A2"]
    assert stored.data_type == "s" or stored.value is None
    assert stored.quotePrefix or not exports.looks_like_formula(stored.value or "")
