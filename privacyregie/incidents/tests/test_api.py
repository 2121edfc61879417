"""The API: reporting, the clock in ISO 8601 with the Amsterdam offset, same validation messages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from privacyregie.incidents.models import Incident

from .factories import BreachFactory


def test_report_through_the_api(client, login, worker, officer):
    login(worker)
    response = client.post(reverse("api:incident-report"), {
        "type": "datalek", "title": "Via API", "description": "Test", "discovered_at": timezone.now().isoformat(),
        "visibility": "anoniem"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["follow_up_code"]
    incident = Incident.objects.get(receipt_number=response.json()["receipt_number"])
    assert incident.reporter_id is None


def test_api_refuses_future_dates_with_the_same_message(client, login, worker):
    login(worker)
    response = client.post(reverse("api:incident-report"), {
        "type": "datalek", "title": "x", "description": "y",
        "discovered_at": (timezone.now() + timedelta(days=3)).isoformat()}, content_type="application/json")
    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert reasons["discovered_at"] == "Het moment van ontdekken ligt in de toekomst."


def test_breach_shows_deadline_with_offset_and_in_time(client, login, officer):
    from privacyregie.incidents.notification_ap import submit

    incident = BreachFactory(organisation=officer.organisation, discovered_at=timezone.now() - timedelta(hours=5))
    submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-5")
    login(officer)
    data = client.get(reverse("api:incident-detail", kwargs={"uuid": incident.uuid})).json()
    assert data["notification_deadline"][-6:] in ("+01:00", "+02:00")
    assert data["awareness_at"][-6:] in ("+01:00", "+02:00")
    assert data["notified_in_time"] is True


def test_case_worker_cannot_list_incidents(client, login, worker):
    login(worker)
    assert client.get(reverse("api:incident-list")).status_code == 403


def test_triage_and_assess_through_the_api(client, login, officer):
    from .factories import IncidentFactory

    incident = IncidentFactory(organisation=officer.organisation)
    login(officer)
    response = client.post(reverse("api:incident-triage", kwargs={"uuid": incident.uuid}), {
        "type": "datalek", "is_breach": True, "awareness_at": timezone.now().isoformat(), "reasoning": "Bevestigd"},
        content_type="application/json")
    assert response.status_code == 200 and response.json()["notification_deadline"]
    response = client.post(reverse("api:incident-assess", kwargs={"uuid": incident.uuid}), {
        "natures": ["vertrouwelijkheid"], "data_categories": ["gezondheid"], "affected_max": -1},
        content_type="application/json")
    assert response.status_code == 400
    assert "negatief" in str(response.json()["invalidParams"])


def test_schema_lists_the_incident_endpoints(client):
    body = client.get(reverse("api:schema")).content.decode()
    assert "/api/v1/incidenten/melden" in body and "notification_deadline" in body
