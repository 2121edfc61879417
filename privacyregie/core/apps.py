from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "privacyregie.core"
    label = "core"
    verbose_name = _("Organisaties, gebruikers en rollen")

    def ready(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import checks, history, signals  # noqa: F401
        from .models import RoleAssignment, User
        from .navigation import figures_follow

        # the user figures of the start page (core.nav): an administrator sees a change at once
        figures_follow("users", User)
        figures_follow("users", RoleAssignment)
        figures_follow("users", TOTPDevice, lambda device: User.objects.filter(pk=device.user_id).values_list(
            "organisation_id", flat=True).first())
