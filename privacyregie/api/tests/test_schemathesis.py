"""Bounded schemathesis run against the live OpenAPI schema (part of ``make test``).

Every operation of ``/api/v1/schema/`` gets generated requests (valid and invalid ones),
sent through the Django WSGI application onto the test database, as a registered
application with every scope, once without an end user and once acting for each of a few
demo accounts. The run fails on any 5xx and on any response that does not match the
schema (body, status code, content type). It is deterministic (``derandomize``) so a
red run can be repeated; set ``API_FUZZ_EXAMPLES`` / ``API_FUZZ_RANDOM=1`` for a longer
or a fresh exploration.
"""

from __future__ import annotations

import logging
import math
import os
import time
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from privacyregie.core.models import Application, Organisation
from privacyregie.core.roles import PERMISSIONS

MIN_CASES = 1000
# Cases per operation: enough for MIN_CASES over all operations (about 20 each for ~50 operations).
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "0"))
# Half the cases come without an end user, half act for one of these accounts (different code paths).
END_USERS = ["consulent.jeugd", "teamleider.jeugd", "fg", "ciso", "directie", "zonder.rol"]
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


@pytest.fixture
def fuzz_application(db):
    """An application of the BEL organisation with every scope that may also act for end users."""
    app = Application(organisation=Organisation.objects.get(slug="bel"), name="schemathesis",
                      scopes=sorted(PERMISSIONS), may_act_for_users=True)
    token = app.issue_secret()
    app.save()
    return token


@contextmanager
def in_process_requests():
    """Requests through the WSGI app, inside the test's transaction.

    Like Django's test client, they must not close the test transaction's connection (enter
    this after any use of the test client, which reconnects the handler when done). Thousands
    of 4xx answers are expected: only server errors are logged.
    """
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        logger.setLevel(level)


def _operations(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    raw = response.json()
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return [result.ok() for result in schema.get_all_operations()]


def _run(operation, headers_for, kinds, examples):
    """Run the generated cases of one operation; returns the number of cases sent."""
    sent = []
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=examples, deadline=None, database=None,
              derandomize=os.environ.get("API_FUZZ_RANDOM") != "1", suppress_health_check=list(HealthCheck),
              print_blob=True)
    @given(case=strategy, end_user=st.one_of(st.just(""), st.sampled_from(kinds)))
    def run(case, end_user):
        headers = headers_for(end_user)
        with transaction.atomic():  # a savepoint: one failing request cannot poison the next (PostgreSQL)
            case.call_and_validate(headers=headers, checks=CHECKS)
        sent.append(end_user)

    run()
    return sent


@pytest.mark.django_db(transaction=False)
def test_generated_requests_never_give_a_server_error_or_break_the_schema(client, fuzz_application):
    def headers_for(end_user):
        headers = {"Authorization": f"Bearer {fuzz_application}"}
        if end_user:
            headers["X-Eindgebruiker"] = end_user
        return headers

    started = time.monotonic()
    operations = _operations(client)
    examples = EXAMPLES or math.ceil(MIN_CASES * 1.05 / len(operations))
    sent, failures = [], []
    with in_process_requests():
        for operation in operations:
            try:
                sent += _run(operation, headers_for, END_USERS, examples)
            except (AssertionError, BaseExceptionGroup) as exc:  # report every failing operation
                failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    without_user = sum(1 for u in sent if not u)
    assert len(sent) >= MIN_CASES, f"only {len(sent)} generated cases over {len(operations)} operations"
    assert without_user and len(sent) - without_user, "both kinds of caller must be exercised"
    print(f"schemathesis: {len(sent)} cases over {len(operations)} operations in {time.monotonic() - started:.0f}s")
