"""The API never answers 5xx for bad input or callers, never half-writes, and names the application.

Each test is one finding of the fuzzing run in issue 9 (section 2).
"""

import pytest
from django.test import Client, override_settings

from privacyregie.compliance.models import Recommendation
from privacyregie.core.history import actor_label
from privacyregie.core.models import Application, Organisation
from privacyregie.core.roles import PERMISSIONS
from privacyregie.incidents.models import Incident
from privacyregie.kernel.models import ProcessingLogEntry

PROBLEM = "application/problem+json"


def _token(scopes=None, may_act=True, name="robuust"):
    app = Application(organisation=Organisation.objects.get(slug="bel"), name=name,
                      scopes=sorted(scopes or PERMISSIONS), may_act_for_users=may_act)
    token = app.issue_secret()
    app.save()
    return token


def _auth(token, end_user=""):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if end_user:
        headers["HTTP_X_EINDGEBRUIKER"] = end_user
    return headers


def _is_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


# --- an application without an end user -------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("method,url", [
    ("get", "/api/v1/cases"), ("get", "/api/v1/cases/0d5b3a1e-5c1f-4c7e-9a43-0c1d2e3f4a5b"), ("post", "/api/v1/cases"),
    ("get", "/api/v1/residents?q=Jansen"), ("get", "/api/v1/residents/0d5b3a1e-5c1f-4c7e-9a43-0c1d2e3f4a5b"),
    ("get", "/api/v1/case-memberships"), ("post", "/api/v1/case-memberships"),
])
def test_application_without_end_user_is_refused_where_a_person_must_be_accountable(client, method, url):
    response = getattr(client, method)(url, data={} if method == "post" else None, content_type="application/json",
                                       **_auth(_token()))
    assert _is_problem(response, 403)["code"] == "end_user_required"


@pytest.mark.django_db
def test_application_with_end_user_still_reaches_the_cases_of_that_user(client):
    response = client.get("/api/v1/cases", **_auth(_token(), "consulent.jeugd"))
    assert response.status_code == 200
    assert response.json()["count"] > 0


# --- history and atomicity ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_recommendation_update_by_application_writes_history_naming_the_application(client):
    recommendation = Recommendation.objects.filter(organisation__slug="bel").first()
    before = recommendation.history.count()
    response = client.patch(f"/api/v1/aanbevelingen/{recommendation.pk}", {"reasoning": "Via de koppeling."},
                            content_type="application/json", **_auth(_token(name="Raadsinformatiesysteem")))
    assert response.status_code == 200, response.content
    record = recommendation.history.order_by("-history_id").first()
    assert recommendation.history.count() == before + 1
    assert record.reasoning == "Via de koppeling." and record.history_user is None
    assert actor_label(record) == "applicatie Raadsinformatiesysteem"


@pytest.mark.django_db
def test_recommendation_update_for_end_user_names_user_and_application(client):
    recommendation = Recommendation.objects.filter(organisation__slug="bel").first()
    response = client.patch(f"/api/v1/aanbevelingen/{recommendation.pk}", {"reasoning": "Namens de directie."},
                            content_type="application/json", **_auth(_token(name="Portaal"), "directie"))
    assert response.status_code == 200, response.content
    record = recommendation.history.order_by("-history_id").first()
    assert record.history_user.username == "directie"
    assert actor_label(record).endswith("via applicatie Portaal")


@pytest.mark.django_db
def test_a_failure_after_the_write_leaves_the_database_unchanged(monkeypatch):
    from simple_history.models import HistoricalRecords

    def broken(*args, **kwargs):
        raise RuntimeError("history store unavailable")

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", broken)
    recommendation = Recommendation.objects.filter(organisation__slug="bel").first()
    original = recommendation.reasoning
    client = Client(raise_request_exception=False)
    response = client.patch(f"/api/v1/aanbevelingen/{recommendation.pk}", {"reasoning": "Half geschreven?"},
                            content_type="application/json", **_auth(_token()))
    body = _is_problem(response, 500)
    assert "history store" not in response.content.decode()  # no internals
    assert body["code"] == "server_error"
    recommendation.refresh_from_db()
    assert recommendation.reasoning == original


@pytest.mark.django_db
def test_a_validation_error_after_a_write_rolls_the_write_back(client, monkeypatch):
    """Register: the activity row is created before its first version is validated (was a half-write)."""
    from django.core.exceptions import ValidationError

    from privacyregie.register.models import ProcessingActivity, ProcessingActivityVersion

    def refuse(self, *args, **kwargs):
        raise ValidationError({"purposes": ["Geweigerd door een regel."]})

    monkeypatch.setattr(ProcessingActivityVersion, "full_clean", refuse)
    version = {"name": "Halve activiteit", "controller": "College", "purposes": "Test", "legal_basis": "publieke_taak",
               "data_subject_categories": "Inwoners", "personal_data_categories": "NAW"}
    response = client.post("/api/v1/verwerkingsactiviteiten", version, content_type="application/json",
                           **_auth(_token()))
    assert _is_problem(response, 400)["invalidParams"][0]["reason"] == "Geweigerd door een regel."
    assert not ProcessingActivity.objects.filter(name="Halve activiteit").exists()


