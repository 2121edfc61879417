"""Menu items and start-page panels of the privacy protocol in practice."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import PANEL_FIGURES_SECONDS, HomePanel, NavItem, organisation_figures

NAV_ITEMS = [
    NavItem(gettext_lazy("Meld een knelpunt in het privacyprotocol"), "protocol:report", "protocol.report", "privacy",
            70),
    NavItem(gettext_lazy("Knelpunten privacyprotocol"), "protocol:overview", "protocol.manage", "privacy", 40),
]


def home_panels(request):
    from . import services

    user = request.user
    panels = []
    if has_permission(user, "protocol.manage"):
        figures = organisation_figures("protocol", user.organisation_id,
                                       lambda: services.home_figures(user.organisation_id))
        open_count, new_count, overdue = figures["open"], figures["new"], figures["overdue"]
        panels.append(HomePanel(
            title=_("Knelpunten privacyprotocol"),
            lines=[(_("Nieuw"), new_count), (_("Open"), open_count), (_("Acties over de datum"), overdue)],
            url=reverse("protocol:overview"), link_label=_("Naar de knelpunten"),
            tone="danger" if overdue else ("warning" if new_count else ""), kept_seconds=PANEL_FIGURES_SECONDS,
        ))
    elif has_permission(user, "protocol.report") and services.is_external(user.roles):
        panels.append(HomePanel(
            title=_("Knelpunt in de samenwerking?"),
            lines=[_("Loopt u vast op het privacyprotocol in de samenwerking met de gemeente? Meld het knelpunt.")],
            url=reverse("protocol:report"), link_label=_("Meld een knelpunt"),
        ))
    return panels
