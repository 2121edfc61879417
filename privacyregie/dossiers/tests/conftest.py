import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory


class World:
    """One organisation with a youth team and a Wmo team, their workers and a team lead."""

    def __init__(self):
        self.org = OrganisationFactory()
        self.youth_team = TeamFactory(organisation=self.org, domain="jeugd")
        self.wmo_team = TeamFactory(organisation=self.org, domain="wmo")
        self.worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.youth_team])
        self.colleague = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.youth_team])
        self.wmo_worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.wmo_team])
        self.lead = UserFactory(organisation=self.org, roles=[Role.TEAM_LEAD])
        self.lead.team_memberships.create(team=self.youth_team, is_lead=True)
        self.officer = UserFactory(organisation=self.org, roles=[Role.PRIVACY_OFFICER])
        self.admin = UserFactory(organisation=self.org, roles=[Role.FUNCTIONAL_ADMIN])
        other = OrganisationFactory()
        self.outsider = UserFactory(organisation=other, roles=[Role.CASE_WORKER])


@pytest.fixture
def world(db):
    return World()


class FakeRequest:
    """A request as the services need it: a user and request metadata."""

    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}
        self.trace_id = self.span_id = self.parent_span_id = ""


@pytest.fixture
def as_user():
    return FakeRequest
