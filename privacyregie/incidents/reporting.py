"""Reporting an incident safely, and following it up with a receipt number and code.

A report is stored (with its attachments, encrypted) in one transaction *before* any
notification goes out; ``core.services.notify`` stores notifications and retries mail.
An anonymous report stores no user, no name and no IP address anywhere, and its
follow-up code is shown once and kept only as a hash. Unknown receipt and wrong code give
the same answer. Checking a code costs a deliberately slow password hash, so checks are
limited per source (the asking account), per receipt number (successful checks) and
overall, before any hash is computed; no stored row links an account to a report.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.files import store_encrypted
from privacyregie.core.roles import Role, is_external
from privacyregie.core.services import notify, users_with_role

from .deadlines import controller_awareness
from .models import (
    Attachment,
    FollowUpAttempt,
    Incident,
    IncidentType,
    ReporterVisibility,
    Source,
    TimelineEvent,
)

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Rate limits for checking follow-up codes (see docs/security.md and ADR 0041).
FOLLOW_UP_MAX_FAILURES = 5  # wrong codes or unknown receipts per source (account) per window
FOLLOW_UP_MAX_SUCCESSES = 10  # successful checks per receipt number per window
FOLLOW_UP_WINDOW = timedelta(minutes=15)
FOLLOW_UP_MAX_OVERALL = 30  # code checks (password hashes) of all sources together per overall window
FOLLOW_UP_OVERALL_WINDOW = timedelta(minutes=1)
MAX_PAST = timedelta(days=366 * 5)
CLOCK_SKEW = timedelta(minutes=5)
ATTACHMENT_TYPES = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "odt", "ods", "txt", "csv")


@dataclass(frozen=True)
class Receipt:
    incident: Incident
    receipt_number: str
    follow_up_code: str  # empty for named reports (followed under "Mijn meldingen")


def validate_moments(occurred_at: datetime | None, discovered_at: datetime | None, now=None) -> dict[str, str]:
    """Dutch messages per field for absurd dates; empty when all is well."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if discovered_at is None:
        errors["discovered_at"] = _("Vul in wanneer het incident is ontdekt.")
        return errors
    if discovered_at > now + CLOCK_SKEW:
        errors["discovered_at"] = _("Het moment van ontdekken ligt in de toekomst.")
    elif discovered_at < now - MAX_PAST:
        errors["discovered_at"] = _("Het moment van ontdekken ligt meer dan vijf jaar terug; controleer de datum.")
    if occurred_at is not None:
        if occurred_at > now + CLOCK_SKEW:
            errors["occurred_at"] = _("Het moment waarop het gebeurde ligt in de toekomst.")
        elif occurred_at > discovered_at:
            errors["occurred_at"] = _("Het incident kan niet later gebeurd zijn dan het is ontdekt.")
        elif occurred_at < now - MAX_PAST:
            errors["occurred_at"] = _("Het moment waarop het gebeurde ligt meer dan vijf jaar terug; controleer de datum.")
    return errors


def _new_receipt_number(now) -> str:
    return f"M{now:%y}-" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))


def _new_follow_up_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def handlers(organisation):
    """The CISOs and privacy officers of the organisation."""
    return (users_with_role(organisation, Role.CISO) | users_with_role(organisation, Role.PRIVACY_OFFICER)).distinct()


