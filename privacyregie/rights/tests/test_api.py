"""The API of residents' requests: same rules, messages and logging as the pages; the BSN never returned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.rights.models import RequestStatus, SubjectRequest

from .factories import SubjectRequestFactory

pytestmark = pytest.mark.django_db


def test_register_check_identity_report_and_answer_through_the_api(client, login, officer):
    resident = ResidentFactory(organisation=officer.organisation)
    CaseFactory(organisation=officer.organisation, residents=[resident], statutory_basis="Wmo 2015 art. 2.3.2")
    login(officer)
    response = client.post(reverse("api:subject-request-list"), {
        "kind": "inzage", "channel": "email", "requester_name": "Anna", "bsn": resident.bsn},
        content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert resident.bsn not in response.content.decode() and data["days_left"] >= 28 and data["clock"]
    uuid = data["id"]
    response = client.post(reverse("api:subject-request-identity", kwargs={"uuid": uuid}),
                           {"method": "digid_portaal", "bsn": resident.bsn}, content_type="application/json")
    assert response.status_code == 200 and response.json()["resident_linked"] is True
    report = client.get(reverse("api:subject-request-access-report", kwargs={"uuid": uuid}))
    assert report.status_code == 200 and report.json()["schema"] == "privacyregie.inzagerapport/1"
    assert ProcessingLogEntry.objects.filter(action="export", purpose="inzageverzoek",
                                             organisation_id=officer.organisation_id).exists()
    response = client.post(reverse("api:subject-request-answer", kwargs={"uuid": uuid}),
                           {"outcome": "toegewezen", "reasoning": "Inzage gegeven."}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == RequestStatus.ANSWERED
    assert response.json()["days_left"] is None


def test_a_late_extension_is_refused_with_the_same_message(client, login, officer):
    sr = SubjectRequestFactory(organisation=officer.organisation, received_at=timezone.now() - timedelta(days=35))
    login(officer)
    response = client.post(reverse("api:subject-request-extension", kwargs={"uuid": sr.uuid}),
                           {"months": 2, "reason": "Complex"}, content_type="application/json")
    assert response.status_code == 400 and "binnen een maand na ontvangst" in response.content.decode()
    assert SubjectRequest.objects.get(pk=sr.pk).extended_due_on is None


def test_an_invalid_bsn_gets_the_dutch_message(client, login, officer):
    login(officer)
    response = client.post(reverse("api:subject-request-list"), {
        "kind": "inzage", "channel": "email", "requester_name": "Anna", "bsn": "123456789"},
        content_type="application/json")
    assert response.status_code == 400 and "elfproef" in response.content.decode()


def test_other_organisations_and_other_roles_see_nothing(client, login, officer, worker):
    other = SubjectRequestFactory()
    login(officer)
    assert client.get(reverse("api:subject-request-detail", kwargs={"uuid": other.uuid})).status_code == 404
    assert other.reference not in client.get(reverse("api:subject-request-list")).content.decode()
    login(worker)
    assert client.get(reverse("api:subject-request-list")).status_code == 403
