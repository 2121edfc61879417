"""Menu items and the start-page panel of the policies capability (privacy officer and CISO)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Beleid en protocollen"), "policies:index", "policies.view", "verantwoording", 5),
    NavItem(gettext_lazy("Wie stelt beleid vast"), "policies:bodies", "policies.configure", "beheer", 40),
]


def _figures(organisation) -> dict:
    """The documents needing attention as plain values (kept briefly per organisation)."""
    from . import cycles
    from .services import needs_attention

    rows = needs_attention(organisation)
    return {"total": len(rows), "overdue": any(r["state"] == cycles.OVERDUE for r in rows),
            "rows": [(r["document"].title[:50], r["state"] == cycles.OVERDUE, r["next_review"]) for r in rows[:6]]}


def home_panels(request):
    from privacyregie.core.navigation import PANEL_FIGURES_SECONDS, organisation_figures

    user = request.user
    if not has_permission(user, "policies.edit"):
        return []
    figures = organisation_figures("policies", user.organisation_id, lambda: _figures(user.organisation))
    lines = []
    for title, overdue, next_review in figures["rows"]:
        if overdue:
            lines.append((title, _("herbeoordeling te laat sinds %(day)s") % {"day": f"{next_review:%d-%m-%Y}"}))
        else:
            lines.append((title, _("nooit vastgesteld")))
    return [HomePanel(
        title=_("Beleid: te laat of nooit vastgesteld"),
        lines=lines or [_("Alle beleidsdocumenten zijn vastgesteld en actueel.")],
        url=reverse("policies:index"), link_label=_("Naar beleid en protocollen"),
        tone="danger" if figures["overdue"] else ("warning" if figures["total"] else "ok"),
        kept_seconds=PANEL_FIGURES_SECONDS,
    )]
