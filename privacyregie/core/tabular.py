"""Bounded reading of uploaded spreadsheets (CSV and XLSX) into rows of text.

A hostile file must be refused quickly, with a clear Dutch message, before it costs the server
much time or memory. Every limit is checked before or while reading, never after:

* the upload's size (bytes read are capped, the rest is never read);
* XLSX: the zip's declared uncompressed sizes (in total and per part), the number of parts,
  the compression ratio of large parts and encrypted parts are checked before any XML is parsed,
  and a part with a DTD (``<!DOCTYPE`` / ``<!ENTITY``: never in a real XLSX, the vehicle of entity
  expansion attacks) is refused; Python's zipfile enforces the declared sizes while reading;
* the sheet is read streaming (openpyxl ``read_only``), ignoring its declared dimensions (which may
  lie), so no row or column is silently left out;
* rows, columns, the length of each cell and the time spent are counted while reading, and
  reading stops at the first limit that is crossed.

This module never returns part of a file as if it were the whole: it returns every row or raises.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 2 * 1024 * 1024
    max_rows: int = 2000  # data rows, the header not included
    max_blank_rows: int = 2000  # empty rows between or after the data
    max_columns: int = 50
    max_cell_chars: int = 10_000
    max_uncompressed: int = 10 * 1024 * 1024  # XLSX: all parts together, unpacked
    max_parts: int = 200  # XLSX: files inside the zip
    max_ratio: int = 100  # XLSX: unpacked / packed, for parts larger than RATIO_FLOOR
    max_seconds: float = 5.0  # CPU time of the reading thread


RATIO_FLOOR = 1024 * 1024
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g}"


def read_upload(uploaded, limits: Limits) -> bytes:
    """The upload's bytes, or ValidationError when it is larger than ``limits.max_bytes``."""
    too_big = ValidationError(_("Het bestand is te groot (maximaal %(mb)s MB).") % {"mb": _mb(limits.max_bytes)})
    size = getattr(uploaded, "size", None)
    if size is not None and size > limits.max_bytes:
        raise too_big
    raw = uploaded.read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        raise too_big
    return raw


