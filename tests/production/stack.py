"""Helpers for the production-stack tests: a scratch PostgreSQL database, a Redis database number of
their own, the production environment, and processes started in their own session (stopped by id).

These tests run in make test's PostgreSQL pass and skip on SQLite or without Redis, saying why.
A scratch database is a copy (pg_dump | pg_restore) of the migrated test database, so no test waits
for the migrations again.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379")
CLAIM_KEY = "privacyregie:test-claim"


def require_postgres():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL: make test runs the production-stack tests in its PostgreSQL pass")


@contextmanager
def redis_database():
    """A Redis database number no one else uses right now (claimed with a key, emptied afterwards)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"needs Redis at {REDIS_URL} (set REDIS_TEST_URL; CI starts redis-server): {exc}")
    # numbers other suites rarely pick first (0 is the default, 1 and 15 are common choices); claimed with a key
    for number in (12, 11, 10, 9, 8, 13, 14, 7, 6, 5, 4, 3, 2):
        client = redis.Redis.from_url(f"{REDIS_URL}/{number}")
        if client.dbsize() == 0 and client.set(CLAIM_KEY, str(os.getpid()), nx=True, ex=900):
            try:
                yield f"{REDIS_URL}/{number}"
            finally:
                client.flushdb()
            return
    pytest.skip(f"no free Redis database number at {REDIS_URL}")


def _server():
    from django.db import connections

    db = connections["default"].settings_dict
    return {"host": db["HOST"] or "127.0.0.1", "port": int(db["PORT"] or 5432), "user": db["USER"],
            "password": db["PASSWORD"] or ""}, db["NAME"]


def database_url(name: str) -> str:
    server, _template = _server()
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


def admin_connection(dbname="postgres"):
    server, _template = _server()
    return psycopg.connect(dbname=dbname, autocommit=True, connect_timeout=5, **server)


def pg_env() -> dict[str, str]:
    server, _name = _server()
    return {**os.environ, "PGHOST": server["host"], "PGPORT": str(server["port"]), "PGUSER": server["user"],
            **({"PGPASSWORD": server["password"]} if server["password"] else {})}


def copy_database(source: str, target: str) -> None:
    """``pg_dump | pg_restore`` into a new database: works while the test holds its own connection open."""
    with admin_connection() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    done = subprocess.run(["bash", "-o", "pipefail", "-c",
                           'pg_dump --format=custom --no-owner --no-privileges "$1" | '
                           'pg_restore --no-owner --no-privileges --exit-on-error --dbname "$2"', "copy", source, target],
                          env=pg_env(), capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]


@contextmanager
def scratch_database(prefix: str):
    """A new database with the schema and demo data of the test database (its committed state); dropped
    afterwards."""
    _server_settings, source = _server()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        copy_database(source, name)
        yield name
    finally:
        drop_database(name)


def drop_database(name: str) -> None:
    with admin_connection() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(var_dir: Path, database: str, **extra) -> dict[str, str]:
    """The environment a municipality sets (docs/production.md), with fresh keys; no test settings."""
    from privacyregie.core.crypto import Keyring

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "PRIVACYREGIE_", "PYTEST", "CELERY_", "PROMETHEUS_"))
           and key not in {"VAR_DIR", "DATABASE_URL", "CACHE_URL", "PORT"}}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "privacyregie.settings",
        "DATABASE_URL": database_url(database),
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PSEUDONYM_KEY": secrets.token_urlsafe(50),
        "PROCESSING_LOG_SIGNING_KEY": secrets.token_urlsafe(32),
        "FILE_MASTER_KEYS": Keyring.new_entry("k1"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # the test talks plain HTTP to 127.0.0.1; behind the municipality's TLS proxy these stay on
        "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "LOG_FORMAT": "json", "LOG_LEVEL": "INFO",
    })
    env.update({key: str(value) for key, value in extra.items()})
    return env


def keys_of_this_test_run() -> dict[str, str]:
    """The key material of the test database's data (pseudonyms, seal signatures, stored files), for a
    stack that works on a copy of it: a restored backup needs the keys that were kept outside it."""
    from django.conf import settings

    from privacyregie.core.files import MASTER_KEY_FILE

    master = settings.FILE_MASTER_KEYS
    if not master:
        path = Path(settings.VAR_DIR) / MASTER_KEY_FILE
        master = ",".join(path.read_text().split()) if path.exists() else ""
    keys = {"SECRET_KEY": settings.SECRET_KEY, "PSEUDONYM_KEY": settings.PSEUDONYM_KEY,
            "PROCESSING_LOG_SIGNING_KEY": settings.PROCESSING_LOG_SIGNING_KEY}
    if master:
        keys["FILE_MASTER_KEYS"] = master
    return keys


def manage(env, *args, timeout=300) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def python(env, code: str, *args, timeout=120) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"script failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


class Started:
    """A process (and its children) started in a session of its own; stopped by its process group id."""

    def __init__(self, args, env, log_path: Path):
        self.log_path = log_path
        self._log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


def wait_until(condition, timeout: float, what: str, started: Started | None = None, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if started is not None and started.process.poll() is not None:
            break
        time.sleep(interval)
    detail = f"\n--- output ---\n{started.output()[-6000:]}" if started is not None else ""
    raise AssertionError(f"timed out waiting for {what}{detail}")


def http(method: str, url: str, *, headers=None, json_body=None, timeout=10):
    """One HTTP request with the standard library; returns (status, headers, body bytes)."""
    import json
    import urllib.error
    import urllib.request

    data = json.dumps(json_body).encode() if json_body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        **({"Content-Type": "application/json"} if data is not None else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - a local test server
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, {}, b""
