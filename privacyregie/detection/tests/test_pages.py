"""The privacy officer's pages: list, detail with evidence, assessment with post/redirect/get, conversion
to a data breach, settings with validation; the start page shows open alerts."""

import pytest
from django.urls import reverse

from privacyregie.core.models import User
from privacyregie.detection.models import Alert, DetectionSettings
from privacyregie.incidents.models import Incident


def _demo_alert():
    return Alert.objects.filter(organisation__slug="bel").order_by("id").first()


@pytest.mark.django_db
def test_the_list_and_detail_show_the_alert_and_its_evidence(client, login):
    login(User.objects.get(username="fg"))
    alert = _demo_alert()
    listing = client.get(reverse("detection:list"))
    assert listing.status_code == 200 and alert.get_rule_display() in listing.content.decode()
    detail = client.get(reverse("detection:detail", kwargs={"uuid": alert.uuid}))
    html = detail.content.decode()
    assert detail.status_code == 200 and alert.actor_username in html and "Bewijs: logregels" in html
    assert html.count("<tr>") >= 1 + min(alert.evidence_count, 200)


@pytest.mark.django_db
def test_assess_improper_then_turn_into_a_breach(client, login):
    login(User.objects.get(username="fg"))
    alert = _demo_alert()
    url = reverse("detection:assess", kwargs={"uuid": alert.uuid})
    refused = client.post(url, {"verdict": "onterecht", "comment": ""})
    assert refused.status_code == 400 and "Licht toe" in refused.content.decode()
    alert.refresh_from_db()
    assert alert.assessment == "open"
    done = client.post(url, {"verdict": "onterecht", "comment": "Geen relatie met het werk."})
    assert done.status_code == 302
    before = Incident.objects.count()
    converted = client.post(reverse("detection:to_breach", kwargs={"uuid": alert.uuid}), follow=True)
    alert.refresh_from_db()
    assert alert.incident is not None and Incident.objects.count() == before + 1
    assert alert.incident.receipt_number in converted.content.decode()
    # the incident's page links back to the alert it was made from
    incident_page = client.get(reverse("incidents:detail", kwargs={"uuid": alert.incident.uuid})).content.decode()
    assert reverse("detection:detail", kwargs={"uuid": alert.uuid}) in incident_page and "Voortgekomen uit" in incident_page
    client.post(reverse("detection:to_breach", kwargs={"uuid": alert.uuid}))
    assert Incident.objects.count() == before + 1


@pytest.mark.django_db
def test_settings_are_validated_and_saved_per_organisation(client, login):
    officer = User.objects.get(username="fg")
    login(officer)
    url = reverse("detection:settings")
    form = client.get(url)
    assert form.status_code == 200
    data = {"volume_enabled": "on", "volume_factor": "2.5", "volume_min_count": "30", "baseline_days": "28",
            "outside_enabled": "on", "workday_start": "19", "workday_end": "7", "outside_min_count": "3",
            "family_enabled": "on", "family_min_lookups": "1", "break_glass_enabled": "on", "break_glass_count": "2",
            "break_glass_days": "7", "refusals_enabled": "on", "refusals_count": "4", "refusals_minutes": "5",
            "unrelated_enabled": "on", "unrelated_count": "2"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert not DetectionSettings.objects.filter(organisation=officer.organisation, workday_start=19).exists()
    saved = client.post(url, {**data, "workday_start": "8", "workday_end": "18"})
    assert saved.status_code == 302
    current = DetectionSettings.objects.get(organisation=officer.organisation)
    assert (current.workday_start, current.refusals_count, current.updated_by) == (8, 4, officer)


@pytest.mark.django_db
def test_the_start_page_shows_open_alerts(client, login):
    login(User.objects.get(username="fg"))
    html = client.get(reverse("web:home")).content.decode()
    assert "Verdachte toegang" in html and "Open signaleringen" in html
