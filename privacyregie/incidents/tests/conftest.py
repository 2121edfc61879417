import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER], first_name="Mila", last_name="Geheimnaam")


@pytest.fixture
def ciso(org):
    return UserFactory(organisation=org, roles=[Role.CISO])
