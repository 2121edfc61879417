from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "privacyregie.hub"
    label = "hub"
    verbose_name = _("Logboekhub")

    def ready(self):
        from privacyregie.register.services import register_check_provider

        from .services import register_checks

        register_check_provider(register_checks)
