"""Two-factor login: password + TOTP, enrolment, recovery codes, lockout, logout."""

import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core.models import SecurityEvent
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.core.tests.utils import totp_code

PASSWORD = "Correct-paard-batterij-9"
LOGIN = "/account/inloggen/"


def _password_step(client, username, password=PASSWORD):
    return client.post(LOGIN, {"login_view-current_step": "auth", "auth-username": username, "auth-password": password})


def _token_step(client, token):
    return client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": token})


def _device(user):
    return TOTPDevice.objects.get(user=user, name="default")


@pytest.fixture
def case_worker(db):
    return UserFactory(roles=[Role.CASE_WORKER])


@pytest.mark.django_db
def test_password_and_totp_log_in(client, case_worker):
    response = _password_step(client, case_worker.username)
    assert response.status_code == 200
    assert b"token-otp_token" in response.content and "Code uit de authenticator-app" in response.content.decode()
    response = _token_step(client, totp_code(_device(case_worker).key))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200
    assert SecurityEvent.objects.filter(user=case_worker, kind=SecurityEvent.Kind.LOGIN_SUCCESS).exists()


@pytest.mark.django_db
def test_password_alone_does_not_log_in(client, case_worker):
    _password_step(client, case_worker.username)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_wrong_password_is_refused_and_recorded(client, case_worker):
    response = _password_step(client, case_worker.username, "verkeerd-wachtwoord")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert SecurityEvent.objects.filter(username=case_worker.username, kind=SecurityEvent.Kind.LOGIN_FAILED).exists()


@pytest.mark.django_db
def test_wrong_totp_is_refused_and_recorded(client, case_worker):
    _password_step(client, case_worker.username)
    good = totp_code(_device(case_worker).key)
    bad = f"{(int(good) + 1) % 1000000:06d}"
    response = _token_step(client, bad)
    assert response.status_code == 200
    assert b"token-otp_token" in response.content
    assert not client.session.get("_auth_user_id")
    assert SecurityEvent.objects.filter(user=case_worker, kind=SecurityEvent.Kind.OTP_FAILED).exists()


@pytest.mark.django_db
def test_reused_totp_code_is_refused(client, case_worker):
    code = totp_code(_device(case_worker).key)
    _password_step(client, case_worker.username)
    assert _token_step(client, code).status_code == 302
    client.logout()
    _password_step(client, case_worker.username)
    response = _token_step(client, code)
    assert response.status_code == 200  # same code again: refused (replay protection)
    assert not client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, case_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, case_worker.username, "fout-wachtwoord")
    response = _password_step(client, case_worker.username)  # even the right password now
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert SecurityEvent.objects.filter(username=case_worker.username, kind=SecurityEvent.Kind.LOCKED_OUT).exists()
    assert not client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_lockout_of_one_user_does_not_block_another(client, case_worker, settings):
    other = UserFactory(roles=[Role.CASE_WORKER])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, case_worker.username, "fout-wachtwoord")
    response = _password_step(client, other.username)
    assert response.status_code == 200
    assert b"token-otp_token" in response.content


@pytest.mark.django_db
def test_recovery_code_logs_in_once(client, case_worker):
    from privacyregie.core.services import create_recovery_codes

    codes = create_recovery_codes(case_worker)
    _password_step(client, case_worker.username)
    client.post(LOGIN, {"login_view-current_step": "token", "wizard_goto_step": "backup"})
    response = client.post(LOGIN, {"login_view-current_step": "backup", "backup-otp_token": codes[0]})
    assert response.status_code == 302
    assert StaticDevice.objects.get(user=case_worker).token_set.count() == len(codes) - 1


@pytest.mark.django_db
def test_enrolment_at_first_login(client):
    user = UserFactory(roles=[Role.CASE_WORKER], device=False)
    response = _password_step(client, user.username)
    assert response.status_code == 302  # no device: logged in with password only, sent to enrolment
    response = client.get(reverse("web:home"))
    assert response["Location"] == reverse("two_factor:setup")
    welcome = client.get(reverse("two_factor:setup")).content.decode()
    assert ">Volgende</button>" in welcome and ">Bevestigen</button>" not in welcome  # nothing to confirm yet
    page = client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})
    assert "QR-code" in page.content.decode()
    assert "Code uit de authenticator-app" in page.content.decode() and ">Token" not in page.content.decode()
    assert client.get(reverse("two_factor:qr")).status_code == 200
    key = client.session["django_two_factor-qr_secret_key"]
    from base64 import b32decode

    key_hex = b32decode(key + "=" * (-len(key) % 8)).hex()
    response = client.post(
        reverse("two_factor:setup"), {"setup_view-current_step": "generator", "generator-token": totp_code(key_hex)}
    )
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert len(done.context["tokens"]) == 10
    assert client.get(reverse("web:home")).status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@pytest.mark.django_db
def test_user_without_role_gets_clear_message(client, login):
    user = UserFactory(roles=[])
    login(user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 403
    assert "nog geen rol" in response.content.decode()


@pytest.mark.django_db
def test_logout_everywhere_ends_other_sessions(client, login, django_user_model):
    from django.test import Client

    user = UserFactory(roles=[Role.CASE_WORKER])
    other_device = Client()
    login(user)
    login(user, other_device)
    assert other_device.get(reverse("web:home")).status_code == 200
    client.post(reverse("core:logout_everywhere"))
    response = other_device.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_session_expires_after_inactivity(client, login, settings):
    from datetime import timedelta
    from unittest import mock

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    user = UserFactory(roles=[Role.CASE_WORKER])
    login(user)
    assert client.get(reverse("web:home")).status_code == 200
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)
    with mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=later):
        response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert Session.objects.filter(expire_date__gt=later).count() == 0 or response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_logout_requires_post(client, login):
    user = UserFactory(roles=[Role.CASE_WORKER])
    login(user)
    assert client.get(reverse("core:logout")).status_code == 405
    assert client.post(reverse("core:logout")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_totp_helper_matches_django_otp():
    from django_otp.oath import TOTP

    key = "3132333435363738393031323334353637383930"  # RFC 6238 test key
    t = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6)
    t.time = 59
    assert totp_code(key, at=59) == f"{t.token():06d}"
    assert totp_code(key, at=time.time()).isdigit()
