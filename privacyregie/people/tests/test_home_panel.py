"""The start page's panel asks two queries and says what ``training_status`` and ``attestation_status`` say."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import TeamFactory, UserFactory
from privacyregie.people import services
from privacyregie.people.models import ConductCertificate, IntegrityStatement, Oath, PeopleSettings

from .factories import CodeOfConductFactory, CompletionFactory, CourseFactory, RequirementFactory


def _full(user):
    training = [(c.course.name, c.state) for c in services.training_status(user).courses
                if not c.valid or c.expires_soon]
    attestations = [a.key for a in services.attestation_status(user) if a.outstanding]
    return training, attestations


def _home(user):
    training, attestations = services.outstanding_for_home(user)
    return [(c.course.name, c.state) for c in training], [a.key for a in attestations]


def test_the_panel_says_what_the_full_status_says_in_two_queries(org, team, worker):
    today = timezone.localdate()
    other_team = TeamFactory(organisation=org)
    by_role = CourseFactory(organisation=org, name="Basis privacy", validity_months=12)
    RequirementFactory(course=by_role, role=Role.CASE_WORKER)
    by_team = CourseFactory(organisation=org, name="Jeugdprotocol", validity_months=12)
    RequirementFactory(course=by_team, team=team)
    soon = CourseFactory(organisation=org, name="Phishing", validity_months=12)
    RequirementFactory(course=soon, team=team)
    not_mine = CourseFactory(organisation=org, name="Ander team")
    RequirementFactory(course=not_mine, team=other_team)
    RequirementFactory(course=CourseFactory(organisation=org, name="Ander rol"), role=Role.CISO)
    inactive = CourseFactory(organisation=org, name="Oud", active=False)
    RequirementFactory(course=inactive, role=Role.CASE_WORKER)
    # expired long ago and once more valid: the valid one counts; the soon one expires within the reminder
    CompletionFactory(user=worker, course=by_role, completed_on=today - datetime.timedelta(days=800))
    CompletionFactory(user=worker, course=by_role, completed_on=today - datetime.timedelta(days=10))
    CompletionFactory(user=worker, course=soon, completed_on=today - datetime.timedelta(days=360))
    CompletionFactory(user=UserFactory(organisation=org, roles=[Role.CASE_WORKER]), course=by_team)
    CodeOfConductFactory(organisation=org, version=1)
    Oath.objects.create(organisation=org, user=worker, kind="eed", taken_on=today, witness="De burgemeester")
    PeopleSettings.objects.create(organisation=org, requires_vog=True, reminder_days=30)

    assert worker.roles == [Role.CASE_WORKER]  # read once per request, before the panels
    with CaptureQueriesContext(connection) as ctx:
        training, attestations = _home(worker)
    assert len(ctx.captured_queries) == 2
    assert (training, attestations) == _full(worker)
    assert [name for name, _state in training] == ["Jeugdprotocol", "Phishing"]
    assert attestations == ["code_of_conduct", "integrity", "vog"]

    IntegrityStatement.objects.create(organisation=org, user=worker, signed_on=today)
    ConductCertificate.objects.create(organisation=org, user=worker, issued_on=today)
    worker.conduct_acknowledgements.create(version=services.current_conduct(org))
    assert _home(worker) == _full(worker) and _home(worker)[1] == []


def test_without_settings_or_code_the_defaults_count_and_non_employees_see_nothing(org, worker):
    assert _home(worker) == _full(worker) == ([], ["oath", "integrity"])
    council = UserFactory(organisation=org, roles=[Role.COUNCIL])
    assert services.outstanding_for_home(council) == ([], [])


def test_the_start_page_shows_the_outstanding_items(client, login, org, worker):
    login(worker)
    page = client.get(reverse("web:home")).content.decode()
    assert "Ambtseed of belofte" in page and "Integriteitsverklaring" in page
