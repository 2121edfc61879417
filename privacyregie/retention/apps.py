from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "privacyregie.retention"
    label = "retention"
    verbose_name = _("Bewaren en vernietigen")

    def ready(self):
        from . import destruction, shredding, signals  # noqa: F401  (signals: rules carry over to new versions)

        destruction.register_kernel_rule()
        shredding.connect()
