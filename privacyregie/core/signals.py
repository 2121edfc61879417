"""Signal receivers that turn authentication events into security events."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent
from .security import record_event


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    record_event(request, SecurityEvent.Kind.LOGIN_SUCCESS, user=user)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    record_event(request, SecurityEvent.Kind.LOGIN_FAILED, username=username)


@receiver(user_locked_out)
def _on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record_event(request, SecurityEvent.Kind.LOCKED_OUT, username=username or "")
