"""Import of connection logs from a jump host, VPN or PAM (issue 14 §3).

Two formats, each line one session with user, system, start and end:

* a table (``.csv`` or ``.xlsx``) with the columns ``gebruiker``, ``systeem``, ``begin``, ``einde``
  (or ``user``, ``system``, ``start``, ``end``);
* syslog lines (``.log`` or ``.txt``): anything before ``user=... system=... start=... end=...``
  (e.g. ``Dec  1 09:12:01 jump01 pam: user=leverancier system=regiesysteem start=... end=...``).

Times are ISO 8601; a time without offset is Europe/Amsterdam. An unknown user or system, a bad
time, or an end before the start is a per-line error and then nothing is imported (a dry run
shows the errors first). A session not wholly inside an approved window of that user on that
system becomes a security incident for the CISO through ``incidents.services``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from privacyregie.core.models import User
from privacyregie.core.roles import Role
from privacyregie.core.tabular import Limits, read_table, read_upload
from privacyregie.core.usernames import normalise_username

LIMITS = Limits(max_rows=5000)
COLUMNS = {"gebruiker": "user", "user": "user", "systeem": "system", "system": "system", "begin": "start",
           "start": "start", "einde": "end", "end": "end"}
SYSLOG_FIELD = re.compile(r"\b(user|system|start|end)=(\S+)")


@dataclass
class Line:
    number: int
    texts: dict
    user: object = None
    system: object = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    lines: list[Line]
    file_errors: list[str] = field(default_factory=list)
    log: object = None
    out_of_window: int = 0
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(line.errors for line in self.lines)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [_("Regel %(n)s: %(e)s") % {"n": line.number, "e": error}
                                   for line in self.lines for error in line.errors]


def _read(uploaded) -> list[tuple[int, dict]]:
    name = (getattr(uploaded, "name", "") or "").lower()
    if name.endswith((".csv", ".xlsx")):
        rows = read_table(uploaded, LIMITS)
        result = []
        for index, row in enumerate(rows, start=2):
            texts = {COLUMNS[k.strip().lower()]: (v or "").strip() for k, v in row.items()
                     if k and k.strip().lower() in COLUMNS}
            result.append((index, texts))
        if rows and not {"user", "system", "start", "end"} <= set(result[0][1]):
            raise ValidationError(_("De kolommen gebruiker, systeem, begin en einde ontbreken."))
        return result
    if not name.endswith((".log", ".txt")):
        raise ValidationError(_("Upload een .csv-, .xlsx-, .log- of .txt-bestand."))
    raw = read_upload(uploaded, LIMITS)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Een logbestand moet UTF-8 tekst bevatten.")) from exc
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(result) >= LIMITS.max_rows:
            raise ValidationError(_("Te veel regels (maximaal %(n)s).") % {"n": LIMITS.max_rows})
        result.append((number, dict(SYSLOG_FIELD.findall(line))))
    if not result:
        raise ValidationError(_("Het bestand is leeg."))
    return result


def parse_moment(text: str) -> datetime | None:
    """An ISO 8601 moment; without offset it is Europe/Amsterdam time."""
    try:
        moment = parse_datetime((text or "").strip().replace(" ", "T", 1))
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def check(organisation, uploaded) -> ImportResult:
    """Read and check every line; nothing is stored."""
    from .models import RemoteAccessSystem

    try:
        rows = _read(uploaded)
    except ValidationError as exc:
        return ImportResult(lines=[], file_errors=exc.messages)
    users = {}
    systems = {}
    lines = []
    for number, texts in rows:
        line = Line(number, texts)
        username = normalise_username(texts.get("user", ""))
        if not username:
            line.errors.append(_("de gebruiker ontbreekt."))
        else:
            if username not in users:
                users[username] = (User.objects.filter(username=username, organisation=organisation)
                                   .prefetch_related("role_assignments").first())
            line.user = users[username]
            if line.user is None or Role.SUPPLIER not in line.user.roles:
                line.errors.append(_("onbekende gebruiker '%(u)s' (geen leverancier van deze gemeente).")
                                   % {"u": texts.get("user", "")[:100]})
        system_name = texts.get("system", "")
        if not system_name:
            line.errors.append(_("het systeem ontbreekt."))
        else:
            if system_name not in systems:
                found = RemoteAccessSystem.objects.filter(organisation=organisation)
                systems[system_name] = (found.filter(access_name=system_name).first()
                                        or found.filter(system__name=system_name).first())
            line.system = systems[system_name]
            if line.system is None:
                line.errors.append(_("onbekend systeem '%(s)s' (geen systeem met inbeltoegang).")
                                   % {"s": system_name[:100]})
        line.started_at = parse_moment(texts.get("start", ""))
        line.ended_at = parse_moment(texts.get("end", ""))
        if line.started_at is None:
            line.errors.append(_("het begin is geen geldig tijdstip (ISO 8601, bijvoorbeeld 2026-12-01T09:00)."))
        if line.ended_at is None:
            line.errors.append(_("het einde is geen geldig tijdstip (ISO 8601, bijvoorbeeld 2026-12-01T10:00)."))
        if line.started_at and line.ended_at and line.ended_at < line.started_at:
            line.errors.append(_("het einde ligt voor het begin."))
        lines.append(line)
    return ImportResult(lines=lines)


def covering_window(line: Line):
    """The approved window of this user on this system that holds the whole session, or None."""
    from .models import AccessRequest, Status

    return AccessRequest.objects.filter(system=line.system, requester=line.user, status=Status.APPROVED,
                                        starts_at__lte=line.started_at, ends_at__gte=line.ended_at).first()


def import_connection_log(request, organisation, uploaded, *, dry_run: bool = False) -> ImportResult:
    """Check the file; unless it is a dry run and when every line is right, store all sessions and
    make an incident of every session outside an approved window. With any error nothing is stored
    and the refusal is logged."""
    from privacyregie.core.models import SecurityEvent
    from privacyregie.core.security import record_event

    from .models import ConnectionLogImport, ConnectionSession

    result = check(organisation, uploaded)
    name = (getattr(uploaded, "name", "") or "")[:200]
    if not result.ok:
        record_event(request, SecurityEvent.Kind.REMOTE_ACCESS,
                     detail=f"verbindingslog {name} geweigerd: {len(result.errors)} fout(en)")
        return result
    if dry_run:
        return result
    with transaction.atomic():
        result.log = ConnectionLogImport.objects.create(organisation=organisation, file_name=name,
                                                        imported_by=getattr(request, "user", None))
        for line in result.lines:
            window = covering_window(line)
            session = ConnectionSession.objects.create(
                organisation=organisation, log=result.log, user=line.user, system=line.system,
                started_at=line.started_at, ended_at=line.ended_at, request=window, out_of_window=window is None)
            if window is None:
                session.incident_uuid = _incident(organisation, session).uuid
                session.save(update_fields=["incident_uuid"])
                result.out_of_window += 1
            result.imported += 1
        record_event(request, SecurityEvent.Kind.REMOTE_ACCESS,
                     detail=f"verbindingslog {name}: {result.imported} sessies, {result.out_of_window} buiten venster")
    return result


def _incident(organisation, session):
    from privacyregie.incidents.models import Source
    from privacyregie.incidents.services import create_security_incident

    def local(moment):
        return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")

    return create_security_incident(
        organisation,
        _("Leverancier buiten goedgekeurd venster: %(u)s op %(s)s") % {"u": session.user.username,
                                                                       "s": session.system.system.name},
        _("Uit het verbindingslog van de inbelvoorziening blijkt een sessie van %(u)s op %(s)s van %(a)s tot %(b)s "
          "die niet (geheel) binnen een goedgekeurd venster valt. Onderzoek wat er is gedaan en of de toegang "
          "moet worden beperkt.") % {"u": session.user.username, "s": session.system.system.name,
                                     "a": local(session.started_at), "b": local(session.ended_at)},
        source=Source.SYSTEM, occurred_at=session.started_at,
        reporter_name=_("Privacyregie (verbindingslog inbeltoegang)"),
    )
