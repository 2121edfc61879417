"""The municipal side: the access I gave (the privacy officer: the organisation's), revoked with a POST."""

import pytest
from django.urls import reverse

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.core.tests.utils import login_verified
from privacyregie.external import services
from privacyregie.external.models import ExternalGrant

from .factories import external_user, grant, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    org = OrganisationFactory()
    worker = UserFactory(organisation=org, roles=[Role.CASE_WORKER])
    colleague = UserFactory(organisation=org, roles=[Role.CASE_WORKER])
    officer = UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])
    ext_mine = external_user(org, first_name="Mijn", last_name="Huisarts")
    ext_theirs = external_user(org, first_name="Andere", last_name="Jeugdarts")
    mine = grant(ext_mine, target(org), granted_by=worker)
    theirs = grant(ext_theirs, target(org), granted_by=colleague)
    return worker, officer, mine, theirs


def test_worker_sees_own_grants_only(client, setup):
    worker, _officer, _mine, _theirs = setup
    login_verified(client, worker)
    page = client.get(reverse("external:overview")).content.decode()
    assert "Mijn Huisarts" in page and "Andere Jeugdarts" not in page


def test_privacy_officer_sees_all(client, setup):
    _worker, officer, _mine, _theirs = setup
    login_verified(client, officer)
    page = client.get(reverse("external:overview")).content.decode()
    assert "Mijn Huisarts" in page and "Andere Jeugdarts" in page


def test_revoke_asks_first_then_ends_access(client, setup):
    worker, _officer, mine, _theirs = setup
    login_verified(client, worker)
    url = reverse("external:grant_revoke", args=[mine.uuid])
    assert "Weet u zeker" in client.get(url).content.decode()
    assert ExternalGrant.objects.get(pk=mine.pk).is_active()
    response = client.post(url)
    assert response.status_code == 302
    ended = ExternalGrant.objects.get(pk=mine.pk)
    assert not ended.is_active() and ended.revoked_by == worker
    assert not services.has_active_grant(mine.user, mine.target)


def test_cannot_revoke_a_colleagues_grant(client, setup):
    worker, _officer, _mine, theirs = setup
    login_verified(client, worker)
    assert client.post(reverse("external:grant_revoke", args=[theirs.uuid])).status_code == 404
    assert ExternalGrant.objects.get(pk=theirs.pk).is_active()


def test_other_organisation_sees_nothing(client, setup):
    _worker, _officer, mine, _theirs = setup
    stranger = UserFactory(roles=[Role.PRIVACY_OFFICER])
    login_verified(client, stranger)
    assert client.post(reverse("external:grant_revoke", args=[mine.uuid])).status_code == 404
    assert "Mijn Huisarts" not in client.get(reverse("external:overview")).content.decode()
