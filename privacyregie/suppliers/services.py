"""Operations of supplier remote access that views, the API, jobs and other apps may call.

Rules (issue 14 §3, R25): a supplier user asks for a window on a system that lists their
supplier; the window ends after it starts and is at most the organisation's maximum long; the
system needs a processor agreement in force (asked of the register) when asked and when
approved; the system's owner approves, and for high confidentiality also a CISO (four eyes, two
different people); nobody approves their own request. Every refusal raises ``ValidationError``
or ``PermissionDenied`` with a Dutch message, changes nothing, and is logged (Python log plus a
security event). This module never reads residents' data.

Also here: ``authorise`` (the jump host's question, see ``authorise.py``), the connection-log
import (``connection_log.py``) and ``scorecard_figures``.
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from privacyregie.core.models import SecurityEvent
from privacyregie.core.prepared import PreparedQuery
from privacyregie.core.roles import Role
from privacyregie.core.security import record_event
from privacyregie.core.services import notify, users_with_role

from .authorise import authorise  # noqa: F401 - part of the public API
from .connection_log import import_connection_log  # noqa: F401 - part of the public API
from .models import (
    DEFAULT_MAX_WINDOW_HOURS,
    AccessRequest,
    Approval,
    ConnectionSession,
    Phase,
    RemoteAccessSystem,
    Status,
    SupplierSettings,
)

log = logging.getLogger("privacyregie.suppliers")


# --- who and what ---------------------------------------------------------------------------------

def settings_for(organisation) -> SupplierSettings:
    found = SupplierSettings.objects.filter(organisation=organisation).first()
    return found or SupplierSettings(organisation=organisation, max_window_hours=DEFAULT_MAX_WINDOW_HOURS)


def is_supplier(user) -> bool:
    return getattr(user, "is_authenticated", False) and Role.SUPPLIER in (user.roles or ())


def partner_of(user):
    """The register supplier the user works for (their external account), or None."""
    from privacyregie.external.services import partners_of

    found = partners_of([user])
    return found[0] if found else None


def systems_for(user):
    """The active systems this supplier user may ask a window for (their supplier is listed)."""
    partner = partner_of(user)
    if partner is None:
        return RemoteAccessSystem.objects.none()
    return RemoteAccessSystem.objects.filter(organisation_id=user.organisation_id, active=True,
                                             partners=partner).select_related("system")


def is_ciso(user) -> bool:
    return Role.CISO in (getattr(user, "roles", None) or ())


def agreement_in_force(system: RemoteAccessSystem, on=None):
    from privacyregie.register.services import processor_agreement_in_force

    return processor_agreement_in_force(system.system, on)


def _refuse(request, message: str, detail: str, exc=ValidationError):
    """Log a refusal (Python log and a security event for the CISO), then raise it with its Dutch message.

    The event is written in the current transaction and travels with the exception: a caller whose
    transaction rolls back calls ``keep_refusal_logged(exc)`` afterwards (pages do so; the API runs it
    through ``request.after_rollback``), so a refusal is never lost.
    """
    log.warning("remote access refused: %s", detail)
    event = record_event(request, SecurityEvent.Kind.REMOTE_ACCESS, detail=f"geweigerd: {detail}"[:500])
    error = exc(message)
    error.refusal_event = event
    raw = getattr(request, "_request", request)
    if isinstance(getattr(raw, "after_rollback", None), list):
        raw.after_rollback.append(lambda: keep_refusal_logged(error))
    raise error


def keep_refusal_logged(exc) -> None:
    """Write the refusal's security event again when a rolled-back transaction took it (idempotent)."""
    event = getattr(exc, "refusal_event", None)
    if event is None or (event.pk is not None and SecurityEvent.objects.filter(pk=event.pk).exists()):
        return
    event.pk = None
    event.save()


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


# --- asking -----------------------------------------------------------------------------------------

def check_window(organisation, starts_at, ends_at) -> str:
    """The Dutch reason a window is refused, or "" when it is acceptable."""
    if starts_at is None or ends_at is None:
        return _("Vul het begin en het einde van het venster in.")
    if ends_at <= starts_at:
        return _("Het venster eindigt voordat het begint. Kies een einde na het begin.")
    maximum = settings_for(organisation).max_window_hours
    # elapsed (real) time: two aware datetimes in the same zone subtract as wall-clock time in Python,
    # which would make a window over the autumn DST change an hour shorter than it is
    if ends_at.astimezone(UTC) - starts_at.astimezone(UTC) > timedelta(hours=maximum):
        return _("Het venster is langer dan de %(h)s uur die uw gemeente toestaat. Vraag een korter venster aan "
                 "(of meerdere).") % {"h": maximum}
    if ends_at <= timezone.now():
        return _("Het venster ligt helemaal in het verleden.")
    return ""


