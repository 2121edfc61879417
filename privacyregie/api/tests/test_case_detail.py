"""``GET /api/v1/cases/{id}`` answers exactly what its documented serializers describe.

The answer is built from plain values (``dossiers.api.case_representation`` / ``case_contents``) for
speed; the serializers remain the schema. These tests fill a case with every kind of content (empty and
filled optional fields, a withdrawn consent, partners out of alphabetical order, times in summer and
winter time, a revoked member) and compare the answer with the serializers' output field by field.
"""

import json
from datetime import UTC, date, datetime

import pytest
from rest_framework.renderers import JSONRenderer

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from privacyregie.dossiers.api import CaseDetailSerializer, CaseSerializer, MembershipSerializer
from privacyregie.dossiers.models import Case, CaseDocument, CaseMembership, CaseNote, CaseResident, Consent
from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.register.models import ChainPartner

pytestmark = pytest.mark.django_db


def _plain(data) -> dict:
    return json.loads(JSONRenderer().render(data))


@pytest.fixture
def full_case():
    org = OrganisationFactory()
    team = TeamFactory(organisation=org, domain="jeugd")
    worker = UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[team])
    colleague = UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[team])
    former = UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[team])
    child = ResidentFactory(organisation=org, first_name="Noa", date_of_birth=date(2015, 3, 2), address="Brink 1",
                            postal_code="1261 ER", city="Blaricum", phone="035-1234567", email="noa@example.org")
    parent = ResidentFactory(organisation=org, first_name="Lin")  # no date of birth, empty optional fields
    case = CaseFactory(organisation=org, team=team, members=[worker], residents=[child])
    CaseResident.objects.create(case=case, resident=parent, role=CaseResident.Role.PARENT)
    CaseMembership.objects.create(case=case, user=colleague, role=CaseMembership.Role.LEAD,
                                  assigned_at=datetime(2026, 1, 5, 23, 30, tzinfo=UTC))
    CaseMembership.objects.create(case=case, user=former, revoked_at=datetime(2026, 2, 1, tzinfo=UTC))
    CaseNote.objects.create(case=case, author=worker, text="Zomer", created_at=datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    CaseNote.objects.create(case=case, author=colleague, text="Winter\nmet regel",
                            created_at=datetime(2026, 1, 1, 23, 15, 30, 123456, tzinfo=UTC))
    CaseDocument.objects.create(case=case, uploaded_by=worker, title="Plan", file_name="plan.pdf",
                                content_type="application/pdf", size=1234, sha256="a" * 64, storage_name="x")
    zeta = ChainPartner.objects.create(organisation=org, name="Zeta zorg", kind="huisarts", role="verantwoordelijke")
    alpha = ChainPartner.objects.create(organisation=org, name="Alpha school", kind="huisarts",
                                        role="verantwoordelijke")
    shared = Consent.objects.create(organisation=org, resident=parent, case=case, form="schriftelijk", scope="delen",
                                    data_categories=["contact", "gezin"], given_on=date(2026, 3, 1),
                                    valid_from=date(2026, 3, 1), valid_until=date(2027, 3, 1), recorded_by=worker,
                                    conversation="intake", recipient_note="via de school")
    shared.partners.set([zeta, alpha])
    Consent.objects.create(organisation=org, resident=child, case=case, form="mondeling", scope="eerder",
                           data_categories=[], given_on=date(2026, 2, 1), valid_from=date(2026, 2, 1),
                           recorded_by=worker, withdrawn_at=datetime(2026, 4, 1, 12, 0, tzinfo=UTC),
                           withdrawn_by=worker, withdrawal_form="mondeling")
    return case, worker


def test_member_gets_what_the_detail_serializer_describes(client, login, full_case):
    case, worker = full_case
    login(worker)
    before = ProcessingLogEntry.objects.count()
    response = client.get(f"/api/v1/cases/{case.uuid}", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert ProcessingLogEntry.objects.count() - before == 2  # both residents read, both logged

    answer = response.json()
    expected = _plain(CaseDetailSerializer(Case.objects.get(pk=case.pk)).data)
    assert answer.pop("legal_basis")
    assert answer == expected
    # the comparison is not vacuous: the things that are easy to get wrong are there
    assert [n["text"] for n in answer["notes"]] == ["Zomer", "Winter\nmet regel"]
    assert answer["notes"][0]["created_at"] == "2026-07-01T10:00:00+02:00"
    assert [c["partners"] for c in answer["consents"]] == [["Alpha school", "Zeta zorg"], []]
    assert answer["consents"][1]["withdrawn_at"] == "2026-04-01T14:00:00+02:00"
    assert {m["username"] for m in answer["members"]} == {worker.username, case.memberships.get(role="regie").user.username}
    assert [r["resident"]["date_of_birth"] for r in answer["residents"]] == ["2015-03-02", None]


def test_team_lead_gets_metadata_and_members_only(client, login, full_case):
    case, _worker = full_case
    lead = UserFactory(organisation=case.organisation, roles=[Role.TEAM_LEAD])
    lead.team_memberships.create(team=case.team, is_lead=True)
    login(lead)
    response = client.get(f"/api/v1/cases/{case.uuid}", HTTP_ACCEPT="application/json")
    assert response.status_code == 200

    answer = response.json()
    fresh = Case.objects.get(pk=case.pk)
    members = fresh.memberships.filter(revoked_at__isnull=True).select_related("user", "case").order_by("pk")
    expected = {**_plain(CaseSerializer(fresh).data), "members": _plain(MembershipSerializer(members, many=True).data)}
    assert answer.pop("legal_basis")
    assert answer == expected
    assert "residents" not in answer and "notes" not in answer and len(answer["members"]) == 2
