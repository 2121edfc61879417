"""The code of conduct: asked after login until acknowledged, once per version (R23)."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.core.tests.utils import totp_code
from privacyregie.people import services
from privacyregie.people.models import Acknowledgement

from .factories import CodeOfConductFactory

LOGIN = "/account/inloggen/"
PASSWORD = "Correct-paard-batterij-9"


def _login_through_the_form(client, user):
    client.post(LOGIN, {"login_view-current_step": "auth", "auth-username": user.username, "auth-password": PASSWORD})
    key = TOTPDevice.objects.get(user=user, name="default").key
    return client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": totp_code(key)})


@pytest.fixture
def versions(org):
    v1 = CodeOfConductFactory(organisation=org, version=1)
    v2 = CodeOfConductFactory(organisation=org, version=2, text="Versie 2: meld een datalek meteen.",
                              published_at=timezone.now() - datetime.timedelta(days=1))
    return v1, v2


def test_a_new_version_is_asked_after_login_and_then_lands_on_the_start_page(client, org, worker, versions):
    v1, v2 = versions
    Acknowledgement.objects.create(user=worker, version=v1)
    response = _login_through_the_form(client, worker)
    assert response.status_code == 302
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:conduct") + "?next=")
    page = client.get(response["Location"]).content.decode()
    assert "Versie 2: meld een datalek meteen." in page and "nieuwe versie" in page
    response = client.post(reverse("people:conduct"), {"agree": "on", "next": reverse("web:home")})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert Acknowledgement.objects.filter(user=worker, version=v2).exists()
    assert client.get(reverse("web:home")).status_code == 200


def test_account_pages_and_incident_reporting_stay_reachable(client, org, worker, versions):
    _login_through_the_form(client, worker)
    assert client.get(reverse("people:mine")).status_code == 302
    assert client.get(reverse("incidents:report")).status_code == 200
    assert client.get(reverse("core:profile")).status_code == 200


def test_without_agreeing_nothing_is_recorded(client, org, worker, versions):
    _login_through_the_form(client, worker)
    response = client.post(reverse("people:conduct"), {})
    assert response.status_code == 400 and not Acknowledgement.objects.filter(user=worker).exists()


def test_nothing_is_asked_when_the_current_version_was_acknowledged(client, org, worker, versions):
    for version in versions:
        Acknowledgement.objects.create(user=worker, version=version)
    _login_through_the_form(client, worker)
    assert client.get(reverse("web:home")).status_code == 200


def test_nothing_is_asked_without_a_code_of_conduct_or_of_an_external_user(client, org, worker):
    _login_through_the_form(client, worker)
    assert client.get(reverse("web:home")).status_code == 200
    CodeOfConductFactory(organisation=org)
    supplier = UserFactory(organisation=org, roles=[Role.SUPPLIER])
    assert services.pending_conduct(supplier) is None
    assert services.pending_conduct(worker) is not None


def test_a_second_acknowledgement_of_the_same_version_is_refused_and_logged(client, login, org, worker, versions,
                                                                         caplog):
    _v1, v2 = versions
    first = services.acknowledge(worker, v2)
    with caplog.at_level(logging.WARNING, logger="privacyregie.people"), pytest.raises(ValidationError) as exc:
        services.acknowledge(worker, v2)
    assert "al bevestigd" in exc.value.messages[0] and "second acknowledgement" in caplog.text
    assert Acknowledgement.objects.filter(user=worker, version=v2).get() == first
    login(worker)
    response = client.post(reverse("people:conduct"), {"agree": "on"}, follow=True)
    assert "U heeft versie 2 van de gedragscode al bevestigd op" in response.content.decode()
    assert Acknowledgement.objects.filter(user=worker, version=v2).count() == 1


def test_another_organisations_version_cannot_be_acknowledged(org, worker):
    foreign = CodeOfConductFactory()
    with pytest.raises(ValidationError):
        services.acknowledge(worker, foreign)