def report_incident(
    organisation,
    *,
    type: str,
    title: str,
    description: str,
    discovered_at: datetime,
    occurred_at: datetime | None = None,
    data_involved: str = "",
    affected_description: str = "",
    still_ongoing: bool = False,
    reporter=None,
    visibility: str = ReporterVisibility.NAMED,
    source: str = Source.EMPLOYEE,
    supplier_name: str = "",
    reporter_name: str = "",
    registered_by=None,
    attachments=(),
    received_at: datetime | None = None,
    processor_agreement=None,
) -> Receipt:
    """Store a report (and its checked uploads) first, then notify the handlers.

    ``attachments``: ``core.files.CheckedUpload`` objects. With ``visibility`` anonymous
    the reporter and any name are dropped here, whatever the caller passes. ``received_at``: for
    a processor's report, when it reached the municipality (default: now); the 72-hour clock of
    a data breach starts there (AVG art. 33(1) and (2), ``deadlines.controller_awareness``), while
    ``discovered_at`` keeps the processor's own discovery.
    """
    now = timezone.now()
    errors = validate_moments(occurred_at, discovered_at)
    by_processor = source == Source.PROCESSOR
    if received_at is not None and not by_processor:
        errors["received_at"] = _("Vul dit alleen in bij een melding van een verwerker.")
    elif received_at is not None and received_at > now + CLOCK_SKEW:
        errors["received_at"] = _("Het moment van ontvangst ligt in de toekomst.")
    elif received_at is not None and discovered_at is not None and received_at < discovered_at:
        errors["received_at"] = _("De melding kan niet eerder ontvangen zijn dan de verwerker het datalek ontdekte.")
    if type not in IncidentType.values:
        errors["type"] = _("Kies een soort incident.")
    if not (title or "").strip():
        errors["title"] = _("Geef een korte omschrijving.")
    if not (description or "").strip():
        errors["description"] = _("Beschrijf wat er is gebeurd.")
    if source == Source.PROCESSOR and not supplier_name.strip():
        errors["supplier_name"] = _("Vul de verwerker of leverancier in die het datalek meldde.")
    if processor_agreement is not None and (source != Source.PROCESSOR
                                            or processor_agreement.organisation_id != organisation.pk):
        errors["processor_agreement"] = _("Kies een verwerkersovereenkomst van deze gemeente bij een melding van een "
                                          "verwerker.")
    if errors:
        raise ValidationError(errors)

    anonymous = visibility == ReporterVisibility.ANONYMOUS
    code = _new_follow_up_code() if anonymous else ""
    # "gemeld op": when the report reached the municipality (a processor's letter may arrive before
    # it is registered here)
    reported_at = received_at or now
    awareness_at = controller_awareness(discovered_at, by_processor=by_processor, received_at=reported_at)
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    incident = Incident.objects.create(
                        organisation=organisation,
                        receipt_number=_new_receipt_number(now),
                        type=type,
                        title=title.strip()[:200],
                        description=description.strip(),
                        occurred_at=occurred_at,
                        discovered_at=discovered_at,
                        data_involved=data_involved.strip(),
                        affected_description=affected_description.strip(),
                        still_ongoing=still_ongoing,
                        source=source,
                        supplier_name=supplier_name.strip(),
                        processor_agreement=processor_agreement,
                        reporter_visibility=visibility,
                        reporter=None if anonymous else reporter,
                        reporter_name="" if anonymous else reporter_name.strip(),
                        registered_by=None if anonymous and source == Source.EMPLOYEE else registered_by,
                        follow_up_code_hash=make_password(code) if anonymous else "",
                        # a reported data breach starts the clock when the municipality became aware:
                        # at discovery, or when a processor's report was received; triage may adjust it
                        awareness_at=awareness_at if type == IncidentType.DATA_BREACH else None,
                        reported_at=reported_at,
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - 32^6 receipt numbers
            raise RuntimeError("no free receipt number")
        for upload in attachments:
            Attachment.objects.create(
                incident=incident, name=upload.name, content_type=upload.content_type, size=upload.size,
                sha256=upload.sha256, storage_name=store_encrypted(upload.data), added_at=now,
            )
        TimelineEvent.objects.create(
            incident=incident, at=now, text=_("Melding ontvangen. Bron: %(source)s.") % {"source": incident.get_source_display()},
            author=registered_by if source != Source.EMPLOYEE else None,
        )
        url = reverse("incidents:detail", kwargs={"uuid": incident.uuid})
        subject = _("Nieuwe melding %(nr)s: %(type)s") % {"nr": incident.receipt_number, "type": incident.get_type_display()}
        body = _("Er is een nieuwe melding binnengekomen: %(title)s. Beoordeel deze in Privacyregie.") % {
            "title": incident.title
        }
        # notify() stores the notifications in this transaction and mails after commit
        notify(handlers(organisation), subject, body, url=url, dedup_key=f"incident:{incident.pk}:new")
    return Receipt(incident, incident.receipt_number, code)


def reports_as_processor(user) -> bool:
    """Whether ``user`` reports for an organisation outside the municipality (chain partner, supplier).

    Such a person reports as the municipality's processor (AVG art. 33(2)): the report's source is
    "verwerker" and it names the processor's organisation.
    """
    return is_external(getattr(user, "roles", ()))


def last_processor_name(user) -> str:
    """The organisation this user named in their latest processor report (to prefill the form)."""
    return (
        Incident.objects.filter(organisation_id=user.organisation_id, reporter=user, source=Source.PROCESSOR)
        .order_by("-reported_at").values_list("supplier_name", flat=True).first()
        or ""
    )


def report_by_user(user, *, visibility: str = ReporterVisibility.NAMED, supplier_name: str = "", **fields) -> Receipt:
    """A report made by a logged-in user through the pages or the API.

    An internal user reports as an employee. An external user (``reports_as_processor``) reports as
    processor and must name their organisation; that name is kept also when the person reports
    anonymously. ``fields`` are those of ``report_incident``.
    """
    anonymous = visibility == ReporterVisibility.ANONYMOUS
    processor = reports_as_processor(user)
    try:
        return report_incident(
            # an application calling the API without an end user has no account to record (pk None)
            user.organisation, visibility=visibility, reporter=None if anonymous or not user.pk else user,
            source=Source.PROCESSOR if processor else Source.EMPLOYEE,
            supplier_name=supplier_name if processor else "", **fields,
        )
    except ValidationError as exc:
        if processor and "supplier_name" in getattr(exc, "error_dict", {}):
            # the processor names their own organisation: say so in their words
            exc.error_dict["supplier_name"] = [ValidationError(_("Vul de naam in van de organisatie namens wie u meldt."))]
        raise


def create_security_incident(organisation, title: str, description: str, *, source: str = Source.SYSTEM,
                             occurred_at: datetime | None = None, reporter_name: str = "") -> Incident:
    """A security incident found by a capability (e.g. a supplier session outside its approved window).

    Stored first, then the CISOs and privacy officers are notified (as every report). ``source`` is one
    of ``Source``; ``reporter_name`` says which part of Privacyregie found it.
    """
    now = timezone.now()
    receipt = report_incident(
        organisation, type=IncidentType.SECURITY_INCIDENT, title=title, description=description,
        discovered_at=now, occurred_at=occurred_at if occurred_at is None or occurred_at <= now else None,
        source=source, visibility=ReporterVisibility.NAMED,
        reporter_name=reporter_name or _("Privacyregie (systeem)"),
    )
    return receipt.incident


def register_system_incident(organisation, title: str, description: str) -> Incident:
    """A security incident found by the system itself (e.g. a broken log hash chain); notifies CISOs."""
    now = timezone.now()
    receipt = report_incident(
        organisation, type=IncidentType.SECURITY_INCIDENT, title=title, description=description,
        discovered_at=now, occurred_at=None, source=Source.SYSTEM, visibility=ReporterVisibility.NAMED,
        reporter_name=_("Privacyregie (systeem)"),
    )
    return receipt.incident


class FollowUpThrottled(PermissionError):
    """Too many follow-up checks; ``retry_after`` says how long the caller should wait at most."""

    def __init__(self, retry_after: timedelta):
        super().__init__(retry_after)
        self.retry_after = retry_after


def _key(*parts) -> str:
    raw = ":".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), raw, hashlib.sha256).hexdigest()


