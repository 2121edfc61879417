from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import PANEL_FIGURES_SECONDS, HomePanel, NavItem, organisation_figures

NAV_ITEMS = [
    NavItem(_("Verwerkingsregister"), "register:index", "register.view", "registers", 20),
    NavItem(_("Ketenpartners en overeenkomsten"), "register:partners", "register.view", "registers", 21),
    NavItem(_("Register van de verwerker"), "register:processors", "register.view", "registers", 25),
    NavItem(_("Applicatielandschap"), "register:landscape", "register.view", "registers", 22),
    NavItem(_("Controles register"), "register:checks", "register.edit", "registers", 23),
    NavItem(_("Register importeren"), "register:import", "register.edit", "registers", 24),
]


def home_panels(request):
    from .services import checks

    user = request.user
    if "register.edit" not in user.privacy_permissions:
        return []

    def figures():
        issues = checks(user.organisation)
        return {"all": len(issues), "art30": sum(i.kind.startswith("art30") for i in issues),
                "processor": sum(i.kind == "processor_without_agreement" for i in issues),
                "expired": sum(i.kind == "agreement_expired" for i in issues),
                "unencrypted": sum(i.kind == "link_unencrypted" for i in issues)}

    found = organisation_figures("register-checks", user.organisation_id, figures)
    return [HomePanel(
        title=_("Verwerkingsregister"),
        lines=[(_("Aandachtspunten"), found["all"]),
               (_("Ontbrekende gegevens (AVG art. 30)"), found["art30"]),
               (_("Verwerkers zonder getekende overeenkomst"), found["processor"]),
               (_("Verlopen overeenkomsten"), found["expired"]),
               (_("Onversleutelde koppelingen"), found["unencrypted"])],
        url=reverse("register:checks"), link_label=_("Alle controles"), tone="warning" if found["all"] else "ok",
        kept_seconds=PANEL_FIGURES_SECONDS,
    )]
