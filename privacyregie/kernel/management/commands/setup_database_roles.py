"""Create the owner and runtime roles on PostgreSQL and grant least privilege (idempotent)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from privacyregie.kernel import dbroles


class Command(BaseCommand):
    help = ("PostgreSQL: create the owner role (runs migrations, owns the tables) and the runtime role (the "
            "application: only INSERT and SELECT on the processing log), and set their grants. Idempotent; run it "
            "as a database administrator, and again after migrations. See docs/security.md.")

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="privacyregie_owner", help="role that owns the tables and migrates")
        parser.add_argument("--runtime", default="privacyregie_app", help="role the application connects with")
        parser.add_argument("--database", default="default",
                            help="connection alias of an administrator who may create roles (default: default)")
        parser.add_argument("--owner-password-env", default="",
                            help="environment variable holding the owner role's password (unchanged when omitted)")
        parser.add_argument("--runtime-password-env", default="",
                            help="environment variable holding the runtime role's password (unchanged when omitted)")
        parser.add_argument("--dry-run", action="store_true", help="print what would be done, change nothing")

    def handle(self, *args, owner, runtime, database, owner_password_env, runtime_password_env, dry_run, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("setup_database_roles werkt alleen met PostgreSQL; SQLite kent geen databaserollen.")
        if owner == runtime:
            raise CommandError("De eigenaarsrol en de applicatierol moeten verschillen.")
        passwords = {}
        for role, variable in ((owner, owner_password_env), (runtime, runtime_password_env)):
            if variable:
                if not os.environ.get(variable):
                    raise CommandError(f"De omgevingsvariabele {variable} is leeg of ontbreekt.")
                passwords[role] = os.environ[variable]
        with transaction.atomic(using=database), connection.cursor() as cursor:
            steps = dbroles.plan(cursor, owner, runtime, passwords)
            for step in steps:
                prefix = "would" if dry_run and step.statement is not None else "-"
                self.stdout.write(f"{prefix} {step.description}")
                if step.statement is not None and options["verbosity"] > 1:
                    self.stdout.write(f"    {step.statement.as_string(cursor.connection)}")
            if not dry_run:
                dbroles.apply(cursor, steps)
        self.stdout.write("dry run: nothing changed" if dry_run else
                          f"done: migrate as {owner} (DATABASE_MIGRATE_URL), run the application as {runtime} (DATABASE_URL)")
