from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetectionConfig(AppConfig):
    name = "privacyregie.detection"
    label = "detection"
    verbose_name = _("Signalering van verdachte toegang")

    def ready(self):
        from privacyregie.incidents.services import register_origin_provider

        from .services import incident_origin

        register_origin_provider(incident_origin)
