"""Everything ``scripts/production`` does before starting the processes, in one Python process.

Compile the translations, run the deployment checks (errors stop it), migrate (as the tables' owner through
the ``migrate`` alias when ``DATABASE_MIGRATE_URL`` is set) and convert files stored before envelope
encryption. Each step is the ordinary management command; running them in one process starts Django once.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translations, check --deploy, migrate and migrate_file_encryption (before starting production)."

    def add_arguments(self, parser):
        parser.add_argument("--check-only", action="store_true", help="only the deployment checks")

    def handle(self, *args, check_only=False, **options):
        if not check_only:
            call_command("compile_translations", stdout=self.stdout)
        call_command("check", deploy=True, fail_level="ERROR", stdout=self.stdout, stderr=self.stderr)
        if check_only:
            return
        database = "migrate" if "migrate" in settings.DATABASES else "default"
        call_command("migrate", database=database, interactive=False, verbosity=1, stdout=self.stdout)
        call_command("migrate_file_encryption", stdout=self.stdout)
