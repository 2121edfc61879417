"""Who may open, download from, answer or forward an exchange: rules registered with the privacy kernel.

* A municipal user of an exchange tied to a case needs the case's need-to-know: the dossiers
  rule for the case decides (member, or emergency access), with the case's legal basis.
* A case-less exchange (no personal data) is reachable by the employee who created it.
* An external (partner) user needs an active grant on the exchange (``external``), the exchange
  must be open (not revoked, not expired), and the basis it relied on must still hold: a consent
  withdrawn a second ago cuts access at once.
* A partner's API application (``PartnerApplication``) sees the exchanges with its own partner only,
  under the same conditions as its users.
Everything else is refused. Never allows what the case rule would refuse.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from privacyregie.kernel.policy import Action, Decision, deny

from . import ports
from .models import Exchange, ExchangeFile, ExchangeMessage

PARTNER_ACTIONS = {Action.VIEW, Action.CREATE}


def _partner_of_application(user):
    application = getattr(user, "application", None)
    link = getattr(application, "partner_link", None) if application is not None else None
    return getattr(link, "partner_id", None)


def _partner_decision(exchange, reason) -> Decision:
    subjects = exchange.case.subject_bsns() if exchange.case_id else ()
    activity = exchange.case.processing_activity if exchange.case_id else ""
    return Decision(True, reason, exchange.legal_basis or "geen", exchange.legal_basis_detail,
                    processing_activity=activity, subjects=subjects)


def _closed_reason(exchange) -> str | None:
    if exchange.effective_status() == Exchange.Status.REVOKED:
        return _("Deze uitwisseling is ingetrokken. U heeft geen toegang meer.")
    if not exchange.is_open():
        return _("Deze uitwisseling is verlopen. U heeft geen toegang meer.")
    if not ports.share_basis_still_valid(exchange):
        return _("De grondslag voor deze uitwisseling is vervallen (de toestemming is ingetrokken). "
                 "U heeft geen toegang meer.")
    return None


def exchange_rule(user, action, exchange: Exchange, purpose) -> Decision:
    partner_id = _partner_of_application(user)
    if partner_id is not None or getattr(user, "application", None) is not None:
        if partner_id != exchange.partner_id or action not in PARTNER_ACTIONS:
            return deny(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
        closed = _closed_reason(exchange)
        return deny(closed) if closed else _partner_decision(exchange, _("applicatie van de ketenpartner"))
    if ports.is_external(user):
        if action not in PARTNER_ACTIONS or not ports.was_recipient(user, exchange):
            return deny(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
        closed = _closed_reason(exchange)
        if closed:
            return deny(closed)
        if not ports.has_active_grant(user, exchange):
            return deny(_("Uw toegang tot deze uitwisseling is beëindigd."))
        return _partner_decision(exchange, _("ontvanger van de uitwisseling"))
    if "exchange.share" not in user.privacy_permissions:
        return deny(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
    if exchange.case_id is None:
        if exchange.created_by_id == user.pk:
            return Decision(True, _("aangemaakt door u (zonder persoonsgegevens)"))
        return deny(_("Alleen de medewerker die deze uitwisseling aanmaakte, ziet haar."))
    from privacyregie.kernel.policy import decide

    # need-to-know of the case, decided by the case's own rule (dossiers)
    return decide(user, action, exchange.case, purpose)


def message_rule(user, action, message: ExchangeMessage, purpose) -> Decision:
    return exchange_rule(user, action, message.exchange, purpose)


def file_rule(user, action, file: ExchangeFile, purpose) -> Decision:
    return exchange_rule(user, action, file.message.exchange, purpose)


def register_rules():
    from privacyregie.kernel.policy import register_target

    register_target(Exchange, exchange_rule)
    register_target(ExchangeMessage, message_rule)
    register_target(ExchangeFile, file_rule)
