"""Operations of the external-users capability that other apps may call.

Exchange and data rooms invite partner users (``invite_external``), give existing external
users access (``grant_access``), ask whether a user may see an object (``has_active_grant``,
``active_targets``) and end access (``revoke_grant``). Access is decided here at call time:
an expired or revoked grant, or a confidentiality statement not yet accepted, gives nothing.
This module never reads the contents of a grant target; the target's own app does that,
through the privacy kernel.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from privacyregie.core import roles as core_roles
from privacyregie.core.access import has_permission
from privacyregie.core.models import RoleAssignment, SecurityEvent, User
from privacyregie.core.security import record_event
from privacyregie.core.usernames import normalise_username

from .models import (
    DEFAULT_DAYS,
    DEFAULT_MAX_DAYS,
    Acceptance,
    ExternalAccount,
    ExternalGrant,
    ExternalSettings,
    Invitation,
    StatementVersion,
)
from .signals import grant_ended

log = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=15)
CODE_MAX_ATTEMPTS = 5
CODE_MAX_SENDS = 5
CODE_RESEND_AFTER = timedelta(seconds=60)
EXPIRING_SOON = timedelta(days=3)


# --- who is external, and the settings of an organisation ---------------------------------------

def is_external(user) -> bool:
    """Whether the user is an external user: all roles are ketenpartner / leverancier."""
    if not getattr(user, "is_authenticated", False):
        return False
    return core_roles.is_external(user.roles)


def settings_for(organisation) -> ExternalSettings:
    """The organisation's invitation periods (defaults when it has set none: 14 days, at most 30)."""
    found = ExternalSettings.objects.filter(organisation=organisation).first()
    return found or ExternalSettings(organisation=organisation, default_days=DEFAULT_DAYS, max_days=DEFAULT_MAX_DAYS)


def may_invite(user, grant_target) -> bool:
    """An employee of the target's organisation who may share (dossiers.work_cases) or owns the target."""
    if not getattr(user, "is_authenticated", False) or is_external(user) or not user.roles:
        return False
    if user.organisation_id != grant_target.organisation_id:
        return False
    owner_id = getattr(grant_target, "created_by_id", None) or getattr(grant_target, "owner_id", None)
    return has_permission(user, "dossiers.work_cases") or (owner_id is not None and owner_id == user.pk)


def _content_type(target) -> ContentType:
    return ContentType.objects.get_for_model(target, for_concrete_model=True)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _code_hash(invitation: Invitation, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"external-code:{invitation.pk}:{code}".encode(), hashlib.sha256).hexdigest()


# --- inviting ---------------------------------------------------------------------------------

def _check_period(organisation, days: int | None) -> int:
    config = settings_for(organisation)
    days = config.default_days if days in (None, "") else days
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationError(_("Geef de termijn op in hele dagen.")) from None
    if days < 1:
        raise ValidationError(_("De termijn is minstens één dag."))
    if days > config.max_days:
        raise ValidationError(
            _("De termijn is ten hoogste %(max)s dagen (ingesteld door uw organisatie).") % {"max": config.max_days}
        )
    return days


def _check_target(request, partner, grant_target) -> None:
    user = request.user
    if not may_invite(user, grant_target):
        raise PermissionDenied(_("U mag voor dit onderdeel geen externe toegang geven."))
    if partner.organisation_id != grant_target.organisation_id:
        raise ValidationError(_("Deze ketenpartner staat niet in het register van uw organisatie."))


def existing_account(email: str) -> User | None:
    return User.objects.filter(username=normalise_username(email)).first()


