"""Operations on the register that pages, API, import and other capabilities call.

``version_in_force(activity, at)`` gives the version a processing-log entry refers to;
``save_activity`` never changes a version, it adds one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from .art30 import art30_1_missing, art30_2_missing, contradictions
from .models import (
    VERSION_FIELDS,
    Agreement,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessingActivityVersion,
    ProcessorActivity,
    SystemLink,
)


def version_in_force(activity, at=None) -> ProcessingActivityVersion | None:
    if activity is None:
        return None
    at = at or timezone.now()
    return activity.versions.filter(valid_from__lte=at).order_by("-valid_from", "-number").first()


def register_list_rows(organisation_id) -> list[tuple]:
    """``(activity, current version or None)`` for each of the organisation's activities, by name: the register
    list. Two queries (the activities; their current versions, not the older ones). Each version also carries
    ``status_label`` and ``legal_basis_label`` (translated once per label, not per row)."""
    from privacyregie.core.listing import label, labels

    activities = list(ProcessingActivity.objects.filter(organisation_id=organisation_id))
    newer = ProcessingActivityVersion.objects.filter(activity_id=OuterRef("activity_id"), number__gt=OuterRef("number"))
    current = {v.activity_id: v for v in ProcessingActivityVersion.objects.filter(
        activity__organisation_id=organisation_id).exclude(Exists(newer))}
    statuses = labels(ProcessingActivityVersion, "status")
    bases = labels(ProcessingActivityVersion, "legal_basis")
    for version in current.values():
        version.status_label = label(statuses, version.status)
        version.legal_basis_label = label(bases, version.legal_basis)
    return [(activity, current.get(activity.pk)) for activity in activities]


@transaction.atomic
def save_activity(organisation, data: dict, *, user=None, activity=None, note: str = "", valid_from=None):
    """Create an activity or add a new version with the given art. 30 fields; returns the version."""
    if activity is None:
        activity = ProcessingActivity.objects.create(organisation=organisation, name=data["name"])
    elif data.get("name") and data["name"] != activity.name:
        activity.name = data["name"]
        activity.save(update_fields=["name"])
    number = (activity.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = ProcessingActivityVersion(
        activity=activity, number=number, changed_by=getattr(user, "username", "") or "", change_note=note[:300],
        valid_from=valid_from or timezone.now(), **{f: data.get(f, _default(f)) for f in VERSION_FIELDS},
    )
    version.full_clean()
    version.save()
    return version


def _default(field):
    return ProcessingActivityVersion._meta.get_field(field).get_default()


def version_data(version: ProcessingActivityVersion) -> dict:
    return {f: getattr(version, f) for f in VERSION_FIELDS}


@dataclass(frozen=True)
class Issue:
    kind: str
    label: str
    message: str
    url: str = ""


# Other capabilities add their own checks on the register (e.g. the processing-log hub: logged processing
# without a registered activity) without the register importing them: ``provider(organisation) -> [Issue]``.
_CHECK_PROVIDERS: list = []


def register_check_provider(provider) -> None:
    if provider not in _CHECK_PROVIDERS:
        _CHECK_PROVIDERS.append(provider)


def checks(organisation, today=None, activities=None) -> list[Issue]:
    """What is wrong in the register: for the privacy officer's checks page.

    ``activities``: the organisation's activities with their versions prefetched, when the caller has
    them already (the register list), so they are not fetched twice."""
    from django.urls import reverse

    today = today or timezone.localdate()
    issues: list[Issue] = []
    if activities is None:
        activities = ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("versions")
    for activity in activities:
        version = activity.current
        url = reverse("register:activity_detail", args=[activity.pk])
        if version is None:
            continue
        if not version.legal_basis:
            issues.append(Issue("no_legal_basis", activity.name, _("Geen grondslag vastgelegd."), url))
        # AVG art. 30(1): every missing field of an activity in force, one issue each (the rule of art30.py)
        for gap in contradictions(version) + art30_1_missing(version):
            issues.append(Issue("art30_missing", activity.name, str(gap.message), url))
        if (version.special_categories or version.criminal_data) and not version.dpia_link:
            issues.append(Issue("no_dpia", activity.name,
                                _("Bijzondere of strafrechtelijke gegevens zonder DPIA (link ontbreekt)."), url))
    processor_url = reverse("register:processors")
    for record in ProcessorActivity.objects.filter(organisation=organisation).prefetch_related("controllers"):
        for gap in contradictions(record) + art30_2_missing(record, record.controllers.all()):
            issues.append(Issue("art30_processor_missing", record.name, str(gap.message), processor_url))
    # the organisation's agreements once, for both checks below (not one query per processor)
    agreements = list(Agreement.objects.filter(organisation=organisation).select_related("partner"))
    signed_processors = {a.partner_id for a in agreements if a.kind == Agreement.Kind.PROCESSOR_AGREEMENT
                         and a.effective_status(today) == Agreement.Status.SIGNED}
    for partner in ChainPartner.objects.filter(organisation=organisation, role=ChainPartner.Role.PROCESSOR):
        if partner.pk not in signed_processors:
            issues.append(Issue("processor_without_agreement", partner.name,
                                _("Verwerker zonder getekende verwerkersovereenkomst."),
                                reverse("register:partner_detail", args=[partner.pk])))
    for agreement in agreements:
        url = reverse("register:partner_detail", args=[agreement.partner_id])
        if agreement.effective_status(today) == Agreement.Status.EXPIRED:
            issues.append(Issue("agreement_expired", agreement.title, _("Overeenkomst is verlopen."), url))
        due = agreement.report_due_on()
        if agreement.status == Agreement.Status.SIGNED and due and due < today:
            issues.append(Issue("report_overdue", agreement.title,
                                _("Verantwoordingsrapportage over beveiliging is te laat."), url))
    for link in SystemLink.objects.filter(organisation=organisation, encrypted=False).select_related("source", "target"):
        issues.append(Issue("link_unencrypted", f"{link.source} → {link.target}",
                            _("Koppeling zonder versleuteling."), reverse("register:landscape")))
    for system in InformationSystem.objects.filter(organisation=organisation):
        if not system.owner:
            issues.append(Issue("system_without_owner", system.name, _("Applicatie zonder eigenaar."),
                                reverse("register:landscape")))
    for provider in _CHECK_PROVIDERS:
        issues.extend(provider(organisation))
    return issues


def scorecard_figures(organisation, at=None) -> dict:
    today = timezone.localdate(at) if at else timezone.localdate()
    found = checks(organisation, today)
    kinds = [i.kind for i in found]
    processors_without = kinds.count("processor_without_agreement")
    return {
        "activities_total": ProcessingActivity.objects.filter(organisation=organisation).count(),
        "processors_without_signed_agreement": processors_without,
        "agreements_expired": kinds.count("agreement_expired"),
        "agreements_missing": processors_without,
        "register_issues": len(found),
    }


# --- chain partners and the cover of their agreements (R11) ------------------------------------

def partner_choices(organisation_id):
    """The chain partners a consent or a share can name: those of the organisation's register."""
    return ChainPartner.objects.filter(organisation_id=organisation_id).order_by("name")


