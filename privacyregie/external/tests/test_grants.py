"""Grants of external users: expiry and revocation end access at once, also mid-session;
the confidentiality statement comes before any access, and a new version asks again."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import SecurityEvent
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.core.tests.utils import login_verified
from privacyregie.external import services
from privacyregie.external.models import ExternalGrant, StatementVersion
from privacyregie.external.signals import grant_ended
from privacyregie.incidents.models import Incident

from .factories import external_user, grant, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER])


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_active_grant_gives_access(org):
    user, obj = external_user(org), target(org)
    grant(user, obj)
    assert services.has_active_grant(user, obj)


def test_grant_on_another_object_gives_no_access(org):
    user, obj = external_user(org), target(org)
    grant(user, target(org))
    assert not services.has_active_grant(user, obj)


def test_expired_grant_gives_no_access_at_call_time(org):
    user, obj = external_user(org), target(org)
    g = grant(user, obj)
    ExternalGrant.objects.filter(pk=g.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not services.has_active_grant(user, obj)


def test_revoked_grant_gives_no_access(org, worker):
    user, obj = external_user(org), target(org)
    grant(user, obj)
    assert services.revoke_grant(_request(worker), user, obj) == 1
    assert not services.has_active_grant(user, obj)
    ended = ExternalGrant.objects.get(user=user)
    assert ended.revoked_by == worker
    assert ended.history.first().history_change_reason == "ingetrokken"


def test_internal_user_never_has_a_grant(org, worker):
    obj = target(org)
    grant(worker, obj)
    assert not services.has_active_grant(worker, obj)


def test_statement_required_before_access(org):
    user, obj = external_user(org, accepted=False), target(org)
    grant(user, obj)
    assert not services.has_active_grant(user, obj)
    assert list(services.active_targets(user, Incident)) == []
    services.accept_statement(user, StatementVersion.objects.current())
    assert services.has_active_grant(user, obj)


def test_new_statement_version_asks_again(org):
    user, obj = external_user(org), target(org)
    grant(user, obj)
    current = StatementVersion.objects.current()
    StatementVersion.objects.create(version=current.version + 1, text="Nieuwe tekst")
    assert not services.has_active_grant(user, obj)


def test_active_targets_lists_only_active_grants(org, worker):
    user = external_user(org)
    kept, revoked, expired = target(org), target(org), target(org)
    for obj in (kept, revoked, expired):
        grant(user, obj)
    services.revoke_grant(_request(worker), user, revoked)
    ExternalGrant.objects.filter(object_id=expired.pk).update(expires_at=timezone.now())
    assert list(Incident.objects.filter(pk__in=services.active_targets(user, Incident))) == [kept]


def test_grant_access_refuses_period_over_maximum(org, worker):
    user, obj = external_user(org), target(org)
    with pytest.raises(ValidationError):
        services.grant_access(_request(worker), user, obj, until=timezone.now() + timedelta(days=31))
    g = services.grant_access(_request(worker), user, obj, until=timezone.now() + timedelta(days=30))
    assert g.granted_by == worker and services.has_active_grant(user, obj)


def test_grant_access_only_by_who_may_share(org):
    user, obj = external_user(org), target(org)
    ciso = UserFactory(organisation=org, roles=[Role.CISO])
    with pytest.raises(PermissionDenied):
        services.grant_access(_request(ciso), user, obj, until=timezone.now() + timedelta(days=1))
    assert not ExternalGrant.objects.filter(user=user).exists()


def test_grant_access_refuses_internal_user(org, worker):
    with pytest.raises(ValidationError):
        services.grant_access(_request(worker), worker, target(org), until=timezone.now() + timedelta(days=1))


def test_revocation_sends_grant_ended(org, worker):
    user, obj = external_user(org), target(org)
    grant(user, obj)
    received = []

    def listener(sender, user, grant_target, **kwargs):
        received.append((user, grant_target))

    grant_ended.connect(listener)
    try:
        services.revoke_grant(_request(worker), user, obj)
    finally:
        grant_ended.disconnect(listener)
    assert received == [(user, obj)]


def test_expiry_job_announces_once(org):
    user, obj = external_user(org), target(org)
    g = grant(user, obj)
    ExternalGrant.objects.filter(pk=g.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    received = []

    def listener(sender, user, grant_target, **kwargs):
        received.append(grant_target)

    grant_ended.connect(listener)
    try:
        assert services.record_ended_grants() == 1
        assert services.record_ended_grants() == 0
    finally:
        grant_ended.disconnect(listener)
    assert received == [obj]
    assert ExternalGrant.objects.get(pk=g.pk).history.first().history_change_reason == "verlopen"


# --- the session is cut at once -----------------------------------------------------------------

def test_revocation_cuts_an_open_session(client, org, worker):
    user, obj = external_user(org), target(org)
    grant(user, obj)
    login_verified(client, user)
    assert client.get(reverse("web:home")).status_code == 200
    services.revoke_grant(_request(worker), user, obj)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:login")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "verlopen of ingetrokken" in page.content.decode()
    assert SecurityEvent.objects.filter(user=user, kind="access_denied", detail__contains="beëindigd").exists()


def test_expiry_cuts_an_open_session(client, org):
    user, obj = external_user(org), target(org)
    g = grant(user, obj)
    login_verified(client, user)
    assert client.get(reverse("core:profile")).status_code == 200
    ExternalGrant.objects.filter(pk=g.pk).update(expires_at=timezone.now())
    response = client.get(reverse("core:profile"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_one_of_two_grants_revoked_keeps_the_session(client, org, worker):
    user, first, second = external_user(org), target(org), target(org)
    grant(user, first)
    grant(user, second)
    login_verified(client, user)
    services.revoke_grant(_request(worker), user, first)
    assert client.get(reverse("web:home")).status_code == 200
    assert not services.has_active_grant(user, first) and services.has_active_grant(user, second)


def test_external_without_any_grant_keeps_incident_reporting(client, org):
    """A processor's account (made by the functional administrator) never had a grant: it reports as today."""
    user = external_user(org, accepted=False)
    login_verified(client, user)
    assert client.get(reverse("incidents:report")).status_code == 200
    assert client.get(reverse("web:home")).status_code == 200  # nothing shared: no statement asked yet


def test_statement_page_comes_first(client, org):
    user, obj = external_user(org, accepted=False), target(org)
    grant(user, obj)
    login_verified(client, user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("external:statement"))
    assert client.get(reverse("incidents:report")).status_code == 200  # reporting a breach is never blocked
    page = client.get(response["Location"])
    assert "Geheimhoudingsverklaring" in page.content.decode()
    refused = client.post(reverse("external:statement"), {"next": reverse("web:home")})
    assert refused.status_code == 200 and not services.has_active_grant(user, obj)
    accepted = client.post(reverse("external:statement"), {"agree": "on", "next": reverse("web:home")})
    assert accepted.status_code == 302 and accepted["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200


def test_statement_next_refuses_other_hosts(client, org):
    user = external_user(org, accepted=False)
    login_verified(client, user)
    response = client.post(reverse("external:statement"), {"agree": "on", "next": "https://evil.example/"})
    assert response["Location"] == reverse("web:home")
