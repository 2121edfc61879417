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


def home_panels(request):
    from .assessments import assessments_for, summary

    user = request.user
    if not has_permission(user, "compliance.view_reports"):
        return []
    latest = assessments_for(user.organisation).first()
    if latest is None:
        lines = [_("Er is nog geen stoplichtbeoordeling.")]
        tone = ""
        url = reverse("compliance:reports")
    else:
        counts = summary(latest)
        lines = [(str(s["label"]), s["count"]) for s in counts.values()]
        tone = "danger" if counts["red"]["count"] else "warning" if counts["orange"]["count"] else "ok"
        url = reverse("compliance:stoplight", kwargs={"pk": latest.pk})
    panels = [HomePanel(title=_("Stoplicht privacy: %(title)s") % {"title": latest.title} if latest else _("Stoplicht privacy"),
                        lines=lines, url=url, link_label=_("Naar de stoplichtrapportage"), tone=tone)]
    if has_permission(user, "compliance.edit_assessments"):
        from django.utils import timezone

        from .models import RecommendationAction
        from .risks import due_for_review

        today = timezone.localdate()
        overdue = sum(1 for action in RecommendationAction.objects.filter(
            recommendation__organisation=user.organisation) if action.is_overdue(today))
        reviews = due_for_review(user.organisation, today).count()
        panels.append(HomePanel(
            title=_("Opvolging verantwoording"),
            lines=[(_("Acties op aanbevelingen over de datum"), overdue), (_("Risico's te herbeoordelen"), reviews)],
            url=reverse("compliance:risks"), link_label=_("Naar risico's en beveiligingsplan"),
            tone="warning" if overdue or reviews else "ok"))
    else:
        panels.append(HomePanel(
            title=_("Rapportages voor de raad"),
            lines=[_("Stoplichtrapportage, kwartaalscorekaart en opvolging van de aanbevelingen.")],
            url=reverse("compliance:reports"), link_label=_("Naar de rapportages")))
    return panels
