from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "privacyregie.exchange"
    label = "exchange"
    verbose_name = _("Uitwisseling met ketenpartners")

    def ready(self):
        from . import ports
        from .policy import register_rules

        register_rules()
        ports.connect()
