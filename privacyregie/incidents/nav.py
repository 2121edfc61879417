"""Menu items and start-page panels of the incidents capability."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Meld een incident"), "incidents:report", "incidents.report", "beveiliging", 10),
    NavItem(gettext_lazy("Mijn meldingen"), "incidents:mine", "incidents.report", "beveiliging", 12),
    NavItem(gettext_lazy("Incidenten en datalekken"), "incidents:dashboard", "incidents.handle", "beveiliging", 20),
    NavItem(gettext_lazy("Register van datalekken"), "incidents:register", "incidents.view_register", "beveiliging", 30),
]


def home_panels(request):
    from .deadlines import format_time_left
    from .services import open_breaches

    user = request.user
    panels = []
    if has_permission(user, "incidents.handle"):
        breaches = open_breaches(user.organisation)
        lines = [(f"{b.receipt_number} {b.title[:40]}", format_time_left(b.notification_deadline)) for b in breaches[:5]]
        panels.append(HomePanel(
            title=_("Open datalekken: termijn AP"),
            lines=lines or [_("Er loopt geen meldtermijn.")],
            url=reverse("incidents:dashboard"), link_label=_("Naar incidenten en datalekken"),
            tone="danger" if breaches else "ok",
        ))
    if has_permission(user, "incidents.report"):
        panels.append(HomePanel(
            title=_("Meld een incident"),
            lines=[_("Datalek, beveiligingsincident of bijna-incident? Meld het direct, ook anoniem.")],
            url=reverse("incidents:report"), link_label=_("Meld een incident"),
        ))
    return panels
