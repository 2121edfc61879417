"""Residents' requests (AVG art. 12, 15-22): intake, deadlines, acting, overview. What other capabilities call.

- ``record_event(request, actor, kind, detail="")``: one step in a request's history.
- ``answer_request(request, user, *, outcome, reasoning)``: records the decision and stops the clock.
- ``open_requests_for_case(case)``: reasons an open request of a resident of the case blocks destruction
  (registered with ``retention.services.register_hold_provider`` in ``RightsConfig.ready``).

Never stores a BSN typed in (only ``kernel.services.pseudonymise_bsn``), never a copy of an identity document,
and never answers differently for a BSN the organisation does not hold (no enumeration).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.models import Organisation
from privacyregie.core.prepared import PreparedQuery
from privacyregie.core.roles import Role
from privacyregie.core.services import notify, users_with_role
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import access, pseudonymise_bsn

from . import deadlines
from .models import (
    Channel,
    IdentityMethod,
    Outcome,
    PublicAttempt,
    Rectification,
    RepresentativeAuthority,
    RequestEvent,
    RequestKind,
    RequestStatus,
    Restriction,
    SubjectRequest,
)

log = logging.getLogger(__name__)

OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# abuse bounds of the public form and follow-up page (ADR 0065, after ADR 0041)
SUBMIT_MAX_PER_SOURCE = 3  # requests per visitor address per hour
SUBMIT_MAX_OVERALL = 60  # requests per hour for everyone together
SUBMIT_WINDOW = timedelta(hours=1)
FOLLOW_UP_MAX_FAILURES = 5  # wrong codes or unknown numbers per visitor address per window
FOLLOW_UP_MAX_SUCCESSES = 10  # successful checks per receipt number per window
FOLLOW_UP_WINDOW = timedelta(minutes=15)
FOLLOW_UP_MAX_OVERALL = 30  # code checks per minute for everyone together (bounds the hashing work)
FOLLOW_UP_OVERALL_WINDOW = timedelta(minutes=1)
REMINDER_DAYS = 7  # reminders this many days before the deadline
RECTIFIABLE_FIELDS = ("first_name", "last_name", "date_of_birth", "address", "postal_code", "city", "phone", "email")


def record_event(request: SubjectRequest, actor, kind: str, detail: str = "") -> RequestEvent:
    """Append one step to the request's history (``actor`` None: the resident or the system)."""
    return RequestEvent.objects.create(request=request, actor=actor if getattr(actor, "pk", None) else None,
                                       kind=kind[:40], detail=detail)


@transaction.atomic
def answer_request(request: SubjectRequest, user, *, outcome: str, reasoning: str) -> SubjectRequest:
    """Record the decision with its reasoning and stop the clock (status answered, ``answered_at`` now).

    Refuses (``ValidationError``, nothing changed) an unknown outcome, an empty reasoning, or a request
    that is no longer open."""
    if outcome not in Outcome.values or outcome == Outcome.NONE:
        raise ValidationError(_("Kies een besluit."))
    if not (reasoning or "").strip():
        raise ValidationError(_("Geef de motivering van het besluit."))
    locked = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_open:
        raise ValidationError(_("Dit verzoek is al afgehandeld."))
    locked.outcome = outcome
    locked.decision_reasoning = reasoning.strip()
    locked.status = RequestStatus.ANSWERED
    locked.answered_at = timezone.now()
    if locked.handler_id is None and getattr(user, "pk", None):
        locked.handler = user
    locked.save(update_fields=["outcome", "decision_reasoning", "status", "answered_at", "handler"])
    record_event(locked, user, "beantwoord", _("Besluit: %(outcome)s. %(reasoning)s") % {
        "outcome": locked.get_outcome_display(), "reasoning": locked.decision_reasoning})
    for field in ("outcome", "decision_reasoning", "status", "answered_at", "handler_id"):
        setattr(request, field, getattr(locked, field))
    return request


def open_requests_for_case(case) -> list[str]:
    """Reasons not to destroy ``case`` now: every open request of one of its residents (a legal hold).

    E.g. ``["open inzageverzoek V-2026-0003"]``."""
    resident_ids = list(case.case_residents.values_list("resident_id", flat=True))
    if not resident_ids:
        return []
    requests = SubjectRequest.objects.filter(organisation_id=case.organisation_id, resident_id__in=resident_ids,
                                             status__in=OPEN_STATUSES).order_by("received_at")
    return [_("open verzoek van betrokkene %(reference)s (%(kind)s)") % {
        "reference": r.reference, "kind": r.get_kind_display()} for r in requests]


