"""Scheduled jobs, declared once.

Each capability registers its periodic jobs with ``@job``. In production Celery beat
runs them (``register_with_celery``); in the embedded default ``python manage.py
run_jobs`` runs them in-process (``--loop`` keeps running, as ``make run`` does).
A job must be idempotent: running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: object
    every: timedelta


_REGISTRY: dict[str, Job] = {}


def job(name: str, every: timedelta):
    def decorator(func):
        _REGISTRY[name] = Job(name, func, every)
        return func

    return decorator


def discover() -> dict[str, Job]:
    for config in apps.get_app_configs():
        if config.name.startswith("privacyregie."):
            try:
                import_module(f"{config.name}.jobs")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.jobs":
                    raise
    return dict(_REGISTRY)


def run_job(name: str):
    registry = discover()
    return registry[name].func()


def run_due(last_run: dict[str, object], now=None) -> list[str]:
    """Run every job whose interval has passed since ``last_run``; returns names run."""
    now = now or timezone.now()
    ran = []
    for name, entry in sorted(discover().items()):
        previous = last_run.get(name)
        if previous is None or now - previous >= entry.every:
            try:
                entry.func()
            except Exception:  # noqa: BLE001 - one failing job must not stop the others
                log.exception("job %s failed", name)
            last_run[name] = now
            ran.append(name)
    return ran


def register_with_celery(celery_app) -> None:
    from django.conf import settings

    cap = getattr(settings, "JOBS_MAX_INTERVAL_SECONDS", 0)  # drills and the production-stack test only
    for name, entry in discover().items():
        task = celery_app.task(name=f"privacyregie.jobs.{name}")(entry.func)
        every = entry.every.total_seconds()
        celery_app.add_periodic_task(min(every, cap) if cap > 0 else every, task.s(), name=name)


@job("send_pending_emails", every=timedelta(minutes=5))
def _send_pending_emails():
    from .services import send_pending_emails

    return send_pending_emails()


@job("purge_staged_files", every=timedelta(hours=1))
def _purge_staged_files():
    from .files import purge_staged, purge_unfinished_writes

    return purge_staged() + purge_unfinished_writes()


@job("run_queued_tasks", every=timedelta(minutes=1))
def _run_queued_tasks():
    from .tasks import housekeeping

    return housekeeping()


@job("retry_pending_shreds", every=timedelta(minutes=15))
def _retry_pending_shreds():
    from .shredding import attempt

    return attempt()