@transaction.atomic
def invite_external(request, *, email, partner, grant_target, days=None) -> Invitation:
    """Invite ``email`` of ``partner`` to ``grant_target`` for ``days`` (default and maximum per organisation).

    A new address gets an e-mail with a single-use link (only its hash is stored) and nothing
    else: no personal data, no case information. An existing external user of the same
    organisation gets the grant at once and a notification (no new account). Raises
    ``ValidationError`` (Dutch message) for a bad address, period or partner, and
    ``PermissionDenied`` when the user may not share the target.
    """
    _check_target(request, partner, grant_target)
    days = _check_period(grant_target.organisation, days)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Vul een geldig e-mailadres in.")) from None
    now = timezone.now()
    invitation = Invitation(
        organisation_id=grant_target.organisation_id, email=email.lower(), partner=partner,
        content_type=_content_type(grant_target), object_id=grant_target.pk, days=days,
        invited_by=request.user, invited_at=now, expires_at=now + timedelta(days=days),
    )
    account = existing_account(email)
    if account is not None:
        if not is_external(account) or account.organisation_id != grant_target.organisation_id:
            raise ValidationError(
                _("Dit e-mailadres hoort bij een account dat geen extern account van uw organisatie is. "
                  "Externe toegang is alleen voor medewerkers van ketenpartners.")
            )
        grant = grant_access(request, account, grant_target, until=invitation.expires_at)
        invitation.user, invitation.grant, invitation.used_at = account, grant, now
        invitation.save()
        _notify_existing(account)
        return invitation
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.save()
    link = request.build_absolute_uri(reverse("external:invitation", args=[token]))
    transaction.on_commit(lambda: _send_invitation_mail(invitation.pk, link))
    return invitation


def resend_invitation(request, invitation: Invitation) -> Invitation:
    """A new link for an open invitation (the old link stops working); the period is not extended."""
    if invitation.state() != "open" or not invitation.token_hash:
        raise ValidationError(_("Deze uitnodiging is niet meer open en kan niet opnieuw worden verstuurd."))
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.email_sent_at, invitation.email_error = None, ""
    invitation.save(update_fields=["token_hash", "email_sent_at", "email_error"])
    link = request.build_absolute_uri(reverse("external:invitation", args=[token]))
    transaction.on_commit(lambda: _send_invitation_mail(invitation.pk, link))
    return invitation


def _invitation_mail_text(invitation: Invitation, link: str) -> tuple[str, str]:
    subject = _("Uitnodiging voor een beveiligde uitwisseling met %(org)s") % {"org": invitation.organisation.name}
    body = _(
        "U bent uitgenodigd om via Privacyregie veilig informatie uit te wisselen met %(org)s.\n\n"
        "Open deze link om uw account in te stellen (de link werkt één keer en is geldig tot %(until)s):\n"
        "%(link)s\n\n"
        "U bevestigt eerst uw e-mailadres met een code die wij u sturen, kiest een wachtwoord en stelt "
        "een tweede factor (authenticator-app) in.\n\n"
        "Verwachtte u deze uitnodiging niet? Dan kunt u dit bericht negeren."
    ) % {
        "org": invitation.organisation.name,
        "until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
        "link": link,
    }
    return subject, body


def _send_invitation_mail(invitation_pk: int, link: str) -> None:
    """Send the link straight away: it is never stored (the outbox keeps bodies, the link is a secret).

    A failure is kept on the invitation; the inviter sees it and sends a new link.
    """
    invitation = Invitation.objects.select_related("organisation").get(pk=invitation_pk)
    subject, body = _invitation_mail_text(invitation, link)
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception as exc:  # noqa: BLE001 - any mail failure is shown to the inviter
        log.warning("invitation mail %s failed: %s", invitation.pk, exc)
        Invitation.objects.filter(pk=invitation.pk).update(email_error=str(exc)[:300])
    else:
        Invitation.objects.filter(pk=invitation.pk).update(email_sent_at=timezone.now(), email_error="")


def _notify_existing(user) -> None:
    from privacyregie.core.services import notify

    notify(
        [user],
        _("Er is iets met u gedeeld in Privacyregie"),
        _("Er is iets met u gedeeld. Log in om het te bekijken."),
        url=reverse("web:home"),
    )


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("organisation", "partner").filter(token_hash=_hash(token)).first()


def refuse_invitation(request, invitation: Invitation | None, state: str) -> None:
    """Record a refused invitation link (unknown, used twice, expired, revoked) as a security event."""
    detail = f"uitnodiging geweigerd: {state}"
    if invitation is not None:
        detail += f" ({invitation.uuid})"
    record_event(request, SecurityEvent.Kind.ACCESS_DENIED, username=invitation.email if invitation else "",
                 detail=detail)


def revoke_invitation(request, invitation: Invitation) -> None:
    """End an open invitation: its link stops working (a used one is ended by revoking its grant)."""
    if invitation.state() != "open":
        raise ValidationError(_("Deze uitnodiging is niet meer open."))
    invitation.revoked_at, invitation.revoked_by = timezone.now(), request.user
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    update_change_reason(invitation, "ingetrokken")


# --- the first visit: e-mail code, password, account ------------------------------------------

