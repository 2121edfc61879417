"""Import of a register from CSV or XLSX (the export layout is the template).

``parse`` reads the file within bounds (``core.tabular``: size, rows, columns, cell length,
unpacked size and time) and validates every row and reports errors per row; ``apply`` writes only
when asked, in one transaction: everything, or only the valid rows if the user chooses so.
Nothing is half-imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from privacyregie.core.exports import restore_neutralised
from privacyregie.core.tabular import Limits, read_table
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
LIMITS = Limits(max_bytes=MAX_IMPORT_SIZE, max_rows=MAX_ROWS, max_columns=len(VERSION_FIELDS) + 20)
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
    rows = read_table(uploaded, LIMITS)
    return [{key: restore_neutralised(value) for key, value in row.items()} for row in rows]


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
