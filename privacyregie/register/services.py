"""Operations on the register that pages, API, import and other capabilities call.

``version_in_force(activity, at)`` gives the version a processing-log entry refers to;
``save_activity`` never changes a version, it adds one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
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


def checks(organisation, today=None) -> list[Issue]:
    """What is wrong in the register: for the privacy officer's checks page."""
    from django.urls import reverse

    today = today or timezone.localdate()
    issues: list[Issue] = []
    for activity in ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("versions"):
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
    for partner in ChainPartner.objects.filter(organisation=organisation, role=ChainPartner.Role.PROCESSOR):
        signed = [a for a in partner.agreements.filter(kind=Agreement.Kind.PROCESSOR_AGREEMENT)
                  if a.effective_status(today) == Agreement.Status.SIGNED]
        if not signed:
            issues.append(Issue("processor_without_agreement", partner.name,
                                _("Verwerker zonder getekende verwerkersovereenkomst."),
                                reverse("register:partner_detail", args=[partner.pk])))
    for agreement in Agreement.objects.filter(organisation=organisation).select_related("partner"):
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
