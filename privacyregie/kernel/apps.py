from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    name = "privacyregie.kernel"
    label = "kernel"
    verbose_name = _("Privacykern (beleid, grondslag, verwerkingslogboek)")

    def ready(self):
        from . import checks  # noqa: F401
