from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "privacyregie.compliance"
    label = "compliance"
    verbose_name = _("Verantwoording (normenkaders, stoplicht, scorekaart)")
