"""Celery application for production background jobs.

In the embedded default (no CELERY_BROKER_URL) tasks run eagerly in-process and
scheduled jobs run through ``python manage.py run_jobs``. Jobs are declared once in
``privacyregie.core.jobs`` and exposed to Celery beat from there.
"""

import os
import secrets

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyregie.settings")

app = Celery("privacyregie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _register_periodic_jobs(sender, **kwargs):
    from privacyregie.core.jobs import register_with_celery
    from privacyregie.core.tasks import register_with_celery as register_tasks_with_celery

    register_with_celery(sender)
    register_tasks_with_celery(sender)


@task_prerun.connect
def _bind_trace_id(**kwargs):
    """Each job run gets its own trace id on its log lines (core.logging), like a request."""
    from privacyregie.core.logging import bind_trace_id

    bind_trace_id(secrets.token_hex(16))


@task_postrun.connect
def _clear_trace_id(**kwargs):
    from privacyregie.core.logging import bind_trace_id

    bind_trace_id("")
