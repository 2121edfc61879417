from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "privacyregie.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers (inwoners en casussen)")

    def ready(self):
        from .policy import register_rules

        register_rules()
