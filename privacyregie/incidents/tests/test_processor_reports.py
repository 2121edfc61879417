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
