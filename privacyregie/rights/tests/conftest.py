import pytest
from django.test import RequestFactory

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganisationFactory()


@pytest.fixture
def officer(org):
    return UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER])


@pytest.fixture
def manager(org):
    return UserFactory(organisation=org, roles=[Role.MANAGEMENT])


@pytest.fixture
def http(officer):
    """A request as the privacy officer (for services that pass the kernel)."""
    request = RequestFactory().post("/rechten/")
    request.user = officer
    return request