# --- intake --------------------------------------------------------------------------------------------

class Throttled(PermissionError):
    """Too many attempts; ``retry_after`` is how long the caller should wait at most."""

    def __init__(self, retry_after: timedelta):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Receipt:
    request: SubjectRequest | None  # None: a honeypot submission (nothing stored, same answer)
    reference: str
    follow_up_code: str


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def _next_reference(organisation_id, received_at: datetime) -> str:
    year = received_at.astimezone(deadlines.AMSTERDAM).year
    prefix = f"V-{year}-"
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()  # one numberer at a time
    last = (SubjectRequest.objects.filter(organisation_id=organisation_id, reference__startswith=prefix)
            .order_by("-reference").values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _pseudonym(bsn: str) -> str:
    return pseudonymise_bsn(bsn) if (bsn or "").strip() else ""


def _validate(kind, channel, requester_name, representative_authority, representative_name, received_at):
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Kies de soort verzoek.")
    if channel not in Channel.values:
        errors["channel"] = _("Kies het kanaal waarlangs het verzoek binnenkwam.")
    if not (requester_name or "").strip():
        errors["requester_name"] = _("Vul de naam van de verzoeker in.")
    if representative_authority and representative_authority not in RepresentativeAuthority.values:
        errors["representative_authority"] = _("Kies de bevoegdheid van de vertegenwoordiger.")
    if representative_authority and not (representative_name or "").strip():
        errors["representative_name"] = _("Vul de naam van de vertegenwoordiger in.")
    if received_at > timezone.now() + timedelta(minutes=5):
        errors["received_at"] = _("De datum van ontvangst ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_request(user, *, kind: str, channel: str, requester_name: str, received_at: datetime | None = None,
                     requester_contact: str = "", bsn: str = "", description: str = "",
                     representative_name: str = "", representative_authority: str = "",
                     representative_evidence: str = "", organisation=None, follow_up_code: str = "") -> SubjectRequest:
    """Register a request received by letter, at the counter, by e-mail or phone (or, from ``submit_public``,
    the web form). The BSN typed in is kept only as the kernel's pseudonym. Raises ``ValidationError``."""
    organisation_id = organisation.pk if organisation is not None else user.organisation_id
    received_at = received_at or timezone.now()
    _validate(kind, channel, requester_name, representative_authority, representative_name, received_at)
    pseudonym = _pseudonym(bsn)  # raises the Dutch BSN message for an invalid number
    request = SubjectRequest.objects.create(
        organisation_id=organisation_id, reference=_next_reference(organisation_id, received_at), kind=kind,
        channel=channel, received_at=received_at, description=(description or "").strip(),
        requester_name=requester_name.strip(), requester_contact=(requester_contact or "").strip(),
        subject_pseudonym=pseudonym, representative_name=(representative_name or "").strip(),
        representative_authority=representative_authority or "",
        representative_evidence=(representative_evidence or "").strip(),
        due_on=deadlines.answer_due(received_at),
        follow_up_code_hash=make_password(follow_up_code) if follow_up_code else "",
    )
    record_event(request, user, "ontvangen", _("Ontvangen via %(channel)s; antwoord uiterlijk %(due)s.") % {
        "channel": request.get_channel_display(), "due": request.due_on.strftime("%d-%m-%Y")})
    return request


def _key(*parts) -> str:
    raw = ":".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), raw, hashlib.sha256).hexdigest()


def _count(kind, since, key_hash=None) -> int:
    attempts = PublicAttempt.objects.filter(kind=kind, at__gt=since)
    return (attempts.filter(key_hash=key_hash) if key_hash else attempts).count()


