"""Recording security events (logins, failures, lockouts, refusals) for the CISO."""

import ipaddress

from django.conf import settings

from .models import SecurityEvent
from .usernames import normalise_username


def trusted_proxies() -> int:
    """How many proxies in front of us are trusted: the API throttling's ``NUM_PROXIES`` setting."""
    return int(getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES") or 0)


def client_ip(request) -> str | None:
    """The client's address, the same way the API throttling counts it (DRF ``get_ident``).

    With 0 trusted proxies (the default) ``X-Forwarded-For`` is ignored, so a client cannot choose its
    own counter. With N trusted proxies the N-th address from the right of that header is the one the
    outermost trusted proxy saw; anything left of it was written by the client and is not believed.
    An entry that is not an IP address falls back to the connection's own address.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def record_event(request, kind: str, user=None, username: str = "", detail: str = "",
                 organisation=None) -> SecurityEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated and hasattr(request.user, "organisation_id"):
            user = request.user
    organisation_id = getattr(organisation, "pk", None) or getattr(user, "organisation_id", None)
    if organisation_id is None and username:
        from .models import User

        same_name = User.objects.filter(username=normalise_username(username))
        organisation_id = same_name.values_list("organisation_id", flat=True).first()
    return SecurityEvent.objects.create(
        organisation_id=organisation_id,
        user=user if getattr(user, "pk", None) else None,
        username=(username or getattr(user, "username", "") or "")[:150],
        kind=kind,
        ip_address=client_ip(request),
        user_agent=(request.headers.get("User-Agent", "") if request is not None else "")[:300],
        path=(request.path if request is not None else "")[:500],
        detail=detail[:500],
    )


def axes_username(request, credentials=None) -> str | None:
    """The identity axes counts failures for: the name Django authenticates, normalised the same way.

    From authenticate()'s credentials or the login form; ``normalise_username`` is the function the
    user manager looks accounts up with, so every spelling of a locked account is locked too.
    """
    raw = None
    if credentials and credentials.get("username"):
        raw = credentials["username"]
    elif request is not None and request.method == "POST":
        raw = request.POST.get("auth-username")
    return normalise_username(raw) or None
