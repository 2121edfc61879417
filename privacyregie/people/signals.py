"""Signal receivers: a completed two-factor login marks the session when the code of conduct waits."""

from django.dispatch import receiver
from two_factor.signals import user_verified

SESSION_KEY = "people_conduct_pending"


@receiver(user_verified)
def _ask_for_code_of_conduct(sender, request, user, **kwargs):
    """After the login (both factors), an employee with an unacknowledged current version is asked first
    (``middleware.CodeOfConductMiddleware``)."""
    from .services import pending_conduct

    if request is not None and hasattr(request, "session") and pending_conduct(user) is not None:
        request.session[SESSION_KEY] = True
