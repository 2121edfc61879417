"""Is the secure way used? (issue 12 §8, seed 003 recommendation 4.)

Aggregate figures for the privacy officer and the CISO over a period: shares per partner and per
month, time from invitation (or share) to the partner's first open, expired unopened shares,
deviations and blocked shares, and partners without a valid agreement who were asked to receive
data. Only counts and durations leave this module: no resident, no case, no subject, no message.

Every figure is one query (grouped in the database or read as a flat list of numbers), so the
number of queries does not grow with the number of shares. The counts read the processing log and
the deviations only as aggregates; no resident's data is read, so the kernel is not asked per entry.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from privacyregie.kernel.models import Deviation, Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, Purpose

from .models import Exchange, ExchangeRecipient

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CASE_TYPE = "dossiers.case"
DEFAULT_MONTHS = 12
# a refusal of a share whose reason is about the partner's covenant or agreement (nl and en, the log keeps
# the language of the moment); a missing legal basis ("Zonder grondslag", "Without a legal basis") is not one
AGREEMENT_WORDS = ("overeenkomst", "convenant", "agreement", "covenant")
NOT_AGREEMENT_WORDS = ("zonder grondslag", "without a legal basis")


@dataclass(frozen=True)
class Period:
    """Whole days in Europe/Amsterdam, ``start`` up to and including ``end``."""

    start: datetime.date
    end: datetime.date

    @property
    def start_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=AMSTERDAM)

    @property
    def end_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=AMSTERDAM)

    def months(self) -> list[datetime.date]:
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return months


def default_period(today: datetime.date | None = None) -> Period:
    """The last twelve months up to today: from the first day of the month eleven months back."""
    today = today or timezone.localdate()
    month = today.month - (DEFAULT_MONTHS - 1)
    year = today.year
    while month < 1:
        month += 12
        year -= 1
    return Period(datetime.date(year, month, 1), today)


@dataclass
class Durations:
    """Hours from invitation (or share) to first open by a partner user."""

    opened: int = 0
    not_opened: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None


@dataclass
class Usage:
    period: Period
    months: list[datetime.date]
    per_partner: list[dict]  # {"partner": name, "counts": [n per month], "total": n}
    per_month_total: list[int]
    total: int
    durations: Durations
    expired_unopened: int
    expired_unopened_per_partner: list[tuple[str, int]]
    deviations: int
    blocked: int
    blocked_per_month: list[int]
    partners_without_agreement: list[dict] = field(default_factory=list)  # {"partner", "refusals", "last"}


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (the value at or below which ``fraction`` of the values lie)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, AMSTERDAM).date().replace(day=1) if timezone.is_aware(value) \
            else value.date().replace(day=1)
    return value.replace(day=1)


def _shares(organisation, period: Period):
    return Exchange.objects.filter(organisation=organisation, created_at__gte=period.start_at,
                                   created_at__lt=period.end_at)


def shares_per_partner(organisation, period: Period) -> tuple[list[dict], list[int]]:
    """Exchanges created in the period, per partner and per month (one grouped query)."""
    months = period.months()
    index = {m: i for i, m in enumerate(months)}
    rows = (_shares(organisation, period)
            .annotate(month=TruncMonth("created_at", tzinfo=AMSTERDAM))
            .values("partner__name", "month").annotate(n=Count("id")).order_by("partner__name"))
    per_partner: dict[str, list[int]] = {}
    for row in rows:
        counts = per_partner.setdefault(row["partner__name"], [0] * len(months))
        position = index.get(_month(row["month"]))
        if position is not None:
            counts[position] += row["n"]
    table = [{"partner": name, "counts": counts, "total": sum(counts)} for name, counts in per_partner.items()]
    totals = [sum(row["counts"][i] for row in table) for i in range(len(months))]
    return table, totals


def time_to_first_open(organisation, period: Period) -> Durations:
    """Per recipient of an exchange created in the period: hours from being invited or added (the share)
    to the first open by that partner user (``ExchangeRecipient.first_opened_at``)."""
    rows = ExchangeRecipient.objects.filter(
        exchange__organisation=organisation, exchange__created_at__gte=period.start_at,
        exchange__created_at__lt=period.end_at).values_list("added_at", "first_opened_at")
    hours, not_opened = [], 0
    for added_at, first_opened_at in rows:
        if first_opened_at is None:
            not_opened += 1
        else:
            hours.append(max(0.0, (first_opened_at - added_at).total_seconds() / 3600))
    return Durations(len(hours), not_opened, median(hours), percentile(hours, 0.9))


def expired_unopened(organisation, period: Period, now=None) -> list[tuple[str, int]]:
    """Exchanges created in the period that ended by expiry (not revoked) without any recipient opening them."""
    now = now or timezone.now()
    opened = ExchangeRecipient.objects.filter(exchange=OuterRef("pk"), first_opened_at__isnull=False)
    expired = Q(status=Exchange.Status.EXPIRED) | Q(status=Exchange.Status.OPEN, expires_at__lte=now)
    rows = (_shares(organisation, period).filter(expired).filter(~Exists(opened))
            .values("partner__name").annotate(n=Count("id")).order_by("-n", "partner__name"))
    return [(row["partner__name"], row["n"]) for row in rows]


def _share_log(organisation, period: Period):
    return ProcessingLogEntry.objects.filter(organisation=organisation, action=Action.SHARE,
                                             occurred_at__gte=period.start_at, occurred_at__lt=period.end_at)


def _decisions(entries):
    """One sharing decision writes one log entry per resident (same actor, target and moment): count it once."""
    return entries.order_by().values("actor_user_id", "target_type", "target_id", "occurred_at").distinct()


def deviations(organisation, period: Period) -> int:
    """Motivated deviations recorded for sharing (purpose gegevensdeling) in the period."""
    return Deviation.objects.filter(organisation=organisation, purpose=Purpose.SHARING,
                                    created_at__gte=period.start_at, created_at__lt=period.end_at).count()


def blocked(organisation, period: Period) -> list[int]:
    """Refused sharing decisions per month of the period (a decision on several residents counts once)."""
    months = period.months()
    index = {m: i for i, m in enumerate(months)}
    counts = [0] * len(months)
    for row in _decisions(_share_log(organisation, period).filter(outcome=Outcome.DENIED)):
        position = index.get(_month(row["occurred_at"]))
        if position is not None:
            counts[position] += 1
    return counts


def is_agreement_refusal(reason: str) -> bool:
    text = (reason or "").lower()
    return any(w in text for w in AGREEMENT_WORDS) and not any(w in text for w in NOT_AGREEMENT_WORDS)


def partners_without_agreement(organisation, period: Period) -> list[dict]:
    """Chain partners for whom a share was refused because no valid covenant or agreement covered it.

    The refusal's reason names the partner ("De overeenkomst met X is op ... verlopen", "Er is geen
    convenant ... met X"); the label of the sharing decision may name it too ("... → X"). Two queries:
    the refusals grouped by reason and label, and the organisation's partners."""
    from privacyregie.register.models import ChainPartner

    rows = (_share_log(organisation, period).filter(outcome=Outcome.DENIED)
            .order_by().values("reason", "target_label").annotate(n=Count("id"), last=Max("occurred_at")))
    partners = sorted(ChainPartner.objects.filter(organisation=organisation).values_list("name", flat=True),
                      key=len, reverse=True)
    found: dict[str, dict] = {}
    for row in rows:
        if not is_agreement_refusal(row["reason"]):
            continue
        text = f"{row['reason']} {row['target_label']}"
        name = next((p for p in partners if f" {p} " in f" {text} " or f"met {p}" in text or f"→ {p}" in text
                     or f"with {p}" in text), None)
        if name is None:
            continue
        entry = found.setdefault(name, {"partner": name, "refusals": 0, "last": row["last"]})
        entry["refusals"] += row["n"]
        entry["last"] = max(entry["last"], row["last"])
    return sorted(found.values(), key=lambda e: (-e["refusals"], e["partner"]))


