"""Menu item of the data rooms."""

from django.utils.translation import gettext_lazy

from privacyregie.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Datakamers"), "datarooms:my_rooms", "dossiers.work_cases", "werk", 18),
]
