"""Scorecard figures: exact counts per quarter on factory data, and the indicators in the scorecard."""

import datetime
from zoneinfo import ZoneInfo

from privacyregie.compliance import scorecard
from privacyregie.protocol import services

from .factories import bottleneck

AMS = ZoneInfo("Europe/Amsterdam")
Q3 = scorecard.Quarter(2026, 3)


def at(*args):
    return datetime.datetime(*args, tzinfo=AMS)


def test_counts_per_quarter_are_exact(worker, officer):
    theme = services.themes_for(worker.organisation).get(name="Rollen en autorisaties")
    before = bottleneck(worker, now=at(2026, 6, 30, 23, 59))       # Q2, still open at the end of Q3
    first = bottleneck(worker, now=at(2026, 7, 1, 0, 0))            # Q3, first minute
    closed = bottleneck(worker, now=at(2026, 8, 10, 12))            # Q3, closed in Q3
    late_close = bottleneck(worker, now=at(2026, 9, 1, 12))         # Q3, closed in Q4
    bottleneck(worker, now=at(2026, 10, 1, 0, 0))                   # Q4, first minute
    services.categorise(first, officer, themes=[theme], requirements=[])
    services.categorise(closed, officer, themes=[theme], requirements=[], new_theme="Dossiervorming")
    services.close(closed, officer, resolution="Klaar", now=at(2026, 9, 30, 23, 59))
    services.close(late_close, officer, resolution="Klaar", now=at(2026, 10, 2, 9))
    figures = services.scorecard_figures(worker.organisation, Q3.start, Q3.end)
    assert (figures["bottlenecks_reported"], figures["bottlenecks_open"], figures["bottlenecks_closed"]) == (3, 3, 1)
    assert figures["themes"] == [("Rollen en autorisaties", 2), ("Dossiervorming", 1)]
    assert before.pk  # reported in Q2: counted as open at the end of Q3, not as reported in it


def test_the_scorecard_shows_the_protocol_indicators(worker):
    bottleneck(worker, now=at(2026, 8, 1, 12))
    values = {v.indicator.key: v for v in scorecard.compute(worker.organisation, Q3)}
    assert values["protocol_bottlenecks_reported"].display == "1"
    assert values["protocol_bottlenecks_open"].display == "1"
    assert values["protocol_bottlenecks_closed"].display == "0"
    assert "protocol" in scorecard._capability_sources()


def test_the_scorecard_says_nvt_when_the_capability_is_missing(worker, monkeypatch):
    real = scorecard._service
    monkeypatch.setattr(scorecard, "_service", lambda app: None if app == "protocol" else real(app))
    value = {v.indicator.key: v for v in scorecard.compute(worker.organisation, Q3)}["protocol_bottlenecks_open"]
    assert (value.display, value.reason) == ("n.v.t.", "onderdeel nog niet beschikbaar")
