"""Scheduled jobs: reminders before the 72-hour deadline, escalation when overdue, overdue measures.

Runs every 10 minutes (Celery beat in production, ``manage.py run_jobs`` in the embedded
default). Each reminder carries a ``dedup_key``, so running twice sends nothing twice.
"""

from datetime import timedelta

from privacyregie.core.jobs import job

from .services import purge_follow_up_attempts, remind_overdue_measures, send_deadline_reminders


@job("incidents_breach_deadlines", every=timedelta(minutes=10))
def breach_deadlines():
    return send_deadline_reminders()


@job("incidents_purge_follow_up_failures", every=timedelta(minutes=15))
def purge_failures():
    return purge_follow_up_attempts()


@job("incidents_overdue_measures", every=timedelta(hours=6))
def overdue_measures():
    return remind_overdue_measures()