def _date(day) -> str:
    return day.strftime("%d-%m-%Y")


def _the(agreement) -> str:
    """'Het convenant' or 'De verwerkersovereenkomst', to start a sentence."""
    return _("Het convenant") if agreement.kind == Agreement.Kind.COVENANT else _("De verwerkersovereenkomst")


def _activity(partner, activity):
    if isinstance(activity, ProcessingActivity):
        return activity if activity.organisation_id == partner.organisation_id else None
    name = (activity or "").strip()
    return ProcessingActivity.objects.filter(organisation_id=partner.organisation_id, name__iexact=name).first()


def covering_agreement(partner, activity, categories, on=None) -> tuple[Agreement | None, str]:
    """The partner's agreement that allows sharing these data categories for this processing activity on
    that day, with a Dutch reason: ``(agreement, "")`` when one covers it, else ``(None, why not)``.

    An agreement covers when it is signed, in force that day (``starts_on <= day <= ends_on``; an
    open start or end is no limit), names the activity and names every category. Special and criminal
    categories are covered only when named: there is no implicit cover. ``activity`` is a
    ``ProcessingActivity`` or its name (cases name their activity as text).
    """
    from privacyregie.core.categories import labels

    day = on or timezone.localdate()
    wanted = list(dict.fromkeys(categories or ()))
    agreements = list(Agreement.objects.filter(partner=partner).prefetch_related("activities")
                      .order_by("-ends_on", "-pk"))
    if not agreements:
        return None, _("Er is geen convenant of verwerkersovereenkomst met %(partner)s vastgelegd in het "
                       "verwerkingsregister.") % {"partner": partner.name}
    in_force = [a for a in agreements if a.in_force_on(day)]
    if not in_force:
        return None, _not_in_force_reason(partner, agreements, day)
    register_activity = _activity(partner, activity)
    covering_activity = [a for a in in_force
                         if register_activity is not None and register_activity in a.activities.all()]
    if not covering_activity:
        name = register_activity.name if register_activity is not None else str(activity or "")
        return None, _("De overeenkomst met %(partner)s dekt de verwerkingsactiviteit '%(activity)s' niet.") % {
            "partner": partner.name, "activity": name}
    best, missing = None, None
    for agreement in covering_activity:
        gaps = [c for c in wanted if c not in agreement.data_categories]
        if not gaps:
            return agreement, ""
        if missing is None or len(gaps) < len(missing):
            best, missing = agreement, gaps
    return None, _("%(the)s met %(partner)s dekt deze gegevens niet: %(categories)s.") % {
        "the": _the(best), "partner": partner.name, "categories": ", ".join(labels(missing)).lower()}


