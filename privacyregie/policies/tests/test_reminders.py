"""Review reminders: the owner before the date, the privacy officer after it; each sent once, also when the
job runs many times a day and across the switch from and to summer time (Europe/Amsterdam)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from privacyregie.core.models import Notification
from privacyregie.policies import services
from privacyregie.policies.models import ReviewReminder

UTC = datetime.UTC
AMS = ZoneInfo("Europe/Amsterdam")


def _hourly(start, hours):
    return [start + datetime.timedelta(hours=h) for h in range(hours)]


def _with_review_on(document, day):
    document.next_review_date = day
    document.save()
    return document


def test_the_owner_is_reminded_once_when_the_job_runs_every_hour(adopted, owner):
    _with_review_on(adopted, datetime.date(2026, 6, 30))
    start = datetime.datetime(2026, 4, 30, 0, 0, tzinfo=UTC)
    sent = sum(services.send_review_reminders(now, adopted.organisation) for now in _hourly(start, 72))
    assert sent == 1
    notification = Notification.objects.get(recipient=owner)
    assert "30-06-2026" in notification.subject and adopted.title in notification.subject
    assert ReviewReminder.objects.filter(document=adopted, kind="voor", days_before=60).count() == 1


@pytest.mark.parametrize(("review_date", "first_local_day"), [
    # 60 days before 24 December 2026 is Sunday 25 October 2026, when summer time ends (03:00 -> 02:00)
    (datetime.date(2026, 12, 24), datetime.date(2026, 10, 25)),
    # 60 days before 28 May 2027 is Sunday 28 March 2027, when summer time starts (02:00 -> 03:00)
    (datetime.date(2027, 5, 27), datetime.date(2027, 3, 28)),
])
def test_reminders_across_a_dst_change_are_sent_once_on_the_local_day(adopted, owner, review_date, first_local_day):
    _with_review_on(adopted, review_date)
    start = datetime.datetime.combine(first_local_day - datetime.timedelta(days=1), datetime.time(12), tzinfo=AMS)
    moments = [m.astimezone(UTC) for m in _hourly(start, 60)]
    for now in moments:
        services.send_review_reminders(now, adopted.organisation)
    assert Notification.objects.filter(recipient=owner).count() == 1
    reminder = ReviewReminder.objects.get(document=adopted)
    assert reminder.sent_at.astimezone(AMS).date() == first_local_day
    assert reminder.sent_at.astimezone(AMS).hour == 0  # the first run of that local day


def test_the_reminder_is_not_sent_the_local_evening_before_even_if_utc_is_already_the_next_day(adopted, owner):
    _with_review_on(adopted, datetime.date(2026, 12, 24))
    # 22:30 UTC on 24 October = 00:30 on 25 October in Amsterdam (CEST, +2): due
    org = adopted.organisation
    assert services.send_review_reminders(datetime.datetime(2026, 10, 24, 21, 30, tzinfo=UTC), org) == 0  # 23:30
    assert services.send_review_reminders(datetime.datetime(2026, 10, 24, 22, 30, tzinfo=UTC), org) == 1


def test_after_the_date_the_privacy_officer_is_escalated_to_once(adopted, owner, officer):
    _with_review_on(adopted, datetime.date(2026, 3, 29))
    start = datetime.datetime(2026, 3, 28, 0, 0, tzinfo=UTC)  # across the start of summer time
    total = sum(services.send_review_reminders(now, adopted.organisation) for now in _hourly(start, 96))
    recipients = set(Notification.objects.filter(subject__startswith="Herbeoordeling verlopen",
                                                 organisation=adopted.organisation).values_list(
        "recipient__username", flat=True))
    assert recipients == {officer.username, owner.username}
    assert total == 3  # the last reminder to the owner the day before, then the escalation to both
    escalation = ReviewReminder.objects.get(document=adopted, kind="verlopen")
    assert escalation.sent_at.astimezone(AMS).date() == datetime.date(2026, 3, 30)


def test_a_new_review_date_gets_its_own_reminders(adopted, owner):
    _with_review_on(adopted, datetime.date(2026, 6, 30))
    services.send_review_reminders(datetime.datetime(2026, 5, 1, 8, tzinfo=UTC), adopted.organisation)
    services.record_review(adopted, owner, "actueel", datetime.date(2026, 5, 2), "College",
                           next_review_date=datetime.date(2026, 8, 1))
    assert services.send_review_reminders(datetime.datetime(2026, 6, 2, 8, tzinfo=UTC), adopted.organisation) == 1
    assert Notification.objects.filter(recipient=owner).count() == 2


def test_withdrawn_and_never_adopted_documents_get_no_reminders(make_document, owner):
    draft = make_document("Concept")
    draft.next_review_date = datetime.date(2026, 1, 1)
    draft.save()
    assert services.send_review_reminders(datetime.datetime(2026, 6, 1, 8, tzinfo=UTC), draft.organisation) == 0
