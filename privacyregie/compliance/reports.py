"""Council reports: the stoplight report (HTML and PDF), scorecard and recommendations' follow-up.

The reports hold no personal data: norms, statuses, findings, state of affairs and
figures only. Colour is never the only carrier: every status is written out too.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from . import assessments, charts, scorecard
from .models import Assessment, Recommendation


def stoplight_context(assessment: Assessment) -> dict:
    return {"assessment": assessment, "items": assessments.items(assessment),
            "summary": assessments.summary(assessment), "generated_at": timezone.now()}


def pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def stoplight_pdf(assessment: Assessment) -> bytes:
    return pdf("compliance/stoplight_pdf.html", stoplight_context(assessment))


def scorecard_context(organisation, count: int = 4) -> dict:
    quarters = scorecard.recent_quarters(count)
    rows = scorecard.trend(organisation, quarters)
    for row in rows:
        row["chart"] = charts.line_chart(row["points"], str(row["indicator"].label))
    manual = scorecard.manual_rows(organisation, quarters)
    for row in manual:
        row["chart"] = charts.line_chart(row["points"], row["indicator"].name)
    return {"quarters": quarters, "rows": rows, "manual": manual, "generated_at": timezone.now()}


def recommendations_context(organisation) -> dict:
    today = timezone.localdate()
    recommendations = list(Recommendation.objects.filter(organisation=organisation).prefetch_related("actions"))
    for recommendation in recommendations:
        for action in recommendation.actions.all():
            action.overdue = action.is_overdue(today)
    return {"recommendations": recommendations, "today": today, "generated_at": timezone.now()}
