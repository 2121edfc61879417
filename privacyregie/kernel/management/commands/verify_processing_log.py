"""Verify the hash chains of the processing log: exit 0 when intact, 1 with the first broken entry."""

import sys

from django.core.management.base import BaseCommand, CommandError

from privacyregie.kernel.services import verify_and_record


class Command(BaseCommand):
    help = ("Verify the processing log against its links, heads, signed seals and the seals witnessed outside the "
            "database; exits non-zero and names the chain and sequence number where it was tampered with.")

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="check chains in parallel processes")
        parser.add_argument("--witness", default="",
                            help="JSON-lines file of witnessed seals (e.g. an export from syslog/SIEM); "
                                 "default: the configured file witness")
        parser.add_argument("--partition", default="", metavar="YYYY-MM",
                            help="verify one month only: its entries, its links into the months before it (from "
                                 "their partition seals) and its own partition seal")

    def handle(self, *args, workers=1, witness="", partition="", **options):
        month = None
        if partition:
            from privacyregie.kernel.partitions import parse_month

            try:
                month = parse_month(partition)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        result = verify_and_record(workers=workers, witness_path=witness or None, partition=month)
        if result.ok:
            self.stdout.write(result.describe())
            return
        self.stderr.write(result.describe())
        sys.exit(1)