def submit_public(organisation, *, source: str, kind: str, requester_name: str, bsn: str = "",
                  requester_contact: str = "", description: str = "", representative_name: str = "",
                  representative_authority: str = "", honeypot: str = "") -> Receipt:
    """The public web form: the same receipt whether or not the organisation holds the BSN (no enumeration).

    ``source`` (the visitor's address) is kept only as a keyed hash, only to count submissions, and never
    with the request. A filled honeypot gets a receipt that looks the same and stores nothing."""
    now = timezone.now()
    source_key = _key("rights-submit", source)
    if (_count(PublicAttempt.Kind.SUBMIT, now - SUBMIT_WINDOW) >= SUBMIT_MAX_OVERALL
            or _count(PublicAttempt.Kind.SUBMIT, now - SUBMIT_WINDOW, source_key) >= SUBMIT_MAX_PER_SOURCE):
        log.warning("rights: public request form throttled")
        raise Throttled(SUBMIT_WINDOW)
    code = _new_code()
    if honeypot:
        log.info("rights: public request form honeypot filled; nothing stored")
        return Receipt(None, f"V-{now.astimezone(deadlines.AMSTERDAM).year}-{secrets.randbelow(9000) + 1000}", code)
    with transaction.atomic():
        request = register_request(
            None, organisation=organisation, kind=kind, channel=Channel.WEB_FORM, requester_name=requester_name,
            requester_contact=requester_contact, bsn=bsn, description=description,
            representative_name=representative_name, representative_authority=representative_authority,
            follow_up_code=code, received_at=now)
        PublicAttempt.objects.create(key_hash=source_key, kind=PublicAttempt.Kind.SUBMIT, at=now)
    transaction.on_commit(lambda: _notify_new(request))
    return Receipt(request, request.reference, code)


def _notify_new(request: SubjectRequest) -> None:
    notify(privacy_officers(request.organisation), _("Nieuw verzoek van een betrokkene: %(ref)s") % {
        "ref": request.reference}, _("Via het webformulier ontvangen: %(kind)s. Antwoord uiterlijk %(due)s.") % {
        "kind": request.get_kind_display(), "due": request.due_on.strftime("%d-%m-%Y")},
        url=f"/rechten/{request.uuid}/")


_DUMMY_HASH = make_password("dummy-code-for-constant-time")


def follow_up(organisation, reference: str, code: str, *, source: str) -> SubjectRequest | None:
    """The request for this receipt number and code, or None (the same for an unknown number and a wrong
    code, and as slow). Raises ``Throttled`` before any hash is computed when a limit is reached."""
    if not source:
        raise ValueError("a follow-up check needs its source")
    reference = (reference or "").strip().upper()
    now = timezone.now()
    source_key, receipt_key = _key("rights-follow-source", source), _key("rights-follow", organisation.pk, reference)
    if (_count(PublicAttempt.Kind.FOLLOW_UP_OK, now - FOLLOW_UP_OVERALL_WINDOW)
            + _count(PublicAttempt.Kind.FOLLOW_UP_FAILED, now - FOLLOW_UP_OVERALL_WINDOW)) >= FOLLOW_UP_MAX_OVERALL:
        raise Throttled(FOLLOW_UP_OVERALL_WINDOW)
    if _count(PublicAttempt.Kind.FOLLOW_UP_FAILED, now - FOLLOW_UP_WINDOW, source_key) >= FOLLOW_UP_MAX_FAILURES:
        raise Throttled(FOLLOW_UP_WINDOW)
    if _count(PublicAttempt.Kind.FOLLOW_UP_OK, now - FOLLOW_UP_WINDOW, receipt_key) >= FOLLOW_UP_MAX_SUCCESSES:
        raise Throttled(FOLLOW_UP_WINDOW)
    found = SubjectRequest.objects.filter(organisation=organisation, reference=reference).exclude(
        follow_up_code_hash="").first()
    ok = check_password((code or "").strip().upper(), found.follow_up_code_hash if found else _DUMMY_HASH)
    if found is not None and ok:
        PublicAttempt.objects.create(key_hash=receipt_key, kind=PublicAttempt.Kind.FOLLOW_UP_OK, at=now)
        return found
    PublicAttempt.objects.create(key_hash=source_key, kind=PublicAttempt.Kind.FOLLOW_UP_FAILED, at=now)
    return None


def purge_attempts(now=None) -> int:
    cutoff = (now or timezone.now()) - max(SUBMIT_WINDOW, FOLLOW_UP_WINDOW)
    return PublicAttempt.objects.filter(at__lt=cutoff).delete()[0]


