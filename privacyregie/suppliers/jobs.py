"""Scheduled job: record that approved windows opened or closed (the window itself opens and closes by
the clock: ``AccessRequest.is_open`` and ``authorise`` compare with the time of the question)."""

from datetime import timedelta

from privacyregie.core.jobs import job


@job("record_remote_access_windows", every=timedelta(minutes=1))
def record_remote_access_windows():
    from .services import record_window_events

    return record_window_events()
