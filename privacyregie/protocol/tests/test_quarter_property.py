"""Property: whatever the timeline, per quarter "open at the end" = "open at the end of the previous quarter"
+ "reported" - "closed", and the quarters' reported counts add up to all bottlenecks."""

import datetime
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacyregie.compliance.scorecard import Quarter
from privacyregie.protocol import services
from privacyregie.protocol.models import Bottleneck

AMS = ZoneInfo("Europe/Amsterdam")
START = datetime.datetime(2025, 1, 1, tzinfo=AMS)
QUARTERS = [Quarter(2025, q) for q in (1, 2, 3, 4)] + [Quarter(2026, 1)]
MINUTES = int((QUARTERS[-1].end - START).total_seconds() // 60)

timeline = st.lists(st.tuples(st.integers(0, MINUTES - 1), st.one_of(st.none(), st.integers(0, MINUTES))),
                    max_size=12)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(events=timeline)
def test_open_reported_and_closed_balance_per_quarter(worker, events):
    Bottleneck.objects.filter(organisation=worker.organisation).delete()
    for reported, closed_after in events:
        at = START + datetime.timedelta(minutes=reported)
        found = services.report_bottleneck(worker, kind="onduidelijk", process="Proces",
                                           description="Een omschrijving die lang genoeg is.", now=at)
        if closed_after is not None:
            closed_at = min(at + datetime.timedelta(minutes=closed_after), QUARTERS[-1].end - datetime.timedelta(1))
            Bottleneck.objects.filter(pk=found.pk).update(status="afgehandeld", closed_at=closed_at)
    open_before = 0
    total = 0
    for quarter in QUARTERS:
        figures = services.scorecard_figures(worker.organisation, quarter.start, quarter.end)
        assert figures["bottlenecks_open"] == open_before + figures["bottlenecks_reported"] - figures[
            "bottlenecks_closed"]
        open_before = figures["bottlenecks_open"]
        total += figures["bottlenecks_reported"]
    assert total == len(events)