# --- identity, handler, extension --------------------------------------------------------------------

def _require_open(request: SubjectRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("Dit verzoek is al afgehandeld; er kan niets meer worden gewijzigd."))


@transaction.atomic
def verify_identity(http_request, request: SubjectRequest, *, method: str, bsn: str) -> SubjectRequest:
    """Record how the identity was checked, by whom and when (never a copy of a document), and link the
    resident with the BSN read from the identity document or the DigiD portal.

    When the request gave a BSN, the one checked must be the same (else refused, nothing changed). When the
    organisation holds no resident with that BSN, the request stays unlinked: the answer will be that no data
    is held. The link is logged through the kernel (purpose: the resident's request)."""
    _require_open(request)
    if method not in IdentityMethod.values:
        raise ValidationError({"method": _("Kies hoe de identiteit is vastgesteld.")})
    try:
        pseudonym = pseudonymise_bsn(bsn)
    except ValidationError as exc:
        raise ValidationError({"bsn": exc.messages}) from exc
    if request.subject_pseudonym and request.subject_pseudonym != pseudonym:
        raise ValidationError({"bsn": _("Dit BSN is niet het BSN uit het verzoek. Controleer het identiteitsbewijs; "
                                        "er is niets vastgelegd.")})
    from privacyregie.core.bsn import normalise_bsn
    from privacyregie.dossiers.models import Resident

    user = http_request.user
    request.subject_pseudonym = pseudonym
    request.identity_method = method
    request.identity_checked_by = user
    request.identity_checked_at = timezone.now()
    request.resident = Resident.objects.filter(organisation_id=request.organisation_id,
                                               bsn=normalise_bsn(bsn)).first()
    request.status = RequestStatus.IN_PROGRESS
    if request.handler_id is None:
        request.handler = user
    request.save(update_fields=["subject_pseudonym", "identity_method", "identity_checked_by", "identity_checked_at",
                                "resident", "status", "handler"])
    if request.resident is not None:
        access(http_request, Action.VIEW, request.resident, Purpose.SUBJECT_REQUEST)
    record_event(request, user, "identiteit", _("Identiteit vastgesteld %(method)s.") % {
        "method": request.get_identity_method_display()})
    return request


def assign_handler(user, request: SubjectRequest, handler) -> SubjectRequest:
    _require_open(request)
    if handler.organisation_id != request.organisation_id or "rights.handle_requests" not in handler.privacy_permissions:
        raise ValidationError({"handler": _("Kies een behandelaar die verzoeken van betrokkenen mag behandelen.")})
    request.handler = handler
    request.save(update_fields=["handler"])
    record_event(request, user, "behandelaar", _("Behandelaar: %(name)s.") % {"name": handler.get_full_name() or handler})
    return request


def _refuse_logged(http_request, request, message: str, what: str):
    """A refused step: nothing changed, a clear message, and a log entry for the privacy officer (security
    events) and the application log."""
    from privacyregie.core.models import SecurityEvent
    from privacyregie.core.security import record_event as security_event

    log.warning("rights: %s refused for %s: %s", what, request.reference, message)
    if http_request is not None:
        security_event(http_request, SecurityEvent.Kind.ACCESS_DENIED,
                       detail=f"{what} {request.reference} geweigerd: {message}"[:500])
    raise ValidationError(message)


