"""Quarterly scorecard: live figures per quarter, missing capabilities as n.v.t., snapshots, charts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from privacyregie.compliance import assessments, scorecard
from privacyregie.compliance.charts import line_chart
from privacyregie.compliance.models import (
    ManualIndicator,
    Recommendation,
    RecommendationAction,
    ScorecardSnapshot,
)
from privacyregie.compliance.scorecard import Quarter


def _values(org, quarter):
    return {v.indicator.key: v for v in scorecard.compute(org, quarter)}


def test_quarter_bounds_are_in_amsterdam_time():
    q = Quarter(2026, 4)
    assert q.label == "2026-K4" and q.start.isoformat() == "2026-10-01T00:00:00+02:00"
    assert q.end.isoformat() == "2027-01-01T00:00:00+01:00" and q.previous() == Quarter(2026, 3)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4) and Quarter.parse("2026-k2") == Quarter(2026, 2)
    with pytest.raises(ValueError):
        Quarter.parse("2026-K5")


def test_incident_figures_per_quarter_from_fixture_data(org):
    from privacyregie.incidents.models import ApNotification
    from privacyregie.incidents.tests.factories import BreachFactory, IncidentFactory

    q = Quarter(2025, 2)
    inside = q.start + datetime.timedelta(days=10)
    breach = BreachFactory(organisation=org, discovered_at=inside, reported_at=inside,
                           triaged_at=inside + datetime.timedelta(hours=6))
    ApNotification.objects.create(incident=breach, submitted_at=breach.awareness_at + datetime.timedelta(hours=30))
    IncidentFactory(organisation=org, type="bijna_incident", reported_at=inside, triaged_at=inside + datetime.timedelta(hours=2))
    IncidentFactory(organisation=org, type="bijna_incident", reported_at=q.end + datetime.timedelta(days=1))
    values = _values(org, q)
    assert values["breaches"].value == Decimal(1)
    assert values["near_misses"].value == Decimal(1)
    assert values["pct_notified_in_time"].value == Decimal(100) and values["pct_notified_in_time"].display == "100%"
    assert values["mean_hours_to_triage"].value == Decimal(4)
    next_quarter = _values(org, q.previous().previous())
    assert next_quarter["breaches"].value == 0 and next_quarter["pct_notified_in_time"].value is None
    assert next_quarter["pct_notified_in_time"].display == "n.v.t."


def test_present_and_missing_capabilities(org, monkeypatch):
    calls = []

    def fake_dossiers(organisation, start, end):
        calls.append((organisation, start, end))
        return {"break_glass_total": 3, "break_glass_reviewed": 2, "break_glass_improper": 1,
                "authorisation_review_completed": True, "authorisation_review_completion_pct": 87.5}

    real = scorecard._service

    def service(app):
        if app == "dossiers":
            return fake_dossiers
        if app == "register":
            return None
        return real(app)

    monkeypatch.setattr(scorecard, "_service", service)
    q = Quarter(2026, 3)
    values = _values(org, q)
    assert calls == [(org, q.start, q.end)]
    assert values["break_glass_total"].value == 3 and values["break_glass_improper"].value == 1
    assert values["authorisation_review_pct"].display == "87,5%"
    for key in ("processors_without_agreement", "agreements_expired"):
        assert values[key].value is None and values[key].display == "n.v.t."
        assert values[key].reason == "onderdeel nog niet beschikbaar"
    # people exists: without any mandatory training the coverage has no figure, with that reason
    assert values["training_completion"].display == "n.v.t." and "geen gegevens" in values["training_completion"].reason


def test_a_missing_function_in_an_existing_module_is_not_available(org, monkeypatch):
    import privacyregie.kernel.services as kernel_services

    monkeypatch.delattr(kernel_services, "scorecard_figures")
    values = _values(org, scorecard.current_quarter())
    assert values["denied_accesses"].value is None and values["denied_accesses"].reason == "onderdeel nog niet beschikbaar"


def test_own_figures_gap_colours_and_overdue_actions(org, norms):
    assessment = assessments.create_assessment(org, norms, "Stoplicht", "2026")
    for ref, status in [("1", "non_compliant"), ("2", "non_compliant"), ("3", "partially_compliant")]:
        assessments.update_item(assessment.items.get(requirement__ref_id=ref), status=status)
    recommendation = Recommendation.objects.create(organisation=org, number=1, source="Rekenkamer", text="Doe iets")
    today = timezone.localdate()
    for days, status in [(-5, "planned"), (-3, "in_progress"), (-3, "done"), (10, "planned")]:
        RecommendationAction.objects.create(recommendation=recommendation, description="x", owner="FG",
                                            deadline=today + datetime.timedelta(days=days), status=status)
    values = _values(org, scorecard.current_quarter())
    assert (values["gap_red"].value, values["gap_orange"].value, values["overdue_actions"].value) == (2, 1, 2)


def test_snapshot_is_idempotent_and_past_quarters_come_from_it(org, monkeypatch):
    past = scorecard.current_quarter().previous()
    scorecard.take_snapshot(org, past)
    scorecard.take_snapshot(org, past)
    assert ScorecardSnapshot.objects.filter(organisation=org, year=past.year, quarter=past.quarter).count() == len(
        scorecard.INDICATORS)
    ScorecardSnapshot.objects.filter(organisation=org, year=past.year, quarter=past.quarter, key="breaches").update(
        value=7)
    rows = {r["indicator"].key: r for r in scorecard.trend(org, [past, scorecard.current_quarter()])}
    assert rows["breaches"]["values"][0].value == 7 and rows["breaches"]["values"][1].value == 0


def test_job_takes_the_snapshot_of_every_organisation(org):
    from privacyregie.compliance.jobs import scorecard_snapshot

    scorecard_snapshot()
    scorecard_snapshot()
    now = scorecard.current_quarter()
    assert ScorecardSnapshot.objects.filter(organisation=org, year=now.year, quarter=now.quarter).count() == len(
        scorecard.INDICATORS)


def test_line_chart_is_accessible_svg_with_gaps():
    svg = line_chart([("2026-K1", Decimal(2)), ("2026-K2", None), ("2026-K3", Decimal(5))], "Datalekken")
    assert svg.startswith('<svg class="chart" role="img"') and "<title>Datalekken</title>" in svg
    assert "2026-K2: n.v.t." in svg and svg.count("<circle") == 2


def test_manual_indicator_values_by_administrator(client, login, org):
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory

    admin = UserFactory(organisation=org, roles=[Role.FUNCTIONAL_ADMIN])
    login(admin)
    client.post(reverse("compliance:indicators"), {"i-name": "Vragen aan de FG", "i-unit": "", "i-source": "FG",
                                                   "i-requested_by": "Raad"})
    indicator = ManualIndicator.objects.get(organisation=org)
    q = scorecard.current_quarter()
    client.post(reverse("compliance:indicator_value", kwargs={"pk": indicator.pk}),
                {"v-year": q.year, "v-quarter": q.quarter, "v-value": "12", "v-note": ""})
    assert indicator.values.get().value == 12
    rows = scorecard.manual_rows(org, [q])
    assert rows[0]["points"] == [(q.label, Decimal("12.00"))]


def test_scorecard_page_and_api(client, login, council):
    login(council)
    page = client.get(reverse("compliance:scorecard")).content.decode()
    assert "Datalekken" in page and "<svg" in page and "n.v.t." in page
    data = client.get(reverse("api:compliance-scorecard") + "?kwartaal=2025-K4").json()
    assert data["quarter"] == "2025-K4"
    training = next(i for i in data["indicators"] if i["key"] == "training_completion")
    assert training["value"] is None and training["display"] == "n.v.t."
    assert client.get(reverse("api:compliance-scorecard") + "?kwartaal=kwartaal").status_code == 400


def test_numbers_use_dutch_notation_with_a_decimal_comma():
    hours = scorecard.BY_KEY["mean_hours_to_triage"]
    with translation.override("nl"):
        assert hours.format(Decimal("12.5")) == "12,5 uur"
        assert scorecard.BY_KEY["pct_notified_in_time"].format(Decimal("66.67")) == "66,7%"
        assert scorecard.BY_KEY["breaches"].format(Decimal("1000")) == "1000"
        svg = line_chart([("2026-K1", Decimal("2.5")), ("2026-K2", Decimal("3"))], "Uren")
    assert "2026-K1: 2,5" in svg and ">2,5</text>" in svg and "2.5" not in svg.split("<circle")[0].split("aria-label")[1]


def test_the_log_verification_says_ja_or_nee_not_one_or_zero():
    indicator = scorecard.BY_KEY["log_verified_ok"]
    with translation.override("nl"):
        assert str(indicator.label) == "Verwerkingslogboek onveranderd: ja/nee"
        assert (indicator.format(Decimal(1)), indicator.format(Decimal(0)), indicator.format(None)) == (
            "ja", "nee", "n.v.t.")
    assert "1 = ja" not in str(indicator.label)


def test_every_indicator_says_what_it_counts(db):
    """A label names its unit, or the indicator has a unit or is a yes/no question: no bare figure."""
    with translation.override("nl"):
        for indicator in scorecard.INDICATORS:
            label = str(indicator.label)
            assert indicator.unit or indicator.yes_no or "(aantal" in label, label


def test_manual_indicator_values_show_with_a_decimal_comma(client, login, council):
    indicator = ManualIndicator.objects.create(organisation=council.organisation, name="Gemiddelde wachttijd",
                                               unit="dagen", source="FG", requested_by="Raad")
    q = scorecard.current_quarter()
    indicator.values.create(year=q.year, quarter=q.quarter, value=Decimal("12.50"))
    login(council)
    page = client.get(reverse("compliance:scorecard")).content.decode()
    assert "<td>12,5</td>" in page and "12.50" not in page
