"""Change history (django-simple-history): who changed what, also when an application did.

simple-history takes ``request.user`` as ``history_user``, a foreign key to ``User``.
An application that calls the API without an end user is no ``User`` (it is an
``ApplicationPrincipal``), and simple-history refused it after the change itself was
saved. This middleware exposes the request to simple-history through a view that only
ever yields a real ``User`` (or nobody), and the signal handler names the application in
``history_change_reason``: ``applicatie: <name>`` without an end user, ``via applicatie:
<name>`` when it acted for one. :func:`actor_label` shows either in the interface.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib.auth.models import AnonymousUser
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .models import Application, User

APPLICATION_PREFIX = "applicatie: "
VIA_APPLICATION_PREFIX = "via applicatie: "


class _HistoryRequest:
    """The request as simple-history sees it: ``user`` is a real User, otherwise anonymous."""

    def __init__(self, request):
        self.request = request

    @property
    def user(self):
        user = getattr(self.request, "user", None)
        return user if isinstance(user, User) and user.pk else AnonymousUser()


@contextmanager
def _history_context(request):
    HistoricalRecords.context.request = _HistoryRequest(request)
    try:
        yield
    finally:
        try:
            del HistoricalRecords.context.request
        except AttributeError:
            pass


class HistoryRequestMiddleware:
    """Replaces ``simple_history.middleware.HistoryRequestMiddleware`` (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with _history_context(request):
            return self.get_response(request)


@receiver(pre_create_historical_record)
def _name_the_application(sender, history_instance, **kwargs):
    wrapper = getattr(HistoricalRecords.context, "request", None)
    request = getattr(wrapper, "request", None)
    if request is None or getattr(history_instance, "history_change_reason", None):
        return
    # DRF authenticates inside the view and then sets ``user`` and ``auth`` on the Django request.
    auth = getattr(request, "auth", None)
    application = auth if isinstance(auth, Application) else None
    if application is None:
        return
    prefix = VIA_APPLICATION_PREFIX if history_instance.history_user_id else APPLICATION_PREFIX
    history_instance.history_change_reason = f"{prefix}{application.name}"[:100]


def actor_label(record) -> str:
    """Who made a historical record: the user, the application, or the system."""
    user = record.history_user
    reason = getattr(record, "history_change_reason", "") or ""
    if user is not None:
        name = user.get_full_name() or user.username
        if reason.startswith(VIA_APPLICATION_PREFIX):
            return _("%(user)s via applicatie %(app)s") % {"user": name, "app": reason[len(VIA_APPLICATION_PREFIX):]}
        return name
    if reason.startswith(APPLICATION_PREFIX):
        return _("applicatie %(app)s") % {"app": reason[len(APPLICATION_PREFIX):]}
    return _("systeem")
