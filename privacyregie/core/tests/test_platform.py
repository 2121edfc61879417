"""Settings, security headers, demo data, admin limits, organisations and notifications."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from privacyregie.core.models import Notification, Organisation, SecurityEvent, Team, User
from privacyregie.core.roles import PERMISSIONS, ROLE_PERMISSIONS, Role
from privacyregie.core.tests.factories import UserFactory


@pytest.mark.django_db
def test_strict_csp_and_security_headers(client):
    response = client.get(reverse("two_factor:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_traceparent_is_continued(client):
    trace = "0af7651916cd43dd8448eb211c80319c"
    response = client.get(reverse("web:health"), HTTP_TRACEPARENT=f"00-{trace}-b7ad6b7169203331-01")
    assert response["traceparent"].startswith(f"00-{trace}-")
    assert "b7ad6b7169203331" not in response["traceparent"]  # a new span of the same trace


@pytest.mark.django_db
def test_demo_data_is_idempotent():
    counts = (User.objects.count(), Team.objects.count(), Organisation.objects.count())
    call_command("load_demo", "--i-know-this-is-not-production", verbosity=0)
    assert (User.objects.count(), Team.objects.count(), Organisation.objects.count()) == counts


@pytest.mark.django_db
def test_demo_data_is_refused_in_production_without_flag(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo")


@pytest.mark.django_db
def test_deploy_check_warns_about_demo_accounts(settings):
    from privacyregie.core.checks import demo_accounts_check

    settings.DEMO_MODE = False
    assert [w.id for w in demo_accounts_check(None)] == ["privacyregie.W001"]
    call_command("remove_demo_accounts", verbosity=0)
    assert demo_accounts_check(None) == []


def test_every_role_permission_is_defined():
    for role in Role:
        assert role in ROLE_PERMISSIONS, role
        assert ROLE_PERMISSIONS[role] <= set(PERMISSIONS), role


def test_council_and_externals_have_no_case_or_log_access():
    for role in (Role.COUNCIL, Role.CHAIN_PARTNER, Role.SUPPLIER):
        granted = ROLE_PERMISSIONS[role]
        assert not {p for p in granted if p.startswith(("dossiers.", "kernel."))}, role


@pytest.mark.django_db
def test_roles_page_shows_the_single_mapping(client, login):
    login("beheerder")
    response = client.get(reverse("core:roles"))
    content = response.content.decode()
    for role in Role:
        assert str(role.label) in content
    assert "kernel.view_processing_log" in content


@pytest.mark.django_db
def test_security_events_page_shows_only_own_organisation(client, login):
    bel = Organisation.objects.get(slug="bel")
    haren = Organisation.objects.get(slug="haren")
    SecurityEvent.objects.create(organisation=bel, kind="login_failed", username="iemand.bel")
    SecurityEvent.objects.create(organisation=haren, kind="login_failed", username="iemand.haren")
    login("ciso")
    content = client.get(reverse("core:security_events")).content.decode()
    assert "iemand.bel" in content and "iemand.haren" not in content


@pytest.mark.django_db
def test_admin_is_for_functional_administrators_of_own_organisation(client, login):
    login("beheerder")
    response = client.get("/beheer/admin/core/user/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "consulent.jeugd" in content and "fg.haren" not in content
    haren_user = User.objects.get(username="fg.haren")
    assert client.get(f"/beheer/admin/core/user/{haren_user.pk}/change/").status_code in (302, 404)
    assert client.get("/beheer/admin/otp_totp/totpdevice/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["fg", "consulent.jeugd", "ciso", "raad"])
def test_admin_refuses_other_roles(client, login, username):
    login(username)
    response = client.get("/beheer/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/beheer/admin/core/user/").status_code in (302, 403)


@pytest.mark.django_db
def test_notification_is_stored_and_mailed_once(mailoutbox, django_capture_on_commit_callbacks):
    from privacyregie.core.services import notify

    user = User.objects.get(username="fg")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], "Herinnering", "Tekst", dedup_key="x-1")
        notify([user], "Herinnering", "Tekst", dedup_key="x-1")
    assert Notification.objects.filter(recipient=user, dedup_key="x-1").count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_failed_mail_is_kept_and_retried(settings, mailoutbox):
    from unittest import mock

    from privacyregie.core.services import notify, send_pending_emails

    user = UserFactory(roles=[Role.CISO])
    with mock.patch("privacyregie.core.services.send_mail", side_effect=OSError("smtp down")):
        notify([user], "Onderwerp", "Tekst")
        send_pending_emails()
    notification = Notification.objects.get(recipient=user)
    assert notification.email_sent_at is None and "smtp down" in notification.email_error
    assert send_pending_emails() == 1
    notification.refresh_from_db()
    assert notification.email_sent_at is not None


@pytest.mark.django_db
def test_role_cannot_be_granted_in_another_organisation():
    from django.core.exceptions import ValidationError

    from privacyregie.core.models import RoleAssignment

    user = UserFactory(roles=[])
    other = Organisation.objects.get(slug="haren")
    with pytest.raises(ValidationError):
        RoleAssignment(user=user, organisation=other, role=Role.CISO).full_clean()


@pytest.mark.django_db
def test_error_pages_do_not_leak_internals(client, login):
    login("consulent.jeugd")
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Niet gevonden" in content and "Traceback" not in content and "urlpatterns" not in content


_NOT_IN_PRODUCTION = {"DEBUG", "DEMO_MODE", "DATABASE_URL", "PRIVACYREGIE_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    from privacyregie.core.crypto import Keyring

    env = {
        **{k: v for k, v in os.environ.items() if k not in _NOT_IN_PRODUCTION},
        "DJANGO_SETTINGS_MODULE": "privacyregie.settings",
        "SECRET_KEY": "x" * 60 + "production-secret-key-0123456789",
        "ALLOWED_HOSTS": "privacyregie.example.nl",
        "FILE_MASTER_KEYS": Keyring.new_entry("k2026"),
        "PSEUDONYM_KEY": "p" * 64,
        "PROCESSING_LOG_SIGNING_KEY": "s" * 43,
        "PROCESSING_LOG_WITNESSES": "file,syslog",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_admin_registers_no_model_with_residents_data():
    """The admin is configuration only; personal data is reached through the privacy kernel."""
    from django.contrib import admin

    forbidden_apps = {"dossiers", "kernel", "incidents"}
    registered = {f"{m._meta.app_label}.{m.__name__}" for m in admin.site._registry}
    leaks = sorted(name for name in registered if name.split(".")[0] in forbidden_apps)
    assert not leaks, f"models with personal data must not be in the admin: {leaks}"