def extend(http_request, request: SubjectRequest, *, months: int, reason: str, sent_on=None) -> SubjectRequest:
    """Extend the term once by one or two further months (AVG art. 12(3)), with the reason sent to the
    requester within the first month. A late, second or unreasoned extension is refused with a clear message,
    nothing changed, and logged."""
    _require_open(request)
    user = http_request.user if http_request is not None else None
    sent_on = sent_on or deadlines.today_local()
    last_day = deadlines.extension_deadline(request.received_at)
    if request.extended_due_on:
        _refuse_logged(http_request, request, _("De termijn is al verlengd (tot %(due)s). AVG art. 12 lid 3 staat één "
                                                "verlenging toe.") % {"due": request.extended_due_on.strftime("%d-%m-%Y")},
                       "verlenging")
    if months not in (1, 2):
        _refuse_logged(http_request, request, _("Verlengen kan met één of twee maanden (AVG art. 12 lid 3)."), "verlenging")
    if not (reason or "").strip():
        _refuse_logged(http_request, request, _("Geef de reden van de verlenging; die gaat naar de verzoeker."),
                       "verlenging")
    if sent_on > last_day or deadlines.today_local() > last_day:
        _refuse_logged(http_request, request, _(
            "Verlengen kan niet meer: de verlenging moet binnen een maand na ontvangst aan de verzoeker zijn gemeld, "
            "uiterlijk %(last)s (AVG art. 12 lid 3). Beantwoord het verzoek zo snel mogelijk.") % {
            "last": last_day.strftime("%d-%m-%Y")}, "verlenging")
    request.extended_due_on = deadlines.extended_due(request.received_at, months)
    request.extension_reason = reason.strip()
    request.extension_sent_on = sent_on
    request.save(update_fields=["extended_due_on", "extension_reason", "extension_sent_on"])
    record_event(request, user, "verlengd", _("Termijn verlengd tot %(due)s: %(reason)s") % {
        "due": request.extended_due_on.strftime("%d-%m-%Y"), "reason": request.extension_reason})
    return request


# --- acting on a request -------------------------------------------------------------------------------

def _require_resident(request: SubjectRequest, kind: str | None = None):
    _require_open(request)
    if kind and request.kind != kind:
        raise ValidationError(_("Deze handeling hoort niet bij dit soort verzoek."))
    if request.identity_checked_at is None:
        raise ValidationError(_("Stel eerst de identiteit van de verzoeker vast."))
    if request.resident is None:
        raise ValidationError(_("Er zijn geen gegevens van deze inwoner bij de organisatie bekend."))
    return request.resident


@transaction.atomic
def rectify(http_request, request: SubjectRequest, *, field: str, new_value: str) -> Rectification:
    """Rectification (art. 16): change one field of the resident, through the kernel (purpose: the resident's
    request), recording the old and the new value."""
    resident = _require_resident(request, RequestKind.RECTIFICATION)
    if field not in RECTIFIABLE_FIELDS:
        raise ValidationError({"field": _("Dit gegeven kan hier niet worden gecorrigeerd.")})
    access(http_request, Action.UPDATE, resident, Purpose.SUBJECT_REQUEST)
    old = getattr(resident, field)
    model_field = resident._meta.get_field(field)
    value = (new_value or "").strip()
    try:
        converted = model_field.clean(value or None if model_field.null else value, resident)
    except ValidationError as exc:
        raise ValidationError({"new_value": exc.messages}) from exc
    setattr(resident, field, converted)
    resident.save(update_fields=[field])
    rectification = Rectification.objects.create(
        request=request, resident=resident, field=field, old_value=str(old or "")[:300],
        new_value=str(converted or "")[:300], changed_by=http_request.user)
    record_event(request, http_request.user, "gerectificeerd", _("%(field)s gewijzigd.") % {
        "field": model_field.verbose_name})
    return rectification


def _shred(storage_names: list[str], group: str) -> None:
    """Crypto-shred the erased files and destroy the group's shred key after commit, so that backups become
    unreadable too (ADR 0104 of the destruction part); a failure is retried by a job (``core.shredding``)."""
    from privacyregie.core.shredding import shred_after_commit

    shred_after_commit(storage_names, [group])


@dataclass
class ErasureResult:
    erased: list[str]  # case references deleted
    refused: list[tuple[str, str]]  # (case reference, reason shown to the resident)
    resident_erased: bool


