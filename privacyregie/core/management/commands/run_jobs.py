"""Run scheduled jobs in-process (the embedded default; production uses Celery beat)."""

import time

from django.core.management.base import BaseCommand

from privacyregie.core.jobs import discover, run_due, run_job


class Command(BaseCommand):
    help = "Run due scheduled jobs once, one job by name, or keep running with --loop."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--job")
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, loop=False, job=None, interval=60, **options):
        if job:
            if job not in discover():
                self.stderr.write(f"unknown job {job}; known: {', '.join(sorted(discover()))}")
                raise SystemExit(2)
            result = run_job(job)
            self.stdout.write(f"{job}: {result}")
            return
        last_run: dict = {}
        while True:
            ran = run_due(last_run)
            if ran:
                self.stdout.write(f"ran: {', '.join(ran)}")
            if not loop:
                return
            time.sleep(interval)
