from django.utils.translation import gettext_lazy as _

from .navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Rollen en bevoegdheden"), "core:roles", "core.view_roles", "beheer", 10),
    NavItem(_("Inlogpogingen"), "core:security_events", "core.view_security_events", "beveiliging", 90),
    NavItem(_("Beheeromgeving"), "admin:index", "core.manage_users", "beheer", 90),
]
