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


# --- Erasure and the destruction list (owned by the `retention` part of issue 13) ----------------------


def expired(info: RetentionInfo | None, today: datetime.date) -> bool:
    """True when the term has passed on ``today``: the term's last day is ``term_ends_on`` (a period in
    years or months ends on the same date, Regulation 1182/71 art. 3(2)(c)); destruction may follow the
    day after. Permanent retention, an unknown term or no recorded outcome never expire."""
    return bool(info and not info.permanent and info.term_ends_on is not None and today > info.term_ends_on)


def term_description(result: SelectionResult | None) -> str:
    """'8.1.2 Verstrekt (individuele jeugdhulp voorziening): 20 jaar na afsluiting' — never 'P20Y'."""
    from .rules import result_in_words

    return result_in_words(result)


def erasure_blocker(case, today: datetime.date | None = None) -> str | None:
    """The statutory retention that forbids erasing ``case`` now (AVG art. 17(3)(b) with the Archiefwet 1995
    and the Selectielijst), in words for the resident; None when erasure is allowed.

    - an outcome is recorded and its term has passed: None (the case is due for destruction anyway);
    - the result is 'blijvend bewaren': refused, permanently;
    - the term runs: refused until the day after its last day;
    - an outcome without a result, or a result without a term: refused until the term is established;
    - no outcome yet, the case rests on a statutory task: refused while the case is handled;
    - no outcome yet, no statutory task (consent only): None.
    """
    from django.utils import timezone
    from django.utils.formats import date_format

    today = today or timezone.localdate()
    info = retention_of(case)
    if info is None:
        if getattr(case, "statutory_basis", ""):
            return _("De casus %(ref)s is nog niet afgerond en hoort bij een wettelijke taak (%(basis)s). De "
                     "gegevens zijn nodig voor die taak (AVG art. 17 lid 3 onder b); na afronding geldt de "
                     "bewaartermijn uit de Selectielijst gemeenten.") % {"ref": case.reference,
                                                                        "basis": case.statutory_basis}
        return None
    described = term_description(info.result)
    if info.permanent:
        return _("De casus %(ref)s moet volgens de Archiefwet blijvend worden bewaard (Selectielijst, resultaat "
                 "%(result)s).") % {"ref": case.reference, "result": described}
    if info.result is None or info.term_ends_on is None:
        return _("Voor de casus %(ref)s is de bewaartermijn nog niet vastgesteld (uitkomst '%(outcome)s' zonder "
                 "resultaat met termijn uit de Selectielijst). Tot die is vastgesteld wordt niets gewist.") % {
            "ref": case.reference, "outcome": info.outcome}
    if expired(info, today):
        return None
    return _("De casus %(ref)s moet volgens de Archiefwet en de Selectielijst bewaard blijven tot en met "
             "%(until)s (resultaat %(result)s, termijn gestart op %(start)s).") % {
        "ref": case.reference, "until": date_format(info.term_ends_on, "j F Y"), "result": described,
        "start": date_format(info.term_starts_on, "j F Y")}


def expired_cases(organisation, today: datetime.date | None = None) -> list[tuple[object, RetentionInfo]]:
    """The organisation's cases whose term has passed on ``today`` and whose result says 'vernietigen',
    oldest term first. Legal holds are NOT applied here: the destruction list shows them as exclusions
    (``holds_for``)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    organisation_id = getattr(organisation, "pk", organisation)
    found = []
    records = (CaseRetention.objects.select_related("case", "result")
               .filter(case__organisation_id=organisation_id, result__valuation=Valuation.DESTROY)
               .exclude(result__retention_term=""))
    for record in records:
        info = RetentionInfo(result=record.result, outcome=record.outcome, term_starts_on=record.term_starts_on,
                             term_ends_on=term_end(record.term_starts_on, record.result.retention_term),
                             permanent=False)
        if expired(info, today):
            found.append((record.case, info))
    found.sort(key=lambda pair: (pair[1].term_ends_on, pair[0].reference))
    return found
