"""Load the demo data of every capability (idempotent).

Refused outside demo mode / DEBUG unless ``--i-know-this-is-not-production`` is given,
so that demo accounts with published secrets never reach production by accident.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Order matters: later capabilities build on the organisations and users of core.
DEMO_APPS = ["core", "register", "external", "dossiers", "datarooms", "kernel", "incidents", "compliance", "exchange",
             "retention", "rights", "policies", "people", "protocol", "suppliers", "hub", "detection"]


class Command(BaseCommand):
    help = "Load demo organisations, accounts and records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--i-know-this-is-not-production", action="store_true", dest="force")

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or settings.DEMO_MODE or force):
            raise CommandError(
                "Demo data is only loaded with DEMO_MODE=1 or DEBUG=1, or with --i-know-this-is-not-production."
            )
        for app in DEMO_APPS:
            try:
                module = import_module(f"privacyregie.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"privacyregie.{app}.demo":
                    raise
                continue
            module.load()
            self.stdout.write(f"demo data loaded: {app}")
