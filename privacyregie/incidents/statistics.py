"""Figures for the breach register and the quarterly scorecard (R18).

Counts only the given organisation's incidents, reported within [start, end).
Never returns reporters.
"""

from __future__ import annotations

from django.utils import timezone

from .models import Incident, IncidentType, Measure


def _period(organisation, start, end):
    return Incident.objects.filter(organisation=organisation, reported_at__gte=start, reported_at__lt=end)


def scorecard_figures(organisation, start, end) -> dict:
    incidents = list(_period(organisation, start, end).select_related("ap_notification"))
    by_type = {t: 0 for t in IncidentType.values}
    for incident in incidents:
        by_type[incident.type] += 1
    breaches = [i for i in incidents if i.is_breach]
    notified = [i for i in breaches if getattr(i, "ap_notification", None) and i.ap_notification.submitted_at]
    in_time = [i for i in notified if i.ap_notification.in_time]
    triage_hours = [(i.triaged_at - i.reported_at).total_seconds() / 3600 for i in incidents if i.triaged_at]
    measures = Measure.objects.filter(incident__in=[i.pk for i in incidents])
    open_measures = [m for m in measures if m.is_open]
    today = timezone.localdate()
    return {
        "incidents_by_type": by_type,
        "near_misses": by_type[IncidentType.NEAR_MISS],
        "breaches": len(breaches),
        "breaches_notified": len(notified),
        "breaches_notified_in_time": len(in_time),
        "pct_notified_in_time": round(100 * len(in_time) / len(notified), 1) if notified else None,
        "mean_hours_to_triage": round(sum(triage_hours) / len(triage_hours), 1) if triage_hours else None,
        "open_measures": len(open_measures),
        "overdue_measures": sum(1 for m in open_measures if m.due_date and m.due_date < today),
    }


def quarter_bounds(year: int, quarter: int):
    from datetime import datetime

    from .deadlines import AMSTERDAM

    start = datetime(year, 3 * quarter - 2, 1, tzinfo=AMSTERDAM)
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=AMSTERDAM)
    return start, end


def recent_quarters(count: int = 4, today=None):
    """[(label, start, end)] for the last ``count`` quarters, the current one first."""
    today = today or timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    result = []
    for _i in range(count):
        start, end = quarter_bounds(year, quarter)
        result.append((f"{year}-K{quarter}", start, end))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return result
