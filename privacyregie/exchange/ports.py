"""The one place where the exchange meets the capabilities it builds on (issue 12).

External users (``privacyregie.external``), the sharing decision (``dossiers.services.authorise_share``),
the check before sending (``core.scanning``) and streaming encryption (``core.files``) are
called only through these functions. When such a capability is installed its function is
used; until then a narrow local equivalent keeps the same contract (deny rather than allow:
without external grants only the exchange's own recipients have access). Never grants more
than the capability it stands in for would.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import import_module

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core import files


def _module(name: str):
    try:
        return import_module(name)
    except ModuleNotFoundError as exc:
        if name.startswith(exc.name or "\0"):
            return None
        raise


def _external():
    from django.apps import apps

    return _module("privacyregie.external.services") if apps.is_installed("privacyregie.external") else None


def _dossier_function(name):
    from privacyregie.dossiers import services

    return getattr(services, name, None)


# --- external users -----------------------------------------------------------------------------

def is_external(user) -> bool:
    external = _external()
    if external is not None:
        return external.is_external(user)
    from privacyregie.core.roles import is_external as roles_are_external

    return roles_are_external(getattr(user, "roles", ()) or ())


def _mine(user):
    from django.db.models import Q

    email = (getattr(user, "email", "") or "").strip()
    return Q(user=user) | (Q(user__isnull=True, email__iexact=email) if email else Q(pk__in=[]))


def was_recipient(user, exchange) -> bool:
    """The user is or was a recipient of the exchange (also after revocation or expiry)."""
    return exchange.recipients.filter(_mine(user)).exists()


def has_active_grant(user, exchange) -> bool:
    """The user is an active recipient of the exchange (and, with external users installed, holds a grant)."""
    if not exchange.recipients.filter(_mine(user), revoked_at__isnull=True).exists():
        return False
    external = _external()
    return external.has_active_grant(user, exchange) if external is not None else True


def active_exchange_ids(user):
    """Ids of the exchanges the user holds an active grant on."""
    from .models import Exchange

    external = _external()
    if external is not None:
        return external.active_targets(user, Exchange)
    return Exchange.objects.filter(recipients__user=user, recipients__revoked_at__isnull=True).values("id")


def invite(request, *, email, partner, exchange, days=None):
    """Invite a new partner user by e-mail for this exchange; returns the invitation's id (text)."""
    external = _external()
    if external is None:
        raise ValidationError({"invite_email": _("Een nieuwe externe gebruiker uitnodigen kan pas als het beheer van "
                                                 "externe gebruikers is ingericht. Kies een bestaande gebruiker.")})
    invitation = external.invite_external(request, email=email, partner=partner, grant_target=exchange, days=days)
    return str(getattr(invitation, "uuid", None) or invitation.pk)


def grant(request, user, exchange) -> None:
    external = _external()
    if external is not None:
        external.grant_access(request, user, exchange, until=exchange.expires_at)


def revoke(request, user, exchange) -> None:
    external = _external()
    if external is not None:
        external.revoke_grant(request, user, exchange)


def partner_users(partner):
    """Existing external users of a chain partner that may be chosen as recipients."""
    from django.apps import apps
    from django.db.models import Q

    from privacyregie.core.models import User
    from privacyregie.core.roles import Role

    users = User.objects.filter(organisation_id=partner.organisation_id, is_active=True,
                                role_assignments__role__in=[Role.CHAIN_PARTNER, Role.SUPPLIER],
                                role_assignments__organisation_id=partner.organisation_id)
    if _external() is not None and apps.is_installed("privacyregie.external"):
        # external users are tied to their partner (external.ExternalAccount); accounts from before
        # that tie (no account record) may still be chosen
        users = users.filter(Q(external_account__partner=partner) | Q(external_account__isnull=True))
    return users.distinct().order_by("first_name", "last_name")


def register_start_section(section) -> bool:
    external = _external()
    if external is None or not hasattr(external, "register_start_section"):
        return False
    external.register_start_section(section)
    return True


def start_section(title, items, url):
    """The external start page's section (``external.services.StartSection``) from ``[(label, url, note)]``."""
    external = _external()
    return external.StartSection(title=str(title), url=url,
                                 items=[external.StartItem(label=label, url=link, note=str(note))
                                        for label, link, note in items])


def connect() -> None:
    """Hook into the other capabilities once the apps are ready."""
    from .nav import start_page_section

    register_start_section(start_page_section)
    signals = _module("privacyregie.external.signals") if _external() is not None else None
    if signals is not None and hasattr(signals, "grant_ended"):
        from .services import on_grant_ended

        signals.grant_ended.connect(on_grant_ended, dispatch_uid="exchange-grant-ended")
    register_usage = _dossier_function("register_consent_usage")
    if register_usage is not None:
        from .services import exchanges_relying_on_consent

        register_usage(exchanges_relying_on_consent)


# --- the sharing decision ----------------------------------------------------------------------

