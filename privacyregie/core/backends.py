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
from django.db import DEFAULT_DB_ALIAS
from django_otp import DEVICE_ID_SESSION_KEY
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
    """django-otp's middleware. What it checks of the session's device (that it exists, is the user's and is
    confirmed) is answered by the user's own statement (``User.confirmed_devices``): the device is then a
    model instance with only its id, owner and confirmation loaded, the rest loaded when read (as
    ``QuerySet.only``). A user loaded otherwise falls back to the device's own query, prepared."""

    def _verify_user_sync(self, request, user):
        # django-otp's, with the user passed on to the device's lookup
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = self._session_device(user, persistent_id) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user

    def _session_device(self, user, persistent_id: str):
        confirmed = getattr(user, "confirmed_devices", None)
        if confirmed is None:
            return self._device_from_persistent_id(persistent_id)
        persistent_id = self._normalize_persistent_id(persistent_id)
        if persistent_id not in confirmed:  # unknown, someone else's, unconfirmed or deleted
            return None
        model_label, device_id = persistent_id.rsplit("/", 1)
        device_class = apps.get_model(model_label)
        return device_class.from_db(DEFAULT_DB_ALIAS, ["id", "user_id", "confirmed"], [int(device_id), user.pk, True])

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
