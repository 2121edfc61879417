"""Prometheus metrics (prometheus_client): request latency per view, and figures read at scrape time.

* ``privacyregie_http_request_duration_seconds{view,method,status}``: a histogram observed by
  ``MetricsMiddleware`` (one ``observe`` per request; the view is the URL name, never the path, so
  the number of series stays bounded).
* Read from the database when Prometheus scrapes (cheap aggregate queries, so every application
  node reports the same totals): processing-log entries written (the chain heads' sequence numbers),
  verification runs by result and the last one's outcome, deadline clocks overdue (data breaches past
  72 hours, residents' requests past their answer date), and the Celery queue length (Redis).

With several gunicorn workers ``PROMETHEUS_MULTIPROC_DIR`` is set (``gunicorn.conf.py``): every worker
writes its histogram to that directory and a scrape adds them up.

``/metrics`` is not public: the caller sends ``Authorization: Bearer <METRICS_TOKEN>`` or comes from an
address in ``METRICS_ALLOWED_IPS``; with neither configured everyone is refused (403).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .access import public

log = logging.getLogger(__name__)

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
REQUEST_LATENCY = Histogram(
    "privacyregie_http_request_duration_seconds", "Time from the request entering Django to its response, per view.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


class MetricsMiddleware:
    """First in MIDDLEWARE: times every request and labels it with the view that answered it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unresolved"
        method = request.method if request.method in METHODS else "other"
        REQUEST_LATENCY.labels(view, method, f"{response.status_code // 100}xx").observe(time.perf_counter() - started)
        return response


class DatabaseCollector:
    """Figures read at scrape time; a failing source is left out of the scrape (and logged), never a 500."""

    def collect(self):
        for source in (self._log_entries, self._default_partition, self._verification, self._overdue, self._queue):
            try:
                yield from source()
            except Exception:  # noqa: BLE001 - one unreachable source must not hide the other metrics
                log.exception("metrics: %s could not be read", source.__name__)

    def _log_entries(self):
        from privacyregie.kernel.models import ChainHead

        written = ChainHead.objects.aggregate(total=Sum("last_seq"))["total"] or 0
        family = CounterMetricFamily("privacyregie_processing_log_entries",
                                     "Entries written to the processing log (all chains, all nodes).")
        family.add_metric([], written)
        yield family

    def _default_partition(self):
        from privacyregie.kernel.partitions import default_partition_rows

        rows = default_partition_rows()
        if rows >= 0:  # PostgreSQL with the partitioned log only
            family = GaugeMetricFamily("privacyregie_processing_log_default_partition_entries",
                                       "Log entries outside every monthly partition (should be 0; "
                                       "run create_log_partitions).")
            family.add_metric([], rows)
            yield family

    def _verification(self):
        from privacyregie.kernel.models import VerificationRun

        runs = CounterMetricFamily("privacyregie_processing_log_verifications",
                                   "Verifications of the processing log's chains, by result.", labels=["result"])
        counts = dict(VerificationRun.objects.values_list("ok").annotate(n=Count("id")).values_list("ok", "n"))
        runs.add_metric(["ok"], counts.get(True, 0))
        runs.add_metric(["broken"], counts.get(False, 0))
        yield runs
        last = VerificationRun.objects.order_by("-checked_at").values("ok", "checked_at", "entries_checked").first()
        if last is not None:
            ok = GaugeMetricFamily("privacyregie_processing_log_last_verification_ok",
                                   "1 when the last verification found every chain intact, else 0.")
            ok.add_metric([], 1 if last["ok"] else 0)
            yield ok
            at = GaugeMetricFamily("privacyregie_processing_log_last_verification_timestamp_seconds",
                                   "When the last verification ran (Unix time).")
            at.add_metric([], last["checked_at"].timestamp())
            yield at
            checked = GaugeMetricFamily("privacyregie_processing_log_last_verification_entries",
                                        "Entries checked by the last verification.")
            checked.add_metric([], last["entries_checked"])
            yield checked

    def _overdue(self):
        from privacyregie.incidents.deadlines import WINDOW
        from privacyregie.incidents.models import Incident, Status
        from privacyregie.rights.models import RequestStatus, SubjectRequest

        now = timezone.now()
        breaches = (Incident.objects.filter(awareness_at__lt=now - WINDOW).exclude(is_breach=False)
                    .exclude(status=Status.CLOSED)
                    .exclude(assessment__decided_at__isnull=False, assessment__notify_ap=False)
                    .exclude(ap_notification__submitted_at__isnull=False).count())
        requests = (SubjectRequest.objects.filter(status__in=[RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS])
                    .annotate(answer_by=Coalesce(F("extended_due_on"), F("due_on")))
                    .filter(answer_by__lt=timezone.localdate(now)).count())
        family = GaugeMetricFamily("privacyregie_deadlines_overdue", "Deadline clocks that have run out, by kind.",
                                   labels=["clock"])
        family.add_metric(["breach_72h"], breaches)
        family.add_metric(["subject_request"], requests)
        yield family

    def _queue(self):
        url = getattr(settings, "CELERY_BROKER_URL", "")
        if not url.startswith(("redis://", "rediss://")):
            return
        import redis

        queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            length = client.llen(queue)
        finally:
            client.close()
        family = GaugeMetricFamily("privacyregie_celery_queue_length", "Jobs waiting in the Celery queue.",
                                   labels=["queue"])
        family.add_metric([queue], length)
        yield family


def _registry():
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.PROMETHEUS_MULTIPROC_DIR
    if directory:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
    else:
        registry = REGISTRY
    return registry


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        return True
    if settings.METRICS_ALLOWED_IPS:
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)
    return False


@public  # no login: a scraper has no session; the token or the address allow-list decides (deny by default)
def metrics_view(request):
    if not _allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    registry = _registry()
    collector = DatabaseCollector()
    if registry is REGISTRY:
        registry = CollectorRegistry()
        registry.register(_Forward(REGISTRY))
    registry.register(collector)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


class _Forward:
    """The process's own metrics (single-process mode) inside a per-scrape registry."""

    def __init__(self, registry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()
