"""The answer term of a resident's request: AVG art. 12(3) counted as Regulation (EEC, Euratom) 1182/71 counts.

AVG art. 12(3): the controller provides information on action taken on a request "without undue delay and
in any event within one month of receipt of the request. That period may be extended by two further months
where necessary, taking into account the complexity and number of the requests. The controller shall inform
the data subject of any such extension within one month of receipt of the request, together with the reasons
for the delay."

Regulation 1182/71 art. 3(1): where a period expressed in months is to be calculated from the moment at which
an event occurs, the day during which that event occurs is not considered as falling within the period.
Art. 3(2)(c): a period expressed in months ends with the expiry of the last hour of the day in the last month
which is the same date as the day on which the event occurred; if there is no such day in that month, the
period ends with the expiry of the last hour of the last day of that month.

So a request received on 15 January is due on 15 February; one received on 31 January on 28 (or 29) February.
The day of receipt is the day in Europe/Amsterdam: a request received at 00:30 local time on a DST-change day
(still the previous day in UTC) was received on that local day.

The roll-forward of art. 3(4) (a term ending on a Saturday, Sunday or public holiday ends on the next working
day) is deliberately NOT applied: the deadline shown is never later than the legal one (ADR 0064).

This module never uses naive datetimes and never counts in UTC dates.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_EXTENSION_MONTHS = 2  # art. 12(3): "by two further months"


def received_on(received_at: datetime) -> date:
    """The day of receipt in Europe/Amsterdam (the day the event occurs, art. 3(1) of 1182/71)."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be an aware datetime")
    return received_at.astimezone(AMSTERDAM).date()


def add_months(day: date, months: int) -> date:
    """The same date ``months`` later, or the last day of that month when it has no such date (art. 3(2)(c))."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_due(received_at: datetime) -> date:
    """The last day of the one-month answer term (art. 12(3)): the answer is on time through this whole day."""
    return add_months(received_on(received_at), 1)


def extended_due(received_at: datetime, months: int) -> date:
    """The last day after an extension by ``months`` (1 or 2) further months.

    The whole term is one period of 1 + ``months`` months from receipt, counted again from the day of
    receipt: received 31 January, extended by two months, due 30 April (not 28 April, which chaining from
    28 February would give)."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError("an extension is one or two further months (AVG art. 12(3))")
    return add_months(received_on(received_at), 1 + months)


def extension_deadline(received_at: datetime) -> date:
    """The last day an extension may be sent to the requester: within the first month (art. 12(3))."""
    return answer_due(received_at)


def today_local(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(AMSTERDAM).date()


def days_left(due: date, now: datetime | None = None) -> int:
    """Whole days left until the end of ``due`` (0: due today; negative: overdue by that many days)."""
    return (due - today_local(now)).days


def clock_text(due: date, now: datetime | None = None) -> str:
    """The deadline clock as words (never colour alone): 'nog 12 dagen', 'vandaag', '3 dagen te laat'."""
    left = days_left(due, now)
    if left == 0:
        return _("uiterlijk vandaag")
    if left > 0:
        return ngettext("nog %(n)d dag", "nog %(n)d dagen", left) % {"n": left}
    return ngettext("%(n)d dag te laat", "%(n)d dagen te laat", -left) % {"n": -left}


def clock_state(due: date, now: datetime | None = None, *, warn_days: int = 7) -> str:
    """'overdue' | 'soon' (within ``warn_days``) | 'ok': the CSS class next to the words of ``clock_text``."""
    left = days_left(due, now)
    if left < 0:
        return "overdue"
    if left <= warn_days:
        return "soon"
    return "ok"
