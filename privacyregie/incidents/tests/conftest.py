import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganisationFactory()


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER], first_name="Mila", last_name="Geheimnaam")


@pytest.fixture
def officer(org):
    return UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def ciso(org):
    return UserFactory(organisation=org, roles=[Role.CISO])


@pytest.fixture
def manager(org):
    return UserFactory(organisation=org, roles=[Role.MANAGEMENT])
