"""The AP notification page: no PDF before the contact details are saved; a sensible submission date."""

import re
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from privacyregie.incidents.models import ApNotification

from .factories import BreachFactory


def test_download_appears_only_after_the_draft_is_saved(client, login, officer):
    incident = BreachFactory(organisation=officer.organisation)
    login(officer)
    url = reverse("incidents:ap_draft", kwargs={"uuid": incident.uuid})
    pdf = reverse("incidents:ap_pdf", kwargs={"uuid": incident.uuid})
    page = client.get(url).content.decode()
    assert f'href="{pdf}"' not in page and "sla ze op" in page
    response = client.post(url, {"contact_name": "Fatima de Vries", "contact_email": "fg@example.org", "then": "pdf"})
    assert response.status_code == 302 and response.url == pdf  # saved, then the download
    assert ApNotification.objects.get(incident=incident).contact_name == "Fatima de Vries"
    assert f'href="{pdf}"' in client.get(url).content.decode()


def test_submission_date_defaults_to_now_in_amsterdam(client, login, officer):
    incident = BreachFactory(organisation=officer.organisation)
    login(officer)
    page = client.get(reverse("incidents:ap_draft", kwargs={"uuid": incident.uuid})).content.decode()
    value = re.search(r'name="submitted_at" value="([^"]+)"', page).group(1)
    shown = datetime.strptime(value, "%Y-%m-%dT%H:%M")
    now = timezone.localtime().replace(tzinfo=None)
    assert shown.date() == now.date() and abs((now - shown).total_seconds()) < 120


def test_the_pdf_address_refuses_an_unsaved_draft(client, login, officer):
    incident = BreachFactory(organisation=officer.organisation)
    login(officer)
    draft = reverse("incidents:ap_draft", kwargs={"uuid": incident.uuid})
    response = client.get(reverse("incidents:ap_pdf", kwargs={"uuid": incident.uuid}))
    assert response.status_code == 302 and response.url == draft  # no PDF, back to the form
    assert not response.content.startswith(b"%PDF")
    page = client.get(draft).content.decode()
    assert page.count("sla ze op") == 2  # the refusal message and the hint on the page
    assert not ApNotification.objects.filter(incident=incident).exists()  # refusing saves nothing


def test_the_pdf_service_refuses_an_unsaved_draft(officer):
    import pytest
    from django.core.exceptions import ValidationError

    from privacyregie.incidents import notification_ap

    incident = BreachFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError, match="contactpersoon"):
        notification_ap.draft_pdf(incident)


def test_the_pdf_address_answers_once_the_draft_is_saved(client, login, officer):
    incident = BreachFactory(organisation=officer.organisation)
    login(officer)
    client.post(reverse("incidents:ap_draft", kwargs={"uuid": incident.uuid}),
                {"contact_name": "Fatima de Vries", "contact_email": "fg@example.org"})
    response = client.get(reverse("incidents:ap_pdf", kwargs={"uuid": incident.uuid}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
