"""General API rate limits (DRF throttling): per application, per end user, per anonymous caller.

Three counters, each with its own rate in ``settings.API_THROTTLE_RATES`` (``"<n>/<s|m|h|d>"``,
from the environment):

* ``applicatie``: every call with an application's bearer token counts for that application,
  with or without ``X-Eindgebruiker``;
* ``eindgebruiker``: every call for a person counts for that person, whether the application
  names them or they call with their own browser session;
* ``anoniem``: calls without authentication (the public schema and documentation) count per
  client address.

A call over a rate is answered ``429`` as problem+json with ``Retry-After`` (seconds), and
nothing is done. The counters live in Django's cache (``settings.CACHES``): local memory per
process by default, Redis in production so that all instances share them. The rates are read
when a request is checked (not at import), so the test settings and ``override_settings`` take
effect. This module never sees personal data: keys are internal ids only.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from privacyregie.core.models import Application


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class ApplicationRateThrottle(_SettingsRateThrottle):
    """Counts every call made with an application's token, per application."""

    scope = "applicatie"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, Application):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class EndUserRateThrottle(_SettingsRateThrottle):
    """Counts every call for a person (named by an application, or in their own session)."""

    scope = "eindgebruiker"

    def get_cache_key(self, request, view):
        user = request.user
        if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
            return None  # anonymous, or an application acting without an end user
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class AnonymousRateThrottle(_SettingsRateThrottle):
    """Counts calls without any authentication, per client address."""

    scope = "anoniem"

    def get_cache_key(self, request, view):
        if getattr(request.user, "is_authenticated", False) or request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
