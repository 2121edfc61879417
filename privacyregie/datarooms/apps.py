from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataroomsConfig(AppConfig):
    name = "privacyregie.datarooms"
    label = "datarooms"
    verbose_name = _("Datakamers")

    def ready(self):
        from . import receivers  # noqa: F401 - connects to external.signals.grant_ended
        from .policy import register_rules

        register_rules()
        from privacyregie.external.services import register_start_section

        from .services import start_section

        register_start_section(start_section)
