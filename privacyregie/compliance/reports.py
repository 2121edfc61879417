"""Council reports: the stoplight report (HTML and PDF), scorecard and recommendations' follow-up.

The reports hold no personal data: norms, statuses, findings, state of affairs and
figures only. Colour is never the only carrier: every status is written out too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import import_module

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.db import for_reports
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


@for_reports
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


@for_reports
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
            "organisation_label": organisation_label(organisation), "people_section": people_section(organisation),
            "policy_rows": policies_call("report_rows", organisation, default=[])}


@for_reports
def recommendations_context(organisation) -> dict:
    today = timezone.localdate()
    recommendations = list(Recommendation.objects.filter(organisation=organisation).prefetch_related("actions"))
    for recommendation in recommendations:
        for action in recommendation.actions.all():
            action.overdue = action.is_overdue(today)
    return {"recommendations": recommendations, "today": today, "generated_at": timezone.now(),
            "organisation_label": organisation_label(organisation)}


# --- "Mensen en leveranciers" (issue 14 §5) ----------------------------------------------------------

# (capability, figure key or alternative keys, label, unit). Figures are read only through each capability's public
# ``services.scorecard_figures(organisation, start, end)``, defensively: an absent capability, function
# or key is "n.v.t." with the reason, never a guess (ADR 0053, 0081).
PEOPLE_FIGURES = [
    ("people", "training_completion_pct", gettext_lazy("Medewerkers met geldige verplichte training"), "%"),
    ("people", "attestations_outstanding", gettext_lazy("Verklaringen die nog ondertekend moeten worden (aantal)"), ""),
    ("suppliers", ("remote_access_approved", "windows_approved"),
     gettext_lazy("Inbelverzoeken van leveranciers goedgekeurd (aantal)"), ""),
    ("suppliers", ("remote_access_refused", "windows_refused"),
     gettext_lazy("Inbelverzoeken van leveranciers geweigerd (aantal)"), ""),
    ("suppliers", "out_of_window_sessions", gettext_lazy("Sessies van leveranciers buiten een goedgekeurd venster "
                                                         "(aantal)"), ""),
    ("protocol", "bottlenecks_reported", gettext_lazy("Knelpunten privacyprotocol gemeld (aantal)"), ""),
    ("protocol", "bottlenecks_open", gettext_lazy("Knelpunten privacyprotocol open (aantal)"), ""),
    ("protocol", "bottlenecks_closed", gettext_lazy("Knelpunten privacyprotocol afgehandeld (aantal)"), ""),
]
TEAM_KEYS = ("team", "name", "label")
PCT_KEYS = ("training_completion_pct", "completion_pct", "pct", "percentage", "value")


@dataclass
class SectionFigure:
    label: str
    display: str
    reason: str = ""


def _figures_of(app: str, organisation, quarter) -> tuple[dict | None, str]:
    """The capability's figures for the quarter, or None with the reason (missing or failing)."""
    function = scorecard._service(app)
    if function is None:
        return None, str(scorecard.NOT_AVAILABLE)
    try:
        figures = function(organisation, quarter.start, quarter.end)
    except Exception:  # a failing capability must not break the council's report
        log.exception("scorecard_figures of %s failed (council report)", app)
        return None, _("onderdeel gaf een fout; zie het logboek van de applicatie")
    if not isinstance(figures, dict):
        return None, str(scorecard.NOT_AVAILABLE)
    return figures, ""


def _display(value, unit: str) -> tuple[str, str]:
    if value is None:
        return _("n.v.t."), _("geen gegevens in dit kwartaal")
    try:
        text = scorecard.format_number(value)
    except (ArithmeticError, TypeError, ValueError):
        return _("n.v.t."), str(scorecard.NOT_AVAILABLE)
    return (f"{text}%" if unit == "%" else text), ""


def _team_rows(value) -> list[SectionFigure]:
    """``training_by_team`` as rows: a dict {team: pct}, pairs, or dicts with a team and a percentage key."""
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list | tuple):
        pairs = []
        for item in value:
            if isinstance(item, dict):
                team = next((item[k] for k in TEAM_KEYS if k in item), None)
                pct = next((item[k] for k in PCT_KEYS if k in item), None)
                pairs.append((team, pct))
            elif isinstance(item, list | tuple) and len(item) >= 2:
                pairs.append((item[0], item[1]))
    else:
        return []
    rows = []
    for team, pct in pairs:
        if team is None:
            continue
        display, reason = _display(pct, "%")
        rows.append(SectionFigure(str(team), display, reason))
    return rows


@for_reports
def people_section(organisation, quarter=None) -> dict:
    """The council report's section "Mensen en leveranciers" for a quarter (default: the running one).

    Aggregates only: percentages and counts, per team at most, and themes of protocol bottlenecks.
    """
    quarter = quarter or scorecard.current_quarter()
    sources = {app: _figures_of(app, organisation, quarter) for app in dict.fromkeys(a for a, *_r in PEOPLE_FIGURES)}
    rows = []
    for app, keys, label, unit in PEOPLE_FIGURES:
        figures, reason = sources[app]
        key = next((k for k in ((keys,) if isinstance(keys, str) else keys) if figures and k in figures), None)
        if figures is None:
            rows.append(SectionFigure(str(label), _("n.v.t."), reason))
        elif key is None:
            rows.append(SectionFigure(str(label), _("n.v.t."), str(scorecard.NOT_AVAILABLE)))
        else:
            display, why = _display(figures[key], unit)
            rows.append(SectionFigure(str(label), display, why))
    people, people_reason = sources["people"]
    teams = _team_rows(people.get("training_by_team")) if people else []
    teams_reason = people_reason if people is None else ("" if teams else _("geen gegevens per team"))
    protocol, protocol_reason = sources["protocol"]
    themes = []
    if protocol is not None:
        for item in protocol.get("themes") or []:
            if isinstance(item, list | tuple) and len(item) == 2:
                themes.append(SectionFigure(str(item[0]), scorecard.format_number(item[1])))
    themes_reason = protocol_reason if protocol is None else ("" if themes else _("geen knelpunten in dit kwartaal"))
    return {"quarter": quarter, "rows": rows, "teams": teams, "teams_reason": teams_reason, "themes": themes,
            "themes_reason": themes_reason}
