"""Import of a register from CSV or XLSX (the export layout is the template).

``parse`` reads and validates every row and reports errors per row; ``apply`` writes only
when asked, in one transaction: everything, or only the valid rows if the user chooses so.
Nothing is half-imported.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from privacyregie.core.validators import control_character_errors

from .art30 import RegisterStatus
from .exporting import BOOLEAN_FIELDS
from .models import VERSION_FIELDS, LegalBasis, ProcessingActivity, ProcessingActivityVersion, ResponsibleBody
from .services import save_activity, version_data

COLUMNS = VERSION_FIELDS
# Always required; what AVG art. 30 requires of an activity in force is checked per row by the model's rule
# (art30.validate_art30_1), the same one the form and the API use. A missing ``status`` column means "in gebruik".
REQUIRED = ["name", "legal_basis"]
MAX_IMPORT_SIZE = 2 * 1024 * 1024
MAX_ROWS = 2000
TRUE, FALSE = {"ja", "yes", "true", "1", "waar"}, {"nee", "no", "false", "0", "onwaar", ""}


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


def _read_rows(uploaded) -> list[dict]:
    name = (getattr(uploaded, "name", "") or "").lower()
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_IMPORT_SIZE:
        raise ValidationError(_("Het bestand is te groot (maximaal 2 MB)."))
    raw = uploaded.read(MAX_IMPORT_SIZE + 1)
    if len(raw) > MAX_IMPORT_SIZE:
        raise ValidationError(_("Het bestand is te groot (maximaal 2 MB)."))
    if name.endswith(".xlsx"):
        if not raw.startswith(b"PK"):
            raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."))
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx).")) from exc
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            raise ValidationError(_("Het bestand is leeg."))
        header = [str(h or "").strip() for h in values[0]]
        return [dict(zip(header, ["" if v is None else str(v) for v in row], strict=False)) for row in values[1:]
                if any(v not in (None, "") for v in row)]
    if name.endswith(".csv"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Een CSV-bestand moet UTF-8 tekst bevatten.")) from exc
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,") if text else csv.excel
        return list(csv.DictReader(io.StringIO(text), dialect=dialect))
    raise ValidationError(_("Upload een .csv- of .xlsx-bestand volgens het sjabloon."))


def parse(organisation, uploaded) -> ImportReport:
    try:
        raw_rows = _read_rows(uploaded)
    except ValidationError as exc:
        return ImportReport(rows=[], file_errors=exc.messages)
    if not raw_rows:
        return ImportReport(rows=[], file_errors=[_("Het bestand bevat geen regels.")])
    header = set(raw_rows[0].keys())
    missing = [c for c in REQUIRED if c not in header]
    unknown = sorted(c for c in header if c and c not in COLUMNS)
    file_errors = []
    if missing:
        file_errors.append(_("Ontbrekende kolommen: %(c)s.") % {"c": ", ".join(missing)})
    if unknown:
        file_errors.append(_("Onbekende kolommen: %(c)s.") % {"c": ", ".join(unknown)})
    if len(raw_rows) > MAX_ROWS:
        file_errors.append(_("Te veel regels (maximaal %(n)s).") % {"n": MAX_ROWS})
    if file_errors:
        return ImportReport(rows=[], file_errors=file_errors)
    results, seen = [], {}
    existing = {a.name: a for a in ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("versions")}
    for line, raw in enumerate(raw_rows, start=2):
        result = RowResult(line=line, name=(raw.get("name") or "").strip())
        data = {}
        for column in COLUMNS:
            value = (raw.get(column) or "").strip()
            if column in BOOLEAN_FIELDS:
                if value.lower() not in TRUE | FALSE:
                    result.errors.append(_("%(c)s: gebruik ja of nee.") % {"c": column})
                data[column] = value.lower() in TRUE
            else:
                data[column] = value
        for column, messages in control_character_errors({c: raw.get(c) or "" for c in COLUMNS}).items():
            result.errors.append(f"{column}: {messages[0]}")
        for column in REQUIRED:
            if not data.get(column):
                result.errors.append(_("%(c)s is verplicht.") % {"c": column})
        if data["legal_basis"] and data["legal_basis"] not in LegalBasis.values:
            result.errors.append(_("Onbekende grondslag '%(v)s'. Toegestaan: %(ok)s.") % {
                "v": data["legal_basis"], "ok": ", ".join(LegalBasis.values)})
        if not data["status"]:
            data["status"] = RegisterStatus.IN_FORCE
        if not data["responsible_body"]:
            data["responsible_body"] = ResponsibleBody.BOARD
        elif data["responsible_body"] not in ResponsibleBody.values:
            result.errors.append(_("Onbekend bestuursorgaan '%(v)s'.") % {"v": data["responsible_body"]})
        if result.name in seen:
            result.errors.append(_("Dubbele naam: ook op regel %(n)s.") % {"n": seen[result.name]})
        seen.setdefault(result.name, line)
        if not result.errors:
            candidate = ProcessingActivityVersion(number=1, **data)
            try:
                candidate.full_clean(exclude=["activity"])
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    result.errors.extend(f"{field_name}: {m}" for m in messages)
        current = existing[result.name].current if result.name in existing else None
        if current is None:
            result.action = _("nieuw")
        elif version_data(current) == data:
            result.action = _("ongewijzigd")
        else:
            result.action = _("gewijzigd")
        result.data = data
        results.append(result)
    return ImportReport(rows=results)


@transaction.atomic
def apply(organisation, report: ImportReport, *, user=None, only_valid: bool = False) -> int:
    if report.file_errors or (report.invalid and not only_valid):
        raise ValidationError(_("Er is niets geïmporteerd: los eerst de fouten op, of kies voor alleen de goede regels."))
    written = 0
    for row in report.valid:
        activity = ProcessingActivity.objects.filter(organisation=organisation, name=row.name).first()
        if activity is not None and activity.current is not None and version_data(activity.current) == row.data:
            continue
        save_activity(organisation, row.data, user=user, activity=activity, note=_("geïmporteerd"))
        written += 1
    return written
