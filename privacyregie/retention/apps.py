from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "privacyregie.retention"
    label = "retention"
    verbose_name = _("Bewaren en vernietigen")

    def ready(self):
        from . import signals  # noqa: F401  (rules carry over to a new register version)
