"""Renewal reminders: to the employee and their team lead, each once."""

import datetime

from privacyregie.core.models import Notification
from privacyregie.people import services

from .factories import CompletionFactory, CourseFactory, RequirementFactory

TODAY = datetime.date(2026, 6, 1)


def test_a_reminder_goes_once_to_the_employee_and_the_team_lead(org, worker, lead, team):
    course = CourseFactory(organisation=org, name="Privacy basis", validity_months=12)
    RequirementFactory(course=course, team=team)
    CompletionFactory(user=worker, course=course, completed_on=datetime.date(2025, 6, 20))  # valid to 19 June 2026
    assert services.send_renewal_reminders(TODAY) == 2
    mine = Notification.objects.get(recipient=worker)
    assert "Privacy basis" in mine.subject and "19-06-2026" in mine.subject
    assert Notification.objects.filter(recipient=lead, subject__contains=str(worker)).count() == 1
    assert services.send_renewal_reminders(TODAY) == 0
    assert services.send_renewal_reminders(TODAY + datetime.timedelta(days=30)) == 0  # expired: still only once


def test_the_reminder_period_is_set_per_organisation(org, worker, team):
    from privacyregie.people.models import PeopleSettings

    PeopleSettings.objects.create(organisation=org, reminder_days=10)
    course = CourseFactory(organisation=org, validity_months=12)
    RequirementFactory(course=course, team=team)
    CompletionFactory(user=worker, course=course, completed_on=datetime.date(2025, 6, 20))  # valid to 19 June 2026
    assert services.send_renewal_reminders(TODAY) == 0
    assert services.send_renewal_reminders(datetime.date(2026, 6, 10)) == 1


def test_no_reminder_far_from_expiry_or_after_renewal(org, worker, team):
    course = CourseFactory(organisation=org, validity_months=12)
    RequirementFactory(course=course, team=team)
    CompletionFactory(user=worker, course=course, completed_on=datetime.date(2026, 3, 1))
    assert services.send_renewal_reminders(TODAY) == 0
    CompletionFactory(user=worker, course=course, completed_on=datetime.date(2025, 6, 20))
    assert services.send_renewal_reminders(TODAY) == 0  # the newer completion counts
    assert not Notification.objects.filter(recipient=worker).exists()


def test_the_daily_job_is_registered():
    from privacyregie.core.jobs import discover

    assert discover()["people_renewal_reminders"].every == datetime.timedelta(days=1)
