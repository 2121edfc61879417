"""Celery application for production background jobs.

In the embedded default (no CELERY_BROKER_URL) tasks run eagerly in-process and
scheduled jobs run through ``python manage.py run_jobs``. Jobs are declared once in
``privacyregie.core.jobs`` and exposed to Celery beat from there.
"""

import os

from celery import Celery

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
