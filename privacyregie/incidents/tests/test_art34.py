"""Art. 34 AVG: a high-risk breach is closed only when residents were informed or an art. 34(3) ground is recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacyregie.incidents import handling, notification_ap, register
from privacyregie.incidents.models import Incident, Measure, ResidentInformation, Status

from .factories import BreachFactory, MeasureFactory

NOT_INFORMED = "Bij hoog risico moeten de betrokkenen worden geïnformeerd"


def _high_risk(officer, protection="", protection_details=""):
    incident = BreachFactory(organisation=officer.organisation, triaged_at=timezone.now())
    handling.assess(incident, officer, natures=["vertrouwelijkheid"], data_categories=["naw", "gezondheid"],
                    records_count=40, affected_min=40, affected_max=40, vulnerable_groups=True, consequences="Schaamte.",
                    decided_risk="hoog", decision_reasoning="Gezondheidsgegevens.", protection=protection,
                    protection_details=protection_details)
    incident.refresh_from_db()
    return incident


def _inform(incident, officer, **overrides):
    data = {"informed_at": timezone.now() - timedelta(hours=1), "method": "brief", "group_description": "Alle 40",
            "residents_count": 40, "message": "Beste inwoner, uw gegevens zijn bij een ander terechtgekomen."}
    data.update(overrides)
    return notification_ap.record_resident_information(incident, officer, **data)


def _assert_stays_open(incident, officer, message=NOT_INFORMED):
    with pytest.raises(ValidationError) as exc:
        handling.close(incident, officer, "Geleerd.")
    assert message in str(exc.value)
    incident.refresh_from_db()
    assert incident.status != Status.CLOSED and incident.closed_at is None


def test_high_risk_breach_cannot_be_closed_while_residents_were_not_informed(officer):
    incident = _high_risk(officer)
    _assert_stays_open(incident, officer)
    assert register.residents_informed(incident) == "nog niet (hoog risico)"


def test_closing_after_residents_were_informed_when_how_and_how_many(officer):
    incident = _high_risk(officer)
    _inform(incident, officer)
    handling.close(incident, officer, "Geleerd.")
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED
    assert register.residents_informed(incident) == "ja"


def test_a_public_notice_alone_is_not_informing_the_residents(officer):
    incident = _high_risk(officer)
    _inform(incident, officer, method="openbaar", residents_count=None, reason_not_individually="Adressen onbekend.")
    _assert_stays_open(incident, officer)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"residents_count": None}, "residents_count"),
    ({"message": "  "}, "message"),
    ({"informed_at": None}, "informed_at"),
    ({"method": "duif"}, "method"),
])
def test_informing_needs_when_how_how_many_and_the_message(officer, overrides, field):
    incident = _high_risk(officer)
    with pytest.raises(ValidationError) as exc:
        _inform(incident, officer, **overrides)
    assert field in exc.value.message_dict
    assert not incident.resident_information.exists()


def test_ground_a_needs_data_recorded_as_unintelligible(officer):
    incident = _high_risk(officer, protection="geen")
    with pytest.raises(ValidationError) as exc:
        notification_ap.record_art34_ground(incident, officer, ground="onbegrijpelijk", reasoning="Versleuteld.")
    assert "Grond a" in str(exc.value)
    incident.assessment.refresh_from_db()
    assert incident.assessment.art34_ground == ""
    encrypted = _high_risk(officer, protection="versleuteld", protection_details="AES-256, sleutel niet gelekt.")
    notification_ap.record_art34_ground(encrypted, officer, ground="onbegrijpelijk", reasoning="Sleutel veilig.")
    handling.close(encrypted, officer, "Geleerd.")
    assert Incident.objects.get(pk=encrypted.pk).status == Status.CLOSED


def test_ground_b_needs_a_measure_that_was_carried_out(officer):
    incident = _high_risk(officer)
    with pytest.raises(ValidationError) as exc:
        notification_ap.record_art34_ground(incident, officer, ground="risico_weggenomen", reasoning="Teruggehaald.")
    assert "Grond b" in str(exc.value)
    MeasureFactory(incident=incident, kind=Measure.Kind.REPRESSIVE, description="Bestand op afstand gewist.",
                   status=Measure.MeasureStatus.DONE, evidence="Wisbevestiging.")
    notification_ap.record_art34_ground(incident, officer, ground="risico_weggenomen", reasoning="Gewist, bevestigd.")
    handling.close(incident, officer, "Geleerd.")
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED
    assert register.residents_informed(incident).startswith("nee, art. 34 lid 3: b.")


def test_ground_c_needs_the_public_communication_instead(officer):
    incident = _high_risk(officer)
    with pytest.raises(ValidationError) as exc:
        notification_ap.record_art34_ground(incident, officer, ground="onevenredig", reasoning="Adressen onbekend.")
    assert "Grond c" in str(exc.value)
    _inform(incident, officer, method=ResidentInformation.Method.PUBLIC_NOTICE, residents_count=None,
            reason_not_individually="Adressen van 4.000 oud-cliënten onbekend.")
    notification_ap.record_art34_ground(incident, officer, ground="onevenredig", reasoning="Adressen onbekend.")
    handling.close(incident, officer, "Geleerd.")
    assert Incident.objects.get(pk=incident.pk).status == Status.CLOSED


def test_a_ground_needs_reasoning(officer):
    incident = _high_risk(officer, protection="versleuteld", protection_details="AES.")
    with pytest.raises(ValidationError) as exc:
        notification_ap.record_art34_ground(incident, officer, ground="onbegrijpelijk", reasoning=" ")
    assert "reasoning" in exc.value.message_dict


def test_a_ground_that_no_longer_holds_blocks_closing(officer):
    """Ground a recorded, then the assessment says the data were not protected after all."""
    incident = _high_risk(officer, protection="versleuteld", protection_details="AES.")
    notification_ap.record_art34_ground(incident, officer, ground="onbegrijpelijk", reasoning="Versleuteld.")
    handling.assess(incident, officer, natures=["vertrouwelijkheid"], data_categories=["naw", "gezondheid"],
                    records_count=40, affected_min=40, affected_max=40, vulnerable_groups=True, consequences="",
                    decided_risk="hoog", decision_reasoning="Toch onversleuteld.", protection="geen")
    incident.refresh_from_db()
    _assert_stays_open(incident, officer, "Grond a")


def test_lower_risk_breach_closes_without_informing(officer):
    incident = BreachFactory(organisation=officer.organisation, triaged_at=timezone.now())
    handling.assess(incident, officer, natures=["vertrouwelijkheid"], data_categories=["naw"], records_count=1,
                    affected_min=1, affected_max=1, vulnerable_groups=False, consequences="", decided_risk="risico",
                    decision_reasoning="Eén adres.")
    handling.close(incident, officer, "Geleerd.")
    assert Incident.objects.get(pk=incident.pk).status == Status.CLOSED


def test_the_page_refuses_to_close_with_the_message(client, login, officer):
    incident = _high_risk(officer)
    login(officer)
    response = client.post(reverse("incidents:close", kwargs={"uuid": incident.uuid}), {"lessons_learned": "Geleerd."},
                           follow=True)
    assert NOT_INFORMED in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).status != Status.CLOSED


def test_the_page_records_a_ground(client, login, officer):
    incident = _high_risk(officer, protection="versleuteld", protection_details="AES.")
    login(officer)
    response = client.post(reverse("incidents:residents_ground", kwargs={"uuid": incident.uuid}),
                           {"ground": "onbegrijpelijk", "reasoning": "Sleutel niet gelekt."}, follow=True)
    assert "Grond vastgelegd." in response.content.decode()
    incident.assessment.refresh_from_db()
    assert incident.assessment.art34_ground == "onbegrijpelijk" and incident.assessment.art34_recorded_at


def test_the_api_enforces_the_same_rule(client, login, officer):
    incident = _high_risk(officer)
    login(officer)
    close_url = reverse("api:incident-close", kwargs={"uuid": incident.uuid})
    response = client.post(close_url, {"lessons_learned": "Geleerd."}, content_type="application/json")
    assert response.status_code == 400 and NOT_INFORMED in str(response.json())
    assert Incident.objects.get(pk=incident.pk).status != Status.CLOSED
    response = client.post(reverse("api:incident-residents-informed", kwargs={"uuid": incident.uuid}), {
        "informed_at": timezone.now().isoformat(), "method": "brief", "group_description": "Alle 40",
        "residents_count": 40, "message": "Beste inwoner, ..."}, content_type="application/json")
    assert response.status_code == 200, response.content
    response = client.post(close_url, {"lessons_learned": "Geleerd."}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == Status.CLOSED


def test_the_api_records_a_ground_with_the_same_checks(client, login, officer):
    incident = _high_risk(officer)
    login(officer)
    url = reverse("api:incident-art34-ground", kwargs={"uuid": incident.uuid})
    response = client.post(url, {"ground": "onevenredig", "reasoning": "Te veel."}, content_type="application/json")
    assert response.status_code == 400 and "Grond c" in str(response.json())
    incident.assessment.refresh_from_db()
    assert incident.assessment.art34_ground == ""


def test_demo_breaches_are_consistent_with_article_34(db):
    """Every closed high-risk demo breach informed its residents or recorded a ground."""
    closed = Incident.objects.filter(is_breach=True, status=Status.CLOSED, assessment__decided_risk="hoog")
    assert closed.exists()
    for incident in closed:
        assert not handling.residents_duty_unmet(incident, incident.assessment), incident.receipt_number
