"""The kernel's statement gate (issue 14 §2): an external, chain-partner or supplier account gets no access
to anything containing residents' data until its confidentiality statement is signed.

Proved through ``kernel.policy.decide`` for every external role and every action, with a target whose
own rule would allow everything: only the gate stands between the user and the data.
"""

import pytest

from privacyregie.core.roles import EXTERNAL_ROLES
from privacyregie.core.tests.factories import UserFactory
from privacyregie.external.models import Acceptance, StatementVersion
from privacyregie.kernel import policy
from privacyregie.kernel.policy import Action, Purpose, decide


class _ResidentsData:
    """A stand-in for any record holding residents' data, whose rule allows everyone."""

    def __init__(self, organisation_id):
        self.organisation_id = organisation_id


@pytest.fixture
def permissive_target(monkeypatch):
    monkeypatch.setitem(policy._RULES, _ResidentsData, lambda user, action, target, purpose: policy.Decision(True, "ok"))
    return _ResidentsData


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(EXTERNAL_ROLES))
@pytest.mark.parametrize("action", Action.values)
def test_an_external_account_without_a_signed_statement_is_refused_everything(role, action, permissive_target):
    user = UserFactory(roles=[role])
    decision = decide(user, action, permissive_target(user.organisation_id), Purpose.CASE_WORK)
    assert not decision.allowed
    assert "geheimhoudingsverklaring" in decision.reason


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(EXTERNAL_ROLES))
@pytest.mark.parametrize("action", Action.values)
def test_once_signed_the_target_rule_decides(role, action, permissive_target):
    user = UserFactory(roles=[role])
    Acceptance.objects.create(user=user, version=StatementVersion.objects.current())
    assert decide(user, action, permissive_target(user.organisation_id), Purpose.CASE_WORK).allowed


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(EXTERNAL_ROLES))
def test_a_new_version_of_the_statement_closes_the_gate_again(role, permissive_target):
    from django.utils import timezone

    user = UserFactory(roles=[role])
    current = StatementVersion.objects.current()
    Acceptance.objects.create(user=user, version=current)
    StatementVersion.objects.create(version=current.version + 1, text="Nieuwe versie", published_at=timezone.now())
    assert not decide(user, Action.VIEW, permissive_target(user.organisation_id), Purpose.CASE_WORK).allowed


@pytest.mark.django_db
def test_the_gate_leaves_internal_staff_alone(permissive_target):
    user = UserFactory(roles=["consulent"])
    assert decide(user, Action.VIEW, permissive_target(user.organisation_id), Purpose.CASE_WORK).allowed


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(EXTERNAL_ROLES))
def test_a_real_case_is_refused_by_the_gate(role):
    from privacyregie.dossiers.models import Case

    case = Case.objects.get(organisation__slug="bel", reference="C-2026-0001")
    user = UserFactory(organisation=case.organisation, roles=[role])
    decision = decide(user, Action.VIEW, case, Purpose.SHARING)
    assert not decision.allowed and "geheimhoudingsverklaring" in decision.reason
