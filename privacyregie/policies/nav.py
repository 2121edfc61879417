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


def home_panels(request):
    from . import cycles
    from .services import needs_attention

    user = request.user
    if not has_permission(user, "policies.edit"):
        return []
    rows = needs_attention(user.organisation)
    lines = []
    for row in rows[:6]:
        if row["state"] == cycles.OVERDUE:
            lines.append((row["document"].title[:50], _("herbeoordeling te laat sinds %(day)s")
                          % {"day": f"{row['next_review']:%d-%m-%Y}"}))
        else:
            lines.append((row["document"].title[:50], _("nooit vastgesteld")))
    return [HomePanel(
        title=_("Beleid: te laat of nooit vastgesteld"),
        lines=lines or [_("Alle beleidsdocumenten zijn vastgesteld en actueel.")],
        url=reverse("policies:index"), link_label=_("Naar beleid en protocollen"),
        tone="danger" if any(r["state"] == cycles.OVERDUE for r in rows) else ("warning" if rows else "ok"),
    )]
