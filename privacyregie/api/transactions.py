"""Every write through the API is atomic: an error leaves the database as it was.

:func:`atomic_writes` wraps each API view. A request with an unsafe method runs in one
transaction, which is rolled back when the view raises or answers with an error status
(4xx/5xx), also when the error was turned into a problem response by the exception
handler. Refusals of the privacy kernel that were logged inside the rolled-back
transaction are written again afterwards, so a refusal is never lost. Other capabilities keep
their own refusal records the same way: a view appends an idempotent callable to
``request.after_rollback``; it runs once the transaction has ended.
"""

from functools import wraps

from django.db import transaction
from rest_framework.permissions import SAFE_METHODS


def atomic_writes(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return view(request, *args, **kwargs)
        from privacyregie.kernel.services import write_pending_denial

        request.kernel_denials = []
        request.after_rollback = []
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
        finally:
            for denial in request.kernel_denials:
                write_pending_denial(denial)
            for callback in request.after_rollback:
                callback()
        return response

    return wrapped


def wrap_patterns(patterns):
    """Wrap the views of URL patterns (recursively) with :func:`atomic_writes`."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            wrap_patterns(pattern.url_patterns)
        else:
            pattern.callback = atomic_writes(pattern.callback)
    return patterns
