"""Operations: health endpoints, the metrics endpoint (not public) and JSON logs with the trace id."""

import io
import json
import logging
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter

from privacyregie.core.logging import TraceIdFilter
from privacyregie.incidents.tests.factories import BreachFactory

pytestmark = pytest.mark.django_db
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused at once


def test_live_answers_without_login_or_session(client):
    response = client.get("/health/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "sessionid" not in response.cookies and "no-cache" in response["Cache-Control"]


def test_ready_checks_database_and_processing_log(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "processing_log": "ok"}}


def test_ready_is_503_when_redis_is_unreachable(client):
    with override_settings(CELERY_BROKER_URL=UNREACHABLE_REDIS):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable",
                               "checks": {"database": "ok", "processing_log": "ok", "redis": "unavailable"}}


def test_probes_are_not_redirected_to_https_nor_to_the_login(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").status_code == 200
        assert client.get("/metrics").status_code == 403  # refused, not redirected
        assert client.get("/start/").status_code == 301  # every other page still goes to HTTPS


def test_metrics_are_refused_by_default_also_when_logged_in(client, login):
    from privacyregie.core.models import User

    assert client.get("/metrics").status_code == 403
    login(User.objects.get(username="fg"))
    assert client.get("/metrics").status_code == 403


@override_settings(METRICS_TOKEN="s3cret-token-for-the-scraper")
def test_metrics_need_the_right_bearer_token(client):
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="s3cret-token-for-the-scraper").status_code == 403
    client.get("/health/live")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-the-scraper")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'privacyregie_http_request_duration_seconds_count{method="GET",status="2xx",view="core:health_live"}' in text
    assert "privacyregie_processing_log_entries_total" in text
    assert 'privacyregie_processing_log_verifications_total{result="ok"}' in text
    assert 'privacyregie_deadlines_overdue{clock="breach_72h"}' in text
    assert 'privacyregie_deadlines_overdue{clock="subject_request"}' in text


def _overdue_breaches(client) -> float:
    text = client.get("/metrics").content.decode()
    line = next(row for row in text.splitlines() if row.startswith('privacyregie_deadlines_overdue{clock="breach_72h"}'))
    return float(line.split()[-1])


@override_settings(METRICS_ALLOWED_IPS=["10.0.0.0/8", "127.0.0.1"])
def test_metrics_from_an_allowed_address_count_overdue_breaches(client):
    before = _overdue_breaches(client)
    BreachFactory(discovered_at=timezone.now() - timedelta(hours=80))  # 72 hours passed, not notified
    BreachFactory(discovered_at=timezone.now() - timedelta(hours=10))  # clock still running
    assert _overdue_breaches(client) == before + 1
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 403


@override_settings(METRICS_TOKEN="t", CELERY_BROKER_URL=UNREACHABLE_REDIS)
def test_metrics_leave_out_an_unreachable_queue_and_keep_the_rest(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t")
    assert response.status_code == 200
    text = response.content.decode()
    assert "privacyregie_celery_queue_length" not in text and "privacyregie_processing_log_entries_total" in text


def test_json_log_lines_carry_the_request_trace_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TraceIdFilter())
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(trace_id)s"))
    logger = logging.getLogger("privacyregie.core.health")
    logger.addHandler(handler)
    try:
        with override_settings(CELERY_BROKER_URL=UNREACHABLE_REDIS):
            response = client.get("/health/ready")
    finally:
        logger.removeHandler(handler)
    trace_id = response["traceparent"].split("-")[1]
    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["trace_id"] == trace_id and line["levelname"] == "ERROR"
    assert line["message"] == "health: redis unavailable"


def test_logging_setting_switches_to_json(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import logging, django; django.setup(); "
            "logging.getLogger('privacyregie.x').warning('hallo')")
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "privacyregie.settings", "VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True)
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "hallo" and line["level"] == "WARNING" and line["logger"] == "privacyregie.x"
    assert line["trace_id"] == "" and "time" in line


def test_beat_schedule_uses_each_jobs_interval_unless_a_drill_caps_it(settings):
    from celery import Celery

    from privacyregie.core.jobs import register_with_celery

    def schedule():
        app = Celery("drill", set_as_current=False)
        app.conf.update(broker_url="memory://")
        register_with_celery(app)
        return {name: entry["schedule"] for name, entry in app.conf.beat_schedule.items()}

    settings.JOBS_MAX_INTERVAL_SECONDS = 0
    normal = schedule()
    assert normal["incidents_breach_deadlines"] == 600 and normal["purge_staged_files"] == 3600
    settings.JOBS_MAX_INTERVAL_SECONDS = 2
    assert set(schedule().values()) == {2}
