import pytest
from django.test import RequestFactory

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER])


@pytest.fixture
def http(officer):
    """A request as the privacy officer (for services that pass the kernel)."""
    request = RequestFactory().post("/rechten/")
    request.user = officer
    return request
