from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "privacyregie.people"
    label = "people"
    verbose_name = _("Mensen: training en verklaringen")

    def ready(self):
        from . import signals  # noqa: F401
