from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "privacyregie.core"
    label = "core"
    verbose_name = _("Organisaties, gebruikers en rollen")

    def ready(self):
        from . import checks, history, signals  # noqa: F401

