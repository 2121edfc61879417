"""Test helpers: verified login, TOTP codes for demo accounts."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core.models import User
from privacyregie.core.totp import totp_code  # noqa: F401  (re-exported for tests)


def get_user(user_or_username):
    if isinstance(user_or_username, str):
        return User.objects.get(username=user_or_username)
    return user_or_username


def login_verified(client, user_or_username):
    """Log in through the session and mark the second factor as verified."""
    user = get_user(user_or_username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client.force_login(user, backend="privacyregie.core.backends.LocalAccountBackend")
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


def form_token(html: str) -> str:
    """The one-time form token (core.once) in a rendered form."""
    import re

    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def post_with_token(client, url, data, **extra):
    """POST a form that requires a one-time token the way a browser does: fetch the form first."""
    token = form_token(client.get(url).content.decode())
    return client.post(url, {**data, "form_token": token}, **extra)
