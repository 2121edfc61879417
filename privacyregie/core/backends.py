"""How an authenticated request finds its user and second-factor device again (ADR 0133).

Django's ``ModelBackend`` and django-otp's ``OTPMiddleware``, unchanged in what they decide, with the two
lookups every authenticated request makes (the user by the id in its session, the device by its persistent
id) as prepared queries (:mod:`privacyregie.core.prepared`): the same SQL and the same instances, compiled
once per process instead of on every request. The user's statement also brings their organisation, their
roles in it and their unread count (``models.user_with_roles``), which the access policy and the shell ask
next: the roles are read afresh with the user on every request, never kept. Everything else stays the libraries':
the password check and lockout (axes), ``is_active`` (``user_can_authenticate``), the session hash check
after a password change (``django.contrib.auth.get_user``), the device's binding to the user and its
confirmation (``OTPMiddleware._finalize_device``). Nothing of a user or device is kept between requests.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.backends import ModelBackend
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from .prepared import get_by_pk


class LocalAccountBackend(ModelBackend):
    """Accounts with a password in Privacyregie (staff without single sign-on, external users)."""

    def get_user(self, user_id):
        user = get_user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def get_user_by_id(user_id):
    """The user with this id, or ``None`` (for the single sign-on backend, which checks nothing more), with
    their organisation, roles and unread count in the same statement (``models.user_with_roles``)."""
    from .models import user_with_roles

    return user_with_roles(user_id)


class VerifiedDeviceMiddleware(OTPMiddleware):
    """django-otp's middleware; the device of the session is looked up with a prepared query."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        # as django_otp.models.Device.from_persistent_id: "<app>.<model>/<id>" of a Device model, else none
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            app_label, model_name = model_label.split(".")
            device_class = apps.get_model(app_label, model_name)
            device_id = int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(device_class, Device):
            return None
        return get_by_pk(device_class, device_id)
