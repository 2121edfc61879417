"""Reports read from a PostgreSQL replica when one is configured (``DATABASE_REPLICA_URL``).

Only code that asks for it reads from the replica: a council report (scorecard, stoplight report,
recommendations' follow-up) is built inside :func:`reading_for_reports`. Those reports hold no personal
data (norms, statuses and figures only) and a few seconds of replication lag does not change a quarter's
figures. Everything else, and every write, stays on the primary (``default``): a case page or an access
check must see what was just written, and the processing log is written on the primary only.

Without a replica the context manager changes nothing. ADR 0106 (production stack) describes the setup.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"

_reporting: ContextVar[bool] = ContextVar("privacyregie_reporting", default=False)

F = TypeVar("F", bound=Callable)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_for_reports() -> Iterator[None]:
    """Within the block, reads go to the replica (if configured); writes stay on the primary."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def for_reports(function: F) -> F:
    """Decorator form of :func:`reading_for_reports` for a report's service function."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with reading_for_reports():
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReportReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reads inside :func:`reading_for_reports` go to the replica."""

    def db_for_read(self, model, **hints):
        if _reporting.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        # A row read from the replica is written back to the primary; otherwise Django's own choice.
        instance = hints.get("instance")
        if instance is not None and instance._state.db == REPLICA:
            return PRIMARY
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects read from either may be related.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, "migrate"}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == REPLICA:
            return False  # a replica follows the primary's schema through replication
        return None