class _Reader:
    """Counts rows, blank rows, columns, cell length and time for one file."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.thread_time() + limits.max_seconds
        self.header: list[str] | None = None
        self.rows: list[dict[str, str]] = []
        self.blank = 0
        self.line = 0

    def add(self, values) -> None:
        self.line += 1
        if time.thread_time() > self.deadline:
            raise ValidationError(_("Het lezen van het bestand duurt te lang (meer dan %(s)s seconden); het is niet "
                                    "verwerkt.") % {"s": f"{self.limits.max_seconds:g}"})
        values = list(values)
        extra = values[self.limits.max_columns:]
        if extra and (extra.count(None) + extra.count("")) != len(extra):
            raise ValidationError(_("Te veel kolommen op regel %(line)s (maximaal %(n)s).")
                                  % {"line": self.line, "n": self.limits.max_columns})
        cells = ["" if v is None else str(v) for v in values[:self.limits.max_columns]]
        for cell in cells:
            if len(cell) > self.limits.max_cell_chars:
                raise ValidationError(_("Een cel op regel %(line)s is te lang (maximaal %(n)s tekens).")
                                      % {"line": self.line, "n": self.limits.max_cell_chars})
        if not any(c.strip() for c in cells):
            self.blank += 1
            if self.blank > self.limits.max_blank_rows:
                raise ValidationError(_("Te veel lege regels (maximaal %(n)s).") % {"n": self.limits.max_blank_rows})
            return
        if self.header is None:
            self.header = [c.strip() for c in cells]
            return
        if len(self.rows) >= self.limits.max_rows:
            raise ValidationError(_("Te veel regels (maximaal %(n)s).") % {"n": self.limits.max_rows})
        if any(c.strip() for c in cells[len(self.header):]):
            raise ValidationError(_("Regel %(line)s heeft meer waarden dan er kolommen zijn.") % {"line": self.line})
        self.rows.append(dict(zip(self.header, cells, strict=False)))


def check_xlsx_container(raw: bytes, limits: Limits) -> None:
    """Refuse a zip bomb or an XML entity trick before any part of the XLSX is parsed."""
    invalid = ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."))
    if not raw.startswith(b"PK\x03\x04"):
        raise invalid
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise invalid from exc
    if len(parts) > limits.max_parts:
        raise ValidationError(_("Het Excel-bestand bestaat uit te veel onderdelen (maximaal %(n)s).")
                              % {"n": limits.max_parts})
    unpacked_too_big = ValidationError(
        _("Het Excel-bestand is uitgepakt te groot (maximaal %(mb)s MB); het is niet verwerkt.")
        % {"mb": _mb(limits.max_uncompressed)})
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise ValidationError(_("Het Excel-bestand is versleuteld of met een wachtwoord beveiligd."))
        total += part.file_size
        if total > limits.max_uncompressed:
            raise unpacked_too_big
        if part.file_size > RATIO_FLOOR and part.file_size > limits.max_ratio * max(part.compress_size, 1):
            raise ValidationError(_("Het Excel-bestand is verdacht sterk gecomprimeerd; het is niet verwerkt."))
    try:
        for part in parts:
            if part.filename.endswith((".xml", ".rels")) and _has_dtd(archive, part):
                raise ValidationError(_("Het Excel-bestand bevat een DTD (entiteiten); dat komt in een echt "
                                        "Excel-bestand niet voor en wordt niet verwerkt."))
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise invalid from exc


def _has_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(part) as stream:  # zipfile stops at the declared size and checks the CRC
        while chunk := stream.read(256 * 1024):
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                return True
            tail = window[-16:]
    return False


def read_xlsx(raw: bytes, limits: Limits) -> list[dict[str, str]]:
    """The first worksheet's rows as dicts keyed by the header row (empty rows skipped)."""
    check_xlsx_container(raw, limits)
    from openpyxl import load_workbook

    reader = _Reader(limits)
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
        if not workbook.worksheets:
            raise ValidationError(_("Het bestand is leeg."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size may lie: read what is there, within the limits
        for values in sheet.iter_rows(values_only=True):
            reader.add(values)
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a broken file
        raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx).")) from exc
    finally:
        if workbook is not None:
            workbook.close()
    if reader.header is None:
        raise ValidationError(_("Het bestand is leeg."))
    return reader.rows


def read_csv(raw: bytes, limits: Limits) -> list[dict[str, str]]:
    """A UTF-8 CSV file (``;`` or ``,`` separated) as dicts keyed by the header row."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Een CSV-bestand moet UTF-8 tekst bevatten.")) from exc
    first = text.split("\n", 1)[0][:4096]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = _Reader(limits)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in rows:
            reader.add(values)
    except csv.Error as exc:
        raise ValidationError(_("Het CSV-bestand kan niet worden gelezen bij regel %(line)s: een cel is te lang of "
                                "de aanhalingstekens kloppen niet.") % {"line": rows.line_num}) from exc
    if reader.header is None:
        raise ValidationError(_("Het bestand is leeg."))
    return reader.rows


def read_table(uploaded, limits: Limits | None = None) -> list[dict[str, str]]:
    """Read an uploaded .csv or .xlsx within ``limits``; raise ValidationError (Dutch) otherwise."""
    limits = limits or Limits()
    name = (getattr(uploaded, "name", "") or "").lower()
    if not name.endswith((".csv", ".xlsx")):
        raise ValidationError(_("Upload een .csv- of .xlsx-bestand volgens het sjabloon."))
    raw = read_upload(uploaded, limits)
    if not raw:
        raise ValidationError(_("Het bestand is leeg."))
    return read_xlsx(raw, limits) if name.endswith(".xlsx") else read_csv(raw, limits)
