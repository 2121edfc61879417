"""Spreadsheet exports (CSV and XLSX): the one place where the project writes them.

Every CSV or XLSX file that Privacyregie hands out is written by this module, so that each of them:

* neutralises formula injection (OWASP "CSV injection"): a text value that a spreadsheet would
  read as a formula or DDE command (first character ``=``, ``+``, ``-``, ``@``, tab or carriage
  return, also after leading whitespace, and the full-width forms of ``= + - @``) gets an
  apostrophe in front in CSV; in XLSX it is stored as a text cell with the "quote prefix" style,
  so it is shown as text, stays text when edited, and keeps its exact value;
* replaces characters that XLSX cannot hold (C0 control characters other than tab, line feed
  and carriage return) by U+FFFD in both formats, so a stored ``\\x01`` never breaks an export
  and the reader sees that something was there; a value longer than an XLSX cell can hold is
  cut with a visible marker;
* is offered with a ``Content-Disposition`` header built by Django's helper.

This module never writes a formula: there is no way to put one into a file through it.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .files import download_response

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# First characters that make a spreadsheet evaluate a cell (OWASP CSV injection), plus the
# full-width forms some spreadsheet programs normalise.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Leading characters a spreadsheet skips before it looks for a formula.
_LEADING_SPACE = " \t\r\n\u00a0\u3000"
# XML 1.0 (and so XLSX) cannot hold these; the same set as openpyxl's ILLEGAL_CHARACTERS_RE.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"
XLSX_MAX_CELL = 32767
_CUT_MARKER = " […]"
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Cell = str | int | float | bool | datetime.date | datetime.datetime | None


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could evaluate ``text`` (also after leading whitespace)."""
    if not text:
        return False
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(_LEADING_SPACE).startswith(FORMULA_TRIGGERS)


def clean_text(text: str) -> str:
    """Replace characters that a spreadsheet file cannot hold by U+FFFD (never silently dropped)."""
    return _ILLEGAL.sub(REPLACEMENT, text)


def restore_neutralised(text: str) -> str:
    """Undo ``csv_value``'s apostrophe on import, so an exported file imports to the same values."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def csv_value(value: Cell) -> str:
    """A value as CSV text: formulas neutralised with a leading apostrophe, illegal characters replaced."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, int | float | datetime.date):
        return str(value)
    text = clean_text(str(value))
    return "'" + text if looks_like_formula(text) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, delimiter: str = ";") -> bytes:
    """A UTF-8 CSV file (with byte order mark, so spreadsheet programs read it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([csv_value(h) for h in header])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8", errors="replace")


@dataclass
class Sheet:
    """One worksheet: a title, a header row and the data rows.

    For a sheet that people fill in (an import template), ``choices`` maps a column (0-based) to
    the values allowed there: the column gets a drop-down list (a data validation that refers to a
    hidden sheet "Keuzelijsten", never a formula in a cell) for the first ``input_rows`` rows.
    ``notes`` puts a comment on each header cell, ``widths`` sets column widths.
    """

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    choices: Mapping[int, Sequence[str]] = field(default_factory=dict)
    notes: Sequence[str] | None = None
    widths: Sequence[int] | None = None
    input_rows: int = 1000


def sheet_title(title: str, index: int = 1) -> str:
    """A valid worksheet title: no ``[]:*?/\\``, at most 31 characters, never empty."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", clean_text(str(title))).strip().strip("'")[:31]
    return cleaned or f"Blad{index}"


def _xlsx_cell(sheet, value: Cell):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(timezone.localtime(value))
    if value is None or isinstance(value, bool | int | float | datetime.date):
        return WriteOnlyCell(sheet, value=value)
    text = clean_text(str(value))
    if len(text) > XLSX_MAX_CELL:
        text = text[:XLSX_MAX_CELL - len(_CUT_MARKER)] + _CUT_MARKER
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if looks_like_formula(text):
        cell.quotePrefix = True  # stays text when someone edits the cell
    return cell


CHOICE_SHEET = "Keuzelijsten"


def _header_cell(sheet, value: Cell, note: str | None):
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    cell = _xlsx_cell(sheet, value)
    cell.font = Font(bold=True)
    if note:
        cell.comment = Comment(clean_text(str(note)), "Privacyregie", width=320, height=140)
    return cell


def _add_choices(sheet, spec: Sheet, lists: list[Sequence[str]]) -> None:
    """Drop-down lists for ``spec.choices``; each list is written to a column of the hidden sheet."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for column, values in sorted(spec.choices.items()):
        lists.append(values)
        source = get_column_letter(len(lists))
        validation = DataValidation(
            type="list", formula1=f"'{CHOICE_SHEET}'!${source}$1:${source}${max(len(values), 1)}", allow_blank=True,
            showErrorMessage=True, errorTitle=_("Ongeldige waarde"), error=_("Kies een waarde uit de lijst."))
        letter = get_column_letter(column + 1)
        validation.add(f"{letter}2:{letter}{spec.input_rows + 1}")
        sheet.data_validations.append(validation)


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """An XLSX workbook with one worksheet per ``Sheet`` (written streaming, in write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    used: set[str] = {CHOICE_SHEET.lower()} if any(spec.choices for spec in sheets) else set()
    lists: list[Sequence[str]] = []
    for index, spec in enumerate(sheets, start=1):
        title = sheet_title(spec.title, index)
        if title.lower() in used:
            title = sheet_title(f"{title[:27]} {index}", index)
        used.add(title.lower())
        sheet = workbook.create_sheet(title)
        for column, width in enumerate(spec.widths or [], start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        if spec.notes is not None or spec.choices:
            sheet.freeze_panes = "A2"
        _add_choices(sheet, spec, lists)
        notes = list(spec.notes or [])
        sheet.append([_header_cell(sheet, h, notes[i] if i < len(notes) else None) if spec.notes is not None
                      else _xlsx_cell(sheet, h) for i, h in enumerate(spec.header)])
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    if lists:
        hidden = workbook.create_sheet(CHOICE_SHEET)
        hidden.sheet_state = "hidden"
        for row in range(max(len(values) for values in lists)):
            hidden.append([_xlsx_cell(hidden, values[row] if row < len(values) else None) for values in lists])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]], *, delimiter: str = ";"):
    return download_response(csv_bytes(header, rows, delimiter=delimiter), filename, CSV_CONTENT_TYPE)


def xlsx_response(filename: str, *sheets: Sheet):
    return download_response(xlsx_bytes(*sheets), filename, XLSX_CONTENT_TYPE)
