from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Aangesloten applicaties"), "hub:applications", "hub.view_applications", "toegang", 40),
]
