import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER], first_name="Mila", last_name="Meldster")


@pytest.fixture
def lead(org):
    return UserFactory(organisation=org, roles=[Role.TEAM_LEAD])


@pytest.fixture
def partner(org):
    from privacyregie.register.models import ChainPartner

    return ChainPartner.objects.create(organisation=org, name="Zorg Test", kind="zorgaanbieder", role="verantwoordelijke")


@pytest.fixture
def other_partner(org):
    from privacyregie.register.models import ChainPartner

    return ChainPartner.objects.create(organisation=org, name="Huisarts Test", kind="huisarts", role="verantwoordelijke")


@pytest.fixture
def partner_user(org, partner):
    from privacyregie.external.models import ExternalAccount

    user = UserFactory(organisation=org, roles=[Role.CHAIN_PARTNER])
    ExternalAccount.objects.create(user=user, partner=partner)
    return user
