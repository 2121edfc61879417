from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "privacyregie.retention"
    label = "retention"
    verbose_name = _("Bewaren en vernietigen")

    def ready(self):
        # signals: rules carry over to a new register version
        from . import destruction, shredding, signals  # noqa: F401

        destruction.register_kernel_rule()
        shredding.connect()
