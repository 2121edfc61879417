"""The admin site: configuration only (organisations, teams, users, roles, API clients).

Only functional administrators with two factors may enter. It must never register
models holding residents' personal data: those are reached through the privacy kernel.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PrivacyregieAdminSite(admin.AdminSite):
    site_header = _("Privacyregie – beheer")
    site_title = _("Privacyregie beheer")
    index_title = _("Configuratie")

    def has_permission(self, request):
        user = request.user
        return bool(
            user.is_active
            and user.is_authenticated
            and user.is_verified()
            and "core.manage_users" in user.privacy_permissions
        )

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and request.user.is_verified():
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("De beheeromgeving is alleen voor functioneel beheerders."))
        return redirect(f"{reverse('two_factor:login')}?next={request.get_full_path()}")
