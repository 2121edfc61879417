"""Forms that forgive: the receipt has its own GET page; a refresh or a double submit creates nothing."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from privacyregie.incidents.models import Incident


def _data(visibility="anoniem"):
    return {"type": "datalek", "title": "Map in de trein", "description": "Met dossiers.",
            "discovered_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "visibility": visibility}


def _token(client, url_name="incidents:report"):
    html = client.get(reverse(url_name)).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_report_redirects_to_its_receipt_and_a_refresh_creates_nothing(client, login, org, worker):
    login(worker)
    response = client.post(reverse("incidents:report"), {**_data(), "form_token": _token(client)})
    assert response.status_code == 302 and response.url == reverse("incidents:receipt")
    html = client.get(response.url).content.decode()
    number = re.search(r'class="receipt-number">([^<]+)<', html).group(1)
    code = re.search(r'class="follow-up-code secret">([^<]+)<', html).group(1)
    incident = Incident.objects.get(organisation=org)
    assert incident.receipt_number == number and code not in incident.follow_up_code_hash
    assert code not in str(dict(client.session))  # gone from the session once shown

    again = client.get(reverse("incidents:receipt")).content.decode()  # the browser's refresh
    assert "al getoond" in again and code not in again and number not in again
    assert Incident.objects.filter(organisation=org).count() == 1


def test_the_follow_up_code_is_encrypted_in_the_session_until_shown(client, login, org, worker):
    login(worker)
    client.post(reverse("incidents:report"), {**_data(), "form_token": _token(client)})
    stored = str(dict(client.session))
    incident = Incident.objects.get(organisation=org)
    assert incident.receipt_number not in stored  # nothing readable about the anonymous report


def test_a_resent_post_with_the_same_token_creates_no_second_report(client, login, org, worker):
    login(worker)
    token = _token(client)
    first = client.post(reverse("incidents:report"), {**_data("naam"), "form_token": token})
    second = client.post(reverse("incidents:report"), {**_data("naam"), "form_token": token}, follow=True)
    assert first.status_code == 302
    assert "niets dubbel gemeld" in second.content.decode()
    assert Incident.objects.filter(organisation=org).count() == 1


def test_paper_report_with_follow_up_code_also_redirects(client, login, org, officer):
    login(officer)
    data = {**_data(), "source": "papier", "form_token": _token(client, "incidents:report_paper")}
    response = client.post(reverse("incidents:report_paper"), data)
    assert response.status_code == 302 and response.url == reverse("incidents:receipt")
    assert Incident.objects.filter(organisation=org).count() == 1
    response = client.post(reverse("incidents:report_paper"), data)
    assert Incident.objects.filter(organisation=org).count() == 1


def test_a_resent_addition_on_the_follow_up_page_is_added_once(client, login, org, worker):
    from privacyregie.incidents.models import TimelineEvent
    from privacyregie.incidents.reporting import report_incident

    receipt = report_incident(org, type="bijna_incident", title="Bijna mis", description="Op tijd gezien.",
                              discovered_at=timezone.now() - timedelta(hours=1), visibility="anoniem")
    login(worker)
    ids = {"receipt_number": receipt.receipt_number, "code": receipt.follow_up_code}
    html = client.post(reverse("incidents:follow_up"), ids).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    addition = {**ids, "text": "Het was een tweede map.", "form_token": token}
    client.post(reverse("incidents:follow_up"), addition)
    again = client.post(reverse("incidents:follow_up"), addition).content.decode()  # refresh resends the POST
    assert "niets dubbel vastgelegd" in again
    assert TimelineEvent.objects.filter(incident=receipt.incident, text__contains="tweede map").count() == 1


def test_a_report_without_a_form_token_creates_nothing_and_shows_the_form_again(client, login, org, worker):
    login(worker)
    response = client.post(reverse("incidents:report"), _data("naam"))
    html = response.content.decode()
    assert response.status_code == 200 and "formulierkenmerk ontbrak of was verlopen" in html
    assert 'value="Map in de trein"' in html  # the input is kept
    assert re.search(r'name="form_token" value="[^"]+"', html)  # with a fresh token
    assert not Incident.objects.filter(organisation=org).exists()


def test_a_report_with_an_unknown_form_token_creates_nothing(client, login, org, worker):
    login(worker)
    response = client.post(reverse("incidents:report"), {**_data("naam"), "form_token": "verzonnen"})
    assert "formulierkenmerk ontbrak of was verlopen" in response.content.decode()
    assert not Incident.objects.filter(organisation=org).exists()


def test_the_fresh_token_of_a_refused_report_is_accepted(client, login, org, worker):
    login(worker)
    html = client.post(reverse("incidents:report"), _data("naam")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    response = client.post(reverse("incidents:report"), {**_data("naam"), "form_token": token})
    assert response.status_code == 302 and Incident.objects.filter(organisation=org).count() == 1


def test_a_paper_report_without_a_form_token_creates_nothing(client, login, org, officer):
    login(officer)
    response = client.post(reverse("incidents:report_paper"), {**_data(), "source": "papier"})
    assert response.status_code == 200 and "formulierkenmerk ontbrak" in response.content.decode()
    assert not Incident.objects.filter(organisation=org).exists()


def test_an_addition_without_a_form_token_is_not_added(client, login, org, worker):
    from privacyregie.incidents.models import TimelineEvent
    from privacyregie.incidents.reporting import report_incident

    receipt = report_incident(org, type="bijna_incident", title="Bijna mis", description="Op tijd gezien.",
                              discovered_at=timezone.now() - timedelta(hours=1), visibility="anoniem")
    login(worker)
    ids = {"receipt_number": receipt.receipt_number, "code": receipt.follow_up_code}
    html = client.post(reverse("incidents:follow_up"), {**ids, "text": "Zonder kenmerk."}).content.decode()
    assert "formulierkenmerk ontbrak" in html and "Zonder kenmerk." in html
    assert re.search(r'name="form_token" value="[^"]+"', html)
    assert not TimelineEvent.objects.filter(incident=receipt.incident, text__contains="Zonder kenmerk").exists()
