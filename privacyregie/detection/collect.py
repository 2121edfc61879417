"""The rules' inputs from the combined processing log, aggregated in the database.

Reads ``kernel.ProcessingLogEntry`` (the kernel's own entries and those received from other
applications alike) for one organisation and period, grouped so that the number of rows returned
does not grow with the number of entries: per actor and local hour, per actor/resident/day, and only
the (rare) emergency and refused entries one by one. The privacy officer's own look-ups in the log
(``kernel.processinglog``) and entries without an actor are left out. Never returns personal data
beyond pseudonyms.
"""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate

from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.services import LOOKUP_TARGET

from .rules import AMSTERDAM, Event, HourCount, Inputs, Pair


def entries(organisation, start, end):
    return (ProcessingLogEntry.objects
            .filter(organisation=organisation, occurred_at__gte=start, occurred_at__lt=end)
            .exclude(target_type=LOOKUP_TARGET)
            .exclude(Q(actor_user_id__isnull=True) & Q(actor_username="")))


def hour_counts(organisation, start, end) -> list[HourCount]:
    rows = (entries(organisation, start, end).filter(outcome=Outcome.ALLOWED)
            .annotate(day=TruncDate("occurred_at", tzinfo=AMSTERDAM), hour=ExtractHour("occurred_at", tzinfo=AMSTERDAM),
                      weekday=ExtractIsoWeekDay("occurred_at", tzinfo=AMSTERDAM))
            .values("actor_user_id", "actor_username", "day", "hour", "weekday").annotate(n=Count("id")).order_by())
    return [HourCount(r["actor_user_id"], r["actor_username"], r["day"], r["hour"], r["weekday"], r["n"]) for r in rows]


def emergencies(organisation, start, end) -> list[Event]:
    rows = (entries(organisation, start, end).filter(outcome=Outcome.ALLOWED, emergency=True)
            .values("actor_user_id", "actor_username", "target_id").annotate(at=Min("occurred_at")).order_by())
    return [Event(r["actor_user_id"], r["actor_username"], r["at"], r["target_id"]) for r in rows]


def refusals(organisation, start, end) -> list[Event]:
    rows = (entries(organisation, start, end).filter(outcome=Outcome.DENIED)
            .values_list("actor_user_id", "actor_username", "occurred_at", "target_id"))
    return [Event(*row) for row in rows]


def pairs(organisation, start, end) -> list[Pair]:
    rows = (entries(organisation, start, end).filter(outcome=Outcome.ALLOWED, emergency=False)
            .exclude(subject_pseudonym="")
            .annotate(day=TruncDate("occurred_at", tzinfo=AMSTERDAM))
            .values("actor_user_id", "actor_username", "subject_pseudonym", "day")
            .annotate(n=Count("id"), first=Min("occurred_at"), last=Max("occurred_at")).order_by())
    return [Pair(r["actor_user_id"], r["actor_username"], r["subject_pseudonym"], r["day"], r["n"], r["first"],
                 r["last"]) for r in rows]


def inputs(organisation, start, end, t) -> Inputs:
    """Inputs for a window [start, end): hours from the baseline before it, events from one rule
    period before it (so a cluster crossing the window's start is seen whole), pairs in the window."""
    from datetime import timedelta

    return Inputs(
        hours=hour_counts(organisation, start - timedelta(days=t.baseline_days), end),
        emergencies=emergencies(organisation, start - timedelta(days=t.break_glass_days), end),
        refusals=refusals(organisation, start - timedelta(minutes=t.refusals_minutes), end),
        pairs=pairs(organisation, start, end),
    )