def erase(http_request, request: SubjectRequest) -> ErasureResult:
    """Erasure (art. 17): delete each case of the resident where no statutory retention applies, through the
    kernel (purpose: the resident's request); refuse the others with the reason shown to the resident
    (``retention.services.erasure_blocker``). The resident record goes when no case of theirs remains."""
    from privacyregie.dossiers.models import Case
    from privacyregie.retention.services import erasure_blocker, shred_group_of_case, shred_group_of_resident

    resident = _require_resident(request, RequestKind.ERASURE)
    result = ErasureResult([], [], False)
    for case in Case.objects.filter(case_residents__resident=resident).order_by("reference"):
        reason = erasure_blocker(case)
        if reason:
            result.refused.append((case.reference, reason))
            continue
        storage_names = [n for n in case.documents.values_list("storage_name", flat=True) if n]
        storage_names += [n for n in case.consents.values_list("document_storage", flat=True) if n]
        try:
            with transaction.atomic():
                access(http_request, Action.DELETE, case, Purpose.SUBJECT_REQUEST)
                reference = case.reference
                case.delete()
        except ProtectedError:
            result.refused.append((case.reference, _(
                "Er zijn gegevens uit dit dossier gedeeld met een ketenpartner; die vastlegging moet worden bewaard.")))
            continue
        result.erased.append(reference)
        _shred(storage_names, shred_group_of_case(case))
    if not resident.case_links.exists():
        group = shred_group_of_resident(resident)
        try:
            with transaction.atomic():
                access(http_request, Action.DELETE, resident, Purpose.SUBJECT_REQUEST)
                consents = resident.consents.all()
                names = [n for n in consents.values_list("document_storage", flat=True) if n]
                SubjectRequest.objects.filter(pk=request.pk).update(resident=None)
                consents.delete()
                resident.delete()
        except ProtectedError:  # still referenced elsewhere (kept; the letter lists what was erased)
            log.info("rights: resident of %s kept: still referenced", request.reference)
        else:
            result.resident_erased = True
            request.resident = None
            _shred(names, group)
    text = "; ".join([_("gewist: %(refs)s") % {"refs": ", ".join(result.erased)}] if result.erased else []
                     + [f"{ref}: {why}" for ref, why in result.refused])
    record_event(request, http_request.user, "wissing", text or _("geen dossiers gevonden"))
    return result


@transaction.atomic
def restrict(http_request, request: SubjectRequest, *, reason: str, case=None) -> Restriction:
    """Restriction (art. 18) of the resident (or one case of theirs); the kernel enforces it."""
    resident = _require_resident(request, RequestKind.RESTRICTION)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Geef de reden van de beperking.")})
    if case is not None and not case.case_residents.filter(resident=resident).exists():
        raise ValidationError({"case": _("Deze casus hoort niet bij de inwoner van het verzoek.")})
    restriction = Restriction.objects.create(
        organisation_id=request.organisation_id, resident=None if case else resident, case=case, request=request,
        reason=reason.strip(), started_by=http_request.user)
    record_event(request, http_request.user, "beperkt", _("Verwerking beperkt: %(reason)s") % {"reason": reason.strip()})
    return restriction


@transaction.atomic
def lift_restriction(user, restriction: Restriction) -> Restriction:
    if restriction.ended_at is not None:
        raise ValidationError(_("Deze beperking is al opgeheven."))
    restriction.ended_at, restriction.ended_by = timezone.now(), user
    restriction.save(update_fields=["ended_at", "ended_by"])
    if restriction.request_id:
        record_event(restriction.request, user, "beperking_opgeheven", _("Beperking opgeheven."))
    return restriction


def withdraw(user, request: SubjectRequest, note: str = "") -> SubjectRequest:
    _require_open(request)
    request.status = RequestStatus.WITHDRAWN
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    record_event(request, user, "ingetrokken", note)
    return request


# --- overview, statistics, scorecard, reminders --------------------------------------------------------

def privacy_officers(organisation):
    return users_with_role(organisation, Role.PRIVACY_OFFICER)


def answered_on_time(request: SubjectRequest) -> bool | None:
    if request.answered_at is None or request.status != RequestStatus.ANSWERED:
        return None
    return request.answered_at.astimezone(deadlines.AMSTERDAM).date() <= request.deadline


def open_requests(organisation):
    requests = SubjectRequest.objects.filter(organisation=organisation, status__in=OPEN_STATUSES)
    return sorted(requests.select_related("handler"), key=lambda r: (r.deadline, r.received_at))


def open_request_deadlines(organisation):
    """``open_requests`` for the start page's panel: the same requests in the same order, with only their
    reference, kind and dates loaded (not the requester's details nor the handler)."""
    requests = _OPEN_REQUEST_DEADLINES.run(organisation_id=getattr(organisation, "pk", organisation))
    return sorted(requests, key=lambda r: (r.deadline, r.received_at))


def _open_request_deadlines_queryset(organisation_id):
    return (SubjectRequest.objects.filter(organisation_id=organisation_id, status__in=OPEN_STATUSES)
            .only("reference", "kind", "received_at", "due_on", "extended_due_on"))


