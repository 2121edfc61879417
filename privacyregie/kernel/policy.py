"""The policy of the privacy kernel: one function decides every access.

``decide(user, action, target, purpose)`` is pure: it reads, never writes or logs.
Deny by default: an unknown action or purpose, a target type without a registered
rule, an inactive or anonymous user, or a target of another organisation is refused.
Each capability that holds residents' data registers the rule for its models with
``register_target`` (dossiers does so in its AppConfig.ready()).

User gates (``register_user_gate``) refuse a user everything that holds residents' data
whatever the target, e.g. an external account whose confidentiality statement is not yet
signed (issue 14 §2; the external app registers that gate). The kernel knows no gate's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Action(models.TextChoices):
    VIEW = "view", gettext_lazy("raadplegen")
    CREATE = "create", gettext_lazy("aanmaken")
    UPDATE = "update", gettext_lazy("wijzigen")
    DELETE = "delete", gettext_lazy("verwijderen")
    SHARE = "share", gettext_lazy("delen")
    EXPORT = "export", gettext_lazy("exporteren")


class Purpose(models.TextChoices):
    CASE_WORK = "casusbehandeling", gettext_lazy("Casusbehandeling")
    ACCESS_ASSESSMENT = "toegang_beoordelen", gettext_lazy("Toegang tot ondersteuning beoordelen")
    TEAM_LEAD = "teamleiding", gettext_lazy("Teamleiding (toewijzen en overzien)")
    EMERGENCY = "noodtoegang", gettext_lazy("Noodtoegang")
    ACCOUNTABILITY = "verantwoording", gettext_lazy("Verantwoording en toezicht")
    SUBJECT_REQUEST = "inzageverzoek", gettext_lazy("Verzoek van betrokkene (inzage)")
    AUTHORISATION_REVIEW = "autorisatiecontrole", gettext_lazy("Autorisatiecontrole")
    SHARING = "gegevensdeling", gettext_lazy("Gegevensdeling met ketenpartner")
    INCIDENT_INVESTIGATION = "onderzoek_incident", gettext_lazy("Onderzoek naar een incident")
    CHECK = "controle", gettext_lazy("Controle op rechtmatig gebruik")
    LEGAL_CLAIMS = "rechtsvordering", gettext_lazy("Instellen, uitoefenen of onderbouwen van een rechtsvordering")


class LegalBasisKind(models.TextChoices):
    STATUTORY_TASK = "wettelijke_taak", gettext_lazy("Wettelijke taak")
    CONSENT = "toestemming", gettext_lazy("Toestemming van de inwoner")
    DEVIATION = "gemotiveerde_afwijking", gettext_lazy("Gemotiveerde afwijking")
    NONE = "geen", gettext_lazy("Geen grondslag")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    legal_basis: str = LegalBasisKind.NONE
    legal_basis_detail: str = ""
    emergency: bool = False
    processing_activity: str = ""
    processing_activity_version_id: str = ""
    subjects: tuple[str, ...] = ()


Rule = Callable[[object, str, object, str], Decision]
_RULES: dict[type, Rule] = {}
# AVG art. 18(2): data whose processing is restricted may, apart from storage, only be processed with the
# data subject's consent (their own request is handled under SUBJECT_REQUEST) or for legal claims.
RESTRICTION_ALLOWED_PURPOSES = frozenset({Purpose.LEGAL_CLAIMS, Purpose.SUBJECT_REQUEST})
RestrictionCheck = Callable[[object], str | None]
_RESTRICTION_CHECKS: list[RestrictionCheck] = []


def register_restriction_check(check: RestrictionCheck) -> None:
    """A capability that records restrictions (art. 18) registers ``check(target) -> reason | None``."""
    if check not in _RESTRICTION_CHECKS:
        _RESTRICTION_CHECKS.append(check)


def restriction_reason(target) -> str | None:
    for check in _RESTRICTION_CHECKS:
        reason = check(target)
        if reason:
            return reason
    return None


def register_target(model_class: type, rule: Rule) -> None:
    _RULES[model_class] = rule


def rule_for(target) -> Rule | None:
    for klass in type(target).__mro__:
        if klass in _RULES:
            return _RULES[klass]
    return None


UserGate = Callable[[object], "str | None"]
_USER_GATES: list[UserGate] = []


def register_user_gate(gate: UserGate) -> UserGate:
    """Register ``gate(user) -> str | None``: a reason refuses the user every access; usable as a decorator.

    Registering the same gate twice has no effect.
    """
    if gate not in _USER_GATES:
        _USER_GATES.append(gate)
    return gate


def user_gate_refusal(user) -> str | None:
    """The first reason a registered gate gives to refuse ``user``, or None."""
    for gate in _USER_GATES:
        reason = gate(user)
        if reason:
            return reason
    return None


def deny(reason: str, **kwargs) -> Decision:
    return Decision(False, reason, **kwargs)


def decide(user, action: str, target, purpose: str) -> Decision:
    if action not in Action.values:
        return deny(_("Onbekende handeling."))
    if purpose not in Purpose.values:
        return deny(_("Onbekend doel. Kies een doel uit de lijst."))
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return deny(_("U bent niet ingelogd."))
    gate_reason = user_gate_refusal(user)
    if gate_reason:
        return deny(gate_reason)
    organisation_id = getattr(target, "organisation_id", None)
    if organisation_id is None or organisation_id != getattr(user, "organisation_id", None):
        return deny(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
    rule = rule_for(target)
    if rule is None:
        return deny(_("Voor dit soort gegeven is geen toegangsregel vastgesteld."))
    decision = rule(user, action, target, purpose)
    if decision.allowed and purpose not in RESTRICTION_ALLOWED_PURPOSES:
        restricted = restriction_reason(target)
        if restricted:
            # asked only once the rule allowed it: whoever may not see the data does not learn of a restriction
            return replace(decision, allowed=False, reason=_(
                "De verwerking van deze gegevens is beperkt (AVG art. 18): %(reason)s") % {"reason": restricted})
    return decision
