"""Menu items and the start-page panel of the detection of suspicious access (privacy officer)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Signaleringen"), "detection:list", "detection.view_alerts", "toegang", 30),
    NavItem(gettext_lazy("Regels voor signalering"), "detection:settings", "detection.configure", "toegang", 31),
]


def home_panels(request):
    from .services import newest_open_alerts

    user = request.user
    if "detection.view_alerts" not in user.privacy_permissions:
        return []
    open_alerts = newest_open_alerts(user.organisation_id)
    count = open_alerts[0].open_total if open_alerts else 0
    lines = [(_("Open signaleringen"), count)]
    lines += [(a.get_rule_display(), a.actor_username) for a in open_alerts]
    return [HomePanel(title=_("Verdachte toegang"), lines=lines, url=reverse("detection:list"),
                      link_label=_("Naar de signaleringen"), tone="warning" if count else "")]
