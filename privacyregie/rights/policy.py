"""The kernel rule for handling a resident's own request (AVG art. 12, 15-22; purpose "inzageverzoek").

The dossiers rules let only case members see a case. A privacy officer who answers a request must read (and,
for rectification or erasure, change) the requester's data across all their cases. This module wraps the rules
registered for residents, cases, notes, documents and consents: when the purpose is ``Purpose.SUBJECT_REQUEST``,
the user holds ``rights.handle_requests``, and the data belongs to a resident linked to an OPEN request whose
identity was checked, the kernel allows:

* view and export, for every kind of request (to find and report the data);
* update of the resident, only while a rectification request of that resident is open;
* delete, only while an erasure request of that resident is open.

Everything else falls through to the wrapped (dossiers) rule. This never allows anything without an open,
identity-checked request of that very resident, and never for another purpose; every use is logged by
``kernel.services.access`` as always.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from privacyregie.kernel.policy import Action, Decision, LegalBasisKind, Purpose, register_target, rule_for

from .models import RequestKind, RequestStatus, SubjectRequest

LEGAL_BASIS = "AVG art. 12 en 15-22 (verzoek van de betrokkene); AVG art. 6 lid 1 onder c"
READ_ACTIONS = {Action.VIEW, Action.EXPORT}
KINDS_FOR_ACTION = {Action.UPDATE: {RequestKind.RECTIFICATION}, Action.DELETE: {RequestKind.ERASURE}}


def _residents_of(target) -> list[int]:
    from privacyregie.dossiers.models import Case, CaseDocument, CaseNote, Consent, Resident

    if isinstance(target, Resident):
        return [target.pk]
    if isinstance(target, Consent):
        return [target.resident_id]
    case = target if isinstance(target, Case) else target.case if isinstance(target, CaseNote | CaseDocument) else None
    if case is None:
        return []
    return list(case.case_residents.values_list("resident_id", flat=True))


def _subjects(target) -> tuple[str, ...]:
    from privacyregie.dossiers.models import Case, Resident

    if isinstance(target, Resident):
        return (target.bsn,)
    case = target if isinstance(target, Case) else getattr(target, "case", None)
    if case is not None:
        return case.subject_bsns()
    resident = getattr(target, "resident", None)
    return (resident.bsn,) if resident is not None else ()


def request_allowing(user, action: str, target) -> SubjectRequest | None:
    """The open, identity-checked request that lets ``user`` perform ``action`` on ``target``, or None."""
    if "rights.handle_requests" not in getattr(user, "privacy_permissions", ()):
        return None
    if action not in READ_ACTIONS and action not in KINDS_FOR_ACTION:
        return None
    resident_ids = [pk for pk in _residents_of(target) if pk]
    if not resident_ids:
        return None
    requests = SubjectRequest.objects.filter(
        organisation_id=user.organisation_id, resident_id__in=resident_ids, identity_checked_at__isnull=False,
        status__in=(RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS))
    if action in KINDS_FOR_ACTION:
        requests = requests.filter(kind__in=KINDS_FOR_ACTION[action])
    return requests.order_by("received_at").first()


def wrap(previous):
    def subject_request_rule(user, action, target, purpose) -> Decision:
        if purpose == Purpose.SUBJECT_REQUEST:
            found = request_allowing(user, action, target)
            if found is not None:
                return Decision(True, _("behandeling van verzoek %(ref)s van de betrokkene") % {"ref": found.reference},
                                LegalBasisKind.STATUTORY_TASK, LEGAL_BASIS,
                                processing_activity=_("Behandelen van verzoeken van betrokkenen"),
                                subjects=_subjects(target))
        return previous(user, action, target, purpose)

    subject_request_rule.wrapped = previous
    return subject_request_rule


def register_rules() -> None:
    """Wrap the rules the dossiers app registered (called in ``RightsConfig.ready``, after dossiers)."""
    from privacyregie.dossiers.models import Case, CaseDocument, CaseNote, Consent, Resident

    for model in (Resident, Case, CaseNote, CaseDocument, Consent):
        previous = rule_for(model.__new__(model))
        if previous is None or getattr(previous, "wrapped", None) is not None:
            continue
        register_target(model, wrap(previous))
