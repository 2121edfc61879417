"""Scorecard indicators with exact numbers on factory data: windows approved and refused in the quarter,
sessions outside any approved window."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from privacyregie.compliance import scorecard
from privacyregie.suppliers import services
from privacyregie.suppliers.models import AccessRequest, Status

from .factories import approved_window, as_request, world

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _request(w, status, decided_at):
    return AccessRequest.objects.create(
        organisation=w.org, system=w.system, requester=w.supplier, purpose="x", reference="T",
        starts_at=decided_at, ends_at=decided_at + timedelta(hours=1), status=status, decided_at=decided_at)


def test_figures_of_a_quarter_are_exact():
    w = world()
    q4 = scorecard.Quarter(2026, 4)
    inside = datetime(2026, 11, 2, 10, 0, tzinfo=AMS)
    _request(w, Status.APPROVED, inside)
    _request(w, Status.APPROVED, inside + timedelta(days=3))
    _request(w, Status.REFUSED, inside)
    _request(w, Status.REQUESTED, inside)  # undecided: counts nowhere
    _request(w, Status.APPROVED, datetime(2026, 9, 30, 23, 59, tzinfo=AMS))  # previous quarter (Amsterdam)
    _request(w, Status.REFUSED, datetime(2027, 1, 1, 0, 0, tzinfo=AMS))  # next quarter
    approved_window(w, datetime(2026, 11, 5, 9, 0, tzinfo=AMS), datetime(2026, 11, 5, 10, 0, tzinfo=AMS))
    log = "\n".join(["gebruiker;systeem;begin;einde",
                     f"{w.supplier.username};regiesysteem;2026-11-05T09:10;2026-11-05T09:50",
                     f"{w.supplier.username};regiesysteem;2026-11-05T22:00;2026-11-05T22:30",
                     f"{w.supplier.username};regiesysteem;2026-11-06T01:00;2026-11-06T01:05"])
    assert services.import_connection_log(as_request(w.ciso), w.org,
                                          SimpleUploadedFile("log.csv", log.encode())).out_of_window == 2
    figures = services.scorecard_figures(w.org, q4.start, q4.end)
    # the approved_window helper decides "now"; only count it when now is in Q4 2026
    extra = 1 if q4.start <= timezone.now() < q4.end else 0
    assert figures == {"windows_approved": 2 + extra, "windows_refused": 1, "out_of_window_sessions": 2}


def test_the_scorecard_shows_the_indicators():
    w = world()
    quarter = scorecard.current_quarter()
    _request(w, Status.REFUSED, timezone.now())
    values = {v.indicator.key: v for v in scorecard.compute(w.org, quarter)}
    assert values["remote_access_refused"].value == 1
    assert values["remote_access_approved"].value == 0
    assert values["remote_access_out_of_window"].value == 0