def _source_key(source: str) -> str:
    return _key("follow-up-source", source)


def _receipt_key(organisation_id, receipt_number: str) -> str:
    return _key("follow-up-receipt", organisation_id, receipt_number.strip().upper())


def _check_limits(organisation, receipt_number: str, source: str, now) -> None:
    """Raise ``FollowUpThrottled`` before any hash is computed when a limit is reached."""
    attempts = FollowUpAttempt.objects
    if attempts.filter(at__gt=now - FOLLOW_UP_OVERALL_WINDOW).count() >= FOLLOW_UP_MAX_OVERALL:
        raise FollowUpThrottled(FOLLOW_UP_OVERALL_WINDOW)
    since = now - FOLLOW_UP_WINDOW
    if attempts.filter(key_hash=_source_key(source), failed=True, at__gt=since).count() >= FOLLOW_UP_MAX_FAILURES:
        raise FollowUpThrottled(FOLLOW_UP_WINDOW)
    receipt_key = _receipt_key(organisation.pk, receipt_number)
    if attempts.filter(key_hash=receipt_key, failed=False, at__gt=since).count() >= FOLLOW_UP_MAX_SUCCESSES:
        raise FollowUpThrottled(FOLLOW_UP_WINDOW)


def follow_up_locked(organisation, receipt_number: str, source: str, now=None) -> bool:
    """Whether a follow-up check by ``source`` for this receipt number would be refused now."""
    try:
        _check_limits(organisation, (receipt_number or "").strip().upper(), source, now or timezone.now())
    except FollowUpThrottled:
        return True
    return False


