"""Scaling out: two application servers (two gunicorn instances on their own ports, as on two nodes behind a
load balancer) write to one PostgreSQL at the same time; every chain of the processing log stays valid and
no entry is lost (``manage.py verify_processing_log``, and each chain's sequence numbers without a gap)."""

import json
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from .stack import (
    Started,
    free_port,
    http,
    keys_of_this_test_run,
    manage,
    production_env,
    python,
    require_postgres,
    scratch_database,
    wait_until,
)

pytestmark = pytest.mark.postgres

SETUP = """
import json, django
django.setup()
from privacyregie.core.models import Application, Organisation
from privacyregie.dossiers.models import Case
case = Case.objects.get(reference="C-2026-0001")
application = Application(organisation=case.organisation, name="Zaaksysteem (schaaltest)",
                          scopes=["dossiers.work_cases"], may_act_for_users=True)
token = application.issue_secret()
application.save()
print(json.dumps({"token": token, "case": str(case.uuid), "user": "consulent.jeugd"}))
"""
REQUESTS = 120
CLIENTS = 12


def _count(url):
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM kernel_processinglogentry").fetchone()[0]


def _gaps(url):
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT chain, count(*), count(DISTINCT seq), min(seq), max(seq) "
                            "FROM kernel_processinglogentry GROUP BY chain "
                            "HAVING count(*) <> max(seq) OR count(DISTINCT seq) <> count(*) OR min(seq) <> 1").fetchall()


@pytest.mark.django_db  # the test database is set up; its committed state is copied into a scratch database
def test_two_application_servers_keep_every_chain_valid(tmp_path):
    require_postgres()
    with scratch_database("prodscale") as database:
        servers, ports = [], [free_port(), free_port()]
        base_env = production_env(tmp_path / "setup", database, **keys_of_this_test_run())
        (tmp_path / "setup").mkdir()
        account = json.loads(python(base_env, SETUP).strip().splitlines()[-1])
        url = base_env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        try:
            for node, port in enumerate(ports):
                var = tmp_path / f"node{node}"
                var.mkdir()
                env = {**production_env(var, database, **keys_of_this_test_run()), "PORT": str(port),
                       "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2", "PROMETHEUS_MULTIPROC_DIR": str(var / "prometheus")}
                servers.append(Started(["gunicorn", "--config", "gunicorn.conf.py"], env, tmp_path / f"node{node}.log"))
            for server, port in zip(servers, ports, strict=True):
                wait_until(lambda port=port: http("GET", f"http://127.0.0.1:{port}/health/ready")[0] == 200, 60,
                           f"node on port {port}", server)

            headers = {"Authorization": f"Bearer {account['token']}", "X-Eindgebruiker": account["user"]}
            path = f"/api/v1/cases/{account['case']}"

            def read(number):
                return http("GET", f"http://127.0.0.1:{ports[number % 2]}{path}", headers=headers, timeout=30)[0]

            before = _count(url)
            assert read(0) == 200
            per_read = _count(url) - before
            assert per_read >= 1  # reading a case is logged by the kernel

            before = _count(url)
            with ThreadPoolExecutor(CLIENTS) as pool:
                statuses = list(pool.map(read, range(REQUESTS)))
            assert statuses == [200] * REQUESTS
            assert _count(url) - before == REQUESTS * per_read  # no entry lost, none twice
        finally:
            for server in servers:
                server.stop()
        assert _gaps(url) == []
        out = manage(base_env, "verify_processing_log", "--workers", "2")
        assert "OK: " in out
