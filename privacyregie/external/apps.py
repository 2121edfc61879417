from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExternalConfig(AppConfig):
    name = "privacyregie.external"
    label = "external"
    verbose_name = _("Externe gebruikers")

    def ready(self):
        from privacyregie.kernel.policy import register_user_gate

        from .services import statement_gate

        register_user_gate(statement_gate)