def _not_in_force_reason(partner, agreements, day) -> str:
    """Why none of the partner's agreements is in force: expired, terminated, not yet started, or draft only."""
    expired = [a for a in agreements if a.status in (Agreement.Status.SIGNED, Agreement.Status.EXPIRED)
               and a.ends_on is not None and a.ends_on < day]
    if expired:
        latest = max(expired, key=lambda a: a.ends_on)
        return _("%(the)s met %(partner)s is op %(date)s verlopen.") % {
            "the": _the(latest), "partner": partner.name, "date": _date(latest.ends_on)}
    terminated = [a for a in agreements if a.status == Agreement.Status.TERMINATED]
    if terminated:
        return _("%(the)s met %(partner)s is beëindigd.") % {
            "the": _the(terminated[0]), "partner": partner.name}
    future = [a for a in agreements if a.status == Agreement.Status.SIGNED and a.starts_on and a.starts_on > day]
    if future:
        first = min(future, key=lambda a: a.starts_on)
        return _("%(the)s met %(partner)s gaat pas in op %(date)s.") % {
            "the": _the(first), "partner": partner.name, "date": _date(first.starts_on)}
    if any(a.status == Agreement.Status.DRAFT for a in agreements):
        return _("Er is alleen een concept-overeenkomst met %(partner)s; die is nog niet getekend.") % {
            "partner": partner.name}
    return _("Er is geen geldige overeenkomst met %(partner)s.") % {"partner": partner.name}


def covered_categories(partner, activity=None, on=None) -> set[str]:
    """The data categories the partner's agreements in force on that day cover (for ``activity`` when
    given, a ``ProcessingActivity`` or its name); the check before sending blocks what is not in it."""
    day = on or timezone.localdate()
    register_activity = _activity(partner, activity) if activity else None
    covered: set[str] = set()
    for agreement in Agreement.objects.filter(partner=partner).prefetch_related("activities"):
        if not agreement.in_force_on(day):
            continue
        if activity and (register_activity is None or register_activity not in agreement.activities.all()):
            continue
        covered.update(agreement.data_categories or ())
    return covered


# --- processor agreements of the application landscape (used by supplier remote access) -----------

def processor_agreement_in_force(system, on=None) -> Agreement | None:
    """The application's processor agreement when it is signed and in force on ``on`` (today), else None."""
    on = on or timezone.localdate()
    agreement = system.processor_agreement
    if agreement is None or agreement.kind != Agreement.Kind.PROCESSOR_AGREEMENT or not agreement.in_force_on(on):
        return None
    return agreement


def processor_agreements_of(partner):
    """The processor agreements of a partner (newest first), e.g. to link a processor's breach report."""
    return Agreement.objects.filter(partner=partner, kind=Agreement.Kind.PROCESSOR_AGREEMENT).order_by("-starts_on")
