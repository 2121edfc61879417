"""Menu items and start-page panels of retention (the Selectielijst and the rules per processing activity) and
destruction (each part keeps its own module)."""

from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import NavItem

from .destruction_nav import NAV_ITEMS as DESTRUCTION_NAV_ITEMS
from .destruction_nav import home_panels as destruction_panels

NAV_ITEMS = [
    NavItem(_("Bewaartermijnen (Selectielijst)"), "retention:index", "register.view", "registers", 24),
    *DESTRUCTION_NAV_ITEMS,
]


def home_panels(request):
    return [*destruction_panels(request)]
