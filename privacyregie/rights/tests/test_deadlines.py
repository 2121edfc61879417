"""The answer term (AVG art. 12(3)) counted as Regulation 1182/71 art. 3 counts, in Europe/Amsterdam."""

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from privacyregie.rights import deadlines

AMS = ZoneInfo("Europe/Amsterdam")

# 1182/71 art. 3(2)(c): "...ends with the expiry of the last hour of the day in the last month which is the same
# date as the day on which the event occurred; if there is no such day in that month, the period ends with the
# expiry of the last hour of the last day of that month" (the text the examples below are read from).
SOURCE_EXAMPLES = [
    (date(2026, 1, 15), date(2026, 2, 15)),  # same date of the next month
    (date(2026, 1, 31), date(2026, 2, 28)),  # no 31 February: last day of that month
    (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
    (date(2028, 1, 29), date(2028, 2, 29)),
    (date(2026, 1, 29), date(2026, 2, 28)),
    (date(2026, 3, 31), date(2026, 4, 30)),
    (date(2026, 12, 31), date(2027, 1, 31)),  # across the year end
    (date(2026, 2, 28), date(2026, 3, 28)),  # not the last day of March: the same date
]


def at(day: date, hour=10, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMS)


@pytest.mark.parametrize(("received", "due"), SOURCE_EXAMPLES)
def test_one_month_ends_on_the_same_date_or_the_last_day_of_the_month(received, due):
    assert deadlines.answer_due(at(received)) == due


def test_received_at_half_past_midnight_on_a_dst_day_counts_from_that_local_day():
    # 29 March 2026 00:30 CET is still 28 March in UTC; 25 October 2026 00:30 CEST is 24 October in UTC
    spring = datetime(2026, 3, 29, 0, 30, tzinfo=AMS)
    autumn = datetime(2026, 10, 25, 0, 30, tzinfo=AMS)
    assert spring.astimezone(UTC).date() == date(2026, 3, 28)
    assert deadlines.answer_due(spring.astimezone(UTC)) == date(2026, 4, 29)
    assert deadlines.answer_due(autumn.astimezone(UTC)) == date(2026, 11, 25)


def test_received_just_before_midnight_local_counts_that_day():
    late = datetime(2026, 1, 31, 23, 59, tzinfo=AMS)  # 22:59 UTC
    assert deadlines.answer_due(late) == date(2026, 2, 28)
    after = late + timedelta(minutes=2)  # 1 February 00:01 local
    assert deadlines.answer_due(after) == date(2026, 3, 1)


def test_extension_is_counted_from_receipt_not_chained_from_the_first_due_date():
    received = at(date(2026, 1, 31))
    assert deadlines.extended_due(received, 2) == date(2026, 4, 30)
    assert deadlines.extended_due(received, 1) == date(2026, 3, 31)


@pytest.mark.parametrize("months", [0, 3, -1])
def test_an_extension_is_one_or_two_further_months(months):
    with pytest.raises(ValueError, match="two further months"):
        deadlines.extended_due(at(date(2026, 1, 1)), months)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        deadlines.answer_due(datetime(2026, 1, 1, 10))


def test_an_extension_may_be_sent_until_the_end_of_the_first_month():
    received = at(date(2026, 1, 31))
    assert deadlines.extension_deadline(received) == date(2026, 2, 28)


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 1),
                        timezones=st.just(UTC))


@hsettings(max_examples=200)
@given(instants)
def test_property_due_is_same_day_next_month_or_its_last_day(received_at):
    local_day = received_at.astimezone(AMS).date()
    due = deadlines.answer_due(received_at)
    next_month = (local_day.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert (due.year, due.month) == (next_month.year, next_month.month)
    last = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(local_day.day, last)
    # whichever way the instant is written, the answer is the same
    assert deadlines.answer_due(received_at.astimezone(AMS)) == due


@hsettings(max_examples=200)
@given(instants, st.sampled_from([1, 2]))
def test_property_extension_is_later_and_at_most_three_months(received_at, months):
    due = deadlines.answer_due(received_at)
    extended = deadlines.extended_due(received_at, months)
    assert extended > due
    local_day = received_at.astimezone(AMS).date()
    assert (extended.year * 12 + extended.month) - (local_day.year * 12 + local_day.month) == 1 + months
    assert extended.day == min(local_day.day, calendar.monthrange(extended.year, extended.month)[1])


dst_days = st.sampled_from([date(y, 3, d) for y in range(2024, 2031) for d in range(25, 32)]
                           + [date(y, 10, d) for y in range(2024, 2031) for d in range(25, 32)])


@hsettings(max_examples=200)
@given(dst_days, st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_property_every_local_moment_of_a_dst_week_counts_from_its_local_day(day, hour, minute):
    moment = datetime.combine(day, time(hour, minute), tzinfo=AMS)
    assert deadlines.received_on(moment.astimezone(UTC)) == day
    assert deadlines.answer_due(moment.astimezone(UTC)) == deadlines.add_months(day, 1)


def test_clock_text_says_it_in_words():
    now = at(date(2026, 5, 10), 12)
    assert deadlines.clock_text(date(2026, 5, 22), now) == "nog 12 dagen"
    assert deadlines.clock_text(date(2026, 5, 11), now) == "nog 1 dag"
    assert deadlines.clock_text(date(2026, 5, 10), now) == "uiterlijk vandaag"
    assert deadlines.clock_text(date(2026, 5, 7), now) == "3 dagen te laat"
    assert deadlines.clock_state(date(2026, 5, 7), now) == "overdue"
    assert deadlines.clock_state(date(2026, 5, 12), now) == "soon"
    assert deadlines.clock_state(date(2026, 6, 12), now) == "ok"


def test_days_left_uses_the_amsterdam_day():
    # 23:30 UTC on 9 May is already 10 May in Amsterdam (CEST)
    assert deadlines.days_left(date(2026, 5, 10), datetime(2026, 5, 9, 23, 30, tzinfo=UTC)) == 0
