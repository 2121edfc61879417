"""Recording security events (logins, failures, lockouts, refusals) for the CISO."""

from .models import SecurityEvent


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

        organisation_id = User.objects.filter(username=username).values_list("organisation_id", flat=True).first()
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
    """The username axes counts failures for: from authenticate()'s credentials or the login form."""
    if credentials and credentials.get("username"):
        return credentials["username"]
    if request is not None and request.method == "POST":
        return request.POST.get("auth-username") or None
    return None
