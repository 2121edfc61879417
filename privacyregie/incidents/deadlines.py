"""The 72-hour clock (AVG art. 33): deadline, time left and its Dutch display.

The deadline is the moment of awareness plus 72 hours of *elapsed* time, computed on
aware datetimes (UTC arithmetic), so a daylight-saving change in between neither adds
nor removes an hour (ADR 0040). Display is always in Europe/Amsterdam. This module
never uses naive datetimes and never computes in local wall-clock time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

WINDOW = timedelta(hours=72)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def notification_deadline(awareness_at: datetime) -> datetime:
    """Awareness + 72 h elapsed, as a UTC instant (convert only for display: ``local``/``iso_local``).

    Returned in UTC on purpose: Python subtracts and compares two datetimes that share a
    tzinfo by their *wall-clock* values, which is off by an hour across a DST change.
    """
    if awareness_at.tzinfo is None or awareness_at.utcoffset() is None:
        raise ValueError("awareness_at must be an aware datetime")
    return awareness_at.astimezone(UTC) + WINDOW


def controller_awareness(discovered_at: datetime, *, by_processor: bool, received_at: datetime | None) -> datetime:
    """The moment the controller (the municipality) became aware of a breach: the 72 hours start here.

    AVG art. 33(1): the controller notifies within 72 hours "after having become aware of it".
    Art. 33(2): a processor notifies the controller without undue delay after *it* becomes aware.
    So for a processor's report the controller becomes aware when that report is received, not at
    the processor's discovery (which is kept in ``discovered_at`` and shown as such); for any other
    report it is the discovery by the municipality's own people.
    """
    if by_processor and received_at is not None:
        return received_at
    return discovered_at


def local(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


def iso_local(moment: datetime | None) -> str | None:
    """ISO 8601 with the Amsterdam offset, e.g. 2026-10-25T10:00:00+01:00."""
    return local(moment).isoformat(timespec="seconds") if moment else None


def time_left(deadline: datetime, now: datetime | None = None) -> timedelta:
    return deadline - (now or timezone.now())


def format_time_left(deadline: datetime, now: datetime | None = None) -> str:
    """Remaining time as text (for pages without JavaScript): '19 u 58 min' or 'te laat 2 u 3 min'."""
    left = time_left(deadline, now)
    seconds = int(abs(left.total_seconds()))
    hours, minutes = seconds // 3600, (seconds % 3600) // 60
    text = _("%(h)d u %(m)02d min") % {"h": hours, "m": minutes}
    if left.total_seconds() < 0:
        return _("te laat %(t)s") % {"t": text}
    return text


def reminder_moments(awareness_at: datetime, hours_left: list[int]) -> list[tuple[int, datetime]]:
    """(hours left, moment) at which reminders are due, earliest first."""
    deadline = notification_deadline(awareness_at)
    return sorted(((h, deadline - timedelta(hours=h)) for h in hours_left), key=lambda x: x[1])
