"""Periodic job of the data rooms: close rooms whose date has passed."""

from datetime import timedelta

from privacyregie.core.jobs import job


@job("close_data_rooms", every=timedelta(hours=1))
def close_data_rooms():
    from .services import close_due_rooms

    return close_due_rooms()
