"""The kernel rule for answering a resident's own request (AVG art. 15 and 20), purpose SUBJECT_REQUEST.

The privacy officer who answers an access request is not a member of the resident's cases, so the case
rules (dossiers, exchange) refuse them. This module wraps those rules: under purpose *verzoek van
betrokkene* and only for VIEW and EXPORT, a user with ``rights.produce_access_report`` may read the data
of a resident who has an OPEN request of an access-type kind (inzage, wie raadpleegde, overdraagbaarheid)
whose identity has been verified. The decision names only the requesting resident as the subject
(the log entry is about them), the basis is the legal obligation of art. 15/12, and the activity is the
handling of residents' requests. For every other purpose, action or user the original rule decides
unchanged: this wrapper never widens case work. See ADR 0067.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from privacyregie.kernel.policy import Action, Decision, LegalBasisKind, Purpose, deny

PERMISSION = "rights.produce_access_report"
REPORT_ACTIONS = frozenset({Action.VIEW, Action.EXPORT})
REPORT_BASIS = "AVG art. 12 en art. 15 (recht op inzage), art. 20 (overdraagbaarheid)"
WRAPPED_MODELS = ("dossiers.resident", "dossiers.case", "dossiers.casenote", "dossiers.casedocument",
                  "dossiers.consent", "exchange.exchange")


def access_kinds():
    from .models import RequestKind

    return (RequestKind.ACCESS, RequestKind.WHO_CONSULTED, RequestKind.PORTABILITY)


def open_verified_requests(organisation_id, resident_ids):
    from .models import RequestStatus, SubjectRequest

    return SubjectRequest.objects.filter(
        organisation_id=organisation_id, resident_id__in=resident_ids, kind__in=access_kinds(),
        status__in=(RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS), identity_checked_at__isnull=False)


def subject_request_decision(user, action, target, purpose) -> Decision | None:
    """The decision under purpose SUBJECT_REQUEST, or None when this rule does not apply."""
    if purpose != Purpose.SUBJECT_REQUEST or PERMISSION not in getattr(user, "privacy_permissions", ()):
        return None
    if action not in REPORT_ACTIONS:
        return deny(_("Voor een verzoek van betrokkene worden gegevens alleen geraadpleegd of geëxporteerd."))
    from .restriction import belongs_to

    cases, residents = belongs_to(target)
    if cases:
        from privacyregie.dossiers.models import CaseResident

        residents = residents | set(CaseResident.objects.filter(case_id__in=cases).values_list("resident_id", flat=True))
    requests = list(open_verified_requests(user.organisation_id, residents).select_related("resident"))
    if not requests:
        return deny(_("Er is geen open verzoek van betrokkene met vastgestelde identiteit voor deze gegevens."))
    subjects = tuple(sorted({r.resident.bsn for r in requests}))
    return Decision(True, _("beantwoorden van verzoek %(refs)s") % {"refs": ", ".join(r.reference for r in requests)},
                    LegalBasisKind.STATUTORY_TASK, REPORT_BASIS,
                    processing_activity=_("Behandelen van verzoeken van betrokkenen"), subjects=subjects)


def wrap(original):
    def rule(user, action, target, purpose):
        decision = subject_request_decision(user, action, target, purpose)
        return decision if decision is not None else original(user, action, target, purpose)

    rule.wrapped = original
    return rule


def register_rules():
    from privacyregie.kernel.policy import _RULES, register_target

    for klass, original in list(_RULES.items()):
        if klass._meta.label_lower in WRAPPED_MODELS and not hasattr(original, "wrapped"):
            register_target(klass, wrap(original))
