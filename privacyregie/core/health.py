"""Health endpoints for a load balancer or Kubernetes (docs/production.md).

* ``/health/live``: the process answers (no database access): restart it when this fails.
* ``/health/ready``: the database answers, Redis answers when configured (Celery broker, shared
  cache), and the processing log's chain heads can be read: send it traffic only when this is 200;
  503 when any of them is unreachable.

On PostgreSQL an entry in the processing log's DEFAULT partition (outside every monthly partition,
ADR 0110) is reported as ``"processing_log_default_partition": "in_use"``; it does not make the node
unready (the entry is stored and chained), it asks for ``manage.py create_log_partitions``.

No login, no session, no personal data: the answer names only the checks and "ok"/"unavailable".
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .access import public

log = logging.getLogger(__name__)


@public
@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _processing_log():
    from privacyregie.kernel.models import ChainHead

    ChainHead.objects.count()


def _redis_urls() -> list[str]:
    urls = [getattr(settings, "CELERY_BROKER_URL", "")]
    cache = settings.CACHES.get("default", {})
    if cache.get("BACKEND", "").endswith("RedisCache"):
        location = cache.get("LOCATION", "")
        urls.extend(location if isinstance(location, list | tuple) else [location])
    return sorted({url for url in urls if url and url.startswith(("redis://", "rediss://", "unix://"))})


def _redis():
    import redis

    for url in _redis_urls():
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()


@public
@never_cache
def ready(request):
    checks = {"database": _database, "processing_log": _processing_log}
    if _redis_urls():
        checks["redis"] = _redis
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure means "not ready"; the reason goes to the log, not out
            log.exception("health: %s unavailable", name)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    ok = all(value == "ok" for value in results.values())
    if results.get("processing_log") == "ok":
        try:
            from privacyregie.kernel.partitions import default_partition_rows

            if default_partition_rows() > 0:
                results["processing_log_default_partition"] = "in_use"
        except Exception:  # noqa: BLE001 - a report, not a readiness condition
            log.exception("health: the processing log's default partition could not be read")
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": results}, status=200 if ok else 503)
