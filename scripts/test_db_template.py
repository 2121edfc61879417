"""Migrate a template test database once, so that every pass and worker of ``make test`` copies it.

Running all migrations from nothing takes about half a minute (Django renders the model states again for
every new model), and each pytest worker of each pass (SQLite, browser journeys, PostgreSQL) would do it
again. ``make test`` runs this script once per database, both at the same time, and passes the template to
pytest in an environment variable that the root ``conftest.py`` reads:

    PRIVACYREGIE_TEST_TEMPLATE_SQLITE    path of a migrated SQLite file, copied into each test database
    PRIVACYREGIE_TEST_TEMPLATE_POSTGRES  name of a migrated PostgreSQL database, each test database's TEMPLATE

Each test database then runs ``migrate`` as before: every migration is recorded, so nothing is applied, and
the post-migrate signals still run. A run without the variables (plain ``pytest``) migrates as before.

Usage: python scripts/test_db_template.py sqlite PATH | postgres NAME (with DATABASE_URL set)
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyregie.test_settings")


def main(kind: str, name: str) -> None:
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != kind.replace("postgres", "postgresql"):
        raise SystemExit(f"DATABASE_URL points to {connection.vendor}, not {kind}")
    if kind == "sqlite":
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()  # a PostgreSQL template must have no open connections when it is copied


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("sqlite", "postgres"):
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
