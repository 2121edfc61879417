"""The notification to the AP follows every section of the AP's form; page, JSON and PDF carry the same content."""

import io
import json
import re
import unicodedata
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from privacyregie.incidents import ap_form, handling, notification_ap
from privacyregie.incidents.models import ApNotification, BreachAssessment, Measure

from .factories import BreachFactory, MeasureFactory

# The questions of the AP's form that the draft lacked before (issue 10, section 3), per section.
REQUIRED_QUESTIONS = {
    "contact": {"organisation_address", "contact_function", "contact_name", "contact_email", "contact_phone"},
    "breach": {"started_at", "ended_at", "still_ongoing", "natures", "awareness_at"},
    "personal_data": {"categories", "records_count"},
    "people": {"affected_min", "affected_max", "groups"},
    "consequences": {"consequences"},
    "measures": {"protection", "protection_details", "prior_measures", "measures"},
    "residents": {"status", "communications", "art34_ground", "art34_reasoning"},
    "international": {"cross_border", "countries", "other_authorities_informed", "other_authorities"},
    "follow_up": {"completeness", "supplements", "withdrawn_at", "withdrawal_reason", "ap_reference"},
}


def _squash(text: str) -> str:
    """Compare text without layout: NFKC (ligatures), no whitespace, no dash variants."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def full_breach(officer):
    """A breach with every question of the form answered, submitted as preliminary, supplemented and withdrawn."""
    now = timezone.now()
    incident = BreachFactory(organisation=officer.organisation, title="USB-stick met Wmo-dossiers verloren",
                             description="Een onversleutelde USB-stick is in de trein verloren.",
                             occurred_at=now - timedelta(days=2), discovered_at=now - timedelta(days=1),
                             data_involved="Naam, adres, indicaties", affected_description="Wmo-cliënten in Laren")
    MeasureFactory(incident=incident, kind=Measure.Kind.REPRESSIVE, description="Stick laten blokkeren.",
                   status=Measure.MeasureStatus.DONE, evidence="Gedaan.")
    handling.assess(incident, officer, natures=["diefstal"], data_categories=["naw", "gezondheid"], records_count=25,
                    affected_min=20, affected_max=25, affected_groups=["clienten", "minderjarigen"],
                    protection="gedeeltelijk", protection_details="Alleen de map met indicaties was versleuteld (AES).",
                    ended_at=now - timedelta(hours=30), still_ongoing=False, vulnerable_groups=False,
                    consequences="Stigmatisering; misbruik van gezondheidsgegevens.", decided_risk="hoog",
                    decision_reasoning="Gezondheidsgegevens van kwetsbare cliënten.")
    notification_ap.save_draft(
        incident, officer, organisation_address="Raadhuisplein 1, 1251 AB Laren", contact_name="Fatima Yilmaz",
        contact_function="Functionaris gegevensbescherming", contact_email="fg@example.nl", contact_phone="035 123 45 67",
        prior_measures="Beleid: alleen versleutelde sticks.", follow_up="Sticks uitfaseren.",
        cross_border="ja", cross_border_countries="België", other_authorities_informed="ja",
        other_authorities="Gegevensbeschermingsautoriteit (België)")
    notification_ap.record_resident_information(
        incident, officer, informed_at=now - timedelta(hours=2), method="brief", group_description="Alle cliënten",
        residents_count=25, message="Beste inwoner, een USB-stick met uw gegevens is verloren.")
    notification_ap.submit(incident, officer, submitted_at=now - timedelta(hours=20), ap_reference="AP-2026-777",
                           preliminary=True)
    incident.refresh_from_db()
    notification_ap.add_supplement(incident, officer, "Aantal betrokkenen vastgesteld op 25.", completes=True)
    notification_ap.withdraw(incident, officer, "Stick teruggevonden, ongeopend.")
    incident.refresh_from_db()
    return incident


def test_every_section_of_the_ap_form_has_its_questions():
    assert [s.key for s in ap_form.FORM] == list(ap_form.AP_SECTIONS)
    for section in ap_form.FORM:
        keys = {f.key for f in section.fields}
        assert keys, section.key
        assert REQUIRED_QUESTIONS[section.key] <= keys, (section.key, REQUIRED_QUESTIONS[section.key] - keys)


def test_json_carries_every_field_of_the_form(full_breach):
    data = notification_ap.draft_json(full_breach)
    assert data["schema"] == ap_form.SCHEMA_VERSION
    assert {k: set(v) for k, v in data["sections"].items()} == {
        s.key: {f.key for f in s.fields} for s in ap_form.FORM}
    s = data["sections"]
    assert s["breach"]["ended_at"].endswith(("+01:00", "+02:00")) and s["breach"]["still_ongoing"] is False
    assert s["people"]["groups"] == ["clienten", "minderjarigen"]
    assert s["measures"]["protection"] == "gedeeltelijk" and "AES" in s["measures"]["protection_details"]
    assert s["residents"]["status"] == "geinformeerd"
    assert s["residents"]["communications"][0]["count"] == 25
    assert s["residents"]["communications"][0]["message"].startswith("Beste inwoner")
    assert s["international"] == {"cross_border": "ja", "countries": "België", "other_authorities_informed": "ja",
                                  "other_authorities": "Gegevensbeschermingsautoriteit (België)"}
    assert s["follow_up"]["completeness"] == "aangevuld"
    assert s["follow_up"]["supplements"][0]["text"] == "Aantal betrokkenen vastgesteld op 25."
    assert s["follow_up"]["withdrawal_reason"] == "Stick teruggevonden, ongeopend."
    assert s["contact"]["contact_function"] == "Functionaris gegevensbescherming"
    assert s["contact"]["organisation_address"] == "Raadhuisplein 1, 1251 AB Laren"


def test_pdf_and_page_carry_the_same_content_as_the_json(client, login, officer, full_breach):
    login(officer)
    kwargs = {"uuid": full_breach.uuid}
    data = json.loads(client.get(reverse("incidents:ap_json", kwargs=kwargs)).content)
    pdf = _squash(_pdf_text(client.get(reverse("incidents:ap_pdf", kwargs=kwargs)).content))
    page = client.get(reverse("incidents:ap_draft", kwargs=kwargs)).content.decode()
    unanswered = set()
    for section in ap_form.FORM:
        assert _squash(section.title) in pdf and escape(section.title) in page
        for field in section.fields:
            text = ap_form.display(field, data["sections"][section.key][field.key])
            assert _squash(str(field.label)) in pdf, field.key
            if not text:
                unanswered.add(field.key)
            for line in filter(None, text.splitlines()):
                assert _squash(line) in pdf, (section.key, field.key, line)
                assert escape(line) in page, (section.key, field.key, line)
    # the full breach answers every question except those that do not apply to it
    assert unanswered == {"oin", "reported_by_processor", "late_reason", "art34_ground", "art34_reasoning"}


def test_api_returns_the_same_json(client, login, officer, full_breach):
    login(officer)
    api = client.get(reverse("api:incident-ap-draft", kwargs={"uuid": full_breach.uuid})).json()
    page = json.loads(client.get(reverse("incidents:ap_json", kwargs={"uuid": full_breach.uuid})).content)
    assert api == page


def test_protection_needs_to_say_how(officer):
    incident = BreachFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError) as exc:
        handling.assess(incident, officer, natures=["diefstal"], data_categories=["naw"], records_count=None,
                        affected_min=None, affected_max=None, protection="versleuteld", protection_details=" ",
                        vulnerable_groups=False, consequences="", decided_risk="", decision_reasoning="")
    assert "Beschrijf hoe" in " ".join(exc.value.message_dict["protection_details"])
    assert not BreachAssessment.objects.filter(incident=incident).exists()  # nothing stored


@pytest.mark.parametrize(("extra", "message"), [
    ({"still_ongoing": True, "ended_at": timezone.now() - timedelta(hours=1)}, "nog voortduurt"),
    ({"ended_at": timezone.now() + timedelta(days=1)}, "toekomst"),
    ({"ended_at": timezone.now() - timedelta(days=30)}, "vóór het begin"),
])
def test_end_of_the_breach_is_checked(officer, extra, message):
    incident = BreachFactory(organisation=officer.organisation, occurred_at=timezone.now() - timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        handling.assess(incident, officer, natures=[], data_categories=["naw"], records_count=None, affected_min=None,
                        affected_max=None, vulnerable_groups=False, consequences="", decided_risk="",
                        decision_reasoning="", **extra)
    assert message in " ".join(exc.value.message_dict["ended_at"])
    incident.refresh_from_db()
    assert incident.ended_at is None


def test_minors_mark_the_group_as_vulnerable(officer):
    incident = BreachFactory(organisation=officer.organisation)
    a = handling.assess(incident, officer, natures=["vertrouwelijkheid"], data_categories=["naw"], records_count=1,
                        affected_min=1, affected_max=1, affected_groups=["minderjarigen"], vulnerable_groups=False,
                        consequences="", decided_risk="", decision_reasoning="")
    assert a.vulnerable_groups and a.affected_groups == ["minderjarigen"]


def test_unknown_group_is_refused(officer):
    incident = BreachFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError) as exc:
        handling.assess(incident, officer, natures=[], data_categories=[], records_count=None, affected_min=None,
                        affected_max=None, affected_groups=["marsbewoners"], vulnerable_groups=False, consequences="",
                        decided_risk="", decision_reasoning="")
    assert "affected_groups" in exc.value.message_dict


@pytest.mark.parametrize(("fields", "field"), [
    ({"cross_border": "ja", "cross_border_countries": ""}, "cross_border_countries"),
    ({"other_authorities_informed": "ja", "other_authorities": " "}, "other_authorities"),
    ({"cross_border": "misschien"}, "cross_border"),
])
def test_international_answers_are_complete(officer, fields, field):
    incident = BreachFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError) as exc:
        notification_ap.save_draft(incident, officer, **fields)
    assert field in exc.value.message_dict
    assert not ApNotification.objects.filter(incident=incident).exclude(cross_border="").exists()


def test_preliminary_notification_is_completed_once(officer):
    incident = BreachFactory(organisation=officer.organisation)
    notification_ap.submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-9", preliminary=True)
    incident.refresh_from_db()
    assert notification_ap.draft_json(incident)["sections"]["follow_up"]["completeness"] == "voorlopig"
    notification_ap.add_supplement(incident, officer, "Nog niet alles bekend.")
    assert notification_ap.draft_json(incident)["sections"]["follow_up"]["completeness"] == "voorlopig"
    notification_ap.add_supplement(incident, officer, "Nu volledig.", completes=True)
    assert notification_ap.draft_json(incident)["sections"]["follow_up"]["completeness"] == "aangevuld"
    with pytest.raises(ValidationError) as exc:
        notification_ap.add_supplement(incident, officer, "Nogmaals.", completes=True)
    assert "al volledig" in str(exc.value)


def test_a_complete_notification_cannot_be_completed_and_a_withdrawn_one_not_supplemented(officer):
    incident = BreachFactory(organisation=officer.organisation)
    notification_ap.submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-10")
    incident.refresh_from_db()
    with pytest.raises(ValidationError):
        notification_ap.add_supplement(incident, officer, "Klaar.", completes=True)
    notification_ap.withdraw(incident, officer, "Geen datalek.")
    with pytest.raises(ValidationError) as exc:
        notification_ap.add_supplement(incident, officer, "Toch nog iets.")
    assert "ingetrokken" in str(exc.value)
    assert incident.ap_notification.supplements.count() == 0


def test_assessment_page_saves_the_new_questions(client, login, officer):
    incident = BreachFactory(organisation=officer.organisation, occurred_at=timezone.now() - timedelta(days=2))
    login(officer)
    ended = timezone.localtime() - timedelta(hours=5)
    response = client.post(reverse("incidents:assess", kwargs={"uuid": incident.uuid}), {
        "natures": ["vertrouwelijkheid"], "data_categories": ["naw"], "affected_groups": ["inwoners", "medewerkers"],
        "protection": "gehasht", "protection_details": "Wachtwoorden met bcrypt gehasht.",
        "ended_at": ended.strftime("%Y-%m-%dT%H:%M"), "decided_risk": "", "decision_reasoning": ""})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.assessment.affected_groups == ["inwoners", "medewerkers"]
    assert incident.assessment.protection == "gehasht" and incident.assessment.unintelligible
    assert incident.ended_at is not None and not incident.still_ongoing
