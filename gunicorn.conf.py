"""gunicorn settings for production (Procfile, docs/production.md); each can be overridden by environment.

Prometheus multiprocess mode: every worker writes its metrics to PROMETHEUS_MULTIPROC_DIR; the directory
is emptied when gunicorn starts and a worker's live gauges are dropped when it exits.
"""

import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle a worker after this many requests (bounded memory if a library leaks). Not too often: a new
# worker opens its database connection, prepares its statements and fills its caches again, and while
# it does the others carry its load (250 instead of 100,000 cost a quarter of the throughput and put p99
# at 625 ms; docs/benchmarks.md). At 50 requests/s per worker this is one recycle per worker every ~7 min.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))  # not all workers at once
# Load the application once in the master and fork the workers from it (ADR 0132): a worker started
# after max_requests costs a fork, not the 2.5 s of CPU of importing Django and the apps again, and
# the workers share the imported code's memory. A new release therefore needs a restart of the
# service, not a HUP (which would fork the old code again).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() not in {"0", "false", "no", "off"}
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Behind the reverse proxy: trust its X-Forwarded-* only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "privacyregie.wsgi:application"
# gunicornc's control socket beside the other run-time files, so that two instances on one machine do not collide
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or str(Path(os.environ.get("VAR_DIR", "var")) / "gunicorn.ctl")


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        path = Path(directory)
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)


def pre_fork(server, worker):
    """No database connection crosses a fork: a socket shared by two workers would mix their queries."""
    if preload_app:
        from django.db import connections

        connections.close_all()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
