"""Bind the stored files of existing cases to their shred keys (ADR 0104); idempotent."""

from django.core.management.base import BaseCommand

from privacyregie.retention.shredding import bind_existing


class Command(BaseCommand):
    help = "Bind stored files of cases (and consents) to the shred key of their case or resident (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"{bind_existing()} file(s) bound to a shred key")
