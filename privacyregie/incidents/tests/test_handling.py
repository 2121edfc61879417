"""Triage, AP notification (late needs a reason), residents, measures and closing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacyregie.incidents import handling, notification_ap
from privacyregie.incidents.models import Measure, Status

from .factories import BreachFactory, IncidentFactory, MeasureFactory


def test_triage_as_breach_starts_the_clock_and_logs(officer):
    incident = IncidentFactory(organisation=officer.organisation)
    aware = timezone.now() - timedelta(hours=5)
    handling.triage(incident, officer, type="datalek", is_breach=True, awareness_at=aware, reasoning="Bevestigd.")
    incident.refresh_from_db()
    assert incident.notification_deadline == aware + timedelta(hours=72) and incident.clock_running
    assert incident.triaged_by == officer and incident.timeline.filter(author=officer).exists()


def test_triage_refuses_awareness_in_the_future(officer):
    incident = IncidentFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError) as exc:
        handling.triage(incident, officer, type="datalek", is_breach=True,
                        awareness_at=timezone.now() + timedelta(days=1), reasoning="x")
    assert "toekomst" in str(exc.value)
    incident.refresh_from_db()
    assert incident.triaged_at is None


def test_late_notification_requires_the_reason(officer):
    incident = BreachFactory(organisation=officer.organisation, discovered_at=timezone.now() - timedelta(hours=80))
    with pytest.raises(ValidationError) as exc:
        notification_ap.submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-1")
    assert "reden van de vertraging" in " ".join(exc.value.message_dict["late_reason"])
    n = notification_ap.submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-1",
                               late_reason="Verwerker leverde te laat aan.")
    assert n.in_time is False and n.late_reason


def test_notification_in_time_stops_the_clock(officer):
    incident = BreachFactory(organisation=officer.organisation, discovered_at=timezone.now() - timedelta(hours=10))
    n = notification_ap.submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-2")
    incident.refresh_from_db()
    assert n.in_time is True and not incident.clock_running


def test_supplement_and_withdrawal_after_submission(officer):
    incident = BreachFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError):
        notification_ap.add_supplement(incident, officer, "Meer info")
    notification_ap.submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-3")
    incident.refresh_from_db()
    notification_ap.add_supplement(incident, officer, "Aantal betrokkenen is 12.")
    n = notification_ap.withdraw(incident, officer, "Bleek geen datalek.")
    assert n.supplements.count() == 1 and n.withdrawn_at


def test_ap_draft_has_the_sections_of_the_ap_form_and_a_pdf(officer):
    incident = BreachFactory(organisation=officer.organisation)
    keys = [s["key"] for s in notification_ap.draft_sections(incident)]
    assert keys == ["contact", "breach", "personal_data", "people", "consequences", "measures", "residents",
                    "international", "follow_up"]
    data = notification_ap.draft_json(incident)
    assert data["sections"]["breach"]["notification_deadline"].endswith(("+01:00", "+02:00"))
    notification_ap.save_draft(incident, officer, contact_name="Fatima de Vries", contact_email="fg@example.org")
    assert notification_ap.draft_pdf(incident).startswith(b"%PDF-")


def test_public_notice_needs_the_reason(officer):
    incident = BreachFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError) as exc:
        notification_ap.record_resident_information(incident, officer, informed_at=timezone.now(), method="openbaar",
                                                    group_description="Alle cliënten")
    assert "niet individueel" in str(exc.value)


def test_resident_letter_uses_the_facts(officer):
    incident = BreachFactory(organisation=officer.organisation, title="Brieven in verkeerde envelop")
    MeasureFactory(incident=incident, description="Brieven teruggehaald.")
    letter = notification_ap.resident_letter(incident)
    assert "Brieven in verkeerde envelop" in letter and "Brieven teruggehaald." in letter and "Beste inwoner" in letter


def test_closing_requires_all_measures_decided(officer):
    incident = IncidentFactory(organisation=officer.organisation)
    handling.triage(incident, officer, type="beveiligingsincident", is_breach=False, awareness_at=None, reasoning="x")
    measure = MeasureFactory(incident=incident, status=Measure.MeasureStatus.PROPOSED)
    with pytest.raises(ValidationError) as exc:
        handling.close(incident, officer, "Geleerd.")
    assert "maatregelen" in str(exc.value)
    handling.save_measure(incident, officer, measure=measure, kind=measure.kind, description=measure.description,
                          status=Measure.MeasureStatus.DONE, evidence="Gedaan.")
    handling.close(incident, officer, "Geleerd.")
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.lessons_learned == "Geleerd."


def test_done_measure_needs_evidence(officer):
    incident = IncidentFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError) as exc:
        handling.save_measure(incident, officer, kind="correctief", description="Patch", status="gereed", evidence="")
    assert "bewijs" in str(exc.value).lower()
    assert not incident.measures.exists()


def test_working_group_member_must_be_a_colleague(officer):
    from privacyregie.core.tests.factories import UserFactory

    incident = IncidentFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError):
        handling.add_member(incident, officer, UserFactory(), "Lid")
    member = handling.add_member(incident, officer, officer, "Voorzitter")
    assert member.role == "Voorzitter"


def test_reopen_puts_a_closed_incident_back_in_handling(client, login, officer):
    from django.urls import reverse

    incident = IncidentFactory(organisation=officer.organisation, status=Status.CLOSED, closed_at=timezone.now(),
                               lessons_learned="Les")
    login(officer)
    client.post(reverse("incidents:reopen", kwargs={"uuid": incident.uuid}))
    incident.refresh_from_db()
    assert incident.status == Status.IN_HANDLING and incident.closed_at is None and incident.lessons_learned == "Les"


def test_working_group_member_is_notified_and_sees_the_incident_without_confidential_reporter(client, login, officer,
                                                                                            worker):
    from django.urls import reverse

    from privacyregie.core.models import Notification
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory
    from privacyregie.incidents.reporting import report_incident

    colleague = UserFactory(organisation=officer.organisation, roles=[Role.TEAM_LEAD])
    incident = report_incident(officer.organisation, type="datalek", title="Werkgroeplek", description="x",
                               discovered_at=timezone.now() - timedelta(hours=1), reporter=worker,
                               visibility="vertrouwelijk").incident
    handling.add_member(incident, officer, colleague, "Teamleider")
    assert Notification.objects.filter(recipient=colleague, dedup_key=f"incident:{incident.pk}:member:{colleague.pk}")
    login(colleague)
    url = reverse("incidents:involved_detail", kwargs={"uuid": incident.uuid})
    body = client.get(url).content.decode()
    assert "Werkgroeplek" in body and "Geheimnaam" not in body and "Vertrouwelijk" in body
    login(UserFactory(organisation=officer.organisation, roles=[Role.TEAM_LEAD]))
    assert client.get(url).status_code == 404


def test_overdue_measure_reminds_its_owner_once(officer, worker):
    from privacyregie.core.models import Notification
    from privacyregie.incidents.services import remind_overdue_measures

    incident = IncidentFactory(organisation=officer.organisation, status=Status.IN_HANDLING)
    measure = handling.save_measure(incident, officer, kind="correctief", description="Patch uitrollen", owner=worker,
                                    due_date=timezone.localdate() - timedelta(days=2), status="besloten")
    assert Notification.objects.filter(recipient=worker, dedup_key=f"measure:{measure.pk}:owner:{worker.pk}").exists()
    remind_overdue_measures()
    assert remind_overdue_measures() == 0  # second run: nothing new
    assert Notification.objects.filter(recipient=worker, dedup_key=f"measure:{measure.pk}:overdue").count() == 1
