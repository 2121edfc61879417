from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import NavItem

NAV_ITEMS = [NavItem(_("Start"), "web:home", "core.use_app", "werk", 0)]
