"""The 72-hour clock: elapsed time on aware datetimes, correct across DST changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacyregie.incidents.deadlines import AMSTERDAM, format_time_left, iso_local, notification_deadline

UTC_MOMENTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC))
# the DST weekends: clocks go forward 29 Mar 2026 / 28 Mar 2027, back 25 Oct 2026 / 31 Oct 2027
DST_WEEKS = [datetime(2026, 3, 26), datetime(2026, 10, 22), datetime(2027, 3, 25), datetime(2027, 10, 28)]
AROUND_DST = st.sampled_from(DST_WEEKS).flatmap(
    lambda start: st.integers(0, 5 * 24 * 3600).map(lambda s: (start + timedelta(seconds=s)).replace(tzinfo=UTC))
)


@settings(max_examples=300)
@given(st.one_of(UTC_MOMENTS, AROUND_DST), st.sampled_from([UTC, AMSTERDAM, ZoneInfo("America/New_York")]))
def test_deadline_is_exactly_72_hours_of_elapsed_time(moment, zone):
    awareness = moment.astimezone(zone)
    deadline = notification_deadline(awareness)
    assert deadline - awareness == timedelta(hours=72)
    assert deadline.astimezone(UTC) - awareness.astimezone(UTC) == timedelta(hours=72)


@settings(max_examples=300)
@given(AROUND_DST)
def test_local_display_is_consistent_with_the_instant(moment):
    deadline = notification_deadline(moment)
    text = iso_local(deadline)
    parsed = datetime.fromisoformat(text)
    assert parsed.astimezone(UTC) == deadline.astimezone(UTC).replace(microsecond=0)
    assert parsed.utcoffset() == deadline.astimezone(AMSTERDAM).utcoffset()
    assert parsed.utcoffset() in (timedelta(hours=1), timedelta(hours=2))


def test_across_spring_forward_the_wall_clock_shows_one_hour_later():
    awareness = datetime(2026, 3, 28, 10, 0, tzinfo=AMSTERDAM)  # CET, +01:00
    deadline = notification_deadline(awareness)
    assert iso_local(deadline) == "2026-03-31T11:00:00+02:00"


def test_across_fall_back_the_wall_clock_shows_one_hour_earlier():
    awareness = datetime(2026, 10, 24, 10, 0, tzinfo=AMSTERDAM)  # CEST, +02:00
    deadline = notification_deadline(awareness)
    assert iso_local(deadline) == "2026-10-27T09:00:00+01:00"


def test_awareness_in_the_repeated_hour_of_october():
    first = datetime(2027, 10, 31, 2, 30, tzinfo=AMSTERDAM, fold=0)
    second = datetime(2027, 10, 31, 2, 30, tzinfo=AMSTERDAM, fold=1)
    assert notification_deadline(second) - notification_deadline(first) == timedelta(hours=1)


def test_deadline_compares_as_an_instant_not_as_wall_clock_time():
    """Two Amsterdam datetimes in the repeated hour compare by wall clock in Python; the UTC deadline does not."""
    awareness = datetime(2026, 10, 22, 2, 30, tzinfo=AMSTERDAM)  # deadline falls in the repeated hour
    deadline = notification_deadline(awareness)
    just_after = datetime(2026, 10, 25, 2, 15, tzinfo=AMSTERDAM, fold=1)  # CET: 01:15 UTC, 45 min late
    assert just_after > deadline


def test_naive_awareness_is_refused():
    with pytest.raises(ValueError):
        notification_deadline(datetime(2026, 3, 29, 2, 30))


def test_time_left_text_and_late_text():
    deadline = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert format_time_left(deadline, now=deadline - timedelta(hours=19, minutes=58)) == "19 u 58 min"
    assert format_time_left(deadline, now=deadline + timedelta(hours=2, minutes=3)) == "te laat 2 u 03 min"