def authorise_share(request, case, *, partner, data_categories, deviation_motivation=""):
    """The sharing decision (R4, R11): raises ``AccessDenied`` with the Dutch reason when refused."""
    real = _dossier_function("authorise_share")
    if real is not None:
        return real(request, case, partner=partner, data_categories=list(data_categories),
                    deviation_motivation=deviation_motivation)
    from privacyregie.kernel import services as kernel
    from privacyregie.kernel.policy import Action, Decision, Purpose, decide

    if decide(request.user, Action.SHARE, case, Purpose.SHARING).allowed and valid_agreement(partner, case) is None:
        decision = Decision(False, expired_agreement_reason(partner), processing_activity=case.processing_activity,
                            subjects=case.subject_bsns())
        entries = kernel._entries(request, request.user, "", Action.SHARE, case, Purpose.SHARING, decision)
        kernel.write_entries(entries)
        raise kernel.AccessDenied(decision, pending=entries)
    return kernel.access(request, Action.SHARE, case, Purpose.SHARING, deviation_motivation=deviation_motivation)


def valid_agreement(partner, case=None, today=None):
    """A signed covenant or agreement with the partner in force today (covering the case's activity when linked)."""
    today = today or timezone.localdate()
    agreements = [a for a in partner.agreements.prefetch_related("activities")
                  if a.effective_status(today) == "getekend"]
    if case is not None:
        covering = [a for a in agreements
                    if not a.activities.all() or any(act.name == case.processing_activity for act in a.activities.all())]
        return covering[0] if covering else None
    return agreements[0] if agreements else None


def expired_agreement_reason(partner) -> str:
    last = partner.agreements.filter(ends_on__isnull=False).order_by("-ends_on").first()
    if last is not None and last.ends_on < timezone.localdate():
        return _("De overeenkomst met %(partner)s is op %(date)s verlopen. Delen is niet mogelijk.") % {
            "partner": partner.name, "date": last.ends_on.strftime("%d-%m-%Y")}
    return _("Er is geen geldig convenant of geldige overeenkomst met %(partner)s voor deze verwerking. "
             "Delen is niet mogelijk.") % {"partner": partner.name}


def share_basis_still_valid(exchange) -> bool:
    """Whether the basis the exchange relied on still holds (a withdrawn consent cuts access at once)."""
    if exchange.case_id is None:
        return True
    real = _dossier_function("share_basis_still_valid")
    if real is not None:
        return real(exchange.case, exchange.partner, list(exchange.data_categories), exchange.consent_id or None)
    from privacyregie.kernel.policy import LegalBasisKind

    if exchange.legal_basis != LegalBasisKind.CONSENT:
        return True
    from privacyregie.dossiers.models import Consent

    consents = Consent.objects.filter(case_id=exchange.case_id, withdrawn_on__isnull=True)
    if exchange.consent_id:
        consents = consents.filter(uuid=exchange.consent_id)
    return consents.exists()


def decision_ids(decision) -> tuple[str, str]:
    """The consent id and the deviation id a sharing decision relied on (when it names them)."""
    consent = getattr(decision, "consent_id", None) or ""
    deviation = getattr(decision, "deviation_id", None) or ""
    return str(consent), str(deviation)


# --- the check before sending -------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    kind: str
    category: str
    excerpt: str
    source: str = ""


def scan(text: str, named_files) -> list[Finding]:
    """Findings of the check before sending in the message text and the files ``[(name, bytes)]``."""
    scanning = _module("privacyregie.core.scanning")
    if scanning is None:
        return []
    found = [Finding(str(f.kind), str(f.category), f.excerpt, "") for f in scanning.scan_text(text or "")]
    for name, data in named_files:
        result = scanning.scan_file(name, data)
        for f in getattr(result, "findings", result):
            found.append(Finding(str(f.kind), str(f.category), f.excerpt, name))
    return found


# --- encrypted storage -----------------------------------------------------------------------------

class _LocalTamperedFile(Exception):
    """A stored ciphertext failed authentication: its bytes are never served."""


TamperedFile = getattr(files, "TamperedFile", _LocalTamperedFile)


@dataclass(frozen=True)
class Stored:
    storage_name: str
    size: int
    sha256: str


def store(data: bytes) -> Stored:
    stream = getattr(files, "store_encrypted_stream", None)
    if stream is not None:
        import io

        stored = stream(io.BytesIO(data))
        return Stored(stored.storage_name, stored.size, stored.sha256)
    return Stored(files.store_encrypted(data), len(data), hashlib.sha256(data).hexdigest())


def read(storage_name: str) -> bytes:
    """The decrypted bytes; raises ``TamperedFile`` when the ciphertext does not authenticate."""
    opener = getattr(files, "open_encrypted", None)
    if opener is not None:
        return b"".join(opener(storage_name))
    try:
        return files.read_encrypted(storage_name)
    except ValueError as exc:
        raise TamperedFile(storage_name) from exc
