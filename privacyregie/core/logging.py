"""The trace id on every log line (W3C trace context, ``core.tracecontext``).

``TraceContextMiddleware`` sets the current request's trace id with ``bind_trace_id``; a Celery
job gets one of its own (``privacyregie.celery``). ``TraceIdFilter`` puts it on each log record as
``trace_id`` (empty outside a request or job), so a JSON log line (``LOG_FORMAT=json``) can be
joined with the processing log's entries and with the calling application's traces.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.core.signals import request_finished

_trace_id: ContextVar[str] = ContextVar("privacyregie_trace_id", default="")


def bind_trace_id(trace_id: str) -> None:
    """Make ``trace_id`` the current one (until the request or job has finished)."""
    _trace_id.set(trace_id)


def _clear(**kwargs) -> None:
    _trace_id.set("")


request_finished.connect(_clear, dispatch_uid="privacyregie.core.logging.clear_trace_id")


def current_trace_id() -> str:
    return _trace_id.get()


class TraceIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "trace_id", ""):
            record.trace_id = _trace_id.get()
        return True
