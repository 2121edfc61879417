"""Reporting: stored first, handlers notified, bad input refused with Dutch messages."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import Notification
from privacyregie.core.tests.utils import post_with_token
from privacyregie.incidents.models import Attachment, Incident, ReporterVisibility, Source
from privacyregie.incidents.reporting import register_system_incident, report_incident


def _report(org, **overrides):
    data = {"type": "datalek", "title": "Mail verkeerd verstuurd", "description": "Zorgplan naar verkeerde ouder.",
            "discovered_at": timezone.now() - timedelta(hours=1)}
    data.update(overrides)
    return report_incident(org, **data)


def test_named_report_is_stored_and_notifies_handlers(org, worker, officer, ciso):
    receipt = _report(org, reporter=worker)
    incident = Incident.objects.get(receipt_number=receipt.receipt_number)
    assert incident.reporter == worker and receipt.follow_up_code == ""
    assert set(Notification.objects.filter(dedup_key=f"incident:{incident.pk}:new").values_list("recipient", flat=True)) \
        == {officer.pk, ciso.pk}


def test_reported_breach_starts_the_clock_at_discovery(org, worker):
    discovered = timezone.now() - timedelta(hours=3)
    incident = _report(org, reporter=worker, discovered_at=discovered).incident
    assert incident.awareness_at == discovered
    assert incident.notification_deadline == discovered + timedelta(hours=72)


def test_report_survives_a_failing_mail_server(org, worker, officer, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "privacyregie.incidents.tests.test_reporting.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _report(org, reporter=worker)
    assert Incident.objects.filter(pk=receipt.incident.pk).exists()
    notification = Notification.objects.get(recipient=officer)
    assert notification.email_sent_at is None and notification.email_attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from privacyregie.core.services import send_pending_emails

    assert send_pending_emails() >= 1
    assert any(officer.email in m.to for m in mail.outbox)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("mail server down")


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"discovered_at": timezone.now() + timedelta(days=2)}, "discovered_at", "toekomst"),
    ({"occurred_at": timezone.now() - timedelta(minutes=5), "discovered_at": timezone.now() - timedelta(hours=2)},
     "occurred_at", "niet later gebeurd"),
    ({"discovered_at": timezone.now() - timedelta(days=3650)}, "discovered_at", "vijf jaar"),
    ({"discovered_at": None}, "discovered_at", "Vul in"),
    ({"title": "  "}, "title", "korte omschrijving"),
    ({"type": "onzin"}, "type", "soort"),
    ({"source": Source.PROCESSOR}, "supplier_name", "verwerker"),
])
def test_bad_input_is_refused_and_nothing_is_stored(org, worker, overrides, field, message):
    before = Incident.objects.count()
    with pytest.raises(ValidationError) as exc:
        _report(org, reporter=worker, **overrides)
    assert message in " ".join(exc.value.message_dict[field])
    assert Incident.objects.count() == before
    assert not Notification.objects.filter(organisation=org).exists()  # the demo has notifications of its own


def test_system_incident_notifies_ciso(org, ciso):
    incident = register_system_incident(org, "Hashketen verbroken", "Verificatie van het verwerkingslogboek faalde.")
    assert incident.source == Source.SYSTEM and incident.type == "beveiligingsincident"
    assert Notification.objects.filter(recipient=ciso, url__contains=str(incident.uuid)).exists()


def test_report_page_stores_an_encrypted_attachment(client, login, org, worker):
    login(worker)
    upload = BytesIO(b"%PDF-1.4 lijst met namen en BSN")
    upload.name = "lijst.pdf"
    response = post_with_token(client, reverse("incidents:report"), {
        "type": "datalek", "title": "Lijst gevonden", "description": "Bij de printer.",
        "discovered_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "visibility": ReporterVisibility.NAMED, "attachments": upload,
    }, follow=True)
    assert response.status_code == 200 and "Ontvangstnummer" in response.content.decode()
    attachment = Attachment.objects.get()
    from pathlib import Path

    from django.conf import settings

    from privacyregie.core.files import read_encrypted

    raw = (Path(settings.MEDIA_ROOT) / attachment.storage_name[:2] / attachment.storage_name).read_bytes()
    assert b"BSN" not in raw
    assert read_encrypted(attachment.storage_name).startswith(b"%PDF-")


def test_report_page_refuses_a_disguised_attachment(client, login, org, worker):
    login(worker)
    upload = BytesIO(b"MZ not really a pdf")
    upload.name = "factuur.pdf"
    response = post_with_token(client, reverse("incidents:report"), {
        "type": "datalek", "title": "x", "description": "y",
        "discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "visibility": "naam", "attachments": upload,
    })
    assert "past niet bij de extensie" in response.content.decode()
    assert not Incident.objects.filter(organisation=org).exists()


def test_report_page_shows_dutch_error_for_future_date(client, login, org, worker):
    login(worker)
    response = post_with_token(client, reverse("incidents:report"), {
        "type": "datalek", "title": "x", "description": "y", "visibility": "naam",
        "discovered_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    })
    assert "Het moment van ontdekken ligt in de toekomst." in response.content.decode()
    assert not Incident.objects.filter(organisation=org).exists()
