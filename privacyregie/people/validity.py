"""Validity of a completed training: ``completed_on`` plus the course's validity period in months.

Calendar months, as people count them ("een jaar geldig"): a training completed on 15 March with
12 months' validity is valid up to and including 14 March of the next year. When the target
month lacks the day (31 August + 6 months), the anniversary is that month's last day (28 or 29
February) and the completion is valid through the day before. Zero months: valid without end.

Never reads the database: pure date arithmetic, tested with hypothesis.
"""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months on, clamped to the target month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(completed_on: datetime.date, validity_months: int) -> datetime.date | None:
    """The last day a completion counts as valid (inclusive); None when it never expires."""
    if not validity_months:
        return None
    return add_months(completed_on, validity_months) - datetime.timedelta(days=1)


def is_valid_on(completed_on: datetime.date, until: datetime.date | None, day: datetime.date) -> bool:
    return completed_on <= day and (until is None or day <= until)
