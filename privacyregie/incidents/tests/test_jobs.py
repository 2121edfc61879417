"""The reminder job: each reminder once, escalation to management when overdue."""

from datetime import timedelta

from django.utils import timezone

from privacyregie.core.jobs import discover
from privacyregie.core.models import Notification
from privacyregie.incidents.services import send_deadline_reminders

from .factories import BreachFactory


def _keys(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("dedup_key", flat=True))


def test_job_is_registered():
    assert "incidents_breach_deadlines" in discover()


def test_no_reminder_while_more_than_24_hours_left(officer):
    BreachFactory(organisation=officer.organisation, discovered_at=timezone.now() - timedelta(hours=10))
    assert send_deadline_reminders() == 0


def test_reminders_are_sent_once_each(officer, ciso, manager, settings):
    settings.BREACH_REMINDER_HOURS_LEFT = [24, 8]
    now = timezone.now()
    incident = BreachFactory(organisation=officer.organisation, discovered_at=now - timedelta(hours=50))
    assert send_deadline_reminders(now) == 2  # officer + ciso, 24 h reminder
    assert send_deadline_reminders(now) == 0  # run twice: nothing new
    later = now + timedelta(hours=15)  # 7 h left
    assert send_deadline_reminders(later) == 2
    assert send_deadline_reminders(later) == 0
    assert _keys(officer) == sorted([f"incident:{incident.pk}:reminder:24", f"incident:{incident.pk}:reminder:8"])
    assert _keys(manager) == []


def test_overdue_escalates_to_management_once(officer, ciso, manager):
    now = timezone.now()
    incident = BreachFactory(organisation=officer.organisation, discovered_at=now - timedelta(hours=73))
    assert send_deadline_reminders(now) == 3
    assert send_deadline_reminders(now) == 0
    assert _keys(manager) == [f"incident:{incident.pk}:overdue"]


def test_no_reminders_after_notification(officer, ciso):
    from privacyregie.incidents.notification_ap import submit

    incident = BreachFactory(organisation=officer.organisation, discovered_at=timezone.now() - timedelta(hours=60))
    submit(incident, officer, submitted_at=timezone.now(), ap_reference="AP-9")
    assert send_deadline_reminders() == 0


def test_run_jobs_command_runs_the_reminders_once(officer, ciso):
    from io import StringIO

    from django.core.management import call_command

    incident = BreachFactory(organisation=officer.organisation, discovered_at=timezone.now() - timedelta(hours=60))
    for _run in range(2):
        call_command("run_jobs", "--job", "incidents_breach_deadlines", stdout=StringIO())
    assert Notification.objects.filter(dedup_key__startswith=f"incident:{incident.pk}:reminder").count() == 2
