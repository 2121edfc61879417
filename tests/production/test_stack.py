"""The production stack started as one (``scripts/production``: honcho runs gunicorn, a Celery worker and
Celery beat from the Procfile) against PostgreSQL and Redis, and one journey through it: a data breach is
reported through the API by a municipal application acting for a case worker; once it is 49 hours old its
24-hour reminder is sent by the Celery worker (beat schedules the job), not by the web process."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from .stack import (
    ROOT,
    Started,
    free_port,
    http,
    production_env,
    python,
    redis_database,
    require_postgres,
    scratch_database,
    wait_until,
)

pytestmark = pytest.mark.postgres

SETUP = """
import json, django
django.setup()
from privacyregie.core.models import Application
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
org = OrganisationFactory()
reporter = UserFactory(organisation=org, roles=[Role.CASE_WORKER])
officer = UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])
application = Application(organisation=org, name="Zaaksysteem", scopes=["incidents.report"], may_act_for_users=True)
token = application.issue_secret()
application.save()
print(json.dumps({"token": token, "reporter": reporter.username, "officer": officer.pk}))
"""


def _query(env, statement, *params):
    import psycopg

    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        return conn.execute(statement, params).fetchall()


@pytest.mark.django_db  # the test database is set up; its committed state is copied into a scratch database
def test_production_stack_sends_the_breach_reminder_from_the_worker(tmp_path):
    require_postgres()
    with redis_database() as redis_url, scratch_database("prodstack") as database:
        port = free_port()
        env = production_env(tmp_path / "var", database, CELERY_BROKER_URL=redis_url, CACHE_URL=redis_url,
                             PORT=port, HOST="127.0.0.1", WEB_CONCURRENCY=2, CELERY_CONCURRENCY=1,
                             METRICS_TOKEN="scrape-token", JOBS_MAX_INTERVAL_SECONDS=2)
        (tmp_path / "var").mkdir()
        account = json.loads(python(env, SETUP).strip().splitlines()[-1])

        stack = Started(["bash", "scripts/production"], env, tmp_path / "stack.log")
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda: http("GET", f"{base}/health/ready")[0] == 200, 90, "/health/ready", stack)
            status, _headers, body = http("GET", f"{base}/health/ready")
            assert json.loads(body)["checks"] == {"database": "ok", "processing_log": "ok", "redis": "ok"}

            # the breach, reported by the application for the case worker (API, application token)
            status, _headers, body = http("POST", f"{base}/api/v1/incidenten/melden", json_body={
                "type": "datalek", "title": "Brief naar verkeerd adres", "description": "Verkeerd adres gebruikt.",
                "discovered_at": "2026-01-01T10:00:00+01:00"},
                headers={"Authorization": f"Bearer {account['token']}", "X-Eindgebruiker": account["reporter"]})
            assert status == 201, body
            receipt = json.loads(body)["receipt_number"]
            # 49 hours ago: 23 hours left, so the 24-hour reminder is due
            (incident_pk,), = _query(env, "UPDATE incidents_incident SET is_breach = true, status = 'in_behandeling', "
                                          "awareness_at = now() - interval '49 hours', "
                                          "discovered_at = now() - interval '49 hours' "
                                          "WHERE receipt_number = %s RETURNING id", receipt)
            key = f"incident:{incident_pk}:reminder:24"
            sent = wait_until(lambda: _query(env, "SELECT recipient_id, email_sent_at FROM core_notification "
                                                  "WHERE dedup_key = %s AND email_sent_at IS NOT NULL", key),
                              45, "the 24-hour reminder", stack)
            assert [row[0] for row in sent] == [account["officer"]]
            mails = [path.read_text() for path in (tmp_path / "var" / "mail").glob("*")]
            assert any(receipt in mail and "Nog " in mail for mail in mails), mails

            output = stack.output()
            assert any(line.split("|")[0].strip().endswith("worker.1") and "incidents_breach_deadlines" in line
                       and "succeeded" in line for line in output.splitlines()), output[-4000:]

            # metrics: the queue of the worker and the log entries written by the report, behind the token
            assert http("GET", f"{base}/metrics")[0] == 403
            status, _headers, body = http("GET", f"{base}/metrics", headers={"Authorization": "Bearer scrape-token"})
            text = body.decode()
            assert status == 200 and 'privacyregie_celery_queue_length{queue="celery"}' in text
            assert 'view="api:incident-report"' in text  # the POST, counted by a gunicorn worker (multiprocess)
            # JSON log lines of the web process carry the request's trace id (here: the refused scrape)
            lines = [json.loads(line.split("|", 1)[1]) for line in stack.output().splitlines()
                     if line.split("|")[0].strip().endswith("web.1") and line.split("|", 1)[1].strip().startswith("{")]
            refused = [line for line in lines if "/metrics" in line["message"]]
            assert refused and re.fullmatch(r"[0-9a-f]{32}", refused[0]["trace_id"]), lines[-5:]
        finally:
            stack.stop()
        assert stack.process.returncode is not None


def test_production_script_refuses_missing_settings(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SECRET_KEY", "CELERY_BROKER_URL"}}
    env["VAR_DIR"] = str(Path(tmp_path))
    done = subprocess.run(["bash", "scripts/production", "--check"], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr and "CELERY_BROKER_URL" in done.stderr and "SECRET_KEY" in done.stderr
