"""One answer across systems: "who consulted" and the resident's access report include the connected
applications' entries (which system, which activity, when, which function), and the report names the systems."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from privacyregie.core.tests.utils import login_verified
from privacyregie.hub import services
from privacyregie.hub.intake import JSON, decode
from privacyregie.register.services import save_activity
from privacyregie.register.tests.factories import BASE
from privacyregie.rights.report import build_access_report, report_json
from privacyregie.rights.tests.report_world import FakeRequest, ReportWorld

from .helpers import body, connected_application, document, span

pytestmark = pytest.mark.django_db


def _send(application, bsn, activity="Wmo-ondersteuning", service="klantcontactsysteem"):
    doc = document([span(bsn=bsn, activity=activity, name="raadplegen klantbeeld",
                         extra={"enduser.role": "Medewerker KCC"})], service=service)
    return services.ingest(application, decode(body(doc), JSON))


def test_the_access_report_names_the_connected_systems_with_activity_and_function():
    world = ReportWorld()
    world.consult(world.worker, world.youth_case)
    save_activity(world.org, {**BASE, "name": "Wmo-ondersteuning"}, valid_from=datetime.now(UTC) - timedelta(days=9))
    application, _token = connected_application(world.org, name="KCC")
    assert _send(application, world.resident.bsn).accepted == 1
    report = build_access_report(FakeRequest(world.officer), world.resident, subject_request=world.request)
    external = [c for c in report.consultations if c.system == "klantcontactsysteem"]
    assert len(external) == 1
    assert external[0].activity == "Wmo-ondersteuning"
    assert external[0].by == "Medewerker KCC (KCC)"  # the function, never a name
    assert sorted(report.systems) == ["Privacyregie", "klantcontactsysteem"]
    assert report_json(report)["systems"] == report.systems


@override_settings(LANGUAGE_CODE="nl")
def test_who_consulted_shows_the_system_and_activity(client):
    from privacyregie.core.models import User
    from privacyregie.dossiers.models import Resident

    officer = User.objects.get(username="fg")
    resident = Resident.objects.filter(organisation=officer.organisation).order_by("pk").first()
    application, _token = connected_application(officer.organisation, name="KCC")
    save_activity(officer.organisation, {**BASE, "name": "Klantcontact"},
                  valid_from=datetime.now(UTC) - timedelta(days=9))
    _send(application, resident.bsn, activity="Klantcontact")
    login_verified(client, "fg")
    page = client.get("/privacy/wie-heeft-geraadpleegd/", {"bsn": resident.bsn}).content.decode()
    assert "klantcontactsysteem" in page and "Klantcontact" in page and "Medewerker KCC" in page
    csv = client.get("/privacy/wie-heeft-geraadpleegd/", {"bsn": resident.bsn, "formaat": "csv"}).content.decode()
    assert "Systeem" in csv and "klantcontactsysteem" in csv


def test_the_connected_applications_page_and_the_otlp_export(client):
    from privacyregie.core.models import User
    from privacyregie.dossiers.models import Resident
    from privacyregie.kernel import otlp

    officer = User.objects.get(username="fg")
    resident = Resident.objects.filter(organisation=officer.organisation).order_by("pk").first()
    application, token = connected_application(officer.organisation, name="Klantcontactsysteem KCC")
    _send(application, resident.bsn, activity="Onbekende activiteit")
    client.post("/v1/traces", data=b"{", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    replay = body(document([span(bsn=resident.bsn), span(bsn=resident.bsn)]))
    for _time in range(2):  # the second delivery is a replay: stored once, counted as duplicates, not refusals
        client.post("/v1/traces", data=replay, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    row = next(r for r in services.connected_applications(officer.organisation) if r["application"] == application)
    assert row["duplicate_spans"] == 2 and row["refused_total"] == 1 and row["volume"] == 3
    assert [r["kind"] for r in row["refusals"]] == ["malformed"]
    login_verified(client, "fg")
    page = client.get("/logboekhub/").content.decode()
    assert "Klantcontactsysteem KCC" in page and "Onbekende activiteit" in page
    assert "onleesbaar bericht: 1" in page
    assert "Dubbel ontvangen" in page and "al ontvangen (herhaling)" not in page
    today = datetime.now(UTC).date().isoformat()
    response = client.get("/logboekhub/export/", {"date_from": "2020-01-01", "date_to": today,
                                                  "application": application.pk})
    assert response.status_code == 200
    rows = otlp.parse(__import__("json").loads(b"".join(response.streaming_content)
                                               if response.streaming else response.content))
    assert len(rows) == 3 and {row["application"] for row in rows} == {application.name}  # the replay once
    by_resident = client.get("/logboekhub/export/", {"bsn": resident.bsn, "purpose": "inzageverzoek"})
    assert by_resident.status_code == 200
    # without a period or a resident: back to the page with a message, nothing exported
    assert client.get("/logboekhub/export/", {"application": application.pk}).status_code == 302
