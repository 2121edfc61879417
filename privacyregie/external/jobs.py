"""Scheduled job: announce external grants that expired (access itself ends at expiry, at call time)."""

from datetime import timedelta

from privacyregie.core.jobs import job


@job("record_ended_external_grants", every=timedelta(minutes=5))
def record_ended_external_grants():
    from .services import record_ended_grants

    return record_ended_grants()
