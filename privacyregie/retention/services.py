"""Retention and destruction services: what other capabilities may call.

- ``retention_of(case)``: the result, term and end date that apply to a case (for the access report,
  erasure requests and the destruction list).
- ``register_hold_provider(provider)`` / ``holds_for(case)``: reasons a case may not be destroyed now.
  Registered legal holds are in this app; other capabilities (residents' requests) register a provider
  ``provider(case) -> list[str]`` in their AppConfig.ready().
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils.translation import gettext as _

from privacyregie.register.periods import ISO, to_words

from .models import CaseRetention, LegalHold, SelectionResult, Valuation

HoldProvider = Callable[[object], list[str]]
_HOLD_PROVIDERS: list[HoldProvider] = []


def register_hold_provider(provider: HoldProvider) -> None:
    if provider not in _HOLD_PROVIDERS:
        _HOLD_PROVIDERS.append(provider)


def holds_for(case) -> list[str]:
    """Every reason not to destroy ``case`` now: registered legal holds on the case or one of its residents,
    then whatever the registered providers (e.g. open residents' requests) say."""
    resident_ids = list(case.case_residents.values_list("resident_id", flat=True))
    reasons = [hold.reason for hold in LegalHold.objects.filter(
        Q(case=case) | Q(resident_id__in=resident_ids), lifted_at__isnull=True).order_by("placed_at")]
    for provider in _HOLD_PROVIDERS:
        reasons.extend(provider(case))
    return reasons


def term_end(starts_on: datetime.date, duration: str) -> datetime.date | None:
    """The day the term ends: ``starts_on`` plus an ISO 8601 date duration (P20Y, P1Y6M, P42D, P2W).
    None when there is no term (permanent retention, or no duration)."""
    match = ISO.match((duration or "").strip().upper())
    if not match:
        return None
    years, months, weeks, days = (int(n) if n else 0 for n in match.groups())
    return starts_on + relativedelta(years=years, months=months, weeks=weeks, days=days)


@dataclass(frozen=True)
class RetentionInfo:
    result: SelectionResult | None
    outcome: str
    term_starts_on: datetime.date
    term_ends_on: datetime.date | None  # None: kept permanently, or no term known
    permanent: bool

    @property
    def full_number(self) -> str:
        return self.result.full_number if self.result else ""

    @property
    def term_in_words(self) -> str:
        """'20 jaar' / 'blijvend bewaren' / 'onbekend': never 'P20Y'."""
        if self.permanent:
            return _("blijvend bewaren")
        if self.result is None or not self.result.retention_term:
            return _("onbekend")
        return to_words(self.result.retention_term)


def retention_of(case) -> RetentionInfo | None:
    """What applies to ``case``: None while the case has no recorded outcome (it is kept)."""
    record = CaseRetention.objects.select_related("result").filter(case=case).first()
    if record is None:
        return None
    result = record.result
    permanent = bool(result and result.valuation == Valuation.KEEP)
    ends = None if (permanent or result is None) else term_end(record.term_starts_on, result.retention_term)
    return RetentionInfo(result=result, outcome=record.outcome, term_starts_on=record.term_starts_on,
                         term_ends_on=ends, permanent=permanent)
