"""Import of a register from CSV or XLSX, in the user's language (the export layout is the template).

``read`` reads the file within bounds (``core.tabular``: size, rows, columns, cell length,
unpacked size and time); ``check`` validates every row and reports errors per row, in Dutch,
naming the row and the column by its heading ("Rij 3, kolom 'Naam': is verplicht."); ``apply``
writes only when asked, in one transaction: everything, or only the valid rows if the user
chooses so. Nothing is half-imported. Headings and values are read by ``layout``: the Dutch
headings and labels of the template, and still the older field names, codes and ISO 8601 periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from privacyregie.core.exports import restore_neutralised
from privacyregie.core.tabular import Limits, read_table
from privacyregie.core.validators import control_character_errors

from . import layout
from .art30 import RegisterStatus
from .models import VERSION_FIELDS, ProcessingActivity, ProcessingActivityVersion, ResponsibleBody
from .services import save_activity, version_data

COLUMNS = VERSION_FIELDS
# Always required; what AVG art. 30 requires of an activity in force is checked per row by the model's rule
# (art30.validate_art30_1), the same one the form and the API use. A missing ``status`` column means "in gebruik".
REQUIRED = ["name", "legal_basis"]
MAX_IMPORT_SIZE = 2 * 1024 * 1024
MAX_ROWS = 2000
LIMITS = Limits(max_bytes=MAX_IMPORT_SIZE, max_rows=MAX_ROWS, max_columns=len(VERSION_FIELDS) + 20)
PROGRESS_EVERY = 25  # rows between two progress reports


@dataclass
class RowResult:
    line: int
    name: str
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "nieuw", "gewijzigd", "ongewijzigd"


@dataclass
class ImportReport:
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)

    @property
    def valid(self):
        return [r for r in self.rows if not r.errors]

    @property
    def invalid(self):
        return [r for r in self.rows if r.errors]

    @property
    def ok(self):
        return not self.file_errors and not self.invalid

    def as_payload(self) -> dict:
        return {"rows": [r.__dict__ for r in self.rows], "file_errors": self.file_errors}

    @classmethod
    def from_payload(cls, payload: dict) -> ImportReport:
        return cls(rows=[RowResult(**r) for r in payload["rows"]], file_errors=payload["file_errors"])


def cell_error(line: int, column: str, message: str) -> str:
    """One error of one cell, wholly in Dutch: "Rij 3, kolom 'Naam': is verplicht."."""
    return _("Rij %(row)s, kolom '%(column)s': %(message)s") % {
        "row": line, "column": layout.heading(column), "message": message}


def row_error(line: int, message: str) -> str:
    return _("Rij %(row)s: %(message)s") % {"row": line, "message": message}


def read(uploaded) -> list[dict]:
    """The rows of an upload (header row = keys); raises ValidationError with a Dutch message."""
    rows = read_table(uploaded, LIMITS)
    return [{key: restore_neutralised(value) for key, value in row.items()} for row in rows]


def parse(organisation, uploaded, progress=None) -> ImportReport:
    try:
        raw_rows = read(uploaded)
    except ValidationError as exc:
        return ImportReport(rows=[], file_errors=exc.messages)
    return check(organisation, raw_rows, progress)


def _columns(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map the file's headings to fields; returns (heading -> field, file errors)."""
    mapping, unknown, twice = {}, [], []
    for text in header:
        if not text.strip():
            continue
        column = layout.field_for(text)
        if column is None:
            unknown.append(text)
        elif column in mapping.values():
            twice.append(layout.heading(column))
        else:
            mapping[text] = column
    errors = []
    missing = [layout.heading(c) for c in REQUIRED if c not in mapping.values()]
    if missing:
        errors.append(_("Ontbrekende kolommen: %(c)s. Gebruik de kolomkoppen van het sjabloon.")
                      % {"c": ", ".join(f"'{m}'" for m in missing)})
    if unknown:
        errors.append(_("Onbekende kolommen: %(c)s. Gebruik de kolomkoppen van het sjabloon.")
                      % {"c": ", ".join(f"'{u}'" for u in sorted(unknown))})
    for heading in twice:
        errors.append(_("De kolom '%(c)s' staat twee keer in het bestand.") % {"c": heading})
    return mapping, errors


def check(organisation, raw_rows: list[dict], progress=None) -> ImportReport:
    """Validate rows as ``read`` returns them; ``progress(done, total)`` is called along the way."""
    if not raw_rows:
        return ImportReport(rows=[], file_errors=[_("Het bestand bevat geen regels.")])
    mapping, file_errors = _columns(list(raw_rows[0].keys()))
    if file_errors:
        return ImportReport(rows=[], file_errors=file_errors)
    results, seen = [], {}
    existing = {a.name: a for a in ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("versions")}
    total = len(raw_rows)
    for line, raw in enumerate(raw_rows, start=2):
        texts = {column: "" for column in COLUMNS}
        texts.update({column: (raw.get(heading) or "") for heading, column in mapping.items()})
        result = _check_row(line, texts, seen)
        current = existing[result.name].current if result.name in existing else None
        if current is None:
            result.action = _("nieuw")
        elif version_data(current) == result.data:
            result.action = _("ongewijzigd")
        else:
            result.action = _("gewijzigd")
        results.append(result)
        if progress is not None and (line - 1) % PROGRESS_EVERY == 0:
            progress(line - 1, total)
    if progress is not None:
        progress(total, total)
    return ImportReport(rows=results)


def _check_row(line: int, texts: dict[str, str], seen: dict[str, int]) -> RowResult:
    result = RowResult(line=line, name=texts["name"].strip())
    data = {}
    for column in COLUMNS:
        try:
            data[column] = layout.from_cell(column, texts[column])
        except ValidationError as exc:
            result.errors.extend(cell_error(line, column, m) for m in exc.messages)
            data[column] = texts[column].strip()
    for column, messages in control_character_errors(texts).items():
        result.errors.append(cell_error(line, column, messages[0]))
    for column in REQUIRED:
        if not data.get(column):
            result.errors.append(cell_error(line, column, _("is verplicht.")))
    if not data["status"]:
        data["status"] = RegisterStatus.IN_FORCE
    if not data["responsible_body"]:
        data["responsible_body"] = ResponsibleBody.BOARD
    if result.name and result.name in seen:
        result.errors.append(cell_error(line, "name", _("dezelfde naam staat ook op rij %(n)s.") % {"n": seen[result.name]}))
    seen.setdefault(result.name, line)
    if not result.errors:
        candidate = ProcessingActivityVersion(number=1, **data)
        try:
            candidate.full_clean(exclude=["activity"])
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                if field_name in COLUMNS:
                    result.errors.extend(cell_error(line, field_name, m) for m in messages)
                else:
                    result.errors.extend(row_error(line, m) for m in messages if field_name == NON_FIELD_ERRORS or m)
    result.data = data
    return result


@transaction.atomic
def apply(organisation, report: ImportReport, *, user=None, only_valid: bool = False, progress=None) -> int:
    if report.file_errors or (report.invalid and not only_valid):
        raise ValidationError(_("Er is niets geïmporteerd: los eerst de fouten op, of kies voor alleen de goede regels."))
    written = 0
    valid = report.valid
    for done, row in enumerate(valid, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(valid))
        activity = ProcessingActivity.objects.filter(organisation=organisation, name=row.name).first()
        if activity is not None and activity.current is not None and version_data(activity.current) == row.data:
            continue
        save_activity(organisation, row.data, user=user, activity=activity, note=_("geïmporteerd"))
        written += 1
    return written
