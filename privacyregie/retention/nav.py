"""Menu items of retention (the Selectielijst and the retention rules per processing activity) and of
destruction (``destruction_nav``: the destruction lists and the start-page panel)."""

from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import NavItem

from .destruction_nav import NAV_ITEMS as DESTRUCTION_NAV_ITEMS
from .destruction_nav import home_panels as destruction_panels

NAV_ITEMS = [
    NavItem(_("Bewaartermijnen (Selectielijst)"), "retention:index", "register.view", "privacy", 24),
    *DESTRUCTION_NAV_ITEMS,
]


def home_panels(request):
    return [*destruction_panels(request)]
