"""The session is not written on every request, and the idle timeout still holds (core.middleware)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_a_page_view_that_changes_nothing_does_not_write_the_session(client, login):
    login(UserFactory(roles=[Role.CASE_WORKER]))
    assert client.get(reverse("web:home")).status_code == 200  # first view: records the activity
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:home")).status_code == 200
    assert _session_writes(ctx.captured_queries) == []


def test_activity_moves_the_expiry_forward_at_most_once_per_interval(client, login, settings):
    login(UserFactory(roles=[Role.CASE_WORKER]))
    client.get(reverse("web:home"))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    first = Session.objects.get(session_key=key).expire_date
    later = timezone.now() + timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
    with mock.patch("privacyregie.core.middleware.timezone.now", return_value=later), \
            mock.patch("django.contrib.sessions.backends.base.timezone.now", return_value=later), \
            CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:home")).status_code == 200
    assert len(_session_writes(ctx.captured_queries)) == 1
    assert Session.objects.get(session_key=key).expire_date > first


def test_idle_session_still_expires(client, login, settings):
    login(UserFactory(roles=[Role.CASE_WORKER]))
    client.get(reverse("web:home"))
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)
    with mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=later):
        response = client.get(reverse("web:home"))
    assert response.status_code == 302


def test_a_changed_session_is_still_saved(client, login):
    """A view that puts something in the session (a one-time form token) is saved as before."""
    login(UserFactory(roles=[Role.CASE_WORKER]))
    client.get(reverse("web:home"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("incidents:report")).status_code == 200
    assert len(_session_writes(ctx.captured_queries)) == 1
