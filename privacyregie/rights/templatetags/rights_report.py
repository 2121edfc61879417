"""Filters for the access report templates: the report keeps ISO text (for JSON); people read Dutch dates."""

import datetime

from django import template

register = template.Library()


@register.filter
def report_time(value: str) -> str:
    """'2026-10-27T10:00+01:00' -> '27-10-2026 10:00'; '2026-10-02' -> '02-10-2026'; anything else unchanged."""
    if not value:
        return ""
    try:
        if "T" in value:
            return datetime.datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return value
