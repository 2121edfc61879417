"""The register panel of the start page: its figures are kept per organisation for a minute, and it says so."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory

from .factories import legacy_activity

pytestmark = pytest.mark.django_db


def _issues(client) -> tuple[int, str]:
    panel = next(p for p in client.get(reverse("web:home")).context["panels"] if p.url == reverse("register:checks"))
    return dict(panel.lines)["Aandachtspunten"], panel


def test_figures_kept_per_organisation_and_said(client, login):
    org = OrganisationFactory()
    login(UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER]))
    legacy_activity(org, name="Onvolledig")
    first, panel = _issues(client)
    assert first >= 1 and panel.kept_seconds == 60
    assert "Deze cijfers kunnen tot 60 seconden oud zijn." in client.get(reverse("web:home")).content.decode()

    legacy_activity(org, name="Nog een onvolledig")
    assert _issues(client)[0] == first  # kept: within the minute the same figures
    cache.clear()  # the minute is over
    assert _issues(client)[0] > first


def test_figures_of_another_organisation_are_its_own(client, login):
    org, other = OrganisationFactory(), OrganisationFactory()
    legacy_activity(org, name="Onvolledig")
    login(UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER]))
    assert _issues(client)[0] >= 1
    login(UserFactory(organisation=other, roles=[Role.PRIVACY_OFFICER]))
    assert _issues(client)[0] == 0
