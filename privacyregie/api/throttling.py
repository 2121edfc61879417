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

The limit is a sliding window (DRF's ``SimpleRateThrottle``): a call is accepted when fewer than
``n`` calls were accepted in the ``s`` seconds before it; refused calls do not count. On Redis the
check is one round trip: a Lua script keeps the caller's accepted calls in a sorted set (score: the
call's time), drops those older than the window, counts them and adds the new call only when it is
accepted, atomically, so that concurrent calls in several workers can neither both take the last
place nor lose a count (DRF reads the whole list of times and writes it back: two round trips, a
payload that grows with the rate, and lost counts under concurrency). Other caches (local memory,
the test settings) keep DRF's list of times in the cache.
"""

from __future__ import annotations

import math
import secrets

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from privacyregie.core.models import Application

# KEYS[1]: the caller's sorted set of accepted calls (score: the call's time, seconds since the epoch).
# ARGV: now, the window in seconds, the number of calls allowed in it, a unique member for this call.
# Returns {1, ""} when the call is accepted (and counted), {0, t} when refused: t is the time of the
# accepted call that has to leave the window before another call fits.
_SLIDING_WINDOW = """
local now, duration, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - duration)
local count = redis.call('ZCARD', KEYS[1])
if limit <= 0 then
  return {0, ''}
end
if count >= limit then
  local blocking = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  return {0, blocking[2]}
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(duration))
return {1, ''}
"""


class _SettingsRateThrottle(SimpleRateThrottle):
    # not DRF's key: on Redis the value is a sorted set, no longer a pickled list of times
    cache_format = "throttle_window_%(scope)s_%(ident)s"
    _script = None  # the Lua script, registered once per process (redis-py sends EVALSHA, loads it if missing)

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None or not isinstance(self.cache, RedisCache):
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        client = self.cache._cache.get_client(write=True)
        if _SettingsRateThrottle._script is None:
            _SettingsRateThrottle._script = client.register_script(_SLIDING_WINDOW)
        accepted, blocking = _SettingsRateThrottle._script(
            keys=[self.cache.make_and_validate_key(self.key)],
            args=[repr(self.now), self.duration, self.num_requests, f"{self.now!r}:{secrets.token_hex(6)}"],
            client=client)
        self._blocking = float(blocking) if blocking else None
        return bool(accepted)

    def wait(self):
        if not isinstance(self.cache, RedisCache):
            return super().wait()
        if self._blocking is None:  # a rate of 0 calls: no call ever fits; try again after a window (as DRF)
            return self.duration
        return max(math.ceil(self._blocking + self.duration - self.now), 1)


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
