"""Restriction of processing (AVG art. 18), enforced by the privacy kernel.

``restriction_check(target) -> reason | None`` is registered with ``kernel.policy.register_restriction_check``
(``rights/apps.py``). A ``Restriction`` on a resident restricts the resident and everything that carries
their data: every case they are in, its notes, documents, consents, exchanges (with their messages and
files), data rooms and emergency searches for their BSN. A restriction on a case restricts the case and
everything belonging to it. The kernel then refuses every action except under the purposes of art. 18(2)
(legal claims, and the resident's own request); storage is not an action, so nothing is deleted.

Every model with a kernel rule needs a resolver in ``_RESOLVERS`` (another capability adds one with
``register_resolver``); a test walks ``kernel.policy._RULES`` so a new model cannot be forgotten.
Never answers for another organisation.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Restriction


def _case(case):
    return {case.pk}, case.resident_ids()


def _of_case(case):
    if case is None:
        return set(), set()
    return _case(case)


def _resident(resident):
    return set(), {resident.pk}


def _consent(consent):
    cases, residents = _of_case(consent.case)
    return cases, residents | {consent.resident_id}


def _exchange(exchange):
    return _of_case(exchange.case) if exchange.case_id else (set(), set())


def _emergency_search(search):
    from privacyregie.dossiers.models import Resident

    cases = set(search.cases.values_list("pk", flat=True)) if search.pk else set()
    residents = set()
    if search.subject_bsn:
        residents |= set(Resident.objects.filter(organisation_id=search.organisation_id, bsn=search.subject_bsn)
                         .values_list("pk", flat=True))
    return cases, residents


def _room(room):
    return _of_case(room.case) if room.case_id else (set(), set())


_RESOLVERS = {
    "dossiers.resident": _resident,
    "dossiers.case": _case,
    "dossiers.casenote": lambda note: _case(note.case),
    "dossiers.casedocument": lambda document: _case(document.case),
    "dossiers.consent": _consent,
    "dossiers.emergencysearch": _emergency_search,
    "exchange.exchange": _exchange,
    "exchange.exchangemessage": lambda message: _exchange(message.exchange),
    "exchange.exchangefile": lambda file: _exchange(file.message.exchange),
    "datarooms.dataroom": _room,
    "datarooms.dataroomdocument": lambda document: _room(document.room),
    # destroying a restricted case is refused: restriction means "only store" (art. 18(1)(b) and (c))
    "retention.destructionitem": lambda item: _of_case(item.case) if item.case_id else (set(), set()),
    # a legal hold protects data, it does not process them: never restricted
    "retention.legalhold": lambda hold: (set(), set()),
}


def register_resolver(model_label: str, resolver) -> None:
    """For a capability whose model gets a kernel rule: ``resolver(target) -> (case_ids, resident_ids)``
    (return two empty sets for a model that carries no residents' data). Call it in AppConfig.ready()."""
    _RESOLVERS[model_label.lower()] = resolver


def resolver_for(target):
    """The resolver for a target's model (or None when the model carries no residents' data we know of)."""
    for klass in type(target).__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and meta.label_lower in _RESOLVERS:
            return _RESOLVERS[meta.label_lower]
    return None


def belongs_to(target) -> tuple[set[int], set[int]]:
    """The case ids and resident ids whose data ``target`` carries."""
    resolver = resolver_for(target)
    if resolver is None:
        return set(), set()
    return resolver(target)


def active_restrictions(target):
    """The active restrictions that cover ``target`` (on one of its cases, or on one of its residents;
    a resident's restriction also covers every case they are in)."""
    cases, residents = belongs_to(target)
    if not cases and not residents:
        return Restriction.objects.none()
    remembered = getattr(target, "remembered_residents", None)
    if cases and not (remembered is not None and cases == {target.pk}):  # a remembered case: its residents are in
        from privacyregie.dossiers.models import CaseResident

        residents = residents | set(CaseResident.objects.filter(case_id__in=cases).values_list("resident_id", flat=True))
    restrictions = Restriction.objects.filter(ended_at__isnull=True).filter(
        Q(case_id__in=cases) | Q(resident_id__in=residents))
    organisation_id = getattr(target, "organisation_id", None)
    if organisation_id is not None:  # cases and residents belong to one organisation; this is a second lock
        restrictions = restrictions.filter(organisation_id=organisation_id)
    return restrictions.order_by("started_at")


def restriction_check(target) -> str | None:
    """The kernel's question: is ``target`` restricted? Returns the reason, or None."""
    remembered = getattr(target, "remembered_restriction", None)
    known, restriction_id = remembered() if remembered is not None else (False, None)
    if known and restriction_id is None:  # asked with the case moments ago (the case page): none
        return None
    if known:
        restriction = (Restriction.objects.select_related("request").filter(pk=restriction_id, ended_at__isnull=True)
                       .first() or active_restrictions(target).first())
    else:
        restriction = active_restrictions(target).first()
    if restriction is None:
        return None
    since = timezone.localtime(restriction.started_at).strftime("%d-%m-%Y")  # Europe/Amsterdam
    if restriction.request_id:
        return _("beperking op verzoek %(ref)s sinds %(date)s") % {"ref": restriction.request.reference, "date": since}
    return _("beperking sinds %(date)s") % {"date": since}
