"""Daily job: review reminders to the owner before the date, escalation to the privacy officer after it.

Each reminder is recorded (``ReviewReminder``) and carries a ``dedup_key``: running the job twice,
or several times a day, or across a change of summer time, sends nothing twice.
"""

from datetime import timedelta

from privacyregie.core.jobs import job

from .services import send_review_reminders


@job("policies_review_reminders", every=timedelta(days=1))
def review_reminders():
    return send_review_reminders()
