"""Assessments of a framework: the GAP view, the stoplight, comparison, evidence and history.

A closed (reported) assessment is a record of what was told to the council: it is never
edited. ``new_version`` copies it into a new open assessment instead (ADR 0051).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from privacyregie.core.files import check_upload, store_encrypted
from privacyregie.core.history import actor_label

from .models import (
    COLOUR_LABELS,
    Assessment,
    ComplianceStatus,
    Evidence,
    LiveIndicator,
    RequirementAssessment,
    status_colour,
)

EVIDENCE_TYPES = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "txt", "csv")
EDITABLE_FIELDS = ("status", "finding", "state_of_affairs", "owner", "due_date", "links", "live_indicator")

# Live evidence from Privacyregie itself: key -> URL name (linked only when it resolves).
LIVE_URLS = {
    LiveIndicator.AUTHORISATION_REVIEW: "dossiers:authorisation_reviews",
    LiveIndicator.BREAK_GLASS: "dossiers:break_glass_reviews",
    LiveIndicator.INCIDENT_REGISTER: "incidents:register",
    LiveIndicator.PROCESSING_LOG: "kernel:log",
    LiveIndicator.PROCESSING_REGISTER: "register:index",
}


@dataclass(frozen=True)
class LiveEvidence:
    key: str
    label: str
    url: str | None
    reason: str


def live_evidence(key: str) -> LiveEvidence | None:
    """The live indicator behind a requirement, linked by URL name when that part exists."""
    if not key:
        return None
    labels = dict(LiveIndicator.choices)
    label, url_name = labels.get(key, key), LIVE_URLS.get(key, "")
    try:
        url = reverse(url_name) if url_name else None
    except NoReverseMatch:
        url = None
    return LiveEvidence(key, str(label), url, "" if url else _("nog niet beschikbaar"))


def assessments_for(organisation):
    return Assessment.objects.filter(organisation=organisation).select_related("framework")


@transaction.atomic
def create_assessment(organisation, framework, title: str, period: str, municipality=None) -> Assessment:
    if framework.organisation_id not in (None, organisation.pk):
        raise ValidationError(_("Dit normenkader is niet beschikbaar voor uw organisatie."))
    if municipality is not None and municipality.organisation_id != organisation.pk:
        raise ValidationError(_("Deze gemeente hoort niet bij uw organisatie."))
    assessment = Assessment.objects.create(organisation=organisation, framework=framework, title=title,
                                           period=period, municipality=municipality)
    bulk_create_with_history([
        RequirementAssessment(assessment=assessment, requirement=requirement,
                              live_indicator=requirement.live_indicator if requirement.live_indicator in LIVE_URLS else "")
        for requirement in framework.requirements.filter(assessable=True).order_by("order")
    ], RequirementAssessment)
    return assessment


def _refuse_closed(assessment: Assessment) -> None:
    if assessment.is_closed:
        raise ValidationError(_("Deze beoordeling is afgesloten en gerapporteerd en kan niet meer worden gewijzigd. "
                                "Maak een nieuwe versie om verder te werken."))


@transaction.atomic
def update_item(item: RequirementAssessment, **changes) -> RequirementAssessment:
    """Change status, finding, state of affairs, owner, due date or links of one requirement."""
    item = RequirementAssessment.objects.select_for_update().select_related("assessment").get(pk=item.pk)
    _refuse_closed(item.assessment)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if changes.get("live_indicator") and changes["live_indicator"] not in LiveIndicator.values:
        raise ValidationError(_("Onbekende live indicator '%(key)s'.") % {"key": changes["live_indicator"]})
    if "status" in changes and changes["status"] not in ComplianceStatus.values:
        raise ValidationError(_("Onbekende status '%(status)s'. Kies uit: %(choices)s.")
                              % {"status": changes["status"], "choices": ", ".join(ComplianceStatus.values)})
    for line in (changes.get("links") or "").splitlines():
        if line.strip() and not line.strip().lower().startswith(("https://", "http://")):
            raise ValidationError(_("Een link moet beginnen met https:// of http:// (regel: %(line)s).")
                                  % {"line": line.strip()[:80]})
    for field, value in changes.items():
        setattr(item, field, value if value is not None or field == "due_date" else "")
    item.full_clean(exclude=["assessment", "requirement"])
    item.save()
    return item


@transaction.atomic
def close(assessment: Assessment) -> Assessment:
    _refuse_closed(assessment)
    assessment.status = Assessment.Status.CLOSED
    assessment.reported_at = timezone.now()
    assessment.save()
    return assessment


@transaction.atomic
def new_version(assessment: Assessment, period: str = "") -> Assessment:
    """An open copy of an assessment (statuses, findings and state of affairs carried over)."""
    copy = Assessment.objects.create(
        organisation=assessment.organisation, framework=assessment.framework, title=assessment.title,
        municipality=assessment.municipality, period=period or assessment.period, previous=assessment,
    )
    bulk_create_with_history([
        RequirementAssessment(assessment=copy, requirement=item.requirement, status=item.status,
                              finding=item.finding, state_of_affairs=item.state_of_affairs, owner=item.owner,
                              due_date=item.due_date, links=item.links, live_indicator=item.live_indicator)
        for item in assessment.items.select_related("requirement")
    ], RequirementAssessment)
    return copy


@transaction.atomic
def add_evidence(item: RequirementAssessment, uploaded, user) -> Evidence:
    _refuse_closed(item.assessment)
    checked = check_upload(uploaded, allowed=EVIDENCE_TYPES)
    return Evidence.objects.create(item=item, name=checked.name, content_type=checked.content_type,
                                   size=checked.size, sha256=checked.sha256,
                                   storage_name=store_encrypted(checked.data), uploaded_by=user)


def items(assessment: Assessment):
    return assessment.items.select_related("requirement__framework", "requirement__parent").prefetch_related(
        "evidence").order_by("requirement__order")


def summary(assessment: Assessment) -> dict:
    """Number of requirements per colour, in stoplight order."""
    counts = Counter(status_colour(s) for s in assessment.items.values_list("status", flat=True))
    return {colour: {"count": counts.get(colour, 0), "label": COLOUR_LABELS[colour]}
            for colour in ("red", "orange", "green", "grey")}


def gap(assessment: Assessment) -> list[RequirementAssessment]:
    """Requirements that are not (fully) met, red first, then orange, then not assessed."""
    rank = {"red": 0, "orange": 1, "grey": 2}
    rows = [item for item in items(assessment)
            if item.status not in (ComplianceStatus.COMPLIANT, ComplianceStatus.NOT_APPLICABLE)]
    return sorted(rows, key=lambda item: (rank[item.colour], item.requirement.order))


def compare(first: Assessment, second: Assessment) -> list[dict]:
    """Per requirement the status in both assessments (same framework) and whether it improved."""
    if first.framework_id != second.framework_id:
        raise ValidationError(_("Alleen beoordelingen van hetzelfde normenkader zijn te vergelijken."))
    score = {"red": 0, "orange": 1, "green": 2, "grey": None}
    later = {item.requirement_id: item for item in second.items.all()}
    rows = []
    for item in items(first):
        other = later.get(item.requirement_id)
        before, after = score[item.colour], score[other.colour] if other else None
        trend = ""
        if before is not None and after is not None:
            trend = "better" if after > before else "worse" if after < before else "same"
        rows.append({"requirement": item.requirement, "first": item, "second": other, "trend": trend})
    return rows


def history(assessment: Assessment) -> list[dict]:
    """Every change of the assessment and its requirements: when, who, which fields."""
    entries = []
    for record in assessment.history.select_related("history_user"):
        entries.append({"when": record.history_date, "who": who(record), "what": _("Beoordeling"),
                        "changes": diff(record)})
    item_history = RequirementAssessment.history.filter(assessment_id=assessment.pk).select_related("history_user")
    labels = {r.pk: str(r.requirement) for r in assessment.items.select_related("requirement")}
    for record in item_history:
        changes = diff(record)
        if record.history_type == "+" and not changes:
            continue
        entries.append({"when": record.history_date, "who": who(record),
                        "what": labels.get(record.id, ""), "changes": changes})
    return sorted(entries, key=lambda e: e["when"], reverse=True)


def who(record) -> str:
    return actor_label(record)  # the user, the application (API) or the system


def diff(record) -> list[tuple[str, str, str]]:
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    result = []
    for change in delta.changes:
        field = record.instance_type._meta.get_field(change.field)
        result.append((str(field.verbose_name), _display(record, field, change.old),
                       _display(record, field, change.new)))
    return result


def _display(record, field, value) -> str:
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    return "" if value is None else str(value)


def record_history(*querysets_and_labels) -> list[dict]:
    """History entries of several models' historical records, newest first: (records, label function)."""
    entries = []
    for records, label in querysets_and_labels:
        for record in records.select_related("history_user"):
            entries.append({"when": record.history_date, "who": who(record), "what": label(record),
                            "changes": diff(record)})
    return sorted(entries, key=lambda e: e["when"], reverse=True)
