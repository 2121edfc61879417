"""Scorecard figures of training and attestations, with exact numbers on factory data."""

import datetime
from decimal import Decimal

import pytest

from privacyregie.compliance import scorecard
from privacyregie.compliance.scorecard import Quarter
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import TeamFactory, UserFactory
from privacyregie.people import services
from privacyregie.people.models import Acknowledgement, IntegrityStatement, Oath, PeopleSettings

from .factories import CodeOfConductFactory, CompletionFactory, CourseFactory, RequirementFactory

D = datetime.date


@pytest.fixture
def world(org):
    """Team A (a1, a2, a3) and team B (b1, b2); course P for every case worker, course Q for team A."""
    team_a = TeamFactory(organisation=org, name="Team A")
    team_b = TeamFactory(organisation=org, name="Team B")
    users = {name: UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[team], username=name)
             for name, team in [("a1", team_a), ("a2", team_a), ("a3", team_a), ("b1", team_b), ("b2", team_b)]}
    users["officer"] = UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER], username="officer")
    UserFactory(organisation=org, roles=[Role.COUNCIL], username="raadslid")  # no employee
    UserFactory(organisation=org, roles=[Role.SUPPLIER], username="leverancier1")  # no employee
    p = CourseFactory(organisation=org, name="P", validity_months=12)
    q = CourseFactory(organisation=org, name="Q", validity_months=24)
    RequirementFactory(course=p, role=Role.CASE_WORKER)
    RequirementFactory(course=q, team=team_a)
    for name, course, day in [("a1", p, D(2025, 6, 1)), ("a1", q, D(2025, 1, 10)),
                              ("a2", p, D(2025, 3, 1)), ("a2", q, D(2025, 1, 10)),
                              ("a3", p, D(2026, 3, 31)),
                              ("b1", p, D(2025, 9, 1)), ("b2", p, D(2026, 4, 1))]:
        CompletionFactory(user=users[name], course=course, completed_on=day)
    return users


def test_training_completion_at_the_end_of_a_quarter(org, world):
    q1 = Quarter(2026, 1)  # judged on 31 March 2026
    figures = services.scorecard_figures(org, q1.start, q1.end)
    # a1 and b1 complete; a2's P expired on 28 Feb, a3 lacks Q, b2 completed P only in April
    assert figures["training_completion_pct"] == Decimal("40.0")
    assert figures["training_by_team"] == [{"team": "Team A", "pct": Decimal("33.3")},
                                           {"team": "Team B", "pct": Decimal("50.0")}]
    q2 = Quarter(2026, 2)  # judged on 30 June 2026: a1's P expired on 31 May, b2 is now complete
    figures = services.scorecard_figures(org, q2.start, q2.end)
    assert figures["training_completion_pct"] == Decimal("40.0")
    assert figures["training_by_team"] == [{"team": "Team A", "pct": Decimal("0.0")},
                                           {"team": "Team B", "pct": Decimal("100.0")}]


def test_nothing_mandatory_gives_no_figure(org):
    UserFactory(organisation=org, roles=[Role.CASE_WORKER])
    figures = services.scorecard_figures(org, Quarter(2026, 1).start, Quarter(2026, 1).end)
    assert figures["training_completion_pct"] is None


def test_attestations_outstanding(org, world):
    conduct = CodeOfConductFactory(organisation=org)
    a1, officer = world["a1"], world["officer"]
    Acknowledgement.objects.create(user=a1, version=conduct,
                                   acknowledged_at=datetime.datetime(2026, 2, 1, 10, tzinfo=datetime.UTC))
    Oath.objects.create(organisation=org, user=a1, kind=Oath.Kind.OATH, taken_on=D(2026, 1, 5), witness="De burgemeester")
    IntegrityStatement.objects.create(organisation=org, user=a1, signed_on=D(2026, 1, 5))
    Oath.objects.create(organisation=org, user=officer, kind=Oath.Kind.PROMISE, taken_on=D(2026, 1, 5),
                        witness="De burgemeester")
    q1 = Quarter(2026, 1)
    # six employees x three attestations = 18; a1 gave all three, the officer one
    assert services.scorecard_figures(org, q1.start, q1.end)["attestations_outstanding"] == 14
    PeopleSettings.objects.update_or_create(organisation=org, defaults={"requires_vog": True})
    assert services.scorecard_figures(org, q1.start, q1.end)["attestations_outstanding"] == 20
    # at the end of 2025 the code of conduct was not yet published: 6 x 2 (+ VOG 6), a1's oath not yet taken
    q4 = Quarter(2025, 4)
    assert services.scorecard_figures(org, q4.start, q4.end)["attestations_outstanding"] == 18


def test_the_scorecard_shows_both_indicators(org, world):
    CodeOfConductFactory(organisation=org)
    values = {v.indicator.key: v for v in scorecard.compute(org, Quarter(2026, 1))}
    assert values["training_completion"].value == Decimal("40.0")
    assert values["training_completion"].display == "40%"
    assert values["attestations_outstanding"].value == Decimal(18)
