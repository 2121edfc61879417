import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganisationFactory()


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER], first_name="Mila", last_name="Meldster")


@pytest.fixture
def officer(org):
    return UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])


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


@pytest.fixture
def norms(db):
    from privacyregie.compliance import frameworks
    from privacyregie.compliance.demo import RK_URN
    from privacyregie.compliance.models import Framework

    frameworks.import_shipped()
    return Framework.objects.get(organisation=None, urn=RK_URN)


@pytest.fixture
def assessment(org, norms):
    from privacyregie.compliance.assessments import create_assessment

    return create_assessment(org, norms, "Stoplicht test", "2026")
