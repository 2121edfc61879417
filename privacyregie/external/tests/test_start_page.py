"""The start page of external users: what was shared with them (from registered sections),
what expires soon, and reporting an incident; nothing misleading when nothing is shared."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.core.tests.utils import login_verified
from privacyregie.external import services
from privacyregie.external.models import ExternalGrant
from privacyregie.incidents.models import Incident

from .factories import external_user, grant, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def section():
    """A provider as exchange registers one: the objects with an active grant, each with a link."""
    saved = list(services._START_SECTIONS)

    @services.register_start_section
    def shared_incidents(user):
        ids = services.active_targets(user, Incident)
        items = [services.StartItem(label=i.title, url=f"/voorbeeld/{i.uuid}/")
                 for i in Incident.objects.filter(pk__in=ids)]
        return services.StartSection(title="Uitwisselingen", items=items)

    yield shared_incidents
    services._START_SECTIONS[:] = saved


def test_nothing_shared_says_so(client, org, section):
    user = external_user(org)
    login_verified(client, user)
    page = client.get(reverse("web:home")).content.decode()
    assert "Met mij gedeeld" in page and "Er is nog niets met u gedeeld." in page
    assert reverse("incidents:report") in page
    assert "Verloopt binnenkort" not in page


def test_shared_items_are_listed(client, org, section):
    user = external_user(org)
    shown, revoked = target(org), target(org)
    shown.title, revoked.title = "Gedeeld dossierstuk", "Ingetrokken stuk"
    shown.save(), revoked.save()
    grant(user, shown)
    grant(user, revoked, revoked_at=timezone.now())
    login_verified(client, user)
    home = client.get(reverse("web:home")).content.decode()
    assert "Uitwisselingen" in home and "Er is nog niets met u gedeeld." not in home
    page = client.get(reverse("external:shared")).content.decode()
    assert f"/voorbeeld/{shown.uuid}/" in page and "Gedeeld dossierstuk" in page
    assert "Ingetrokken stuk" not in page


def test_expiring_within_three_days_is_shown(client, org, section):
    user = external_user(org)
    soon, later = target(org), target(org)
    grant(user, soon, days=2)
    grant(user, later, days=10)
    login_verified(client, user)
    home = client.get(reverse("web:home")).content.decode()
    assert "Verloopt binnenkort" in home
    assert list(services.expiring_soon(user)) == list(ExternalGrant.objects.filter(object_id=soon.pk))


def test_internal_users_do_not_get_the_external_start_page(client, org, section):
    worker = UserFactory(organisation=org, roles=[Role.CASE_WORKER])
    login_verified(client, worker)
    assert "Met mij gedeeld" not in client.get(reverse("web:home")).content.decode()
    assert client.get(reverse("external:shared")).status_code == 403


def test_expired_grant_is_not_expiring_soon(org):
    user = external_user(org)
    g = grant(user, target(org), days=1)
    ExternalGrant.objects.filter(pk=g.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert list(services.expiring_soon(user)) == []