def request_access(request, *, system: RemoteAccessSystem, purpose: str, reference: str, starts_at,
                   ends_at) -> AccessRequest:
    """A supplier user asks for a window; the owner (and CISO) are notified."""
    user = request.user
    if not is_supplier(user) or not systems_for(user).filter(pk=system.pk).exists():
        _refuse(request, _("U kunt voor dit systeem geen inbeltoegang aanvragen."),
                f"aanvraag {system.access_name}: leverancier niet toegelaten", PermissionDenied)
    if not (purpose or "").strip() or not (reference or "").strip():
        _refuse(request, _("Vul het doel en het ticket- of wijzigingsnummer in."),
                f"aanvraag {system.access_name}: doel of ticket ontbreekt")
    reason = check_window(system.organisation, starts_at, ends_at)
    if reason:
        _refuse(request, reason, f"aanvraag {system.access_name}: venster {starts_at} - {ends_at} ongeldig")
    if agreement_in_force(system) is None:
        _refuse(request, _("Voor %(s)s staat geen geldige verwerkersovereenkomst in het register. Inbeltoegang "
                           "kan pas na een getekende overeenkomst.") % {"s": system.system.name},
                f"aanvraag {system.access_name}: geen geldige verwerkersovereenkomst")
    with transaction.atomic():
        created = AccessRequest.objects.create(
            organisation_id=system.organisation_id, system=system, requester=user, partner=partner_of(user),
            purpose=purpose.strip(), reference=reference.strip()[:100], starts_at=starts_at, ends_at=ends_at)
        record_event(request, SecurityEvent.Kind.REMOTE_ACCESS,
                     detail=f"aangevraagd: {system.access_name} {created.reference} ({created.uuid})")
        _notify_approvers(created)
    return created


def _notify_approvers(access_request: AccessRequest) -> None:
    system = access_request.system
    recipients = [system.owner]
    if system.high_confidentiality:
        recipients += list(users_with_role(system.organisation, Role.CISO).exclude(pk=system.owner_id))
    notify([u for u in recipients if u.pk != access_request.requester_id],
           _("Aanvraag inbeltoegang: %(s)s") % {"s": system.system.name},
           _("Een leverancier vraagt toegang tot %(s)s van %(a)s tot %(b)s. Beoordeel de aanvraag.")
           % {"s": system.system.name, "a": _local(access_request.starts_at), "b": _local(access_request.ends_at)},
           url=reverse("suppliers:detail", kwargs={"uuid": access_request.uuid}),
           dedup_key=f"remote-access:{access_request.pk}:new")


# --- approving ---------------------------------------------------------------------------------------

def approver_role(user, access_request: AccessRequest) -> str | None:
    """As whom ``user`` may decide now (owner first, then CISO), or None."""
    if user.pk == access_request.requester_id or access_request.status != Status.REQUESTED:
        return None
    done = {a.approver_role: a.user_id for a in access_request.approvals.all()}
    system = access_request.system
    if user.pk == system.owner_id and Approval.As.OWNER not in done:
        return Approval.As.OWNER
    if (system.high_confidentiality and is_ciso(user) and Approval.As.CISO not in done
            and user.pk not in done.values()):
        return Approval.As.CISO
    return None


def awaiting(access_request: AccessRequest) -> list[str]:
    """Whose approval is still missing (labels), for the pages."""
    done = {a.approver_role for a in access_request.approvals.all()}
    needed = [Approval.As.OWNER] + ([Approval.As.CISO] if access_request.system.high_confidentiality else [])
    return [str(Approval.As(role).label) for role in needed if role not in done]


