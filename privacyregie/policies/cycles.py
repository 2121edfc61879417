"""Review cycles of policy documents, encoded once: when a review is due and what state a document is in.

Dates are calendar dates in Europe/Amsterdam (``timezone.localdate``): a reminder is due on a
local day, whatever the UTC offset (so also across the switch to and from summer time).

* The next review date is the adoption (or review) date plus the review interval in months;
  a day that does not exist in the target month becomes that month's last day (31 January + 1
  month = 28/29 February), as in Regulation 1182/71 art. 3(2)(c) for periods in months.
* A document is *current* when a version is in force and its review date has not passed,
  *overdue* when it has, *never adopted* when no version was ever adopted, and *withdrawn*
  once withdrawn. A review date is never before the adoption date.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CURRENT = "current"
OVERDUE = "overdue"
NEVER_ADOPTED = "never_adopted"
WITHDRAWN = "withdrawn"

STATE_LABELS = {
    CURRENT: _("vastgesteld en actueel"),
    OVERDUE: _("herbeoordeling te laat"),
    NEVER_ADOPTED: _("concept, nooit vastgesteld"),
    WITHDRAWN: _("ingetrokken"),
}
STATE_TONES = {CURRENT: "ok", OVERDUE: "danger", NEVER_ADOPTED: "warning", WITHDRAWN: ""}
STATE_COLOURS = {CURRENT: "green", OVERDUE: "red", NEVER_ADOPTED: "orange", WITHDRAWN: "grey"}

# Days before the review date on which the owner is reminded (the most urgent that is due is sent).
REMINDER_DAYS_BEFORE = (60, 14)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; a missing day becomes the last day of the month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review(from_day: datetime.date, interval_months: int) -> datetime.date:
    return add_months(from_day, interval_months)


@dataclass(frozen=True)
class Event:
    """An adoption or review on ``day`` that set the next review date to ``due`` (``withdrawn``: the end)."""

    day: datetime.date
    due: datetime.date | None
    adopted: bool = False
    withdrawn: bool = False


def state_on(events: list[Event], day: datetime.date) -> str | None:
    """The state of a document on ``day`` from its adoptions and reviews; None when it had no adoption yet
    and no events at all (it did not exist yet is decided by the caller)."""
    past = sorted((e for e in events if e.day <= day), key=lambda e: (e.day, e.withdrawn))
    if past and past[-1].withdrawn:
        return WITHDRAWN
    if not any(e.adopted for e in past):
        return NEVER_ADOPTED
    due = past[-1].due
    if due is not None and due < day:
        return OVERDUE
    return CURRENT


def reminder_due(review_date: datetime.date, today: datetime.date) -> int | None:
    """Days-before key of the reminder due on ``today`` (the most urgent one), or None."""
    if today >= review_date:
        return None
    left = (review_date - today).days
    due = [days for days in REMINDER_DAYS_BEFORE if left <= days]
    return min(due) if due else None


def escalation_due(review_date: datetime.date, today: datetime.date) -> bool:
    """The review date has passed (the day after it, local time)."""
    return today > review_date
