"""Create the processing log's monthly partitions ahead (PostgreSQL) and seal the closed months."""

from django.core.management.base import BaseCommand, CommandError

from privacyregie.kernel import partitions
from privacyregie.kernel.chain import seal_closed_partitions


class Command(BaseCommand):
    help = ("Create the partitions of the processing log for the current month and the N months after it "
            "(idempotent; PostgreSQL only, nothing to do on SQLite), and seal every closed month not sealed yet.")

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=3, help="months ahead of the current one (default 3)")
        parser.add_argument("--no-seal", action="store_true", help="do not seal closed months")

    def handle(self, *args, months=3, no_seal=False, **options):
        if months < 0:
            raise CommandError("--months must be 0 or more")
        if not partitions.is_partitioned():
            self.stdout.write("The processing log is not partitioned here (SQLite, or not migrated): nothing to create.")
        else:
            created = partitions.create_partitions(months)
            self.stdout.write(f"Created: {', '.join(created)}" if created else "All partitions exist already.")
            rows = partitions.default_partition_rows()
            if rows > 0:
                self.stderr.write(f"Warning: {rows} entries in {partitions.DEFAULT_PARTITION} (outside every month).")
        if not no_seal:
            for row in seal_closed_partitions():
                self.stdout.write(f"Sealed {row.month:%Y-%m}: {row.entries} entries.")