# --- errors are problem+json --------------------------------------------------------------------------

@pytest.mark.django_db
def test_unknown_api_url_is_problem_json(client):
    _is_problem(client.get("/api/v1/bestaat-niet", **_auth(_token())), 404)


@pytest.mark.django_db
def test_method_not_allowed_is_problem_json(client):
    _is_problem(client.delete("/api/v1/teams", **_auth(_token())), 405)


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_too_large_body_is_413_problem_json(client):
    response = client.post("/api/v1/incidenten/melden", {"title": "x" * 2000}, content_type="application/json",
                           **_auth(_token()))
    _is_problem(response, 413)


@pytest.mark.django_db
def test_unexpected_error_is_a_500_problem_without_internals(monkeypatch):
    from privacyregie.compliance import scorecard

    def boom(*args, **kwargs):
        raise ZeroDivisionError("geheime interne details")

    monkeypatch.setattr(scorecard, "compute", boom)
    response = Client(raise_request_exception=False).get("/api/v1/scorekaart", **_auth(_token()))
    _is_problem(response, 500)
    assert "geheime" not in response.content.decode()


# --- control characters ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_nul_in_a_search_term_is_refused_with_a_clear_message(client):
    response = client.get("/api/v1/residents", {"q": "Jan\x00sen"}, **_auth(_token(), "consulent.jeugd"))
    body = _is_problem(response, 400)
    assert "stuurteken" in body["detail"]


@pytest.mark.django_db
def test_control_character_in_a_body_is_refused_and_nothing_is_created(client):
    count = Incident.objects.count()
    response = client.post("/api/v1/incidenten/melden", {
        "type": "beveiligingsincident", "title": "Laptop\x01kwijt", "description": "Regel 1\nRegel 2\tmet tab",
        "discovered_at": "2026-01-05T10:00:00+01:00"}, content_type="application/json", **_auth(_token(), "fg"))
    body = _is_problem(response, 400)
    assert [p["name"] for p in body["invalidParams"]] == ["title"]
    assert Incident.objects.count() == count


@pytest.mark.django_db
def test_nul_in_a_query_string_of_a_page_is_refused_with_a_dutch_message(client, login):
    login("fg")
    response = client.get("/privacy/verwerkingslogboek/", {"user": "a\x00b"})
    assert response.status_code == 400
    assert "stuurteken" in response.content.decode()


# --- sane dates ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_awareness_moment_in_the_year_236_is_refused(client):
    incident = Incident.objects.filter(organisation__slug="bel").first()
    before = (incident.awareness_at, incident.status)
    response = client.post(f"/api/v1/incidenten/{incident.uuid}/triage", {
        "type": "datalek", "is_breach": True, "awareness_at": "0236-03-01T10:00:00+01:00",
        "reasoning": "Test"}, content_type="application/json", **_auth(_token(), "fg"))
    body = _is_problem(response, 400)
    assert [p["name"] for p in body["invalidParams"]] == ["awareness_at"]
    incident.refresh_from_db()
    assert (incident.awareness_at, incident.status) == before


@pytest.mark.django_db
def test_future_discovery_moment_is_refused(client):
    response = client.post("/api/v1/incidenten/melden", {
        "type": "beveiligingsincident", "title": "Toekomst", "description": "x", "discovered_at": "2999-01-01T10:00:00+01:00"},
        content_type="application/json", **_auth(_token(), "fg"))
    assert [p["name"] for p in _is_problem(response, 400)["invalidParams"]] == ["discovered_at"]


# --- the schema tells the truth ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_own_reports_are_paginated_like_every_list(client):
    response = client.get("/api/v1/incidenten/mijn", **_auth(_token(), "consulent.jeugd"))
    assert response.status_code == 200
    assert set(response.json()) >= {"count", "next", "previous", "results"}


@pytest.mark.django_db
def test_schema_marks_optional_relations_nullable_and_documents_problems(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert components["Incident"]["properties"]["assessment"].get("nullable") or \
        any(s.get("nullable") for s in components["Incident"]["properties"]["assessment"].get("allOf", []) + [
            components["Incident"]["properties"]["assessment"]])
    assert components["ComplianceAssessment"]["properties"]["municipality"]["nullable"] is True
    responses = schema["paths"]["/api/v1/teams"]["get"]["responses"]
    assert "application/problem+json" in responses["403"]["content"]


@pytest.mark.django_db
def test_processing_log_names_the_application(client):
    token = _token(name="Zaaksysteem")
    client.get("/api/v1/cases", **_auth(token, "consulent.jeugd"))
    case_id = client.get("/api/v1/cases", **_auth(token, "consulent.jeugd")).json()["results"][0]["id"]
    assert client.get(f"/api/v1/cases/{case_id}", **_auth(token, "consulent.jeugd")).status_code == 200
    entry = ProcessingLogEntry.objects.order_by("-pk").first()
    assert entry.application == "Zaaksysteem" and entry.actor_username == "consulent.jeugd"
