"""Hostile uploads are refused quickly, with a clear Dutch message (issue 9, section 3).

Each hostile file is refused within 2 seconds and 100 MB of memory (measured with tracemalloc),
and a normal file of the same kind is still read.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from privacyregie.core import bounded_yaml, tabular

SECONDS, BYTES = 2.0, 100 * 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b"</sheetData></worksheet>"


@contextmanager
def bounded():
    """Fail when the block takes more than 2 s or allocates more than 100 MB at its peak."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert elapsed < SECONDS, f"took {elapsed:.2f} s"
        assert peak < BYTES, f"peak {peak / 1e6:.0f} MB"


def refused(read, data: bytes, name: str) -> str:
    with bounded(), pytest.raises(ValidationError) as exc:
        read(SimpleUploadedFile(name, data))
    return " ".join(exc.value.messages)


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_part(xlsx: bytes, part: str, chunks) -> bytes:
    """The same workbook with ``part`` replaced by ``chunks`` (written streaming, deflated)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == part:
                with target.open(part, "w", force_zip64=True) as stream:
                    for chunk in chunks:
                        stream.write(chunk)
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A small XLSX whose sheet unpacks to 64 MB: about 1.4 million rows."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    block = row * 20000
    chunks = [SHEET_HEAD, *([block] * 64), SHEET_TAIL]
    return _replace_part(_xlsx([["name"]]), SHEET, chunks)


def test_xlsx_zip_bomb_is_refused_before_parsing(zip_bomb):
    assert len(zip_bomb) < 500_000
    message = refused(tabular.read_table, zip_bomb, "register.xlsx")
    assert "uitgepakt te groot" in message


def test_xlsx_with_an_entity_expansion_is_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                         for i in range(1, 10))
              + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    data = _replace_part(_xlsx([["name"], ["a"]]), SHEET, [SHEET_HEAD, b'<row><c t="s"><v>0</v></c></row>', SHEET_TAIL])
    data = _add_part(data, "xl/sharedStrings.xml", laughs)
    assert "DTD" in refused(tabular.read_table, data, "register.xlsx")


def _add_part(xlsx: bytes, part: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
        target.writestr(part, content)
    return out.getvalue()


def test_xlsx_with_too_many_rows_is_refused_while_reading():
    rows = [[f"r{i}"] for i in range(60)]
    limits = tabular.Limits(max_rows=50)
    with bounded(), pytest.raises(ValidationError, match="Te veel regels"):
        tabular.read_xlsx(_xlsx([["name"], *rows]), limits)


def test_xlsx_with_a_value_far_to_the_right_is_refused_not_dropped():
    sheet = [SHEET_HEAD, b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
             b'<c r="XFD1" t="inlineStr"><is><t>verstopt</t></is></c></row>', SHEET_TAIL]
    data = _replace_part(_xlsx([["name"]]), SHEET, sheet)
    assert "Te veel kolommen" in refused(tabular.read_table, data, "register.xlsx")


def test_xlsx_with_a_lying_dimension_is_read_in_full():
    sheet = [SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:A2"/><sheetData>'),
             b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>v%d</t></is></c></row>' % (i, i, i)
                      for i in range(1, 6)), SHEET_TAIL]
    data = _replace_part(_xlsx([["name"]]), SHEET, sheet)
    assert [r["v1"] for r in tabular.read_table(SimpleUploadedFile("r.xlsx", data))] == ["v2", "v3", "v4", "v5"]


def test_xlsx_with_millions_of_empty_rows_is_refused():
    sheet = [SHEET_HEAD, b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
             b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>', SHEET_TAIL]
    data = _replace_part(_xlsx([["name"]]), SHEET, sheet)
    assert "lege regels" in refused(tabular.read_table, data, "register.xlsx")


def test_too_long_cell_is_refused():
    data = _xlsx([["name"], ["x" * 20_000]])
    assert "te lang" in refused(tabular.read_table, data, "register.xlsx")


def test_ordinary_xlsx_is_read():
    rows = tabular.read_table(SimpleUploadedFile("r.xlsx", _xlsx([["name", "n"], ["a", 1], [None, None], ["b", 2]])))
    assert rows == [{"name": "a", "n": "1"}, {"name": "b", "n": "2"}]


def test_huge_csv_is_refused_within_bounds():
    data = b"name;purposes\n" + b"a;b\n" * 450_000  # 1.8 MB, under the size cap
    assert "Te veel regels" in refused(tabular.read_table, data, "register.csv")


def test_csv_over_the_size_cap_is_not_even_read():
    assert "te groot" in refused(tabular.read_table, b"a;b\n" * 600_000, "register.csv")


def test_csv_with_a_giant_field_or_row_is_refused():
    assert "te lang" in refused(tabular.read_table, b"name\n" + b"x" * 1_500_000 + b"\n", "register.csv")
    assert "Te veel kolommen" in refused(tabular.read_table, b"name\n" + b";" * 1_000_000 + b"x\n", "register.csv")


def test_ordinary_csv_is_read_with_either_separator():
    assert tabular.read_table(SimpleUploadedFile("r.csv", "\ufeffname;n\nä;1\n\n".encode())) == [{"name": "ä", "n": "1"}]
    assert tabular.read_table(SimpleUploadedFile("r.csv", b'name,n\n"a,b",1\n')) == [{"name": "a,b", "n": "1"}]


# --- YAML ------------------------------------------------------------------------------------------

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


def _yaml_refused(text) -> str:
    with bounded(), pytest.raises(ValidationError) as exc:
        bounded_yaml.load(text)
    return " ".join(exc.value.messages)


def test_yaml_billion_laughs_is_refused():
    assert len(BILLION_LAUGHS) < 700
    assert "aliassen" in _yaml_refused(BILLION_LAUGHS)


def test_yaml_expansion_with_few_aliases_is_refused():
    text = "a: &a " + "x" * 100_000 + "\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20))
    assert "uitgepakt te groot" in _yaml_refused(text)


def test_deeply_nested_yaml_is_refused():
    assert "te diep genest" in _yaml_refused("[" * 100_000 + "]" * 100_000)
    assert "te diep genest" in _yaml_refused("".join(" " * i + "a:\n" for i in range(200)) + " " * 200 + "b: 1\n")


def test_yaml_that_refers_to_itself_is_refused():
    assert "kringverwijzing" in _yaml_refused("a: &a [1, *a]\n")


@pytest.mark.parametrize("text", ["a: " + "9" * 5000, "a: 2026-13-45", "a: [1, 2", "!!python/object:os.system x"])
def test_unreadable_yaml_values_give_a_message_not_an_error(text):
    assert _yaml_refused(text)


def test_ordinary_yaml_with_a_few_aliases_is_read():
    assert bounded_yaml.load("a: &x {b: 1}\nc: *x\nd: [1, 2]\n") == {"a": {"b": 1}, "c": {"b": 1}, "d": [1, 2]}
