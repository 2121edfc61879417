"""An anonymous report leaks its reporter to nobody: database rows, logs, sessions and pages."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import SecurityEvent, User
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.core.tests.utils import form_token, post_with_token
from privacyregie.incidents.models import Incident

IP = "203.0.113.77"


@pytest.fixture
def reporter(org):
    return UserFactory(organisation=org, username="melder.geheim", first_name="Mila", last_name="Geheimnaam",
                       email="mila.geheimnaam@example.org", roles=[Role.CASE_WORKER])


@pytest.fixture
def anonymous_report(client, login, reporter, officer, ciso):
    login(reporter)
    response = post_with_token(client, reverse("incidents:report"), {
        "type": "datalek", "title": "USB-stick kwijt", "description": "Met een lijst van cliënten.",
        "discovered_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "visibility": "anoniem",
    }, REMOTE_ADDR=IP, HTTP_USER_AGENT="Geheimnaam-Browser/1.0", follow=True)
    html = response.content.decode()
    number = re.search(r'class="receipt-number">([^<]+)<', html).group(1)
    code = re.search(r'class="follow-up-code secret">([^<]+)<', html).group(1)
    client.logout()
    return Incident.objects.get(receipt_number=number), code


SECRETS = ("melder.geheim", "Geheimnaam", "mila.geheimnaam@example.org", IP, "Geheimnaam-Browser")


def _rows_mentioning_reporter(reporter):
    """Every row of our models, the kernel's and core's logs that points to or names the reporter."""
    models = [*apps.get_app_config("incidents").get_models(), SecurityEvent,
              apps.get_model("core", "Notification")]
    try:
        models += list(apps.get_app_config("kernel").get_models())
    except LookupError:
        pass
    hits = []
    for model in models:
        rows = model.objects.all()
        if model is SecurityEvent:
            # the login/logout trail exists whether or not one reports; nothing else may name the reporter
            rows = rows.exclude(kind__in=[SecurityEvent.Kind.LOGIN_SUCCESS, SecurityEvent.Kind.LOGOUT])
        for obj in rows:
            for field in model._meta.concrete_fields:
                value = getattr(obj, field.attname)
                if field.is_relation and field.related_model is User and value == reporter.pk:
                    hits.append(f"{model.__name__}.{field.name}")
                elif isinstance(value, str) and any(s in value for s in SECRETS):
                    hits.append(f"{model.__name__}.{field.name}={value[:60]}")
    return hits


def test_anonymous_report_stores_no_reporter(anonymous_report, reporter):
    incident, _code = anonymous_report
    assert incident.reporter_id is None and incident.reporter_name == "" and incident.registered_by_id is None
    assert _rows_mentioning_reporter(reporter) == []


def test_follow_up_code_is_stored_only_hashed(anonymous_report):
    incident, code = anonymous_report
    from django.contrib.auth.hashers import check_password

    assert code not in incident.follow_up_code_hash
    assert check_password(code, incident.follow_up_code_hash)


def test_no_session_holds_the_receipt_or_code(anonymous_report):
    incident, code = anonymous_report
    for session in Session.objects.all():
        decoded = str(session.get_decoded())
        assert incident.receipt_number not in decoded and code not in decoded


@pytest.mark.parametrize("page", ["incidents:dashboard", "incidents:detail", "incidents:ap_json", "incidents:register",
                                  "api:incident-detail"])
def test_handlers_pages_do_not_show_the_reporter(client, login, anonymous_report, officer, page):
    incident, _code = anonymous_report
    login(officer)
    kwargs = {"uuid": incident.uuid} if page in ("incidents:detail", "incidents:ap_json", "api:incident-detail") else None
    from privacyregie.incidents.handling import triage

    triage(incident, officer, type="datalek", is_breach=True, awareness_at=incident.discovered_at, reasoning="x")
    body = client.get(reverse(page, kwargs=kwargs)).content.decode()
    assert incident.receipt_number in body
    # staff pickers (working group, measure owner) list every colleague; they say nothing about the report
    body = re.sub(r"<select.*?</select>", "", body, flags=re.S)
    assert not [s for s in SECRETS if s in body]


def test_follow_up_by_the_reporter_is_not_linked_to_them(client, login, anonymous_report, reporter):
    incident, code = anonymous_report
    login(reporter)
    ids = {"receipt_number": incident.receipt_number, "code": code}
    token = form_token(client.post(reverse("incidents:follow_up"), ids, REMOTE_ADDR=IP).content.decode())
    response = client.post(reverse("incidents:follow_up"), {**ids, "text": "Het was een blauwe stick.",
                                                             "form_token": token}, REMOTE_ADDR=IP)
    assert "Gemeld, wacht op beoordeling" in response.content.decode()
    assert "Uw aanvulling is toegevoegd" in response.content.decode()
    assert incident.timeline.filter(text__contains="blauwe stick", author__isnull=True).exists()
    assert _rows_mentioning_reporter(reporter) == []
