from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    name = "privacyregie.kernel"
    label = "kernel"
    verbose_name = _("Privacykern (beleid, grondslag, verwerkingslogboek)")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401
        from .dbroles import after_migrate

        # once per migrate (this app's signal), after every app's migrations: re-apply the runtime
        # role's grants on PostgreSQL when the roles are configured (docs/security.md)
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="kernel.dbroles.after_migrate")
