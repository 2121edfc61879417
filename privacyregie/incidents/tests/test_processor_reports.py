"""Chain partners and suppliers report a breach as the municipality's processor (AVG art. 33(2))."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.access import has_permission
from privacyregie.core.models import Notification
from privacyregie.core.roles import Role, is_external
from privacyregie.core.tests.factories import UserFactory
from privacyregie.core.tests.utils import post_with_token
from privacyregie.incidents.models import Incident, ReporterVisibility, Source
from privacyregie.incidents.reporting import report_by_user

EXTERNAL_ROLES = [Role.CHAIN_PARTNER, Role.SUPPLIER]


def _form(**overrides):
    data = {"type": "datalek", "title": "Back-up onbeveiligd bereikbaar", "description": "Een back-up stond open.",
            "discovered_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "visibility": ReporterVisibility.NAMED, "supplier_name": "Zaaksysteem Cloud B.V."}
    data.update(overrides)
    return data


@pytest.fixture(params=EXTERNAL_ROLES, ids=["ketenpartner", "leverancier"])
def external(request, org):
    return UserFactory(organisation=org, roles=[request.param], first_name="Lotte", last_name="Extern")


def test_external_roles_may_report(external):
    assert has_permission(external, "incidents.report")


def test_external_roles_still_see_no_incident_handling_or_register(external):
    assert not has_permission(external, "incidents.handle")
    assert not has_permission(external, "incidents.view_register")


def test_only_roles_that_are_all_external_count_as_external():
    assert is_external([Role.SUPPLIER]) and is_external([Role.CHAIN_PARTNER, Role.SUPPLIER])
    assert not is_external([Role.SUPPLIER, Role.CISO])
    assert not is_external([])


def test_external_report_page_asks_for_the_processor_organisation(client, login, external):
    login(external)
    content = client.get(reverse("incidents:report")).content.decode()
    assert "Meld een datalek als verwerker" in content
    assert 'name="supplier_name"' in content
    assert "artikel 33 lid 2" in content


def test_employee_report_page_has_no_organisation_field(client, login, worker):
    login(worker)
    assert 'name="supplier_name"' not in client.get(reverse("incidents:report")).content.decode()


def test_external_report_is_stored_as_processor_report_with_the_organisation(client, login, external, officer):
    login(external)
    response = post_with_token(client, reverse("incidents:report"), _form())
    assert response.status_code == 302 and response["Location"] == reverse("incidents:receipt")  # post-redirect-get
    incident = Incident.objects.get(title="Back-up onbeveiligd bereikbaar")
    assert (incident.source, incident.supplier_name, incident.reporter) == (
        Source.PROCESSOR, "Zaaksysteem Cloud B.V.", external)


def test_external_report_notifies_the_handlers(client, login, external, officer, ciso):
    login(external)
    post_with_token(client, reverse("incidents:report"), _form())
    incident = Incident.objects.get(title="Back-up onbeveiligd bereikbaar")
    recipients = set(Notification.objects.filter(dedup_key=f"incident:{incident.pk}:new")
                     .values_list("recipient", flat=True))
    assert recipients == {officer.pk, ciso.pk}


def test_external_report_without_organisation_is_refused_in_dutch(client, login, external):
    login(external)
    response = post_with_token(client, reverse("incidents:report"), _form(supplier_name="  "))
    assert response.status_code == 200
    assert not Incident.objects.filter(title="Back-up onbeveiligd bereikbaar").exists()
    assert "Vul de naam in van de organisatie namens wie u meldt." in response.content.decode()


def test_service_refuses_processor_report_without_organisation(external):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        report_by_user(external, type="datalek", title="x", description="y",
                       discovered_at=timezone.now() - timedelta(hours=1))
    assert exc.value.message_dict["supplier_name"] == ["Vul de naam in van de organisatie namens wie u meldt."]


def test_employee_report_stays_an_employee_report_even_with_an_organisation_name(worker):
    receipt = report_by_user(worker, type="datalek", title="x", description="y", supplier_name="Iets B.V.",
                             discovered_at=timezone.now() - timedelta(hours=1))
    assert (receipt.incident.source, receipt.incident.supplier_name) == (Source.EMPLOYEE, "")


def test_anonymous_processor_report_keeps_the_organisation_but_not_the_person(client, login, external):
    login(external)
    post_with_token(client, reverse("incidents:report"), _form(visibility=ReporterVisibility.ANONYMOUS))
    incident = Incident.objects.get(title="Back-up onbeveiligd bereikbaar")
    assert (incident.reporter_id, incident.supplier_name, incident.source) == (
        None, "Zaaksysteem Cloud B.V.", Source.PROCESSOR)


def test_external_sees_own_reports(client, login, external):
    login(external)
    post_with_token(client, reverse("incidents:report"), _form())
    response = client.get(reverse("incidents:mine"))
    assert "Back-up onbeveiligd bereikbaar" in response.content.decode()


def test_second_report_prefills_the_organisation(client, login, external):
    login(external)
    post_with_token(client, reverse("incidents:report"), _form(supplier_name="Printstraat Noord B.V."))
    content = client.get(reverse("incidents:report")).content.decode()
    assert 'value="Printstraat Noord B.V."' in content


def test_handler_sees_the_processor_on_the_incident(client, login, external, officer):
    login(external)
    post_with_token(client, reverse("incidents:report"), _form())
    incident = Incident.objects.get(title="Back-up onbeveiligd bereikbaar")
    login(officer)
    content = client.get(reverse("incidents:detail", kwargs={"uuid": incident.uuid})).content.decode()
    assert "Zaaksysteem Cloud B.V." in content


def test_external_start_page_offers_the_report_and_own_reports(client, login, external):
    login(external)
    post_with_token(client, reverse("incidents:report"), _form())
    content = client.get(reverse("web:home")).content.decode()
    assert "Datalek melden als verwerker" in content
    assert reverse("incidents:report") in content
    assert "Back-up onbeveiligd bereikbaar" in content


def test_external_reports_through_the_api_as_processor(client, login, external):
    login(external)
    response = client.post(reverse("api:incident-report"), {
        "type": "datalek", "title": "Via API", "description": "Test", "discovered_at": timezone.now().isoformat(),
        "supplier_name": "SociaalDomein Software B.V."}, content_type="application/json")
    assert response.status_code == 201
    incident = Incident.objects.get(receipt_number=response.json()["receipt_number"])
    assert (incident.source, incident.supplier_name) == (Source.PROCESSOR, "SociaalDomein Software B.V.")


def test_external_api_report_without_organisation_is_refused(client, login, external):
    login(external)
    response = client.post(reverse("api:incident-report"), {
        "type": "datalek", "title": "Via API", "description": "Test", "discovered_at": timezone.now().isoformat()},
        content_type="application/json")
    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert reasons["supplier_name"] == "Vul de naam in van de organisatie namens wie u meldt."


# --- AVG art. 33(1) and (2): the controller's 72 hours start when the processor's report arrives ----------


def test_art_33_1_and_2_a_processors_breach_report_starts_the_clock_when_the_municipality_receives_it(external):
    discovered = timezone.now() - timedelta(hours=30)
    before = timezone.now()
    incident = report_by_user(external, type="datalek", title="Back-up open", description="x",
                              discovered_at=discovered, supplier_name="Zaaksysteem Cloud B.V.").incident
    assert incident.discovered_at == discovered  # the processor's discovery is kept as such
    assert incident.awareness_at >= before and incident.awareness_at == incident.reported_at
    assert incident.notification_deadline == incident.reported_at + timedelta(hours=72)


def test_art_33_1_an_employees_breach_report_starts_the_clock_at_discovery(worker):
    discovered = timezone.now() - timedelta(hours=30)
    incident = report_by_user(worker, type="datalek", title="Map kwijt", description="x",
                              discovered_at=discovered).incident
    assert incident.awareness_at == discovered
    assert incident.notification_deadline == discovered + timedelta(hours=72)


def test_art_33_2_a_processors_report_on_paper_starts_the_clock_at_its_receipt(officer):
    from privacyregie.incidents.reporting import report_incident

    received, discovered = timezone.now() - timedelta(hours=5), timezone.now() - timedelta(hours=40)
    incident = report_incident(officer.organisation, type="datalek", title="Brief van verwerker", description="x",
                               discovered_at=discovered, source=Source.PROCESSOR, supplier_name="Printstraat B.V.",
                               registered_by=officer, received_at=received).incident
    assert (incident.discovered_at, incident.reported_at, incident.awareness_at) == (discovered, received, received)


@pytest.mark.parametrize("received_hours_ago, source, message", [
    (50, Source.PROCESSOR, "niet eerder ontvangen zijn dan de verwerker het datalek ontdekte"),
    (-3, Source.PROCESSOR, "ontvangst ligt in de toekomst"),
    (1, Source.PAPER, "alleen in bij een melding van een verwerker"),
], ids=["before-discovery", "future", "not-a-processor"])
def test_art_33_2_an_impossible_moment_of_receipt_is_refused(officer, received_hours_ago, source, message):
    from django.core.exceptions import ValidationError

    from privacyregie.incidents.reporting import report_incident

    with pytest.raises(ValidationError) as refused:
        report_incident(officer.organisation, type="datalek", title="x", description="y", source=source,
                        discovered_at=timezone.now() - timedelta(hours=40), supplier_name="Printstraat B.V.",
                        received_at=timezone.now() - timedelta(hours=received_hours_ago))
    assert message in " ".join(refused.value.message_dict["received_at"])
    assert not Incident.objects.filter(organisation=officer.organisation).exists()


def test_art_33_2_the_processors_discovery_is_shown_next_to_the_clock(client, login, external, officer):
    from django.utils.formats import date_format

    discovered = timezone.now() - timedelta(hours=30)
    incident = report_by_user(external, type="datalek", title="Back-up open", description="x",
                              discovered_at=discovered, supplier_name="Zaaksysteem Cloud B.V.").incident
    login(officer)
    page = client.get(reverse("incidents:detail", kwargs={"uuid": incident.uuid})).content.decode()
    shown = date_format(timezone.localtime(discovered), "d-m-Y H:i")
    assert f"Verwerker ontdekte het op</dt><dd>{shown}" in page
    assert "ontvangst van de melding door de gemeente" in page
    assert date_format(timezone.localtime(incident.notification_deadline), "d-m-Y") in page


def test_art_33_2_triage_proposes_the_receipt_as_the_moment_of_awareness(client, login, external, officer):
    import re

    incident = report_by_user(external, type="beveiligingsincident", title="Inlogpoging", description="x",
                              discovered_at=timezone.now() - timedelta(hours=30),
                              supplier_name="Zaaksysteem Cloud B.V.").incident
    assert incident.awareness_at is None  # not (yet) a breach: no clock
    login(officer)
    page = client.get(reverse("incidents:detail", kwargs={"uuid": incident.uuid})).content.decode()
    proposed = re.search(r'<input[^>]*name="awareness_at"[^>]*value="([^"]+)"', page).group(1)
    assert proposed == timezone.localtime(incident.reported_at).strftime("%Y-%m-%dT%H:%M")


def test_art_33_2_the_paper_form_records_when_the_processors_report_was_received(client, login, officer):
    login(officer)
    received = timezone.localtime() - timedelta(hours=6)
    response = post_with_token(client, reverse("incidents:report_paper"), {
        "source": "verwerker", "supplier_name": "Printstraat B.V.", "reporter_name": "J. Jansen",
        "type": "datalek", "title": "Per brief gemeld", "description": "x", "visibility": "naam",
        "discovered_at": (received - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "received_at": received.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    incident = Incident.objects.get(title="Per brief gemeld")
    assert timezone.localtime(incident.awareness_at).strftime("%Y-%m-%dT%H:%M") == received.strftime("%Y-%m-%dT%H:%M")