# compiled once per process (core.prepared): every start page of a privacy officer asks it
_OPEN_REQUEST_DEADLINES = PreparedQuery(
    _open_request_deadlines_queryset,
    organisation_id=(SubjectRequest._meta.get_field("organisation").target_field, -917_411))


def overdue_requests(organisation, today=None):
    today = today or deadlines.today_local()
    return [r for r in open_requests(organisation) if r.deadline < today]


def quarter_of(day) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def statistics(organisation, quarters: int = 4) -> dict:
    """Per quarter (received) and per kind: received, answered, answered on time, extended, still open."""
    rows: dict[str, dict[str, Counter]] = {}
    for r in SubjectRequest.objects.filter(organisation=organisation):
        quarter = quarter_of(r.received_at.astimezone(deadlines.AMSTERDAM).date())
        per_kind = rows.setdefault(quarter, {}).setdefault(r.kind, Counter())
        per_kind["received"] += 1
        per_kind["extended"] += int(bool(r.extended_due_on))
        per_kind["open"] += int(r.is_open)
        on_time = answered_on_time(r)
        if on_time is not None:
            per_kind["answered"] += 1
            per_kind["on_time"] += int(on_time)
    recent = sorted(rows, reverse=True)[:quarters]
    return {q: rows[q] for q in recent}


def scorecard_figures(organisation, start, end) -> dict:
    """Figures for the quarterly scorecard: requests received in [start, end), and of those ANSWERED in
    [start, end) the percentage answered by their deadline (None when none was answered)."""
    received = SubjectRequest.objects.filter(organisation=organisation, received_at__gte=start, received_at__lt=end)
    answered = list(SubjectRequest.objects.filter(organisation=organisation, status=RequestStatus.ANSWERED,
                                                  answered_at__gte=start, answered_at__lt=end))
    on_time = sum(1 for r in answered if answered_on_time(r))
    return {
        "requests_received": received.count(),
        "requests_answered": len(answered),
        "requests_answered_on_time": on_time,
        "pct_on_time": round(100 * on_time / len(answered), 1) if answered else None,
    }


def send_deadline_reminders(now=None) -> int:
    """Daily: a reminder to the handler and the privacy officers ``REMINDER_DAYS`` before the deadline, and an
    escalation (also to management) once it has passed. Each is sent once per deadline (``dedup_key``)."""
    today = deadlines.today_local(now)
    sent = 0
    for request in SubjectRequest.objects.filter(status__in=OPEN_STATUSES).select_related("handler", "organisation"):
        left = (request.deadline - today).days
        recipients = list(privacy_officers(request.organisation))
        if request.handler is not None and request.handler not in recipients:
            recipients.append(request.handler)
        url = f"/rechten/{request.uuid}/"
        due = request.deadline.strftime("%d-%m-%Y")
        if left < 0:
            recipients += [u for u in users_with_role(request.organisation, Role.MANAGEMENT) if u not in recipients]
            sent += len(notify(recipients, _("Termijn verstreken: verzoek %(ref)s") % {"ref": request.reference},
                               _("Het verzoek %(ref)s (%(kind)s) had uiterlijk %(due)s beantwoord moeten zijn (AVG "
                                 "art. 12 lid 3). Beantwoord het zo snel mogelijk.") % {
                                   "ref": request.reference, "kind": request.get_kind_display(), "due": due},
                               url=url, dedup_key=f"rights-overdue-{request.pk}-{request.deadline}"))
        elif left <= REMINDER_DAYS:
            sent += len(notify(recipients, _("Herinnering: verzoek %(ref)s uiterlijk %(due)s") % {
                "ref": request.reference, "due": due},
                _("Het verzoek %(ref)s (%(kind)s) moet uiterlijk %(due)s beantwoord zijn.") % {
                    "ref": request.reference, "kind": request.get_kind_display(), "due": due},
                url=url, dedup_key=f"rights-reminder-{request.pk}-{request.deadline}"))
    return sent


def get_request(user, public_id) -> SubjectRequest:
    """The request of the user's organisation with this public id (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(SubjectRequest.objects.select_related("resident", "handler"),
                             uuid=public_id, organisation_id=user.organisation_id)

