"""The validity period of a completed training, in calendar months (validity.py)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from privacyregie.people.validity import add_months, is_valid_on, valid_until


def test_a_yearly_training_is_valid_up_to_the_day_before_its_anniversary():
    assert valid_until(datetime.date(2026, 3, 15), 12) == datetime.date(2027, 3, 14)
    assert is_valid_on(datetime.date(2026, 3, 15), datetime.date(2027, 3, 14), datetime.date(2027, 3, 14))
    assert not is_valid_on(datetime.date(2026, 3, 15), datetime.date(2027, 3, 14), datetime.date(2027, 3, 15))


def test_a_missing_day_in_the_target_month_is_clamped_to_its_last_day():
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert valid_until(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 27)


def test_zero_months_never_expires():
    assert valid_until(datetime.date(2020, 1, 1), 0) is None
    assert is_valid_on(datetime.date(2020, 1, 1), None, datetime.date(2099, 1, 1))
    assert not is_valid_on(datetime.date(2020, 1, 1), None, datetime.date(2019, 12, 31))


@settings(max_examples=200)
@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)),
       st.integers(min_value=1, max_value=120))
def test_validity_covers_the_period_and_ends_before_the_anniversary(day, months):
    until = valid_until(day, months)
    anniversary = add_months(day, months)
    assert until == anniversary - datetime.timedelta(days=1)
    assert day < anniversary and is_valid_on(day, until, until) and not is_valid_on(day, until, anniversary)
    assert (anniversary.year - day.year) * 12 + anniversary.month - day.month == months
    assert anniversary.day == day.day or anniversary.day < day.day
