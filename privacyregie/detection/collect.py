"""The rules' inputs from the combined processing log, aggregated in the database.

Reads ``kernel.ProcessingLogEntry`` (the kernel's own entries and those received from other
applications alike) for one organisation and period, grouped so that the number of rows returned
does not grow with the number of entries: per actor and local hour, per actor/resident/day, and only
the (rare) emergency and refused entries one by one. The privacy officer's own look-ups in the log
(``kernel.processinglog``) and entries without an actor are left out. Never returns personal data
beyond pseudonyms.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate

from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.services import LOOKUP_TARGET

from .rules import AMSTERDAM, DayTotal, Event, HourCount, Inputs, Pair, day_bounds

# A day counted into ``DailyTotal`` sooner than this after its end is counted again on a later run, so that
# entries arriving late from connected applications (exporters batch and retry) are included.
SETTLE = timedelta(hours=6)


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


def _pairs(qs) -> list[Pair]:
    rows = (qs.annotate(day=TruncDate("occurred_at", tzinfo=AMSTERDAM))
            .values("actor_user_id", "actor_username", "subject_pseudonym", "day")
            .annotate(n=Count("id"), first=Min("occurred_at"), last=Max("occurred_at")).order_by())
    return [Pair(r["actor_user_id"], r["actor_username"], r["subject_pseudonym"], r["day"], r["n"], r["first"],
                 r["last"]) for r in rows]


def consultations(organisation, start, end):
    return entries(organisation, start, end).filter(outcome=Outcome.ALLOWED, emergency=False).exclude(subject_pseudonym="")


def pairs(organisation, start, end, pseudonyms=None) -> list[Pair]:
    """Per actor, resident and local day; only for ``pseudonyms`` when given."""
    if pseudonyms is None:
        return _pairs(consultations(organisation, start, end))
    found, pseudonyms = [], sorted(pseudonyms)
    for i in range(0, len(pseudonyms), 1000):
        found += _pairs(consultations(organisation, start, end).filter(subject_pseudonym__in=pseudonyms[i:i + 1000]))
    return found


def refresh_relations(organisation, facts: dict) -> None:
    """Replace the organisation's ``SubjectRelation`` snapshot by ``facts`` (``dossiers.services.subject_facts``)."""
    from .models import SubjectRelation

    SubjectRelation.objects.filter(organisation=organisation).delete()
    rows = []
    for pseudonym, (_name, teams, members) in facts.items():
        rows += [SubjectRelation(organisation=organisation, pseudonym=pseudonym, team_id=t) for t in teams]
        rows += [SubjectRelation(organisation=organisation, pseudonym=pseudonym, user_id=u) for u in members]
        if not teams and not members:
            rows.append(SubjectRelation(organisation=organisation, pseudonym=pseudonym))
    SubjectRelation.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses the snapshot is tiny
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SubjectRelation._meta.db_table}")


def unrelated_pairs(organisation, start, end) -> list[Pair]:
    """Pairs of team members and residents known in the case files (``SubjectRelation``) with no case of
    the member's team(s) and no membership of their own: the database leaves out the related ones."""
    from privacyregie.core.models import TeamMembership

    from .models import SubjectRelation

    known = SubjectRelation.objects.filter(organisation=organisation, pseudonym=OuterRef("subject_pseudonym"))
    # two plain correlated NOT EXISTS (no OR), so that PostgreSQL answers them with hash anti-joins
    team_case = known.filter(team__memberships__user_id=OuterRef("actor_user_id"))
    own_case = known.filter(user_id=OuterRef("actor_user_id"))
    members = TeamMembership.objects.filter(team__organisation=organisation).values("user_id")
    return _pairs(consultations(organisation, start, end).filter(actor_user_id__in=members)
                  .filter(Exists(known)).exclude(Exists(team_case)).exclude(Exists(own_case)))


