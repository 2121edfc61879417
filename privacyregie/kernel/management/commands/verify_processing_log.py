"""Verify the hash chains of the processing log: exit 0 when intact, 1 with the first broken entry."""

import sys

from django.core.management.base import BaseCommand

from privacyregie.kernel.services import verify_and_record


class Command(BaseCommand):
    help = "Verify the processing log; exits non-zero and names the first broken entry when it was tampered with."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="check chains in parallel processes")

    def handle(self, *args, workers=1, **options):
        result = verify_and_record(workers=workers)
        if result.ok:
            self.stdout.write(result.describe())
            return
        self.stderr.write(result.describe())
        sys.exit(1)
