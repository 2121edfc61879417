"""Shared pytest fixtures.

The test database gets the demo data once per session (organisations, one account per
role, and each capability's demo records), so access tests can walk every URL as every
role. Tests that need exact numbers create their own organisation with factories.
"""

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

# Property tests check rules, not speed: on a loaded CI machine one example may take longer than
# hypothesis' default 200 ms deadline. Speed is measured in bench/, never asserted in tests.
hypothesis_settings.register_profile("privacyregie", deadline=None)
hypothesis_settings.load_profile("privacyregie")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """Browser journeys run on a file-based SQLite database (WAL, busy timeout), not the in-memory one.

    An in-memory test database is shared between threads through SQLite's shared cache, whose table
    locks fail at once with "database table is locked" instead of waiting: the live server, the test
    thread and a background task thread then collide now and then. A file gives every thread its own
    connection and lets the busy timeout of the settings do its work.
    """
    from pathlib import Path

    from django.conf import settings

    db = settings.DATABASES["default"]
    wants_file = any(item.get_closest_marker("e2e") for item in request.session.items)
    if wants_file and db["ENGINE"].endswith("sqlite3") and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(Path(settings.VAR_DIR) / "e2e-test.sqlite3")
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")
    _start_from_migrated_template(db)


_KEEP_IN_MEMORY = []


def _start_from_migrated_template(db):
    """When ``make test`` migrated a template database first (scripts/test_db_template.py), each test database
    starts as a copy of it; its ``migrate`` then finds every migration recorded and applies nothing."""
    import contextlib
    import os
    import sqlite3

    from django.db import connection

    if db["ENGINE"].endswith("postgresql") and os.environ.get("PRIVACYREGIE_TEST_TEMPLATE_POSTGRES"):
        db.setdefault("TEST", {})["TEMPLATE"] = os.environ["PRIVACYREGIE_TEST_TEMPLATE_POSTGRES"]
    template = os.environ.get("PRIVACYREGIE_TEST_TEMPLATE_SQLITE")
    if not (db["ENGINE"].endswith("sqlite3") and template):
        return
    creation = connection.creation
    create_empty = creation._create_test_db

    def create_from_template(verbosity, autoclobber, keepdb=False):
        name = create_empty(verbosity, autoclobber, keepdb)
        if not keepdb:
            target = sqlite3.connect(name, uri=True)
            with contextlib.closing(sqlite3.connect(f"file:{template}?mode=ro", uri=True)) as source:
                source.backup(target)
            if creation.is_in_memory_db(name):
                _KEEP_IN_MEMORY.append(target)  # an in-memory database lives as long as a connection to it
            else:
                target.close()
        return name

    creation._create_test_db = create_from_template


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", "--i-know-this-is-not-production", verbosity=0)


@pytest.fixture(autouse=True)
def _own_witness_file():
    """Every test gets its own (temporary) witness file for processing-log seals: the database is
    rolled back after each test, a file outside it is not, so a shared file would hold seals of
    entries that no longer exist."""
    import uuid
    from pathlib import Path

    from django.conf import settings
    from django.test import override_settings

    path = Path(settings.VAR_DIR) / "witness" / f"test-{uuid.uuid4().hex}.jsonl"
    with override_settings(PROCESSING_LOG_WITNESSES=["file"], PROCESSING_LOG_WITNESS_FILE=path):
        yield path
    path.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Every test starts in Dutch: a request in English must not leak its language into the next test."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture
def login(client):
    """Log a user in with both factors verified: ``login(user_or_username)``."""
    from privacyregie.core.tests.utils import login_verified

    def _login(user, c=None):
        return login_verified(c or client, user)

    return _login


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the database is rolled back after each test, so ids are
    reused, and a cached count or "already alerted" mark of an earlier test must not carry over."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- an organisation of its own and its people, for the apps' tests -----------------------------------
# Shared by the apps' tests (compliance, incidents, people, protocol, rights); an app whose tests need a
# different one (policies: an organisation with a municipality) defines its own in its conftest.py, which
# pytest then uses instead.

@pytest.fixture
def org(db):
    """A fresh organisation without demo data, so that counts in a test are its own."""
    from privacyregie.core.tests.factories import OrganisationFactory

    return OrganisationFactory()


@pytest.fixture
def officer(org):
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory

    return UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def manager(org):
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory

    return UserFactory(organisation=org, roles=[Role.MANAGEMENT])


@pytest.fixture
def norms(db):
    """The shipped Rekenkamer framework for privacy in the social domain (importing it again changes nothing)."""
    from privacyregie.compliance import frameworks
    from privacyregie.compliance.demo import RK_URN
    from privacyregie.compliance.models import Framework

    frameworks.import_shipped()
    return Framework.objects.get(organisation=None, urn=RK_URN)


@pytest.fixture
def assessment(org, norms):
    from privacyregie.compliance.assessments import create_assessment

    return create_assessment(org, norms, "Stoplicht test", "2026")
