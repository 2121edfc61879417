from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(_("Verwerkingsregister"), "register:index", "register.view", "privacy", 20),
    NavItem(_("Ketenpartners en overeenkomsten"), "register:partners", "register.view", "privacy", 21),
    NavItem(_("Register van de verwerker"), "register:processors", "register.view", "privacy", 25),
    NavItem(_("Applicatielandschap"), "register:landscape", "register.view", "privacy", 22),
    NavItem(_("Controles register"), "register:checks", "register.edit", "privacy", 23),
    NavItem(_("Register importeren"), "register:import", "register.edit", "privacy", 24),
]


def home_panels(request):
    from .services import checks

    user = request.user
    if "register.edit" not in user.privacy_permissions:
        return []
    issues = checks(user.organisation)
    return [HomePanel(
        title=_("Verwerkingsregister"),
        lines=[(_("Aandachtspunten"), len(issues)),
               (_("Ontbrekende gegevens (AVG art. 30)"), sum(i.kind.startswith("art30") for i in issues)),
               (_("Verwerkers zonder getekende overeenkomst"), sum(i.kind == "processor_without_agreement" for i in issues)),
               (_("Verlopen overeenkomsten"), sum(i.kind == "agreement_expired" for i in issues)),
               (_("Onversleutelde koppelingen"), sum(i.kind == "link_unencrypted" for i in issues))],
        url=reverse("register:checks"), link_label=_("Alle controles"), tone="warning" if issues else "ok",
    )]
