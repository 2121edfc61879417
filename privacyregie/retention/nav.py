"""Menu item of retention: the Selectielijst and the retention rules per processing activity."""

from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Bewaartermijnen (Selectielijst)"), "retention:index", "register.view", "privacy", 24),
]
