"""Pages: triage, measures, closing and the clock through the web forms; tenants are isolated."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from privacyregie.core.tests.utils import post_with_token
from privacyregie.incidents.models import Incident, Status

from .factories import BreachFactory, IncidentFactory


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_triage_form_starts_the_clock_shown_on_the_detail_page(client, login, officer):
    incident = IncidentFactory(organisation=officer.organisation)
    login(officer)
    response = client.post(reverse("incidents:triage", kwargs={"uuid": incident.uuid}), {
        "type": "datalek", "is_breach": "ja", "awareness_at": _local(timezone.now() - timedelta(hours=4)),
        "reasoning": "Bevestigd datalek."}, follow=True)
    body = response.content.decode()
    assert 'class="countdown' in body and "data-deadline=" in body
    assert "67 u" in body or "68 u" in body


def test_triage_with_future_awareness_shows_the_message_and_changes_nothing(client, login, officer):
    incident = IncidentFactory(organisation=officer.organisation)
    login(officer)
    response = client.post(reverse("incidents:triage", kwargs={"uuid": incident.uuid}), {
        "type": "datalek", "is_breach": "ja", "awareness_at": _local(timezone.now() + timedelta(days=2)),
        "reasoning": "x"}, follow=True)
    assert "Het moment van kennisname ligt in de toekomst." in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.REPORTED and incident.awareness_at is None


def test_dashboard_shows_running_clocks_with_text_fallback(client, login, officer):
    BreachFactory(organisation=officer.organisation, title="Lopend lek", discovered_at=timezone.now() - timedelta(hours=20))
    login(officer)
    body = client.get(reverse("incidents:dashboard")).content.decode()
    assert "Lopend lek" in body
    assert "51 u" in body or "52 u" in body


def test_close_page_refuses_with_undecided_measures(client, login, officer):
    incident = IncidentFactory(organisation=officer.organisation, triaged_at=timezone.now(), status=Status.IN_HANDLING)
    incident.measures.create(kind="preventief", description="Training")
    login(officer)
    response = client.post(reverse("incidents:close", kwargs={"uuid": incident.uuid}), {"lessons_learned": "x"}, follow=True)
    assert "Besluit eerst over alle maatregelen" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).status == Status.IN_HANDLING


def test_other_organisations_incident_is_not_found(client, login, officer):
    foreign = BreachFactory()
    login(officer)
    for name in ("incidents:detail", "incidents:ap_draft", "incidents:ap_pdf", "incidents:residents"):
        assert client.get(reverse(name, kwargs={"uuid": foreign.uuid})).status_code == 404
    assert client.get(reverse("api:incident-detail", kwargs={"uuid": foreign.uuid})).status_code == 404


def test_confidential_reporter_is_hidden_from_the_register_but_shown_to_handlers(client, login, officer, worker, manager):
    from privacyregie.incidents.reporting import report_incident

    receipt = report_incident(officer.organisation, type="datalek", title="Vertrouwelijk gemeld", description="x",
                              discovered_at=timezone.now() - timedelta(hours=1), reporter=worker,
                              visibility="vertrouwelijk")
    from privacyregie.incidents.handling import triage

    triage(receipt.incident, officer, type="datalek", is_breach=True, awareness_at=receipt.incident.discovered_at,
           reasoning="x")
    login(manager)
    assert "Geheimnaam" not in client.get(reverse("incidents:register")).content.decode()
    assert client.get(reverse("incidents:detail", kwargs={"uuid": receipt.incident.uuid})).status_code == 403
    login(officer)
    assert "Geheimnaam" in client.get(reverse("incidents:detail", kwargs={"uuid": receipt.incident.uuid})).content.decode()


def test_paper_report_by_the_ciso_for_a_processor(client, login, ciso):
    login(ciso)
    response = post_with_token(client, reverse("incidents:report_paper"), {
        "source": "verwerker", "supplier_name": "Zorgportaal BV", "reporter_name": "J. de Leverancier",
        "type": "datalek", "title": "Lek bij verwerker", "description": "Gemeld per brief.",
        "discovered_at": _local(timezone.now() - timedelta(hours=3)), "visibility": "naam"})
    incident = Incident.objects.get(title="Lek bij verwerker")
    assert response.status_code == 302
    assert (incident.source, incident.supplier_name, incident.registered_by) == ("verwerker", "Zorgportaal BV", ciso)


def test_home_panels(client, login, officer, worker):
    BreachFactory(organisation=officer.organisation, title="Paneel-lek")
    login(officer)
    body = client.get(reverse("web:home")).content.decode()
    assert "Open datalekken: termijn AP" in body and "Meld een incident" in body
    login(worker)
    body = client.get(reverse("web:home")).content.decode()
    assert "Open datalekken" not in body and "Meld een incident" in body


def test_report_page_in_english(client, login, worker):
    from django.utils import translation

    login(worker)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        body = client.get(reverse("incidents:report"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report an incident" in body and "Report anonymously" in body
