"""Risks (heat map, security plan), the API and the demo data."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacyregie.compliance import assessments, risks
from privacyregie.compliance.models import Assessment, Recommendation, Risk, SecurityMeasure


def _risk(org, ref, lik, imp, rlik, rimp):
    return Risk.objects.create(organisation=org, ref_id=ref, title=f"Risico {ref}", likelihood=lik, impact=imp,
                               residual_likelihood=rlik, residual_impact=rimp, owner="CISO",
                               review_date=timezone.localdate())


def test_heat_map_places_risks_by_likelihood_and_impact(org):
    a, b = _risk(org, "R1", 5, 4, 2, 2), _risk(org, "R2", 2, 3, 1, 1)
    grid = risks.heat_map([a, b])
    assert [row["likelihood"] for row in grid] == [5, 4, 3, 2, 1]
    assert grid[0]["cells"][3]["risks"] == [a] and grid[0]["cells"][3]["level"] == "red"
    assert grid[3]["cells"][2]["risks"] == [b] and grid[3]["cells"][2]["level"] == "green"
    residual = risks.heat_map([a, b], residual=True)
    assert residual[3]["cells"][1]["risks"] == [a]
    assert (risks.level(15), risks.level(8), risks.level(7)) == ("red", "orange", "green")


def test_security_plan_orders_open_measures_by_risk_reduction(org):
    small, large = _risk(org, "R1", 3, 3, 2, 3), _risk(org, "R2", 5, 5, 1, 2)
    done = SecurityMeasure.objects.create(organisation=org, risk=large, title="Klaar", owner="x", status="done")
    first = SecurityMeasure.objects.create(organisation=org, risk=large, title="Groot", owner="x")
    second = SecurityMeasure.objects.create(organisation=org, risk=small, title="Klein", owner="x")
    plan = risks.security_plan(org)
    assert plan == [first, second, done] and plan[0].reduction == 23


def test_residual_risk_above_inherent_is_refused(org):
    with pytest.raises(ValidationError, match="restrisico"):
        risks.save_risk(Risk(organisation=org, ref_id="R9", title="x", likelihood=2, impact=2, residual_likelihood=3,
                             residual_impact=3, owner="x", review_date=timezone.localdate()))
    with pytest.raises(ValidationError, match="1 tot en met 5"):
        risks.save_risk(Risk(organisation=org, ref_id="R9", title="x", likelihood=6, impact=2, residual_likelihood=1,
                             residual_impact=1, owner="x", review_date=timezone.localdate()))
    assert not Risk.objects.filter(organisation=org).exists()


def test_risk_pages(client, login, officer, assessment):
    need_to_know = assessment.items.get(requirement__ref_id="11").requirement
    login(officer)
    response = client.post(reverse("compliance:risk_new"), {
        "ref_id": "R1", "title": "Onbevoegde inzage", "description": "", "likelihood": 4, "impact": 5,
        "residual_likelihood": 2, "residual_impact": 3, "treatment": "reduce", "owner": "FG",
        "review_date": "2026-12-01", "requirements": [need_to_know.pk]})
    assert response.status_code == 302
    risk = Risk.objects.get(organisation=officer.organisation)
    assert list(risk.requirements.all()) == [need_to_know]
    client.post(reverse("compliance:measure_add", kwargs={"pk": risk.pk}),
                {"m-title": "Autorisatiecontrole", "m-owner": "Beheer", "m-deadline": "", "m-status": "planned"})
    page = client.get(reverse("compliance:risks")).content.decode()
    assert "Autorisatiecontrole" in page and 'class="heatmap"' in page and "20 (4×5)" in page
    assert "11. Systemen volgens need-to-know" in page


def test_api_updates_an_item_with_the_same_rules(client, login, officer, assessment):
    item = assessment.items.get(requirement__ref_id="11")
    login(officer)
    url = reverse("api:compliance-item-detail", kwargs={"pk": item.pk})
    ok = client.patch(url, {"status": "partially_compliant", "finding": "Deels."}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["colour"] == "orange"
    bad = client.patch(url, {"status": "paars"}, content_type="application/json")
    assert bad.status_code == 400
    assessments.close(assessment)
    closed = client.patch(url, {"status": "compliant"}, content_type="application/json")
    assert closed.status_code == 400 and "afgesloten" in str(closed.json())
    item.refresh_from_db()
    assert item.status == "partially_compliant"
    listing = client.get(reverse("api:compliance-assessment-list")).json()
    results = listing["results"] if isinstance(listing, dict) else listing
    assert [a["id"] for a in results] == [assessment.pk]


def test_api_recommendation_response_needs_management(client, login, officer, manager):
    recommendation = Recommendation.objects.create(organisation=officer.organisation, number=1, source="T", text="x")
    url = reverse("api:compliance-recommendation-detail", kwargs={"pk": recommendation.pk})
    login(officer)
    assert client.patch(url, {"response": "adopted"}, content_type="application/json").status_code == 403
    login(manager)
    assert client.patch(url, {"response": "adopted", "reasoning": "Ja."}, content_type="application/json").status_code == 200
    assert client.patch(url, {"response": "ja"}, content_type="application/json").status_code == 400


def test_api_schema_lists_the_compliance_endpoints(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/normenkaders", "/api/v1/beoordelingen", "/api/v1/aanbevelingen", "/api/v1/risicos",
                 "/api/v1/scorekaart"):
        assert path in schema


def test_demo_is_loaded_and_idempotent(db):
    from privacyregie.compliance import demo

    counts = (Assessment.objects.count(), Recommendation.objects.count(), Risk.objects.count(),
              SecurityMeasure.objects.count())
    demo.load()
    assert (Assessment.objects.count(), Recommendation.objects.count(), Risk.objects.count(),
            SecurityMeasure.objects.count()) == counts
    haren = Assessment.objects.get(organisation__slug="haren")
    assert haren.is_closed and haren.items.count() == 13
    assert haren.items.get(requirement__ref_id="13").status == "non_compliant"
    bel = Recommendation.objects.filter(organisation__slug="bel")
    assert bel.count() == 6 and bel.get(number=6).response == "partly"
    assert Risk.objects.filter(organisation__slug="bel").count() == 8
    from privacyregie.compliance.models import ScorecardSnapshot

    quarters = set(ScorecardSnapshot.objects.filter(organisation__slug="bel").values_list("year", "quarter"))
    assert len(quarters) >= 2


def test_home_panels_for_privacy_officer_and_council(client, login, officer, council, assessment):
    import datetime

    _risk(officer.organisation, "R1", 3, 3, 2, 2)  # review date today: due
    recommendation = Recommendation.objects.create(organisation=officer.organisation, number=1, source="T", text="x")
    recommendation.actions.create(description="Te laat", owner="FG", status="planned",
                                  deadline=timezone.localdate() - datetime.timedelta(days=2))
    assessments.update_item(assessment.items.get(requirement__ref_id="1"), status="non_compliant")
    login(officer)
    home = client.get(reverse("web:home")).content.decode()
    # the panel is titled "Stoplicht privacy"; the assessment's own title is its first line
    assert re.search(r'class="card__title">Stoplicht privacy</h2>\s*<ul class="card__lines">\s*'
                     r'<li class="card__text">Stoplicht test</li>', home)
    assert "Opvolging verantwoording" in home
    assert "Risico's te herbeoordelen" in unescape(home)  # escaped as &#39; or &#x27;, whichever engine
    login(council)
    home = client.get(reverse("web:home")).content.decode()
    assert "Rapportages voor de raad" in home and "Opvolging verantwoording" not in home


def test_api_creates_and_updates_risks_with_the_same_validation(client, login, officer, council):
    login(officer)
    url = reverse("api:compliance-risk-list")
    data = {"ref_id": "R1", "title": "Onbevoegde inzage", "likelihood": 4, "impact": 5, "residual_likelihood": 2,
            "residual_impact": 3, "treatment": "reduce", "owner": "FG", "review_date": "2026-12-01"}
    created = client.post(url, data, content_type="application/json")
    assert created.status_code == 201 and created.json()["score"] == 20
    assert client.post(url, data, content_type="application/json").status_code == 400
    risk = Risk.objects.get(organisation=officer.organisation)
    detail = reverse("api:compliance-risk-detail", kwargs={"pk": risk.pk})
    refused = client.patch(detail, {"residual_likelihood": 5, "residual_impact": 5}, content_type="application/json")
    assert refused.status_code == 400 and "restrisico" in str(refused.json())
    risk.refresh_from_db()
    assert risk.residual_score == 6
    assert client.patch(detail, {"treatment": "accept"}, content_type="application/json").status_code == 200
    login(council)
    assert client.get(url).status_code == 403
