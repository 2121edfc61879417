"""The supplier's pages: the start page panels, asking through the page, and reporting a data breach as
processor (it lands in incidents as a processor report with the processor agreement linked)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.tests.utils import form_token, post_with_token
from privacyregie.incidents.models import Incident, Source
from privacyregie.suppliers.models import AccessRequest

from .factories import world

pytestmark = pytest.mark.django_db


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_supplier_asks_through_the_page_and_the_owner_is_notified(client, login):
    from privacyregie.core.models import Notification

    w = world()
    login(w.supplier)
    start = timezone.now() + timedelta(hours=1)
    response = post_with_token(client, reverse("suppliers:request"), {
        "system": w.system.pk, "purpose": "Update", "reference": "CHG-7",
        "starts_at": _local(start), "ends_at": _local(start + timedelta(hours=2))})
    created = AccessRequest.objects.get(organisation=w.org)
    assert response.status_code == 302 and response["Location"].endswith(f"{created.uuid}/")
    assert Notification.objects.filter(recipient=w.owner, url__contains=str(created.uuid)).exists()


def test_a_bad_window_on_the_page_gets_a_clear_message_and_nothing_is_stored(client, login):
    w = world()
    login(w.supplier)
    start = timezone.now() + timedelta(hours=1)
    response = post_with_token(client, reverse("suppliers:request"), {
        "system": w.system.pk, "purpose": "Update", "reference": "CHG-7",
        "starts_at": _local(start), "ends_at": _local(start - timedelta(hours=2))})
    assert response.status_code == 200
    assert "Het venster eindigt voordat het begint" in response.content.decode()
    assert not AccessRequest.objects.filter(organisation=w.org).exists()


def test_a_double_submitted_request_creates_one_and_a_tokenless_post_none(client, login):
    w = world()
    login(w.supplier)
    start = timezone.now() + timedelta(hours=1)
    data = {"system": w.system.pk, "purpose": "Update", "reference": "CHG-7",
            "starts_at": _local(start), "ends_at": _local(start + timedelta(hours=2))}
    url = reverse("suppliers:request")
    response = client.post(url, data)  # no token: the form comes back, nothing asked
    assert response.status_code == 200 and "formulierkenmerk" in response.content.decode()
    assert not AccessRequest.objects.filter(organisation=w.org).exists()
    token = form_token(client.get(url).content.decode())
    first = client.post(url, {**data, "form_token": token})
    second = client.post(url, {**data, "form_token": token})
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == reverse("suppliers:list")
    assert AccessRequest.objects.filter(organisation=w.org).count() == 1


def test_the_start_page_of_a_supplier(client, login):
    w = world()
    login(w.supplier)
    page = client.get(reverse("web:home")).content.decode()
    assert "Mijn aanvragen en vensters" in page
    assert "Mijn ondertekende verklaringen" in page and "Geheimhoudingsverklaring versie" in page
    assert reverse("suppliers:report_breach") in page


def test_a_breach_reported_as_processor_links_the_agreement(client, login):
    w = world()
    login(w.supplier)
    response = client.post(reverse("suppliers:report_breach"), {
        "title": "Back-up onversleuteld gekopieerd", "description": "Een medewerker kopieerde een back-up.",
        "discovered_at": _local(timezone.now() - timedelta(hours=2)), "agreement": w.agreement.pk})
    assert response.status_code == 302
    incident = Incident.objects.get(organisation=w.org)
    assert incident.source == Source.PROCESSOR and incident.reported_by_processor
    assert incident.processor_agreement == w.agreement and incident.supplier_name == w.partner.name
    assert incident.reporter == w.supplier and incident.awareness_at is not None
    login(w.ciso)
    detail = client.get(reverse("incidents:detail", kwargs={"uuid": incident.uuid})).content.decode()
    assert "Verwerkersovereenkomst" in detail and w.agreement.title in detail


def test_another_partners_agreement_cannot_be_linked(client, login):
    from privacyregie.register.models import Agreement, ChainPartner

    w = world()
    other = ChainPartner.objects.create(organisation=w.org, name="Ander", kind="leverancier", role="verwerker")
    foreign = Agreement.objects.create(organisation=w.org, partner=other, kind="verwerkersovereenkomst", title="VO ander")
    login(w.supplier)
    response = client.post(reverse("suppliers:report_breach"), {
        "title": "x", "description": "y", "discovered_at": _local(timezone.now()), "agreement": foreign.pk})
    assert response.status_code == 200
    assert not Incident.objects.filter(organisation=w.org).exists()