def _count_days(organisation, days: list[date], now: datetime) -> None:
    """Count ``days`` (consecutive local days) from the log into ``DailyTotal``, replacing what was there."""
    from .models import DailyTotal, DailyTotalDay

    # the watermark before counting: an entry written meanwhile has a higher id and is counted next time
    max_id = ProcessingLogEntry.objects.aggregate(m=Max("id"))["m"] or 0
    start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
    rows = (entries(organisation, start, end).filter(outcome=Outcome.ALLOWED)
            .annotate(day=TruncDate("occurred_at", tzinfo=AMSTERDAM))
            .values("actor_user_id", "actor_username", "day").annotate(n=Count("id")).order_by())
    try:
        with transaction.atomic():
            # the markers first: a concurrent run counting the same days waits on them, then gives way
            DailyTotalDay.objects.filter(organisation=organisation, day__in=days).delete()
            DailyTotalDay.objects.bulk_create([DailyTotalDay(organisation=organisation, day=d, computed_at=now,
                                                             max_id=max_id) for d in days])
            DailyTotal.objects.filter(organisation=organisation, day__in=days).delete()
            DailyTotal.objects.bulk_create([
                DailyTotal(organisation=organisation, day=r["day"], actor_user_id=r["actor_user_id"],
                           actor_username=r["actor_username"], count=r["n"]) for r in rows], batch_size=5000)
    except IntegrityError:  # counted by a concurrent run in the meantime
        pass


def daily_totals(organisation, first: date, last: date, now: datetime | None = None) -> list[DayTotal]:
    """Each actor's allowed entries per local day from ``first`` to ``last`` (inclusive), from
    ``DailyTotal``: days not counted yet, counted before they had settled, or with entries written since
    they were counted (late arrivals, found through the id watermark: only the entries written since
    are looked at) are counted from the log first (idempotent; a missing or emptied table is rebuilt so)."""
    from django.utils import timezone

    from .models import DailyTotal, DailyTotalDay

    if last < first:
        return []
    now = now or timezone.now()
    marks = {d: max_id for d, at, max_id in DailyTotalDay.objects.filter(
        organisation=organisation, day__range=(first, last)).values_list("day", "computed_at", "max_id")
             if at >= day_bounds(d)[1] + SETTLE}
    settled = set(marks)
    if marks:  # late arrivals: entries of these days with an id above the day's watermark
        late = (entries(organisation, day_bounds(first)[0], day_bounds(last)[1])
                .filter(outcome=Outcome.ALLOWED, id__gt=min(marks.values()))
                .annotate(day=TruncDate("occurred_at", tzinfo=AMSTERDAM)).values("day").annotate(top=Max("id"))
                .order_by())
        settled -= {r["day"] for r in late if r["day"] in marks and r["top"] > marks[r["day"]]}
    todo, day = [], first
    while day <= last:
        if day not in settled:
            if todo and todo[-1][-1] == day - timedelta(days=1):
                todo[-1].append(day)
            else:
                todo.append([day])
        day += timedelta(days=1)
    for days in todo:
        _count_days(organisation, days, now)
    return [DayTotal(*row) for row in DailyTotal.objects.filter(organisation=organisation, day__range=(first, last))
            .values_list("actor_user_id", "actor_username", "day", "count")]


def rebuild_daily_totals(organisation) -> None:
    """Forget the kept daily totals; the next run counts the days it needs from the log again."""
    from .models import DailyTotal, DailyTotalDay

    DailyTotalDay.objects.filter(organisation=organisation).delete()
    DailyTotal.objects.filter(organisation=organisation).delete()


def inputs(organisation, start, end, t, namesakes=()) -> Inputs:
    """Inputs for a window [start, end): hours from the local day the window starts on, the volume
    baseline before that day from the kept daily totals (``daily_totals``), events from one rule period
    before the window (so a cluster crossing the window's start is seen whole), and the pairs the
    family-name rule (residents in ``namesakes``) and the no-relation rule (``unrelated_pairs``, after
    ``refresh_relations``) need in the window."""
    first = start.astimezone(AMSTERDAM).date()
    found = {(p.actor_id, p.username, p.pseudonym, p.day): p for p in pairs(organisation, start, end, namesakes)}
    for p in unrelated_pairs(organisation, start, end):
        found.setdefault((p.actor_id, p.username, p.pseudonym, p.day), p)
    return Inputs(
        hours=hour_counts(organisation, day_bounds(first)[0], end),
        day_totals=(daily_totals(organisation, first - timedelta(days=t.baseline_days), first - timedelta(days=1))
                    if t.volume_enabled else []),
        emergencies=emergencies(organisation, start - timedelta(days=t.break_glass_days), end),
        refusals=refusals(organisation, start - timedelta(minutes=t.refusals_minutes), end),
        pairs=list(found.values()),
    )