def decide(request, access_request: AccessRequest, *, approve: bool, note: str = "") -> AccessRequest:
    """The owner's or CISO's decision. Refused: one's own request, a second decision as the same approver,
    an approval while the system has no processor agreement in force, a window already over."""
    user = request.user
    with transaction.atomic():
        access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        label = f"{access_request.system.access_name} ({access_request.uuid})"
        if user.pk == access_request.requester_id:
            _refuse(request, _("U kunt uw eigen aanvraag niet goedkeuren of afwijzen."),
                    f"besluit op eigen aanvraag {label}", PermissionDenied)
        role = approver_role(user, access_request)
        if role is None:
            _refuse(request, _("U kunt over deze aanvraag (nu) niet beslissen: u bent niet de eigenaar of de CISO, "
                               "u besliste al, of de aanvraag is niet meer open."),
                    f"besluit zonder bevoegdheid {label}", PermissionDenied)
        if approve and agreement_in_force(access_request.system) is None:
            _refuse(request, _("Goedkeuren kan niet: voor %(s)s staat geen geldige verwerkersovereenkomst in het "
                               "register.") % {"s": access_request.system.system.name},
                    f"goedkeuring zonder verwerkersovereenkomst {label}")
        if approve and access_request.ends_at <= timezone.now():
            _refuse(request, _("Het venster is al voorbij; goedkeuren heeft geen zin meer."),
                    f"goedkeuring na venster {label}")
        if not approve and not (note or "").strip():
            raise ValidationError(_("Geef de reden van de afwijzing."))
        now = timezone.now()
        Approval.objects.create(request=access_request, approver_role=role, user=user, note=(note or "").strip(),
                                decision=Approval.Decision.APPROVE if approve else Approval.Decision.REFUSE, at=now)
        if not approve:
            access_request.status, access_request.decided_at = Status.REFUSED, now
            access_request.refusal_reason = note.strip()
        elif not awaiting(access_request):
            access_request.status, access_request.decided_at = Status.APPROVED, now
        access_request.save()
        update_change_reason(access_request, f"{role}: {'goedgekeurd' if approve else 'afgewezen'}")
        record_event(request, SecurityEvent.Kind.REMOTE_ACCESS,
                     detail=f"{role} {'keurt goed' if approve else 'wijst af'}: {label}")
        if access_request.status != Status.REQUESTED:
            notify([access_request.requester],
                   _("Uw aanvraag voor %(s)s is %(d)s") % {"s": access_request.system.system.name,
                                                           "d": access_request.get_status_display()},
                   _("Bekijk uw aanvraag in Privacyregie."),
                   url=reverse("suppliers:detail", kwargs={"uuid": access_request.uuid}))
    return access_request


def withdraw(request, access_request: AccessRequest) -> AccessRequest:
    if request.user.pk != access_request.requester_id or access_request.phase() not in (Phase.AWAITING,
                                                                                          Phase.SCHEDULED):
        _refuse(request, _("Deze aanvraag kunt u niet (meer) intrekken."),
                f"intrekken {access_request.uuid}", PermissionDenied)
    access_request.status = Status.WITHDRAWN
    access_request.save(update_fields=["status"])
    update_change_reason(access_request, "ingetrokken")
    return access_request


# --- afterwards --------------------------------------------------------------------------------------

def record_work(request, access_request: AccessRequest, text: str) -> AccessRequest:
    """The supplier records what was done, once the window has opened."""
    if request.user.pk != access_request.requester_id:
        _refuse(request, _("Alleen de aanvrager legt het uitgevoerde werk vast."),
                f"werk vastleggen door ander {access_request.uuid}", PermissionDenied)
    if access_request.phase() not in (Phase.OPEN, Phase.CLOSED, Phase.RECORDED):
        raise ValidationError(_("Het werk kunt u vastleggen zodra het venster open is geweest."))
    if not (text or "").strip():
        raise ValidationError(_("Beschrijf wat u heeft gedaan."))
    access_request.work_done, access_request.work_recorded_at = text.strip(), timezone.now()
    access_request.save(update_fields=["work_done", "work_recorded_at"])
    update_change_reason(access_request, "werk vastgelegd")
    notify([access_request.system.owner],
           _("Werk vastgelegd: %(s)s") % {"s": access_request.system.system.name},
           _("De leverancier heeft vastgelegd wat er is gedaan. Bevestig dit."),
           url=reverse("suppliers:detail", kwargs={"uuid": access_request.uuid}))
    return access_request


def confirm_work(request, access_request: AccessRequest) -> AccessRequest:
    """The owner confirms the recorded work after the window closed."""
    if request.user.pk != access_request.system.owner_id or request.user.pk == access_request.requester_id:
        _refuse(request, _("Alleen de eigenaar van het systeem bevestigt het werk."),
                f"bevestigen door niet-eigenaar {access_request.uuid}", PermissionDenied)
    if access_request.phase() != Phase.RECORDED:
        raise ValidationError(_("Bevestigen kan als het venster gesloten is en het werk is vastgelegd."))
    access_request.confirmed_by, access_request.confirmed_at = request.user, timezone.now()
    access_request.save(update_fields=["confirmed_by", "confirmed_at"])
    update_change_reason(access_request, "werk bevestigd")
    return access_request


# --- the window opens and closes by itself -------------------------------------------------------------

def record_window_events(now=None) -> int:
    """Record (history) that approved windows opened or closed since the last run; idempotent."""
    now = now or timezone.now()
    count = 0
    approved = AccessRequest.objects.filter(status=Status.APPROVED)
    for item in approved.filter(opened_recorded_at__isnull=True, starts_at__lte=now):
        item.opened_recorded_at = now
        item.save(update_fields=["opened_recorded_at"])
        update_change_reason(item, "venster geopend")
        count += 1
    for item in approved.filter(closed_recorded_at__isnull=True, ends_at__lte=now).select_related("system__system"):
        item.closed_recorded_at = now
        item.save(update_fields=["closed_recorded_at"])
        update_change_reason(item, "venster gesloten")
        notify([item.requester], _("Venster gesloten: %(s)s") % {"s": item.system.system.name},
               _("Uw venster is gesloten. Leg vast wat u heeft gedaan."),
               url=reverse("suppliers:detail", kwargs={"uuid": item.uuid}),
               dedup_key=f"remote-access:{item.pk}:closed")
        count += 1
    return count


