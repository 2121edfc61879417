"""Connection-log import: CSV and syslog lines; an unknown user or system is a per-line error and then
nothing is imported; a session outside any approved window becomes a security incident for the CISO."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from privacyregie.core.models import Notification, SecurityEvent
from privacyregie.incidents.models import Incident, IncidentType
from privacyregie.suppliers import services
from privacyregie.suppliers.models import ConnectionSession

from .factories import approved_window, as_request, world

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _csv(*lines, name="log.csv"):
    return SimpleUploadedFile(name, "\n".join(["gebruiker;systeem;begin;einde", *lines]).encode())


@pytest.fixture
def w():
    w = world()
    approved_window(w, datetime(2026, 11, 30, 9, 0, tzinfo=AMS), datetime(2026, 11, 30, 12, 0, tzinfo=AMS))
    return w


def test_a_session_inside_the_window_is_kept_and_one_outside_becomes_an_incident(w):
    user = w.supplier.username
    result = services.import_connection_log(as_request(w.ciso), w.org, _csv(
        f"{user};regiesysteem;2026-11-30T09:15;2026-11-30T10:00",
        f"{user};Regiesysteem;2026-11-30T11:30;2026-11-30T12:30",  # by its register name; runs past the end
    ))
    assert result.ok and result.imported == 2 and result.out_of_window == 1
    inside, outside = ConnectionSession.objects.filter(organisation=w.org).order_by("started_at")
    assert inside.request is not None and not inside.out_of_window
    assert outside.out_of_window and outside.incident_uuid
    incident = Incident.objects.get(uuid=outside.incident_uuid)
    assert incident.type == IncidentType.SECURITY_INCIDENT and incident.organisation == w.org
    assert "buiten goedgekeurd venster" in incident.title
    assert "30-11-2026 11:30" in incident.description  # told in Amsterdam time
    assert Notification.objects.filter(recipient=w.ciso, url__contains=str(incident.uuid)).exists()


def test_unknown_user_or_system_is_a_per_line_error_and_nothing_is_imported(w):
    result = services.import_connection_log(as_request(w.ciso), w.org, _csv(
        f"{w.supplier.username};regiesysteem;2026-11-30T09:15;2026-11-30T10:00",
        "niemand;regiesysteem;2026-11-30T09:15;2026-11-30T10:00",
        f"{w.supplier.username};mainframe;2026-11-30T09:15;2026-11-30T10:00",
        f"{w.supplier.username};regiesysteem;gisteren;2026-11-30T10:00",
    ))
    assert not result.ok
    assert result.errors == [
        "Regel 3: onbekende gebruiker 'niemand' (geen leverancier van deze gemeente).",
        "Regel 4: onbekend systeem 'mainframe' (geen systeem met inbeltoegang).",
        "Regel 5: het begin is geen geldig tijdstip (ISO 8601, bijvoorbeeld 2026-12-01T09:00).",
    ]
    assert not ConnectionSession.objects.filter(organisation=w.org).exists()
    assert not Incident.objects.filter(organisation=w.org).exists()
    assert SecurityEvent.objects.filter(detail__contains="geweigerd: 3 fout(en)").exists()


def test_a_staff_account_is_no_supplier_in_a_connection_log(w):
    from privacyregie.suppliers.connection_log import check

    result = check(w.org, _csv(f"{w.owner.username};regiesysteem;2026-11-30T09:15;2026-11-30T10:00"))
    assert not result.ok


def test_syslog_lines_are_read_too(w):
    text = (f"Nov 30 09:15:01 jump01 pam_privacyregie: user={w.supplier.username} system=regiesysteem "
            "start=2026-11-30T09:15:00+01:00 end=2026-11-30T09:45:00+01:00\n\n"
            f"Nov 30 23:01:00 jump01 pam_privacyregie: user={w.supplier.username} system=regiesysteem "
            "start=2026-11-30T23:01:00+01:00 end=2026-11-30T23:10:00+01:00\n")
    result = services.import_connection_log(as_request(w.ciso), w.org, SimpleUploadedFile("auth.log", text.encode()))
    assert result.ok and result.imported == 2 and result.out_of_window == 1


def test_a_dry_run_stores_nothing(w):
    result = services.import_connection_log(as_request(w.ciso), w.org, _csv(
        f"{w.supplier.username};regiesysteem;2026-11-30T13:00;2026-11-30T13:10"), dry_run=True)
    assert result.ok and result.imported == 0
    assert not ConnectionSession.objects.filter(organisation=w.org).exists()


def test_the_import_page_shows_the_line_errors(client, login, w):
    from django.urls import reverse

    login(w.ciso)
    response = client.post(reverse("suppliers:connection_log"), {
        "file": _csv("niemand;regiesysteem;2026-11-30T09:15;2026-11-30T10:00"), "dry_run": ""})
    assert response.status_code == 200
    assert "Regel 2: onbekende gebruiker" in response.content.decode()
