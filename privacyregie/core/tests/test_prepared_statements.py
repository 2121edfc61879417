"""Prepared statements on PostgreSQL (ADR 0132): a page's fixed queries are planned once per connection.

The settings bind parameters on the server and let psycopg prepare a statement once it has run
``DB_PREPARE_THRESHOLD`` times on a connection; ``DB_PREPARED_STATEMENTS=0`` turns both off (a pooler
that cannot keep prepared statements).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from privacyregie.core.models import Organisation

ROOT = Path(__file__).resolve().parents[3]


def _database_options(**env) -> dict:
    """The ``DATABASES`` of a fresh settings import with these environment variables."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DB_")}
    environment.update(env)
    code = ("import json, privacyregie.settings as s; "
            "print(json.dumps({k: v.get('OPTIONS', {}) for k, v in s.DATABASES.items()}, default=str))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_postgresql_binds_on_the_server_and_prepares_after_the_threshold():
    options = _database_options(DATABASE_URL="postgres://u@db.example:5432/privacyregie",
                                DATABASE_REPLICA_URL="postgres://u@replica.example:5432/privacyregie")
    for alias in ("default", "replica"):
        assert options[alias]["server_side_binding"] is True
        assert options[alias]["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_and_the_threshold_set():
    off = _database_options(DATABASE_URL="postgres://u@db.example:5432/privacyregie", DB_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in off["default"] and "prepare_threshold" not in off["default"]
    two = _database_options(DATABASE_URL="postgres://u@db.example:5432/privacyregie", DB_PREPARE_THRESHOLD="2")
    assert two["default"]["prepare_threshold"] == 2


def test_sqlite_has_no_postgresql_options():
    options = _database_options(DATABASE_URL="sqlite:////tmp/privacyregie-options.sqlite3")
    assert "server_side_binding" not in options["default"]


@pytest.mark.django_db
def test_a_repeated_query_is_prepared_once_on_the_connection_and_answers_the_same():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server-side prepared statements; make test runs this in its PostgreSQL suite")
    organisation = Organisation.objects.create(name="Gemeente Voorbereid", slug="voorbereid")
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    answers = [Organisation.objects.filter(slug=slug).values_list("name", flat=True).first()
               for slug in ["voorbereid", "bestaat-niet"] * (threshold + 1)]
    # the same statement with other values: the prepared plan answers for each value, not the first one's
    assert answers == ["Gemeente Voorbereid", None] * (threshold + 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                       ['%"core_organisation"."slug" = $1%'])
        prepared = cursor.fetchall()
    assert len(prepared) == 1, prepared
    assert organisation.pk
