"""Read queries on the processing log for the privacy officer's pages, exports and the API."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import ProcessingLogEntry
from .services import pseudonymise_bsn


def filtered_entries(organisation, *, bsn="", user="", date_from=None, date_to=None, action="", outcome="",
                     emergency=False):
    qs = ProcessingLogEntry.objects.filter(organisation=organisation)
    if bsn:
        qs = qs.filter(subject_pseudonym=pseudonymise_bsn(bsn))
    if user:
        qs = qs.filter(actor_username=user)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(occurred_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(occurred_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz))
    if action:
        qs = qs.filter(action=action)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if emergency:
        qs = qs.filter(emergency=True)
    return qs.order_by("-occurred_at", "-id")
