import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from privacyregie.dossiers.tests.factories import CaseFactory, covered_partner
from privacyregie.external.tests.factories import external_user, grant


class FakeRequest:
    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}


def upload(data: bytes, name: str = "notitie.txt"):
    return SimpleUploadedFile(name, data)


class World:
    """An organisation with a case, its worker (room owner), a colleague on the case, a worker
    not on the case, a GP (external) of a register partner, and a room on the case with the GP."""

    def __init__(self):
        from datetime import timedelta

        from django.utils import timezone

        from privacyregie.datarooms import services

        self.org = OrganisationFactory()
        team = TeamFactory(organisation=self.org, domain="jeugd")
        self.owner = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[team])
        self.colleague = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[team])
        self.stranger = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[team])
        self.case = CaseFactory(organisation=self.org, team=team, members=[self.owner, self.colleague])
        self.partner = covered_partner(self.org)  # convenant covering the case's activity, identifying + contact
        self.gp = external_user(self.org)
        self.room = services.create_room(FakeRequest(self.owner), title="Overleg", purpose="Advies",
                                         closes_on=timezone.localdate() + timedelta(days=30), case=self.case)
        self.grant = grant(self.gp, self.room)
        self.other_org_worker = UserFactory(organisation=OrganisationFactory(), roles=[Role.CASE_WORKER])

    def request(self, user):
        return FakeRequest(user)


@pytest.fixture
def world(db):
    return World()
