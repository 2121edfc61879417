"""Council reports: the stoplight report (HTML and PDF), scorecard and recommendations' follow-up.

The reports hold no personal data: norms, statuses, findings, state of affairs and
figures only. Colour is never the only carrier: every status is written out too.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.pdf import render_pdf

from . import assessments, charts, scorecard
from .models import Assessment, Recommendation

log = logging.getLogger(__name__)


def policies_call(name: str, *args, default=None):
    """Call ``privacyregie.policies.services.<name>`` defensively: missing or failing gives ``default``."""
    try:
        function = getattr(import_module("privacyregie.policies.services"), name)
    except (ImportError, AttributeError):
        return default
    try:
        return function(*args)
    except Exception:  # the policy register must never break a council report or an assessment
        log.exception("policies.services.%s failed", name)
        return default


def organisation_label(organisation) -> str:
    """The organisation as a report's header names it, with the municipalities an executing body serves."""
    places = [m.name for m in organisation.municipalities.order_by("name")]
    if organisation.is_shared_service and places:
        served = places[0] if len(places) == 1 else f"{', '.join(places[:-1])} {_('en')} {places[-1]}"
        return _("%(name)s, voor %(places)s") % {"name": organisation.name, "places": served}
    return organisation.name


def stoplight_context(assessment: Assessment) -> dict:
    """A reported (closed) assessment is dated on the day it was adopted, an open one is a draft of now."""
    adopted_at = assessment.reported_at if assessment.is_closed else None
    return {"assessment": assessment, "items": assessments.items(assessment),
            "summary": assessments.summary(assessment), "generated_at": timezone.now(), "adopted_at": adopted_at,
            "organisation_label": organisation_label(assessment.organisation),
            "policy_rows": policies_call("report_rows", assessment.organisation, default=[])}


def pdf(template: str, context: dict) -> bytes:
    return render_pdf(template, context)


def stoplight_pdf(assessment: Assessment) -> bytes:
    return pdf("compliance/stoplight_pdf.html", stoplight_context(assessment))


def scorecard_context(organisation, count: int = 4) -> dict:
    quarters = scorecard.recent_quarters(count)
    rows = scorecard.trend(organisation, quarters)
    for row in rows:
        indicator = row["indicator"]
        row["chart"] = charts.line_chart(row["points"], str(indicator.label),
                                         fmt=indicator.format if indicator.yes_no else None)
    manual = scorecard.manual_rows(organisation, quarters)
    for row in manual:
        row["chart"] = charts.line_chart(row["points"], row["indicator"].name)
    return {"quarters": quarters, "rows": rows, "manual": manual, "generated_at": timezone.now(),
            "organisation_label": organisation_label(organisation),
            "policy_rows": policies_call("report_rows", organisation, default=[])}


def recommendations_context(organisation) -> dict:
    today = timezone.localdate()
    recommendations = list(Recommendation.objects.filter(organisation=organisation).prefetch_related("actions"))
    for recommendation in recommendations:
        for action in recommendation.actions.all():
            action.overdue = action.is_overdue(today)
    return {"recommendations": recommendations, "today": today, "generated_at": timezone.now(),
            "organisation_label": organisation_label(organisation)}
