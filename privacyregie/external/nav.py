"""Menu items and the start page of external users (ketenpartner, leverancier)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Externe toegang"), "external:overview", "dossiers.work_cases", "werk", 60),
    NavItem(gettext_lazy("Externe toegang"), "external:overview", "kernel.view_processing_log", "toegang", 25),
]


def home_panels(request):
    """For an external user: what was shared with them, and what expires soon.

    "Meld een incident" comes from the incidents capability's panels, as for every external user.
    """
    from . import services

    user = request.user
    if not services.is_external(user):
        return []
    sections = services.start_sections(user)
    lines = [(section.title, len(section.items)) for section in sections]
    panels = [HomePanel(
        title=_("Met mij gedeeld"),
        lines=lines or [_("Er is nog niets met u gedeeld.")],
        url=reverse("external:shared") if sections else "",
        link_label=_("Bekijk wat met u gedeeld is"),
    )]
    expiring = list(services.expiring_soon(user))
    if expiring:
        panels.append(HomePanel(
            title=_("Verloopt binnenkort"),
            lines=[(str(grant.target or grant.content_type.name),
                    timezone.localtime(grant.expires_at).strftime("%d-%m-%Y %H:%M")) for grant in expiring],
            url=reverse("external:shared"), link_label=_("Bekijk wat met u gedeeld is"), tone="warning",
        ))
    return panels
