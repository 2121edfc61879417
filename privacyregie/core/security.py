"""Recording security events (logins, failures, lockouts, refusals) for the CISO."""

from .models import SecurityEvent
from .usernames import normalise_username


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_event(request, kind: str, user=None, username: str = "", detail: str = "") -> SecurityEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated and hasattr(request.user, "organisation_id"):
            user = request.user
    organisation_id = getattr(user, "organisation_id", None)
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