# --- lists for the pages ------------------------------------------------------------------------------

def visible_requests(user):
    """A supplier sees their own requests; an owner those of their systems; CISO and privacy officer all."""
    requests = AccessRequest.objects.filter(organisation_id=user.organisation_id).select_related(
        "system__system", "requester", "partner")
    if is_ciso(user) or Role.PRIVACY_OFFICER in (user.roles or ()):
        return requests
    return requests.filter(Q(requester=user) | Q(system__owner=user))


def to_decide(user):
    """Requests waiting for this user's decision."""
    candidates = visible_requests(user).filter(status=Status.REQUESTED).prefetch_related("approvals")
    return [r for r in candidates if approver_role(user, r)]


def to_confirm(user):
    candidates = AccessRequest.objects.filter(system__owner=user, status=Status.APPROVED, confirmed_at__isnull=True,
                                              work_recorded_at__isnull=False).select_related("system__system")
    return [r for r in candidates if r.phase() == Phase.RECORDED]


def _waiting_queryset(organisation_id, user_id, everyone: bool):
    visible = Q(organisation_id=organisation_id)
    if not everyone:
        visible &= Q(requester_id=user_id) | Q(system__owner_id=user_id)
    confirm = Q(system__owner_id=user_id, status=Status.APPROVED, confirmed_at__isnull=True,
                work_recorded_at__isnull=False)
    return AccessRequest.objects.filter((visible & Q(status=Status.REQUESTED)) | confirm).select_related(
        "system__system", "requester", "partner")


def _waiting(everyone: bool) -> PreparedQuery:
    return PreparedQuery(
        lambda organisation_id, user_id: _waiting_queryset(organisation_id, user_id, everyone),
        organisation_id=(AccessRequest._meta.get_field("organisation").target_field, -917_381),
        user_id=(AccessRequest._meta.get_field("requester").target_field, -917_382))


# compiled once per process (core.prepared): every start page of an approver asks it
_WAITING_FOR_ALL, _WAITING_FOR_OWN = _waiting(True), _waiting(False)


def waiting_for(user):
    """``to_decide(user) + to_confirm(user)`` in one query (the start page): the requests this user may
    decide, then the recorded work windows of their systems to confirm. A CISO and a privacy officer see
    every request of the organisation; others those they asked or whose system they own."""
    everyone = is_ciso(user) or Role.PRIVACY_OFFICER in (user.roles or ())
    query = _WAITING_FOR_ALL if everyone else _WAITING_FOR_OWN
    candidates = query.run(organisation_id=user.organisation_id, user_id=user.pk)
    if candidates:
        prefetch_related_objects(candidates, "approvals")
    decide = [r for r in candidates if r.status == Status.REQUESTED and approver_role(user, r)]
    return decide + [r for r in candidates if r.status == Status.APPROVED and r.phase() == Phase.RECORDED]


# --- the scorecard ------------------------------------------------------------------------------------

def scorecard_figures(organisation, start, end) -> dict:
    """Windows approved and refused (decided in the period) and sessions outside any window (started in it)."""
    decided = AccessRequest.objects.filter(organisation=organisation, decided_at__gte=start, decided_at__lt=end)
    return {
        "windows_approved": decided.filter(status=Status.APPROVED).count(),
        "windows_refused": decided.filter(status=Status.REFUSED).count(),
        "out_of_window_sessions": ConnectionSession.objects.filter(
            organisation=organisation, out_of_window=True, started_at__gte=start, started_at__lt=end).count(),
    }


# --- reporting a data breach as processor ----------------------------------------------------------------

def report_breach_as_processor(user, *, agreement=None, supplier_name: str = "", **fields):
    """A supplier's breach report (AVG art. 33(2)): lands in incidents as a processor report with the agreement."""
    from privacyregie.incidents.services import report_by_user
    from privacyregie.register.services import processor_agreements_of

    partner = partner_of(user)
    if agreement is not None and (partner is None or not processor_agreements_of(partner).filter(
            pk=agreement.pk).exists()):
        raise ValidationError({"agreement": _("Kies een verwerkersovereenkomst van uw eigen organisatie.")})
    return report_by_user(user, supplier_name=partner.name if partner else supplier_name,
                          processor_agreement=agreement, **fields)
