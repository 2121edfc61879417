"""Scheduled job: renewal reminders of mandatory trainings (each reminder sent once)."""

from datetime import timedelta

from privacyregie.core.jobs import job


@job("people_renewal_reminders", every=timedelta(days=1))
def people_renewal_reminders():
    from .services import send_renewal_reminders

    return send_renewal_reminders()