def send_email_code(request, invitation: Invitation) -> None:
    """Send a 6-digit code (valid 15 minutes, 5 attempts) to the invited address; only its hash is kept."""
    now = timezone.now()
    if invitation.codes_sent >= CODE_MAX_SENDS:
        raise ValidationError(_("Er zijn te veel codes verstuurd voor deze uitnodiging. Vraag een nieuwe uitnodiging."))
    if invitation.code_sent_at and now - invitation.code_sent_at < CODE_RESEND_AFTER:
        raise ValidationError(_("Er is net een code verstuurd. Wacht een minuut voordat u een nieuwe vraagt."))
    code = f"{secrets.randbelow(10**6):06d}"
    invitation.code_hash = _code_hash(invitation, code)
    invitation.code_sent_at, invitation.code_attempts = now, 0
    invitation.codes_sent += 1
    invitation.save(update_fields=["code_hash", "code_sent_at", "code_attempts", "codes_sent"])
    send_mail(
        _("Uw bevestigingscode voor Privacyregie"),
        _("Uw bevestigingscode is %(code)s. De code is 15 minuten geldig. Deel hem met niemand.") % {"code": code},
        None, [invitation.email],
    )


def verify_email_code(request, invitation: Invitation, code: str) -> None:
    """Raise ``ValidationError`` (Dutch) unless ``code`` is the current code; each miss counts."""
    now = timezone.now()
    if not invitation.code_hash or not invitation.code_sent_at:
        raise ValidationError(_("Vraag eerst een code aan."))
    if now - invitation.code_sent_at > CODE_LIFETIME:
        raise ValidationError(_("De code is verlopen. Vraag een nieuwe code aan."))
    if invitation.code_attempts >= CODE_MAX_ATTEMPTS:
        raise ValidationError(_("De code is te vaak verkeerd ingevuld. Vraag een nieuwe code aan."))
    code = (code or "").strip().replace(" ", "")
    if not hmac.compare_digest(invitation.code_hash, _code_hash(invitation, code)):
        invitation.code_attempts += 1
        invitation.save(update_fields=["code_attempts"])
        record_event(request, SecurityEvent.Kind.OTP_FAILED, username=invitation.email,
                     detail=f"e-mailcode uitnodiging onjuist ({invitation.uuid})")
        left = CODE_MAX_ATTEMPTS - invitation.code_attempts
        if left <= 0:
            raise ValidationError(_("De code is te vaak verkeerd ingevuld. Vraag een nieuwe code aan."))
        raise ValidationError(_("Deze code klopt niet. U kunt het nog %(n)s keer proberen.") % {"n": left})
    invitation.code_hash = ""  # single use
    invitation.save(update_fields=["code_hash"])


def role_for_partner(partner) -> str:
    from privacyregie.register.models import ChainPartner

    return core_roles.Role.SUPPLIER if partner.kind == ChainPartner.Kind.SUPPLIER else core_roles.Role.CHAIN_PARTNER


def validate_new_password(invitation: Invitation, password: str, first_name: str = "", last_name: str = "") -> None:
    candidate = User(username=normalise_username(invitation.email), email=invitation.email,
                     first_name=first_name, last_name=last_name)
    password_validation.validate_password(password, candidate)


