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


def retention_of(case, record=None) -> RetentionInfo | None:
    """What applies to ``case``: None while the case has no recorded outcome (it is kept).
    ``record``: the case's ``CaseRetention`` (with ``result``) when the caller has it already."""
    if record is None or record.case_id != case.pk:
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


# --- Rules per processing-activity version, and a case's outcome (owned by `retention`) ------------------


def current_selection_list():
    """The adopted list in use: the most recent year imported (None before any import)."""
    from .models import SelectionList

    return SelectionList.objects.order_by("-year").first()


def rules_for(version) -> dict[str, object]:
    """{outcome: RetentionRule} of one processing-activity version."""
    from .models import RetentionRule

    return {rule.outcome: rule for rule in RetentionRule.objects.select_related("result", "result__process_type")
            .filter(activity_version=version)}


def check_result(result) -> None:
    """A rule or case may name a result of an imported list that is not withdrawn ('Vervallen')."""
    from django.core.exceptions import ValidationError

    if result is not None and result.withdrawn:
        raise ValidationError(_("Resultaat %(n)s is vervallen in de selectielijst en kan niet meer worden "
                                "gekozen.") % {"n": result.full_number}, code="withdrawn")


def set_rules(version, results: dict, *, user=None, start_event: str = "") -> dict[str, object]:
    """Set the results per outcome of ``version`` ({outcome: SelectionResult or None}); None removes the
    rule for that outcome. All or nothing; returns the rules as ``rules_for``."""
    import logging

    from django.core.exceptions import ValidationError
    from django.db import transaction

    from .models import CaseOutcome, RetentionRule

    for outcome, result in results.items():
        if outcome not in CaseOutcome.values:
            raise ValidationError(_("Onbekende uitkomst '%(o)s'.") % {"o": outcome}, code="outcome")
        check_result(result)
    with transaction.atomic():
        for outcome, result in results.items():
            if result is None:
                RetentionRule.objects.filter(activity_version=version, outcome=outcome).delete()
            else:
                RetentionRule.objects.update_or_create(activity_version=version, outcome=outcome,
                                                       defaults={"result": result, "start_event": start_event[:200]})
    logging.getLogger(__name__).info(
        "Retention rules of %s set by %s: %s", version, getattr(user, "username", "-"),
        {o: getattr(r, "full_number", None) for o, r in results.items()})
    return rules_for(version)


def carry_over_rules(previous, version) -> int:
    """Copy the rules of ``previous`` to the new ``version`` of the same activity (the register never
    changes a version, it adds one). Existing rules of ``version`` are kept."""
    from .models import RetentionRule

    existing = set(RetentionRule.objects.filter(activity_version=version).values_list("outcome", flat=True))
    copies = [RetentionRule(activity_version=version, outcome=rule.outcome, result_id=rule.result_id,
                            start_event=rule.start_event)
              for rule in RetentionRule.objects.filter(activity_version=previous) if rule.outcome not in existing]
    for copy in copies:
        copy.save()  # one by one, so that the change history records the carried-over rules too
    return len(copies)


def version_for_case(case, at=None):
    """The register version in force for the case's processing activity (by name, as the kernel does)."""
    from privacyregie.register.models import ProcessingActivity
    from privacyregie.register.services import version_in_force

    activity = ProcessingActivity.objects.filter(organisation_id=case.organisation_id,
                                                 name=case.processing_activity).first()
    return version_in_force(activity, at) if activity is not None else None


def result_for(case, outcome: str, at=None):
    """(version, result) the rule of the version in force gives for ``outcome``; result None without rule."""
    version = version_for_case(case, at)
    rule = rules_for(version).get(outcome) if version is not None else None
    return version, (rule.result if rule else None)


def record_case_outcome(http_request, case, outcome: str, term_starts_on: datetime.date):
    """Record the case's outcome and the date that starts its term; the result comes from the rule of the
    activity's version in force. Needs the right to change the case (kernel, logged). Returns the
    ``CaseRetention``; its ``result`` is None when the version names no result for the outcome."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone

    from privacyregie.core.models import User
    from privacyregie.dossiers.services import purpose_for
    from privacyregie.kernel.policy import Action
    from privacyregie.kernel.services import access

    from .models import CaseOutcome

    errors = {}
    if outcome not in CaseOutcome.values:
        errors["outcome"] = _("Kies een uitkomst uit de lijst.")
    if not isinstance(term_starts_on, datetime.date):
        errors["term_starts_on"] = _("Vul de datum in waarop de bewaartermijn ingaat.")
    elif term_starts_on < case.opened_on:
        errors["term_starts_on"] = _("De bewaartermijn kan niet ingaan vóór de casus is geopend (%(d)s).") % {
            "d": case.opened_on.strftime("%d-%m-%Y")}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        access(http_request, Action.UPDATE, case, purpose_for(http_request.user, case))
        _version, result = result_for(case, outcome)
        user = getattr(http_request, "user", None)
        record, _created = CaseRetention.objects.update_or_create(case=case, defaults={
            "outcome": outcome, "term_starts_on": term_starts_on, "result": result,
            "recorded_by": user if isinstance(user, User) else None, "recorded_at": timezone.now()})
    return record


def retention_in_words(version) -> list[tuple[str, str]]:
    """[(outcome label, '8.1.2 Verstrekt (…) — 20 jaar na afsluiting'), ...] for a register version, in the order
    of the outcomes; empty when the version names no results. For the access report and the public statement."""
    from .models import CaseOutcome
    from .rules import result_in_words

    rules = rules_for(version) if version is not None else {}
    return [(str(label), result_in_words(rules[outcome].result)) for outcome, label in CaseOutcome.choices
            if outcome in rules]


def rule_changes(version, limit: int = 20) -> list[dict]:
    """The change history of a version's rules, newest first: when, who, outcome, what happened, the result."""
    from privacyregie.core.history import actor_label

    from .models import CaseOutcome, RetentionRule
    from .rules import result_in_words

    kinds = {"+": _("gekozen"), "~": _("gewijzigd"), "-": _("verwijderd")}
    labels = dict(CaseOutcome.choices)
    records = (RetentionRule.history.filter(activity_version=version).select_related("history_user", "result")
               .order_by("-history_date", "-history_id")[:limit])
    return [{"at": r.history_date, "who": actor_label(r), "outcome": labels.get(r.outcome, r.outcome),
             "kind": kinds.get(r.history_type, r.history_type), "result": result_in_words(r.result)}
            for r in records]


def shred_group_of_case(case) -> str:
    """The shred-key group of a case's files (ADR 0104): erasing or destroying the case destroys its key."""
    from .shredding import case_group

    return case_group(case)


def shred_group_of_resident(resident) -> str:
    """The shred-key group of a resident's files that belong to no case (a consent without a case)."""
    from .shredding import resident_group

    return resident_group(resident)
