from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExternalConfig(AppConfig):
    name = "privacyregie.external"
    label = "external"
    verbose_name = _("Externe gebruikers")