@transaction.atomic
def complete_first_visit(request, invitation: Invitation, *, first_name: str, last_name: str,
                         password: str) -> User | None:
    """Create the external account (username = e-mail), its grant, and use up the invitation.

    The caller has verified the e-mail code. The password passes Django's validators; the
    second factor is enrolled next (the access policy sends a user without one to enrolment).
    Returns ``None`` when an external account with this address exists already: it gets the grant.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state() != "open":
        raise ValidationError(_("Deze uitnodiging is niet meer geldig."))
    existing = existing_account(invitation.email)
    if existing is not None:
        # Created meanwhile (another invitation): no second account, the grant goes to this one.
        if not is_external(existing) or existing.organisation_id != invitation.organisation_id:
            raise ValidationError(_("Voor dit e-mailadres bestaat al een account. Neem contact op met de gemeente."))
        _use_invitation(invitation, existing)
        return None
    validate_new_password(invitation, password, first_name, last_name)
    user = User(username=invitation.email, email=invitation.email, first_name=first_name[:150],
                last_name=last_name[:150], organisation_id=invitation.organisation_id)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, organisation_id=invitation.organisation_id,
                                  role=role_for_partner(invitation.partner), granted_by=invitation.invited_by)
    ExternalAccount.objects.create(user=user, partner=invitation.partner)
    _use_invitation(invitation, user)
    return user


def _use_invitation(invitation: Invitation, user) -> ExternalGrant:
    grant = ExternalGrant.objects.create(
        organisation_id=invitation.organisation_id, user=user, content_type=invitation.content_type,
        object_id=invitation.object_id, granted_by=invitation.invited_by, expires_at=invitation.expires_at,
    )
    # The token's hash stays: a second use of the link is recognised and refused as "used".
    invitation.user, invitation.grant, invitation.used_at = user, grant, timezone.now()
    invitation.save(update_fields=["user", "grant", "used_at"])
    return grant


# --- grants -------------------------------------------------------------------------------------

@transaction.atomic
def grant_access(request, user, grant_target, *, until) -> ExternalGrant:
    """Give an existing external user access to ``grant_target`` until ``until`` (within the maximum period).

    With a ``request``, its user must be allowed to share the target (``may_invite``); without one
    (demo data, management commands) the caller has decided.
    """
    if request is not None and not may_invite(request.user, grant_target):
        raise PermissionDenied(_("U mag voor dit onderdeel geen externe toegang geven."))
    if not is_external(user) or user.organisation_id != grant_target.organisation_id:
        raise ValidationError(_("Alleen een extern account van uw organisatie kan externe toegang krijgen."))
    if not user.is_active:
        raise ValidationError(_("Dit externe account is niet actief."))
    now = timezone.now()
    config = settings_for(grant_target.organisation)
    if until <= now:
        raise ValidationError(_("De einddatum van de toegang ligt in het verleden."))
    if until > now + timedelta(days=config.max_days, minutes=1):
        raise ValidationError(
            _("De termijn is ten hoogste %(max)s dagen (ingesteld door uw organisatie).") % {"max": config.max_days}
        )
    return ExternalGrant.objects.create(
        organisation_id=grant_target.organisation_id, user=user, content_type=_content_type(grant_target),
        object_id=grant_target.pk, granted_by=getattr(request, "user", None) if request else None, expires_at=until,
    )


def has_accepted_current_statement(user) -> bool:
    current = StatementVersion.objects.current()
    if current is None:
        return True  # nothing to accept
    return Acceptance.objects.filter(user=user, version=current).exists()


def has_active_grant(user, grant_target) -> bool:
    """Whether ``user`` may now open ``grant_target``: an active external user with an unexpired,
    unrevoked grant on it who has accepted the current confidentiality statement."""
    if not is_external(user) or not user.is_active or user.organisation_id != grant_target.organisation_id:
        return False
    if not ExternalGrant.objects.active().for_target(grant_target).filter(user=user).exists():
        return False
    return has_accepted_current_statement(user)


def active_targets(user, model_class):
    """Ids of the objects of ``model_class`` the user may open now (same rules as ``has_active_grant``).

    Use as ``Model.objects.filter(pk__in=active_targets(user, Model))``.
    """
    grants = ExternalGrant.objects.none()
    if is_external(user) and user.is_active and has_accepted_current_statement(user):
        grants = ExternalGrant.objects.active().filter(
            user=user, organisation_id=user.organisation_id,
            content_type=ContentType.objects.get_for_model(model_class, for_concrete_model=True),
        )
    return grants.values_list("object_id", flat=True)


def has_any_active_grant(user) -> bool:
    return ExternalGrant.objects.active().filter(user=user).exists()


def is_grant_bound(user) -> bool:
    """An external user whose access rests on grants (they have had at least one)."""
    return ExternalGrant.objects.filter(user=user).exists()


@transaction.atomic
def revoke_grant(request, user, grant_target) -> int:
    """End every active grant of ``user`` on ``grant_target`` now; the next request of the user is refused.

    Recorded in the grant's history (who, when); sends ``grant_ended``. Returns how many ended.
    """
    now = timezone.now()
    grants = list(ExternalGrant.objects.active(now).for_target(grant_target).filter(user=user).select_for_update())
    for grant in grants:
        _end(grant, request.user if request else None, now)
    if grants:
        grant_ended.send(sender=ExternalGrant, user=user, grant_target=grant_target)
    return len(grants)


def revoke(request, grant: ExternalGrant) -> None:
    """Revoke one grant (the municipal overview's button)."""
    if not grant.is_active():
        raise ValidationError(_("Deze toegang is al beëindigd."))
    target = grant.target
    if target is None:
        _end(grant, request.user, timezone.now())
        return
    revoke_grant(request, grant.user, target)


def _end(grant: ExternalGrant, by, now) -> None:
    grant.revoked_at, grant.revoked_by, grant.ended_recorded_at = now, by, now
    grant.save(update_fields=["revoked_at", "revoked_by", "ended_recorded_at"])
    update_change_reason(grant, "ingetrokken")


def record_ended_grants(now=None) -> int:
    """Announce grants that expired since the last run (history entry + ``grant_ended``); idempotent."""
    now = now or timezone.now()
    ended = ExternalGrant.objects.filter(ended_recorded_at__isnull=True, expires_at__lte=now).select_related("user")
    count = 0
    for grant in ended:
        grant.ended_recorded_at = now
        grant.save(update_fields=["ended_recorded_at"])
        update_change_reason(grant, "verlopen")
        target = grant.target
        if target is not None:
            grant_ended.send(sender=ExternalGrant, user=grant.user, grant_target=target)
        count += 1
    return count


def visible_grants(user):
    """Grants on the municipal overview: those the user gave; the privacy officer sees the organisation's."""
    grants = ExternalGrant.objects.filter(organisation_id=user.organisation_id).select_related(
        "user", "content_type", "granted_by", "revoked_by")
    if not has_permission(user, "kernel.view_processing_log"):
        grants = grants.filter(granted_by=user)
    return grants


def visible_invitations(user):
    invitations = Invitation.objects.filter(organisation_id=user.organisation_id).select_related(
        "partner", "invited_by", "user")
    if not has_permission(user, "kernel.view_processing_log"):
        invitations = invitations.filter(invited_by=user)
    return invitations


# --- the confidentiality statement ---------------------------------------------------------------

def current_statement() -> StatementVersion | None:
    return StatementVersion.objects.current()


def statement_gate(user) -> str | None:
    """The privacy kernel's user gate (issue 14 §2): an external account (ketenpartner, leverancier)
    gets no access to anything containing residents' data until it has signed the current
    confidentiality statement. Registered with ``kernel.policy.register_user_gate`` in ``apps.py``."""
    if not is_external(user) or has_accepted_current_statement(user):
        return None
    return _("U heeft de geheimhoudingsverklaring nog niet ondertekend. "
             "Zonder ondertekende verklaring krijgt u geen toegang tot gegevens van inwoners.")


def signed_statements(user):
    """The confidentiality statements the user signed, newest first (for their start page)."""
    return Acceptance.objects.filter(user=user).select_related("version").order_by("-accepted_at")


def accept_statement(user, version: StatementVersion) -> Acceptance:
    acceptance, _created = Acceptance.objects.get_or_create(user=user, version=version)
    return acceptance


# --- the start page of external users -------------------------------------------------------------

@dataclass
class StartItem:
    label: str
    url: str
    note: str = ""


@dataclass
class StartSection:
    """What one capability shared with the user (e.g. "Uitwisselingen"), for the start page."""

    title: str
    items: list[StartItem] = field(default_factory=list)
    url: str = ""


_START_SECTIONS: list[Callable] = []


def register_start_section(provider: Callable) -> Callable:
    """Register ``provider(user) -> StartSection | None`` for the "Met mij gedeeld" part of the start page.

    Usable as a decorator. Providers list only objects the user has an active grant on
    (``active_targets``); registering twice has no effect.
    """
    if provider not in _START_SECTIONS:
        _START_SECTIONS.append(provider)
    return provider


def start_sections(user) -> list[StartSection]:
    """The non-empty sections of all providers for this user."""
    sections = []
    for provider in _START_SECTIONS:
        section = provider(user)
        if section is not None and section.items:
            sections.append(section)
    return sections


def expiring_soon(user, now=None):
    """The user's active grants that end within three days, soonest first."""
    now = now or timezone.now()
    return ExternalGrant.objects.active(now).filter(user=user, expires_at__lte=now + EXPIRING_SOON).select_related(
        "content_type").order_by("expires_at")


def partners_of(users) -> list:
    """The register partners the given external users work for (each once; users without an account are skipped)."""
    from privacyregie.register.models import ChainPartner

    return list(ChainPartner.objects.filter(external_accounts__user__in=users).distinct())