def usage(organisation, period: Period | None = None) -> Usage:
    """All figures of the page for one organisation and period."""
    period = period or default_period()
    table, totals = shares_per_partner(organisation, period)
    expired = expired_unopened(organisation, period)
    blocked_months = blocked(organisation, period)
    return Usage(period=period, months=period.months(), per_partner=table, per_month_total=totals,
                 total=sum(totals), durations=time_to_first_open(organisation, period),
                 expired_unopened=sum(n for _name, n in expired), expired_unopened_per_partner=expired,
                 deviations=deviations(organisation, period), blocked=sum(blocked_months),
                 blocked_per_month=blocked_months,
                 partners_without_agreement=partners_without_agreement(organisation, period))


# --- the scorecard -----------------------------------------------------------------------------------

def secure_channel_figures(organisation, start, end) -> dict:
    """The scorecard's "Uitwisselingen via het veilige kanaal" for ``[start, end)``.

    ``pct_secure_channel``: of the allowed sharing decisions on cases in the period (kernel log, action
    share, a decision on several residents counted once), the percentage that went out as a secure
    exchange; the rest was recorded as shared by other means (a note "gedeeld met" on the case).
    None when nothing was shared. ``exchanges_via_secure_channel``: the number of exchanges created.
    """
    made = Exchange.objects.filter(organisation=organisation, created_at__gte=start, created_at__lt=end)
    with_case = made.filter(case__isnull=False).count()
    decisions = _decisions(ProcessingLogEntry.objects.filter(
        organisation=organisation, action=Action.SHARE, outcome=Outcome.ALLOWED, target_type=CASE_TYPE,
        occurred_at__gte=start, occurred_at__lt=end)).count()
    pct = None if decisions == 0 else min(100.0, 100.0 * with_case / decisions)
    return {"pct_secure_channel": pct, "exchanges_via_secure_channel": made.count()}
