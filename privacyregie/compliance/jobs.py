"""Scheduled job: the quarterly scorecard snapshot per organisation (idempotent)."""

from datetime import timedelta

from privacyregie.core.jobs import job


@job("compliance.scorecard_snapshot", every=timedelta(days=1))
def scorecard_snapshot():
    """Record the running quarter's figures daily, and close the previous quarter once."""
    from privacyregie.core.models import Organisation

    from .models import ScorecardSnapshot
    from .scorecard import current_quarter, take_snapshot

    quarter = current_quarter()
    previous = quarter.previous()
    for organisation in Organisation.objects.all():
        take_snapshot(organisation, quarter)
        if not ScorecardSnapshot.objects.filter(organisation=organisation, year=previous.year,
                                                quarter=previous.quarter).exists():
            take_snapshot(organisation, previous)
