"""The review cycle rules (cycles.py): month arithmetic, state on a day, when a reminder is due."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from privacyregie.policies import cycles
from privacyregie.policies.cycles import Event


def test_months_are_calendar_months_and_a_missing_day_is_the_last_of_the_month():
    assert cycles.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert cycles.add_months(datetime.date(2023, 1, 31), 1) == datetime.date(2023, 2, 28)
    assert cycles.add_months(datetime.date(2015, 6, 30), 24) == datetime.date(2017, 6, 30)
    assert cycles.add_months(datetime.date(2024, 11, 15), 14) == datetime.date(2026, 1, 15)


@given(st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 1, 1)), st.integers(1, 120))
def test_the_next_review_lies_the_interval_ahead_never_before(day, months):
    due = cycles.next_review(day, months)
    assert due > day
    assert (due.year - day.year) * 12 + due.month - day.month == months
    assert due.day == day.day or due.day < day.day


def test_state_follows_adoptions_reviews_and_withdrawal():
    adopted = Event(datetime.date(2020, 1, 1), datetime.date(2022, 1, 1), adopted=True)
    assert cycles.state_on([], datetime.date(2021, 1, 1)) == cycles.NEVER_ADOPTED
    assert cycles.state_on([adopted], datetime.date(2019, 12, 31)) == cycles.NEVER_ADOPTED
    assert cycles.state_on([adopted], datetime.date(2022, 1, 1)) == cycles.CURRENT
    assert cycles.state_on([adopted], datetime.date(2022, 1, 2)) == cycles.OVERDUE
    reviewed = Event(datetime.date(2022, 3, 1), datetime.date(2024, 3, 1))
    assert cycles.state_on([adopted, reviewed], datetime.date(2022, 2, 1)) == cycles.OVERDUE
    assert cycles.state_on([adopted, reviewed], datetime.date(2023, 2, 1)) == cycles.CURRENT
    withdrawn = Event(datetime.date(2023, 3, 1), None, withdrawn=True)
    assert cycles.state_on([adopted, reviewed, withdrawn], datetime.date(2023, 3, 1)) == cycles.WITHDRAWN


def test_the_most_urgent_reminder_that_is_due_and_none_on_or_after_the_date():
    review = datetime.date(2026, 12, 24)
    assert cycles.reminder_due(review, datetime.date(2026, 10, 24)) is None
    assert cycles.reminder_due(review, datetime.date(2026, 10, 25)) == 60
    assert cycles.reminder_due(review, datetime.date(2026, 12, 10)) == 14
    assert cycles.reminder_due(review, review) is None
    assert not cycles.escalation_due(review, review)
    assert cycles.escalation_due(review, datetime.date(2026, 12, 25))
