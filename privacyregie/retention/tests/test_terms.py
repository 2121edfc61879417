"""The last day of a term (Regulation 1182/71 art. 3(2)(c)) and when it has passed: property tests."""

import calendar
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from privacyregie.retention.services import RetentionInfo, expired, term_end

days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2080, 12, 31))


@settings(max_examples=200)
@given(start=days, years=st.integers(0, 110), months=st.integers(0, 11))
def test_a_period_in_years_and_months_ends_on_the_same_date_or_the_months_last_day(start, years, months):
    if not years and not months:
        return
    duration = "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
    end = term_end(start, duration)
    total = start.year * 12 + start.month - 1 + years * 12 + months
    year, month = divmod(total, 12)
    month += 1
    assert (end.year, end.month) == (year, month)
    assert end.day == min(start.day, calendar.monthrange(year, month)[1])


@settings(max_examples=200)
@given(start=days, n=st.integers(1, 400))
def test_days_and_weeks_count_calendar_days(start, n):
    assert term_end(start, f"P{n}D") == start + datetime.timedelta(days=n)
    assert term_end(start, f"P{n}W") == start + datetime.timedelta(weeks=n)


@settings(max_examples=200)
@given(start=days, n=st.integers(1, 30), offset=st.integers(-3, 3))
def test_passed_only_after_the_last_day(start, n, offset):
    end = term_end(start, f"P{n}Y")
    info = RetentionInfo(result=None, outcome="verstrekt", term_starts_on=start, term_ends_on=end, permanent=False)
    today = end + datetime.timedelta(days=offset)
    assert expired(info, today) is (offset > 0)
    kept = RetentionInfo(result=None, outcome="verstrekt", term_starts_on=start, term_ends_on=None, permanent=True)
    assert not expired(kept, today)


def test_leap_day_and_mixed_units():
    assert term_end(datetime.date(2024, 2, 29), "P1Y") == datetime.date(2025, 2, 28)
    assert term_end(datetime.date(2024, 8, 31), "P1Y6M") == datetime.date(2026, 2, 28)
    assert term_end(datetime.date(2024, 1, 1), "") is None
