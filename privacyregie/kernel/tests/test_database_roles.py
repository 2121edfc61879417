"""Least privilege: the application's database role cannot rewrite the processing log (PostgreSQL)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel.models import ProcessingLogEntry

ROOT = Path(__file__).resolve().parents[3]
LOG = ProcessingLogEntry._meta.db_table
TRIGGER = "kernel_processing_log_append_only"


@pytest.mark.django_db
def test_refuses_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("checks the refusal on SQLite; on PostgreSQL the role tests below run instead")
    with pytest.raises(CommandError, match="alleen met PostgreSQL"):
        call_command("setup_database_roles")


def _url(user):
    db = connection.settings_dict
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def roles():
    """An owner and a runtime role for this test database; removed again afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test runs the suite on PostgreSQL as well)")
    name = connection.settings_dict["NAME"][:40]
    owner, runtime = f"{name}_owner", f"{name}_app"
    yield owner, runtime
    with connection.cursor() as cursor:
        for role in (owner, runtime):
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone():
                cursor.execute(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER')
                cursor.execute(f'DROP OWNED BY "{role}"')
                cursor.execute(f'DROP ROLE "{role}"')


WRITER = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.test_settings"
django.setup()
from django.db import connection, transaction
from privacyregie.core.models import Organisation
from privacyregie.kernel import chain
from privacyregie.kernel.tests.factories import log_entry
with connection.cursor() as cursor:
    cursor.execute("SELECT current_user")
    print("user", cursor.fetchone()[0])
org = Organisation.objects.get(pk=int(sys.argv[1]))
for i in range(5):
    with transaction.atomic():
        log_entry(org, key=f"subject{i}")
from django.utils import timezone
from privacyregie.kernel.models import ProcessingLogEntry
batch = [(ProcessingLogEntry(organisation=org, occurred_at=timezone.now(), action="view", target_type="dossiers.case",
                             purpose="casusbehandeling", legal_basis="wettelijke_taak", outcome="allowed",
                             subject_pseudonym=f"subject{i}"), f"subject{i}") for i in range(8)]
with transaction.atomic():
    chain.append_many(batch)  # the batch statement works with the runtime role's grants too
chain.seal()
print(chain.verify().describe())
"""

REFUSED = {
    "UPDATE": f"UPDATE {LOG} SET actor_username = 'iemand-anders'",
    "DELETE": f"DELETE FROM {LOG}",
    "TRUNCATE": f"TRUNCATE {LOG}",
    "DISABLE TRIGGER": f"ALTER TABLE {LOG} DISABLE TRIGGER {TRIGGER}",
    "DISABLE TRIGGER ALL": f"ALTER TABLE {LOG} DISABLE TRIGGER ALL",
    "DROP TRIGGER": f"DROP TRIGGER {TRIGGER} ON {LOG}",
    "replica mode": "SET session_replication_role = replica",
    "DROP TABLE": f"DROP TABLE {LOG} CASCADE",
    "UPDATE seals": "UPDATE kernel_chainseal SET seal_hash = 'x'",
    "DELETE seals": "DELETE FROM kernel_chainseal",
    "DELETE heads": "DELETE FROM kernel_chainhead",
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_runtime_role_may_only_insert_and_read_the_log(roles, tmp_path):
    owner, runtime = roles
    out = io.StringIO()
    call_command("setup_database_roles", owner=owner, runtime=runtime, stdout=out)
    assert f"create role {runtime}" in out.getvalue()
    again = io.StringIO()
    call_command("setup_database_roles", owner=owner, runtime=runtime, stdout=again)  # idempotent
    assert f"role {runtime} exists" in again.getvalue() and f"owns {LOG}" not in again.getvalue()

    # the application works as the runtime role: it appends, seals and verifies
    org = OrganisationFactory()
    env = {**os.environ, "DATABASE_URL": _url(runtime), "PYTHONPATH": str(ROOT),
           "PROCESSING_LOG_WITNESS_FILE": str(tmp_path / "seals.jsonl")}
    done = subprocess.run([sys.executable, "-c", WRITER, str(org.pk)], env=env, cwd=ROOT, capture_output=True,
                          timeout=240, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert f"user {runtime}" in done.stdout.decode() and "\nOK: " in done.stdout.decode()

    with psycopg.connect(_url(runtime), autocommit=True) as runtime_connection:
        allowed = []
        for what, statement in REFUSED.items():
            try:
                runtime_connection.execute(statement)
            except psycopg.errors.InsufficientPrivilege:  # refused for lack of privilege, not by the trigger
                continue
            allowed.append(what)
        assert allowed == []
        count = runtime_connection.execute(f"SELECT count(*) FROM {LOG}").fetchone()[0]  # noqa: S608
    assert count == ProcessingLogEntry.objects.count() >= 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dry_run_changes_nothing(roles):
    owner, runtime = roles
    out = io.StringIO()
    call_command("setup_database_roles", owner=owner, runtime=runtime, dry_run=True, stdout=out)
    assert f"would create role {owner}" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s)", [owner, runtime])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_migrate_leaves_grants_alone_on_sqlite(settings):
    if connection.vendor != "sqlite":
        pytest.skip("checks the no-op on SQLite; on PostgreSQL the test below runs instead")
    from django.test.utils import CaptureQueriesContext

    from privacyregie.kernel import dbroles

    settings.DATABASE_OWNER_ROLE, settings.DATABASE_RUNTIME_ROLE = "privacyregie_owner", "privacyregie_app"
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("migrate", verbosity=1, stdout=out)
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("GRANT", "REVOKE", "ALTER"))]
    assert "Database roles" not in out.getvalue()
    assert dbroles.after_migrate(using="default") is None


def _privileges(role, table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_table_privilege(%s, %s, 'UPDATE'), has_table_privilege(%s, %s, 'DELETE'), "
                       "has_table_privilege(%s, %s, 'INSERT')", [role, table] * 3)
        return dict(zip(("UPDATE", "DELETE", "INSERT"), cursor.fetchone(), strict=True))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_migrate_reapplies_the_runtime_roles_grants(roles, settings):
    owner, runtime = roles
    call_command("setup_database_roles", owner=owner, runtime=runtime, stdout=io.StringIO())
    with connection.cursor() as cursor:  # what a migration that rebuilds the log's table leaves behind
        cursor.execute(f'GRANT UPDATE, DELETE ON {LOG} TO "{runtime}"')
    assert _privileges(runtime, LOG)["UPDATE"]
    settings.DATABASE_OWNER_ROLE, settings.DATABASE_RUNTIME_ROLE = owner, runtime
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert f"grants of {runtime} re-applied" in out.getvalue()
    assert _privileges(runtime, LOG) == {"UPDATE": False, "DELETE": False, "INSERT": True}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_migrate_says_so_when_the_roles_do_not_exist_yet(roles, settings):
    owner, runtime = roles
    settings.DATABASE_OWNER_ROLE, settings.DATABASE_RUNTIME_ROLE = owner, runtime
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert "run manage.py setup_database_roles" in out.getvalue()