_DUMMY_HASH = make_password("dummy-code-for-constant-time")


def follow_up(organisation, receipt_number: str, code: str, *, source: str) -> Incident | None:
    """The anonymous report for this receipt number and code, or None (same for unknown and wrong).

    ``source`` identifies who asks (e.g. ``"user:<pk>"``); it is stored only as a keyed hash, only
    with failed attempts, and never together with the receipt number. Raises ``FollowUpThrottled``
    (a ``PermissionError``) while a limit is reached: five failures per source per 15 minutes (that
    source only), ten successful checks per receipt per 15 minutes (only a code holder can reach
    it), thirty checks overall per minute (everyone, for at most a minute after the burst).
    """
    if not source:
        raise ValueError("a follow-up check needs its source")
    receipt_number = (receipt_number or "").strip().upper()
    now = timezone.now()
    _check_limits(organisation, receipt_number, source, now)
    incident = Incident.objects.filter(
        organisation=organisation, receipt_number=receipt_number, reporter_visibility=ReporterVisibility.ANONYMOUS
    ).first()
    normalised = (code or "").strip().upper()
    ok = check_password(normalised, incident.follow_up_code_hash if incident else _DUMMY_HASH)
    if incident is not None and ok:
        FollowUpAttempt.objects.create(key_hash=_receipt_key(organisation.pk, receipt_number), failed=False, at=now)
        return incident
    FollowUpAttempt.objects.create(key_hash=_source_key(source), failed=True, at=now)
    return None


def add_anonymous_information(incident: Incident, text: str) -> TimelineEvent:
    """The anonymous reporter adds information through the follow-up page (no author)."""
    if not (text or "").strip():
        raise ValidationError({"text": _("Vul de aanvulling in.")})
    event = TimelineEvent.objects.create(incident=incident, text=_("Aanvulling van de melder: %(t)s") % {"t": text.strip()})
    notify(handlers(incident.organisation), _("Aanvulling op melding %(nr)s") % {"nr": incident.receipt_number},
           _("De melder heeft informatie toegevoegd."), url=reverse("incidents:detail", kwargs={"uuid": incident.uuid}))
    return event


def reporter_label(incident: Incident, viewer_is_handler: bool) -> str:
    """Who reported, as the viewer may see it."""
    if incident.is_anonymous:
        return _("Anoniem")
    confidential = incident.reporter_visibility == ReporterVisibility.CONFIDENTIAL
    if confidential and not viewer_is_handler:
        return _("Vertrouwelijk (alleen zichtbaar voor CISO en privacy officer)")
    name = str(incident.reporter) if incident.reporter_id else (incident.reporter_name or "–")
    if confidential:
        return _("%(name)s (vertrouwelijk: niet delen buiten CISO en privacy officer)") % {"name": name}
    return name
