from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "privacyregie.rights"
    label = "rights"
    verbose_name = _("Rechten van inwoners")

    def ready(self):
        from privacyregie.kernel.policy import register_restriction_check

        from .restriction import restriction_check

        register_restriction_check(restriction_check)
