"""Menu items and start-page panels of the compliance capability (section "verantwoording")."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Rapportages voor de raad"), "compliance:reports", "compliance.view_reports", "verantwoording", 10),
    NavItem(gettext_lazy("Kwartaalscorekaart"), "compliance:scorecard", "compliance.view_reports", "verantwoording", 12),
    NavItem(gettext_lazy("Beoordelingen (GAP)"), "compliance:assessments", "compliance.edit_assessments", "verantwoording", 20),
    NavItem(gettext_lazy("Normenkaders"), "compliance:frameworks", "compliance.edit_assessments", "verantwoording", 22),
    NavItem(gettext_lazy("Aanbevelingen"), "compliance:recommendations", "compliance.respond_recommendations",
            "verantwoording", 30),
    NavItem(gettext_lazy("Aanbevelingen bewerken"), "compliance:recommendations", "compliance.edit_assessments",
            "verantwoording", 31),
    NavItem(gettext_lazy("Risico's en beveiligingsplan"), "compliance:risks", "compliance.edit_assessments",
            "verantwoording", 40),
    NavItem(gettext_lazy("Extra indicatoren"), "compliance:indicators", "compliance.manage_indicators",
            "verantwoording", 50),
]


def _figures(organisation_id) -> dict:
    """The organisation's latest stoplight assessment (title and count per colour), the overdue actions on
    recommendations and the risks due for review: plain values, kept briefly per organisation
    (``organisation_figures``)."""
    from django.db.models import Count
    from django.utils import timezone

    from .models import Assessment, RecommendationAction, RequirementAssessment, Risk, status_colour

    today = timezone.localdate()
    latest = Assessment.objects.filter(organisation_id=organisation_id).values("pk", "title").first()
    colours = {"red": 0, "orange": 0, "green": 0, "grey": 0}
    if latest is not None:
        for status, n in (RequirementAssessment.objects.filter(assessment_id=latest["pk"])
                          .values_list("status").annotate(n=Count("pk")).order_by()):
            colours[status_colour(status)] += n
    open_actions = RecommendationAction.objects.filter(
        recommendation__organisation_id=organisation_id, deadline__lt=today,
        status__in=[RecommendationAction.Status.PLANNED, RecommendationAction.Status.IN_PROGRESS])
    reviews = Risk.objects.filter(organisation_id=organisation_id, review_date__lte=today).count()
    return {"latest": latest, "colours": colours, "overdue": open_actions.count(), "reviews": reviews}


def home_panels(request):
    from privacyregie.core.navigation import PANEL_FIGURES_SECONDS, organisation_figures

    from .models import COLOUR_LABELS

    user = request.user
    if not has_permission(user, "compliance.view_reports"):
        return []
    figures = organisation_figures("compliance", user.organisation_id, lambda: _figures(user.organisation_id))
    latest, counts = figures["latest"], figures["colours"]
    if latest is None:
        lines = [_("Er is nog geen stoplichtbeoordeling.")]
        tone = ""
        url = reverse("compliance:reports")
    else:
        # the assessment's own title on a line of its own: it often starts with "Stoplicht privacy" itself
        lines = [latest["title"]] + [(str(COLOUR_LABELS[colour]), n) for colour, n in counts.items()]
        tone = "danger" if counts["red"] else "warning" if counts["orange"] else "ok"
        url = reverse("compliance:stoplight", kwargs={"pk": latest["pk"]})
    panels = [HomePanel(title=_("Stoplicht privacy"),
                        lines=lines, url=url, link_label=_("Naar de stoplichtrapportage"), tone=tone,
                        kept_seconds=PANEL_FIGURES_SECONDS)]
    if has_permission(user, "compliance.edit_assessments"):
        overdue, reviews = figures["overdue"], figures["reviews"]
        panels.append(HomePanel(
            title=_("Opvolging verantwoording"),
            lines=[(_("Acties op aanbevelingen over de datum"), overdue), (_("Risico's te herbeoordelen"), reviews)],
            url=reverse("compliance:risks"), link_label=_("Naar risico's en beveiligingsplan"),
            tone="warning" if overdue or reviews else "ok", kept_seconds=PANEL_FIGURES_SECONDS))
    else:
        panels.append(HomePanel(
            title=_("Rapportages voor de raad"),
            lines=[_("Stoplichtrapportage, kwartaalscorekaart en opvolging van de aanbevelingen.")],
            url=reverse("compliance:reports"), link_label=_("Naar de rapportages")))
    return panels
