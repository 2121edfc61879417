"""Restriction (AVG art. 18) enforced by the privacy kernel: for every action and every purpose, a restricted
target is refused except under legal claims and the resident's own request; lifting it allows again."""

import pytest
from django.utils import timezone

from privacyregie.kernel.policy import _RULES, Action, Purpose, decide
from privacyregie.rights.models import Restriction
from privacyregie.rights.restriction import _RESOLVERS, restriction_check

from .report_world import ReportWorld

pytestmark = pytest.mark.django_db
ALLOWED_PURPOSES = {Purpose.LEGAL_CLAIMS, Purpose.SUBJECT_REQUEST}


@pytest.fixture
def world():
    return ReportWorld()


class Always:
    """A stand-in rule that allows everything, so that only the restriction can refuse."""

    def __init__(self, monkeypatch):
        from privacyregie.kernel import policy

        for klass in list(policy._RULES):
            monkeypatch.setitem(policy._RULES, klass, lambda user, action, target, purpose: policy.Decision(True, "ok"))


def _targets(world):
    from privacyregie.datarooms.models import DataRoom, DataRoomDocument

    room = DataRoom.objects.create(organisation=world.org, title="Overleg", purpose="overleg", case=world.youth_case,
                                   created_by=world.worker, closes_on=timezone.localdate())
    message = world.exchange.messages.first()
    from privacyregie.exchange.models import ExchangeFile

    file = ExchangeFile.objects.create(message=message, file_name="a.pdf", content_type="application/pdf", size=1,
                                       storage_name="y")
    return [world.resident, world.youth_case, world.note_plain, world.document, world.consent, world.exchange,
            message, file, room, DataRoomDocument.objects.create(room=room, name="verslag")]


def test_every_model_with_a_kernel_rule_has_a_restriction_resolver():
    labels = {klass._meta.label_lower for klass in _RULES}
    assert labels <= set(_RESOLVERS), labels - set(_RESOLVERS)


def test_a_restricted_resident_is_refused_for_every_action_and_purpose_except_art_18_2(world, monkeypatch):
    Always(monkeypatch)
    restriction = Restriction.objects.create(organisation=world.org, resident=world.resident, reason="onjuist adres",
                                             request=world.request, started_by=world.officer)
    for target in _targets(world):
        for action in Action.values:
            for purpose in Purpose.values:
                decision = decide(world.worker, action, target, purpose)
                assert decision.allowed == (purpose in ALLOWED_PURPOSES), (target, action, purpose)
                if not decision.allowed:
                    assert "AVG art. 18" in decision.reason and "V-2026-0001" in decision.reason
    restriction.ended_at = timezone.now()
    restriction.save()
    for target in _targets(world):
        for action in Action.values:
            for purpose in Purpose.values:
                assert decide(world.worker, action, target, purpose).allowed, (target, action, purpose)


def test_a_restricted_case_restricts_its_contents_not_the_residents_other_case(world, monkeypatch):
    Always(monkeypatch)
    Restriction.objects.create(organisation=world.org, case=world.youth_case, reason="juistheid betwist")
    for target in (world.youth_case, world.note_plain, world.document, world.consent, world.exchange):
        for action in Action.values:
            assert not decide(world.worker, action, target, Purpose.CASE_WORK).allowed
            assert decide(world.worker, action, target, Purpose.LEGAL_CLAIMS).allowed
    assert restriction_check(world.wmo_case) is None
    assert restriction_check(world.note_secret) is None
    assert decide(world.wmo_worker, Action.VIEW, world.wmo_case, Purpose.CASE_WORK).allowed


def test_restriction_works_with_the_real_rules(world):
    assert decide(world.worker, Action.VIEW, world.note_plain, Purpose.CASE_WORK).allowed
    Restriction.objects.create(organisation=world.org, resident=world.resident, reason="bezwaar loopt")
    assert not decide(world.worker, Action.VIEW, world.note_plain, Purpose.CASE_WORK).allowed
    assert not decide(world.worker, Action.SHARE, world.youth_case, Purpose.SHARING).allowed
    assert not decide(world.wmo_worker, Action.UPDATE, world.wmo_case, Purpose.CASE_WORK).allowed


def test_who_may_not_see_the_data_does_not_learn_of_a_restriction(world):
    Restriction.objects.create(organisation=world.org, resident=world.resident, reason="bezwaar loopt")
    decision = decide(world.wmo_worker, Action.VIEW, world.note_plain, Purpose.CASE_WORK)
    assert not decision.allowed and "art. 18" not in decision.reason


def test_another_organisations_restriction_does_not_count(world):
    from privacyregie.core.tests.factories import OrganisationFactory

    other = OrganisationFactory()
    Restriction.objects.create(organisation=other, resident=world.resident, reason="verkeerd")
    assert restriction_check(world.youth_case) is None


def test_a_restricted_case_is_not_destroyed_but_a_legal_hold_is_never_restricted(world):
    from privacyregie.retention.models import DestructionItem, DestructionProposal, LegalHold

    Restriction.objects.create(organisation=world.org, resident=world.resident, reason="juistheid betwist")
    item = DestructionItem(case=world.youth_case, proposal=DestructionProposal(organisation=world.org))
    assert restriction_check(item)
    hold = LegalHold(organisation=world.org, resident=world.resident, case=world.youth_case, reason="rechtszaak")
    assert restriction_check(hold) is None


def test_the_case_page_asks_with_the_case_and_answers_the_same(world):
    """``dossiers.services.get_case_for_page`` fetches the first active restriction with the case: the same
    answer as the check without it, for a restriction on the case, on a resident, of another organisation,
    ended, and none."""
    from privacyregie.core.tests.factories import OrganisationFactory
    from privacyregie.dossiers.services import get_case_for_page

    def both():
        page_case = get_case_for_page(world.worker, world.youth_case.uuid)
        assert page_case.remembered_restriction()[0]
        world.youth_case.forget_rows()
        return restriction_check(page_case), restriction_check(world.youth_case)

    assert both() == (None, None)
    Restriction.objects.create(organisation=OrganisationFactory(), resident=world.resident, reason="elders")
    assert both() == (None, None)
    on_resident = Restriction.objects.create(organisation=world.org, resident=world.resident, reason="bezwaar",
                                             request=world.request)
    remembered, asked = both()
    assert remembered == asked and "V-2026-0001" in remembered
    on_resident.ended_at = timezone.now()
    on_resident.save()
    assert both() == (None, None)
    Restriction.objects.create(organisation=world.org, case=world.youth_case, reason="juistheid betwist")
    remembered, asked = both()
    assert remembered == asked and remembered
