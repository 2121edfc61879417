"""Periodic job of the exchange: open exchanges past their end are marked expired (idempotent)."""

from datetime import timedelta

from privacyregie.core.jobs import job


@job("expire_exchanges", every=timedelta(minutes=15))
def expire_exchanges():
    from .services import expire_exchanges as expire

    return expire()
