"""API base: application tokens, acting for an end user, problem+json, organisation scope."""

import pytest
from django.core.management import call_command

from privacyregie.core.models import Application, Organisation, SecurityEvent
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory


def _create_app(org, scopes, may_act=False):
    app = Application(organisation=org, name=f"app-{len(scopes)}-{may_act}", scopes=scopes, may_act_for_users=may_act)
    token = app.issue_secret()
    app.save()
    return app, token


@pytest.mark.django_db
def test_application_token_reads_own_organisation_only(client):
    org = Organisation.objects.get(slug="bel")
    _, token = _create_app(org, ["core.use_app"])
    response = client.get("/api/v1/teams", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    names = {t["name"] for t in response.json()["results"]}
    assert "Jeugdteam BEL" in names
    assert "WIJZ-team Haren" not in names


@pytest.mark.django_db
def test_application_without_scope_is_refused_as_problem_json(client):
    org = Organisation.objects.get(slug="bel")
    _, token = _create_app(org, [])
    response = client.get("/api/v1/teams", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 403 and body["title"] and body["instance"] == "/api/v1/teams"


@pytest.mark.django_db
def test_unknown_token_is_401_and_recorded(client):
    response = client.get("/api/v1/teams", HTTP_AUTHORIZATION="Bearer onzin.token")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.API_AUTH_FAILED).exists()


@pytest.mark.django_db
def test_end_user_narrows_powers_to_intersection(client):
    org = Organisation.objects.get(slug="bel")
    _, token = _create_app(org, ["core.use_app", "compliance.view_reports"], may_act=True)
    response = client.get("/api/v1/ik", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_EINDGEBRUIKER="consulent.jeugd")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "consulent.jeugd"
    # the case worker may not view reports and the application may not work in cases: neither is granted
    assert body["permissions"] == ["core.use_app"]


@pytest.mark.django_db
def test_end_user_of_other_organisation_is_refused(client):
    org = Organisation.objects.get(slug="bel")
    _, token = _create_app(org, ["core.use_app"], may_act=True)
    response = client.get("/api/v1/ik", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_EINDGEBRUIKER="fg.haren")
    assert response.status_code == 401


@pytest.mark.django_db
def test_application_may_not_act_for_users_unless_allowed(client):
    org = Organisation.objects.get(slug="bel")
    _, token = _create_app(org, ["core.use_app"], may_act=False)
    response = client.get("/api/v1/ik", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_EINDGEBRUIKER="consulent.jeugd")
    assert response.status_code == 401


@pytest.mark.django_db
def test_session_without_second_factor_is_not_authenticated_for_api(client):
    user = UserFactory(roles=[Role.CASE_WORKER])
    client.force_login(user, backend="privacyregie.core.backends.LocalAccountBackend")
    assert client.get("/api/v1/ik").status_code == 401


@pytest.mark.django_db
def test_create_application_command_prints_token_once(capsys):
    call_command("create_application", "Zaaksysteem", "--organisation", "bel", "--scope", "core.use_app")
    out = capsys.readouterr().out
    token = out.split("token (shown once): ")[1].strip()
    app = Application.objects.get(name="Zaaksysteem")
    assert app.secret_hash == Application.hash_secret(token)
    assert token not in str(Application.objects.filter(pk=app.pk).values().first())


@pytest.mark.django_db
def test_create_application_rejects_unknown_scope():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende scopes"):
        call_command("create_application", "X", "--organisation", "bel", "--scope", "alles.mag")
    assert not Application.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_openapi_schema_is_valid_openapi3(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/teams" in schema["paths"]


@pytest.mark.django_db
def test_end_user_header_is_matched_like_the_login(client):
    """The end user an application names is found under the same normalisation as the login form uses."""
    org = Organisation.objects.get(slug="bel")
    _, token = _create_app(org, ["core.use_app"], may_act=True)
    response = client.get("/api/v1/ik", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_EINDGEBRUIKER=" Consulent.Jeugd ")
    assert response.status_code == 200
    assert response.json()["username"] == "consulent.jeugd"
