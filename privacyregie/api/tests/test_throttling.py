"""General API rate limits (api/throttling.py): per application, per end user, per anonymous address.

The test settings raise every rate so that the suite and the schemathesis run are never
throttled; these tests lower them to prove that the limits work and how a refusal looks.
"""

import os
import threading
import uuid

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from privacyregie.api import throttling
from privacyregie.core.models import Application, Organisation
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.incidents.models import Incident

pytestmark = pytest.mark.django_db
HIGH = "1000/m"


def _rates(application=HIGH, end_user=HIGH, anonymous=HIGH):
    return override_settings(API_THROTTLE_RATES={"applicatie": application, "eindgebruiker": end_user,
                                                 "anoniem": anonymous})


REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/14")


def _redis_cache():
    """A Redis cache of its own (a fresh key prefix, nothing flushed), or a skip when no Redis answers."""
    redis_cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-throttle-{uuid.uuid4().hex}"})
    try:
        redis_cache._cache.get_client().ping()
    except redis.exceptions.ConnectionError:
        # as tests/production: production throttles on Redis, the development machine and CI run one
        pytest.skip(f"needs a Redis server at {REDIS_URL} (set REDIS_TEST_URL)")
    return redis_cache


@pytest.fixture(autouse=True, params=["local memory", "redis"])
def _fresh_counters(request, monkeypatch):
    """Every test with the default cache (DRF's list of times) and with Redis (the Lua script)."""
    cache.clear()
    if request.param == "redis":
        monkeypatch.setattr(throttling._SettingsRateThrottle, "cache", _redis_cache())
    yield
    cache.clear()


def _application(name, scopes=("core.use_app",), may_act=False):
    app = Application(organisation=Organisation.objects.get(slug="bel"), name=name, scopes=list(scopes),
                      may_act_for_users=may_act)
    token = app.issue_secret()
    app.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_an_application_over_its_rate_gets_429_problem_json_with_retry_after(client):
    auth = _application("druk")
    with _rates(application="3/m"):
        statuses = [client.get("/api/v1/teams", **auth).status_code for _ in range(3)]
        refused = client.get("/api/v1/teams", **auth)
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/problem+json")
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert (body["status"], body["code"], body["instance"]) == (429, "throttled", "/api/v1/teams")
    assert body["detail"].startswith("Te veel verzoeken. Probeer het over ")


def test_each_application_has_its_own_count(client):
    busy, quiet = _application("druk"), _application("rustig")
    with _rates(application="2/m"):
        for _ in range(2):
            client.get("/api/v1/teams", **busy)
        assert client.get("/api/v1/teams", **busy).status_code == 429
        assert client.get("/api/v1/teams", **quiet).status_code == 200


def test_an_end_user_is_counted_across_applications(client):
    first = _application("eerste", may_act=True)
    second = _application("tweede", may_act=True)
    with _rates(end_user="2/m"):
        assert client.get("/api/v1/ik", **first, HTTP_X_EINDGEBRUIKER="consulent.jeugd").status_code == 200
        assert client.get("/api/v1/ik", **second, HTTP_X_EINDGEBRUIKER="consulent.jeugd").status_code == 200
        assert client.get("/api/v1/ik", **first, HTTP_X_EINDGEBRUIKER="consulent.jeugd").status_code == 429
        assert client.get("/api/v1/ik", **first, HTTP_X_EINDGEBRUIKER="fg").status_code == 200  # another person


def test_an_end_user_in_a_browser_session_is_counted(client, login):
    user = UserFactory(organisation=Organisation.objects.get(slug="bel"), roles=[Role.CASE_WORKER])
    login(user)
    with _rates(end_user="1/m"):
        assert client.get("/api/v1/ik").status_code == 200
        assert client.get("/api/v1/ik").status_code == 429


def test_a_throttled_call_changes_nothing(client, login):
    user = UserFactory(organisation=Organisation.objects.get(slug="bel"), roles=[Role.CASE_WORKER])
    login(user)
    report = {"type": "datalek", "title": "Te vaak gemeld", "description": "Test",
              "discovered_at": timezone.now().isoformat(), "visibility": "naam"}
    with _rates(end_user="1/m"):
        assert client.get("/api/v1/ik").status_code == 200
        response = client.post(reverse("api:incident-report"), report, content_type="application/json")
    assert response.status_code == 429
    assert not Incident.objects.filter(title="Te vaak gemeld").exists()


def test_the_public_documentation_is_limited_per_address(client):
    with _rates(anonymous="2/m"):
        assert client.get("/api/v1/docs/", REMOTE_ADDR="192.0.2.1").status_code == 200
        assert client.get("/api/v1/docs/", REMOTE_ADDR="192.0.2.1").status_code == 200
        refused = client.get("/api/v1/docs/", REMOTE_ADDR="192.0.2.1")
        assert refused.status_code == 429 and refused["Retry-After"]
        assert client.get("/api/v1/docs/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_forwarded_for_header_does_not_give_a_fresh_count(client):
    """Without a trusted proxy (API_NUM_PROXIES=0) the connection's address counts, not X-Forwarded-For."""
    with _rates(anonymous="1/m"):
        client.get("/api/v1/docs/", REMOTE_ADDR="192.0.2.3", HTTP_X_FORWARDED_FOR="198.51.100.1")
        refused = client.get("/api/v1/docs/", REMOTE_ADDR="192.0.2.3", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert refused.status_code == 429


def test_the_test_settings_do_not_throttle_the_suite(settings):
    assert all(int(rate.split("/")[0]) >= 100_000 for rate in settings.API_THROTTLE_RATES.values())


def test_the_refusal_in_english(client):
    auth = _application("druk")
    with _rates(application="1/m"):
        client.get("/api/v1/teams", **auth)
        refused = client.get("/api/v1/teams", **auth, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.json()["detail"].startswith("Too many requests. Try again in ")


def test_concurrent_calls_never_take_more_places_than_the_rate():
    """On Redis the check and the count are one atomic step: 20 calls at once for 5 places, 5 accepted."""
    redis_cache = _redis_cache()

    class Caller:
        user = type("User", (), {"is_authenticated": True, "pk": 42})()
        auth = None

    accepted, start = [], threading.Barrier(20)

    def call():
        throttle = throttling.EndUserRateThrottle()
        throttle.cache = redis_cache
        start.wait()
        accepted.append(throttle.allow_request(Caller(), None))

    with _rates(end_user="5/m"):
        threads = [threading.Thread(target=call) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert accepted.count(True) == 5


def test_on_redis_a_refused_call_waits_for_the_oldest_call_to_leave_the_window():
    redis_cache = _redis_cache()
    caller = type("Caller", (), {"user": type("User", (), {"is_authenticated": True, "pk": 7})(), "auth": None})()
    times = iter([1000.0, 1010.0, 1020.0, 1061.0])
    with _rates(end_user="2/m"):
        def throttle():
            t = throttling.EndUserRateThrottle()
            t.cache, t.timer = redis_cache, lambda: next(times)
            return t
        assert throttle().allow_request(caller, None)  # 1000
        assert throttle().allow_request(caller, None)  # 1010
        refused = throttle()
        assert not refused.allow_request(caller, None)  # 1020: two calls in the last minute
        assert refused.wait() == 40  # the call of 1000 leaves the window at 1060
        assert throttle().allow_request(caller, None)  # 1061: only the call of 1010 is left
