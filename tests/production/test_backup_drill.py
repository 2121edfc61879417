"""The backup and restore drill (``scripts/backup-drill``, docs/production.md) on PostgreSQL: dump, restore
into a new database, verify the processing log against the seals witnessed outside the database, and log
in (password and TOTP) to the restored copy."""

import json
import subprocess

import psycopg
import pytest

from .stack import ROOT, drop_database, keys_of_this_test_run, production_env, python, require_postgres, scratch_database

pytestmark = pytest.mark.postgres

SETUP = """
import json, django
django.setup()
from django_otp.plugins.otp_totp.models import TOTPDevice
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.kernel import chain
from privacyregie.kernel.tests.factories import log_entry
org = OrganisationFactory()
user = UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])
for number in range(30):
    log_entry(org, key=f"drill-subject{number % 5}", username=user.username)
chain.seal()  # signed, and witnessed in VAR_DIR/witness (outside the database)
print(json.dumps({"username": user.username, "key": TOTPDevice.objects.get(user=user, name="default").key}))
"""

LOGIN = """
import sys, django
django.setup()
from django.test import Client
from privacyregie.core.totp import totp_code
client = Client()
page = client.post("/account/inloggen/", {"login_view-current_step": "auth", "auth-username": sys.argv[1],
                                         "auth-password": "Correct-paard-batterij-9"})
assert page.status_code == 200 and b"token-otp_token" in page.content, page.status_code
done = client.post("/account/inloggen/", {"login_view-current_step": "token", "token-otp_token": totp_code(sys.argv[2])})
assert done.status_code == 302, done.status_code
home = client.get(done["Location"])
print("logged in", home.status_code)
"""


def _tamper(url):
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE kernel_processinglogentry DISABLE TRIGGER USER")
        conn.execute("UPDATE kernel_processinglogentry SET actor_username = 'iemand-anders' "
                     "WHERE id = (SELECT max(id) FROM kernel_processinglogentry)")


@pytest.mark.django_db  # the test database is set up; its committed state is copied into a scratch database
def test_backup_restore_verify_and_log_in(tmp_path):
    require_postgres()
    with scratch_database("prodbackup") as database:
        (tmp_path / "var").mkdir()
        env = production_env(tmp_path / "var", database, BACKUP_DIR=tmp_path / "backups", **keys_of_this_test_run(),
                             ALLOWED_HOSTS="testserver")
        account = json.loads(python(env, SETUP).strip().splitlines()[-1])
        restored = f"{database}_drill"
        try:
            done = subprocess.run(["bash", "scripts/backup-drill", "--keep"], env={**env, "RESTORE_DATABASE": restored},
                                  cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, done.stdout + done.stderr
            assert f"Hersteloefening geslaagd: database {restored}" in done.stdout
            assert "OK: " in done.stdout and "latest witnessed seal" in done.stdout
            assert len(list((tmp_path / "backups").glob("privacyregie-*.dump"))) == 1

            restored_env = {**env, "DATABASE_URL": env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{restored}"}
            assert "logged in 200" in python(restored_env, LOGIN, account["username"], account["key"])
        finally:
            drop_database(restored)

        # the drill fails when the restored log does not match the witnessed seals (here: an edited source)
        _tamper(env["DATABASE_URL"].replace("postgres://", "postgresql://", 1))
        failed = subprocess.run(["bash", "scripts/backup-drill"], env={**env, "RESTORE_DATABASE": restored}, cwd=ROOT,
                                capture_output=True, text=True, timeout=300, check=False)
        assert failed.returncode != 0 and "BROKEN" in failed.stderr, failed.stdout + failed.stderr
        assert "Hersteloefening geslaagd" not in failed.stdout
        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [restored]).fetchone() is None
