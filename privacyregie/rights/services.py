"""Residents' requests (AVG art. 12, 15-22): intake, deadlines, acting, overview. What other capabilities call.

- ``record_event(request, actor, kind, detail="")``: one step in a request's history.
- ``answer_request(request, user, *, outcome, reasoning)``: records the decision and stops the clock.
- ``open_requests_for_case(case)``: reasons an open request of a resident of the case blocks destruction
  (registered with ``retention.services.register_hold_provider`` in ``RightsConfig.ready``).

Never stores a BSN typed in (only ``kernel.services.pseudonymise_bsn``), never a copy of an identity document,
and never answers differently for a BSN the organisation does not hold (no enumeration).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Outcome, RequestEvent, RequestStatus, SubjectRequest

OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


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
