"""Import of training completions from an e-learning platform's CSV or XLSX export.

Modelled on ``register.importing``: ``parse`` reads the file within bounds (``core.tabular``) and
checks every row, reporting errors per row in Dutch ("Rij 3: onbekende medewerker 'x'."); ``apply``
writes only a report without any error, in one transaction: an unknown employee (or any other bad
row) means nothing is imported. Rows already recorded are reported as "al bekend" and skipped, so
importing the same export twice changes nothing.

Columns (headings are matched case-insensitively, with the usual names of e-learning exports):
the employee (``gebruikersnaam`` or ``e-mail``), the training (``training``: its code or name) and
the date it was completed (``datum``: 2026-03-15, 15-03-2026 or 15/03/2026).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.exports import restore_neutralised
from privacyregie.core.tabular import Limits, read_table

from .models import Completion
from .services import employees, find_course, record_completion

log = logging.getLogger("privacyregie.people")
LIMITS = Limits(max_bytes=2 * 1024 * 1024, max_rows=5000, max_columns=50)
ALIASES = {
    "user": ("gebruikersnaam", "username", "gebruiker", "user", "e-mail", "email", "e-mailadres", "medewerker"),
    "course": ("training", "cursus", "course", "module", "code"),
    "date": ("datum", "afgerond op", "afgerond", "completed", "completion date", "voltooid op", "date"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


@dataclass
class RowResult:
    line: int
    user: str = ""
    course: str = ""
    date: str = ""
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "nieuw" or "al bekend"
    user_id: int | None = None
    course_id: int | None = None


@dataclass
class ImportReport:
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)

    @property
    def invalid(self):
        return [r for r in self.rows if r.errors]

    @property
    def new(self):
        return [r for r in self.rows if not r.errors and r.action == "nieuw"]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.invalid and bool(self.rows)

    def as_payload(self) -> dict:
        return {"rows": [r.__dict__ for r in self.rows], "file_errors": self.file_errors}

    @classmethod
    def from_payload(cls, payload: dict) -> ImportReport:
        return cls(rows=[RowResult(**r) for r in payload["rows"]], file_errors=payload["file_errors"])


def _row_error(line: int, message: str) -> str:
    return _("Rij %(row)s: %(message)s") % {"row": line, "message": message}


def _columns(header) -> tuple[dict[str, str], list[str]]:
    mapping, errors = {}, []
    lowered = {h.strip().lower(): h for h in header if h and h.strip()}
    for key, names in ALIASES.items():
        found = next((lowered[name] for name in names if name in lowered), None)
        if found is None:
            errors.append(_("De kolom '%(column)s' ontbreekt.") % {"column": names[0]})
        else:
            mapping[key] = found
    return mapping, errors


def _date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse(organisation, uploaded) -> ImportReport:
    try:
        raw = read_table(uploaded, LIMITS)
    except ValidationError as exc:
        return ImportReport(rows=[], file_errors=exc.messages)
    return check(organisation, [{k: restore_neutralised(v) for k, v in row.items()} for row in raw])


def check(organisation, raw_rows: list[dict]) -> ImportReport:
    if not raw_rows:
        return ImportReport(rows=[], file_errors=[_("Het bestand bevat geen regels.")])
    mapping, errors = _columns(list(raw_rows[0].keys()))
    if errors:
        return ImportReport(rows=[], file_errors=errors)
    staff = employees(organisation)
    today = timezone.localdate()
    rows, seen = [], set()
    for index, raw in enumerate(raw_rows, start=2):  # row 1 is the heading
        row = RowResult(line=index, user=(raw.get(mapping["user"]) or "").strip(),
                        course=(raw.get(mapping["course"]) or "").strip(), date=(raw.get(mapping["date"]) or "").strip())
        if not (row.user or row.course or row.date):
            continue
        user = staff.filter(Q(username__iexact=row.user) | Q(email__iexact=row.user)).first() if row.user else None
        if user is None:
            row.errors.append(_row_error(index, _("onbekende medewerker '%(user)s'.") % {"user": row.user}))
        course = find_course(organisation, row.course)
        if course is None:
            row.errors.append(_row_error(index, _("onbekende training '%(course)s'.") % {"course": row.course}))
        day = _date(row.date)
        if day is None:
            row.errors.append(_row_error(index, _("'%(date)s' is geen datum (gebruik bijvoorbeeld 2026-03-15 of "
                                                  "15-03-2026).") % {"date": row.date}))
        elif day > today:
            row.errors.append(_row_error(index, _("de datum ligt in de toekomst.")))
        if not row.errors:
            row.user_id, row.course_id, row.date = user.pk, course.pk, day.isoformat()
            key = (user.pk, course.pk, day)
            if key in seen:
                row.errors.append(_row_error(index, _("dezelfde regel staat al eerder in het bestand.")))
            else:
                seen.add(key)
                known = Completion.objects.filter(user=user, course=course, completed_on=day).exists()
                row.action = "al bekend" if known else "nieuw"
        rows.append(row)
    report = ImportReport(rows=rows)
    for row in report.invalid:
        log.warning("people: training import row refused: %s", "; ".join(row.errors))
    return report


@transaction.atomic
def apply(organisation, report: ImportReport, *, user=None) -> int:
    """Write the new completions of an error-free report (all or nothing); returns how many were added."""
    if not report.ok:
        raise ValidationError(_("Het bestand bevat fouten; er is niets geïmporteerd. Verbeter de regels en "
                                "probeer het opnieuw."))
    from privacyregie.core.models import User

    from .models import Course

    added = 0
    for row in report.new:
        employee = User.objects.get(pk=row.user_id, organisation=organisation)
        course = Course.objects.get(pk=row.course_id, organisation=organisation)
        day = datetime.date.fromisoformat(row.date)
        if Completion.objects.filter(user=employee, course=course, completed_on=day).exists():
            continue  # recorded since the dry run
        record_completion(user=employee, course=course, completed_on=day, source=Completion.Source.IMPORT,
                          recorded_by=user)
        added += 1
    return added
