import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import TeamFactory, UserFactory


@pytest.fixture
def team(org):
    return TeamFactory(organisation=org, name="Jeugdteam")


@pytest.fixture
def worker(org, team):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[team], username="jan.jeugd")


@pytest.fixture
def lead(org, team):
    from privacyregie.core.models import TeamMembership

    user = UserFactory(organisation=org, roles=[Role.TEAM_LEAD])
    TeamMembership.objects.create(user=user, team=team, is_lead=True)
    return user
