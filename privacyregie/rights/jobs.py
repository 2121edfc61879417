"""Scheduled jobs of residents' requests: daily reminders before the deadline and escalation when it is missed
(each sent once per deadline: ``dedup_key``), and purging the public form's rate-limit rows."""

from datetime import timedelta

from privacyregie.core.jobs import job

from .services import purge_attempts, send_deadline_reminders


@job("rights_request_deadlines", every=timedelta(days=1))
def request_deadlines():
    return send_deadline_reminders()


@job("rights_purge_public_attempts", every=timedelta(minutes=30))
def purge_public_attempts():
    return purge_attempts()
