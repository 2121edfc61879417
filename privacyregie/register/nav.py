from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import (
    PANEL_FIGURES_SECONDS,
    HomePanel,
    NavItem,
    figures_key,
    keep_organisation_figures,
    organisation_figures,
)

NAV_ITEMS = [
    NavItem(_("Verwerkingsregister"), "register:index", "register.view", "registers", 20),
    NavItem(_("Ketenpartners en overeenkomsten"), "register:partners", "register.view", "registers", 21),
    NavItem(_("Register van de verwerker"), "register:processors", "register.view", "registers", 25),
    NavItem(_("Applicatielandschap"), "register:landscape", "register.view", "registers", 22),
    NavItem(_("Controles register"), "register:checks", "register.edit", "registers", 23),
    NavItem(_("Register importeren"), "register:import", "register.edit", "registers", 24),
]


CHECK_FIGURES = "register-checks"


def _figures(issues) -> dict:
    return {"all": len(issues), "art30": sum(i.kind.startswith("art30") for i in issues),
            "processor": sum(i.kind == "processor_without_agreement" for i in issues),
            "expired": sum(i.kind == "agreement_expired" for i in issues),
            "unencrypted": sum(i.kind == "link_unencrypted" for i in issues)}


def check_figures(user) -> dict:
    """The number of register checks that fail, by kind: kept ``PANEL_FIGURES_SECONDS`` per organisation
    (the start page's panel and the register list's button; the checks page itself is always live)."""
    from .services import checks

    return organisation_figures(CHECK_FIGURES, user.organisation_id, lambda: _figures(checks(user.organisation)))


def remember_check_figures(organisation, issues) -> None:
    """The checks were just run (the live checks page): keep their figures, so the counts elsewhere agree."""
    keep_organisation_figures(CHECK_FIGURES, organisation.pk, _figures(issues), PANEL_FIGURES_SECONDS)


def forget_check_figures(organisation_id) -> None:
    """The register changed: the next count runs the checks again."""
    cache.delete(figures_key(CHECK_FIGURES, organisation_id))


def home_panels(request):
    user = request.user
    if "register.edit" not in user.privacy_permissions:
        return []
    found = check_figures(user)
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
