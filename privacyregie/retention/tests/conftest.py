import datetime

import pytest

from privacyregie.retention import selectielijst


@pytest.fixture
def selection_list(db):
    """The Selectielijst 2020 as shipped (the demo loads it too; importing again changes nothing)."""
    return selectielijst.import_list(selectielijst.read_folder(selectielijst.DATA_DIR), source="test").selection_list


@pytest.fixture
def result(selection_list):
    def _result(number):
        return selection_list.results.get(full_number=number)

    return _result


@pytest.fixture
def today():
    return datetime.date(2026, 12, 1)


class FakeRequest:
    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}


class World:
    """An organisation with a Jeugdwet activity in the register (rules per outcome), a case under it, its
    worker (member) and a colleague who is not on the case."""

    def __init__(self, selection_list):
        from privacyregie.core.roles import Role
        from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory
        from privacyregie.dossiers.tests.factories import CaseFactory
        from privacyregie.register.services import save_activity
        from privacyregie.retention import services

        self.org = OrganisationFactory()
        team = TeamFactory(organisation=self.org, domain="jeugd")
        self.worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[team])
        self.stranger = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[team])
        self.officer = UserFactory(organisation=self.org, roles=[Role.PRIVACY_OFFICER])
        self.version = save_activity(self.org, {"name": "Jeugdhulp", "status": "concept",
                                                "legal_basis": "wettelijke_verplichting"})
        results = selection_list.results
        services.set_rules(self.version, {"verstrekt": results.get(full_number="8.1.2"),
                                          "geweigerd": results.get(full_number="8.2"),
                                          "ingetrokken": results.get(full_number="8.4.1")})
        self.case = CaseFactory(organisation=self.org, team=team, members=[self.worker],
                                processing_activity="Jeugdhulp", statutory_basis="Jeugdwet art. 2.3",
                                opened_on=datetime.date(2024, 1, 10))


@pytest.fixture
def world(selection_list):
    return World(selection_list)
