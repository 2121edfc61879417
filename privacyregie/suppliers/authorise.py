"""The question of a jump host, VPN or PAM: "may supplier X enter system Y now?".

``authorise`` answers yes only when all hold at that moment: X is an active supplier account
of the organisation that has signed its confidentiality statement (the privacy kernel's user
gates), Y is an active remote-access system, an approved window of X on Y is open
(``starts_at <= now < ends_at``: opening inclusive, closing exclusive, compared as instants, so a
DST change inside the window changes nothing), and Y's processor agreement is still in force.
Every answer is kept (``AuthorisationAnswer``) and recorded as a security event; a "no" notifies
the CISOs. A jump host asks on every login: a handful of indexed queries, measured in
``bench/remote_access.py``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.models import SecurityEvent, User
from privacyregie.core.roles import Role
from privacyregie.core.usernames import normalise_username

from .models import AccessRequest, AuthorisationAnswer, RemoteAccessSystem, Status

log = logging.getLogger("privacyregie.suppliers")


@dataclass(frozen=True)
class Answer:
    allowed: bool
    reason: str
    until: object = None  # the window's end when allowed
    request: AccessRequest | None = None
    record: AuthorisationAnswer | None = None


def _find_system(organisation, name: str) -> RemoteAccessSystem | None:
    systems = RemoteAccessSystem.objects.select_related("system__processor_agreement").filter(
        organisation=organisation, active=True)
    return systems.filter(access_name=name).first() or systems.filter(system__name=name).first()


def _open_window(organisation, username: str, system_name: str, now) -> AccessRequest | None:
    """The fast path (one query): an approved window of this active supplier on this system, open now."""
    return (AccessRequest.objects.select_related("requester", "system__system__processor_agreement")
            .filter(organisation=organisation, requester__username=username, requester__is_active=True,
                    requester__role_assignments__role=Role.SUPPLIER,
                    requester__role_assignments__organisation=organisation,
                    system__active=True, status=Status.APPROVED, starts_at__lte=now, ends_at__gt=now)
            .filter(Q(system__access_name=system_name) | Q(system__system__name=system_name))
            .order_by("ends_at").first())


def _decide(organisation, username: str, system_name: str, now):
    from privacyregie.kernel.policy import user_gate_refusal

    from .services import agreement_in_force

    username = normalise_username(username)
    window = _open_window(organisation, username, system_name, now)
    if window is not None:
        user, system = window.requester, window.system
        gate = user_gate_refusal(user)
        if gate:
            return user, system, None, gate
        if agreement_in_force(system, timezone.localdate(now)) is None:
            return user, system, window, _("De verwerkersovereenkomst van dit systeem is niet (meer) geldig.")
        return user, system, window, ""
    # a "no": find out why (the user and system are kept with the answer when they exist)
    user = (User.objects.filter(username=username, organisation=organisation, is_active=True)
            .prefetch_related("role_assignments").first())
    system = _find_system(organisation, system_name)
    if user is None or Role.SUPPLIER not in user.roles:
        return user, system, None, _("Onbekende leverancier of geen leveranciersaccount.")
    if system is None:
        return user, None, None, _("Onbekend systeem of geen inbeltoegang ingesteld.")
    gate = user_gate_refusal(user)
    if gate:
        return user, system, None, gate
    return user, system, None, _("Geen goedgekeurd venster dat nu open is.")


def authorise(organisation, username: str, system_name: str, *, client: str = "", now=None,
              request=None) -> Answer:
    """Answer and log the question; ``now`` only for tests and the benchmark."""
    from privacyregie.core.security import record_event

    now = now or timezone.now()
    username, system_name = (username or "").strip()[:150], (system_name or "").strip()[:200]
    user, system, window, refusal = _decide(organisation, username, system_name, now)
    allowed = not refusal
    reason = refusal or _("Goedgekeurd venster open tot %(t)s.") % {
        "t": timezone.localtime(window.ends_at).strftime("%d-%m-%Y %H:%M")}
    with transaction.atomic():
        record = AuthorisationAnswer.objects.create(
            organisation=organisation, at=now, username=username, system_name=system_name, user=user,
            system=system, request=window if allowed else None, allowed=allowed, reason=str(reason)[:300],
            client=client[:200])
        record_event(request, SecurityEvent.Kind.REMOTE_ACCESS, user=user, username=username,
                     detail=f"inbelvraag {system_name} door {client}: {'ja' if allowed else 'nee'} {reason}"[:500])
        if not allowed:
            log.warning("remote access denied: %s -> %s (%s)", username, system_name, reason)
            _alert(organisation, record)
    return Answer(allowed, str(reason), window.ends_at if allowed else None, window if allowed else None, record)


def _alert(organisation, record: AuthorisationAnswer) -> None:
    """A "no" is an alert to the CISOs (one per user and system per 10 minutes, so a retrying client
    does not flood them; every answer is still kept)."""
    from django.core.cache import cache

    from privacyregie.core.services import notify, users_with_role

    bucket = int(record.at.timestamp() // 600)
    dedup_key = f"remote-access-no:{record.username}:{record.system_name}:{bucket}"
    if not cache.add(f"{organisation.pk}:{dedup_key}", 1, timeout=600):
        return  # alerted in this ten-minute bucket already (notify's dedup_key is the durable guard)
    notify(users_with_role(organisation, Role.CISO),
           _("Inbeltoegang geweigerd: %(u)s op %(s)s") % {"u": record.username, "s": record.system_name},
           _("Een inbelvoorziening vroeg toegang voor %(u)s tot %(s)s. Antwoord: nee (%(r)s).")
           % {"u": record.username, "s": record.system_name, "r": record.reason},
           url=reverse("suppliers:answers"), dedup_key=dedup_key)
