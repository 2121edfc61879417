"""Verify the hash chains of the processing log: exit 0 when intact, 1 with the first broken entry."""

import sys

from django.core.management.base import BaseCommand

from privacyregie.kernel.services import verify_and_record


class Command(BaseCommand):
    help = "Verify the processing log; exits non-zero and names the first broken entry when it was tampered with."

    def handle(self, *args, **options):
        result = verify_and_record()
        if result.ok:
            self.stdout.write(result.describe())
            return
        self.stderr.write(result.describe())
        sys.exit(1)
