"""Need-to-know (R1): members, non-members, other teams, team leads, other organisations,
and break-the-glass access that expires."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacyregie.core.models import Notification
from privacyregie.dossiers import services
from privacyregie.dossiers.models import BreakGlassAccess, Case, CaseDocument, CaseNote
from privacyregie.kernel.policy import Action, Purpose, decide
from privacyregie.kernel.services import AccessDenied

from .factories import CaseFactory

REASON = "Acute melding van de huisarts, vaste consulent is niet bereikbaar."


@pytest.fixture
def youth_case(world):
    return CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])


def test_member_sees_the_case(world, youth_case):
    assert list(Case.objects.visible_to(world.worker)) == [youth_case]
    assert decide(world.worker, Action.VIEW, youth_case, Purpose.CASE_WORK).allowed


def test_non_member_of_the_same_team_does_not_see_the_case(world, youth_case):
    assert not Case.objects.visible_to(world.colleague).exists()
    assert not decide(world.colleague, Action.VIEW, youth_case, Purpose.CASE_WORK).allowed


def test_worker_of_another_team_is_refused_with_a_reason(world, youth_case):
    decision = decide(world.wmo_worker, Action.VIEW, youth_case, Purpose.CASE_WORK)
    assert not decision.allowed
    assert "niet betrokken" in decision.reason


def test_team_lead_sees_metadata_but_not_notes_or_documents(world, youth_case):
    note = CaseNote.objects.create(case=youth_case, author=world.worker, text="x")
    document = CaseDocument(case=youth_case, uploaded_by=world.worker)
    assert youth_case in Case.objects.visible_to(world.lead)
    assert decide(world.lead, Action.VIEW, youth_case, Purpose.TEAM_LEAD).allowed
    assert not decide(world.lead, Action.VIEW, youth_case, Purpose.CASE_WORK).allowed
    assert not decide(world.lead, Action.VIEW, note, Purpose.TEAM_LEAD).allowed
    assert not decide(world.lead, Action.VIEW, document, Purpose.TEAM_LEAD).allowed


def test_team_lead_of_another_team_sees_nothing(world):
    wmo_case = CaseFactory(organisation=world.org, team=world.wmo_team, members=[world.wmo_worker])
    assert wmo_case not in Case.objects.visible_to(world.lead)
    assert not decide(world.lead, Action.VIEW, wmo_case, Purpose.TEAM_LEAD).allowed


def test_other_roles_see_no_case_contents(world, youth_case):
    assert not Case.objects.visible_to(world.officer).exists()
    assert not decide(world.officer, Action.VIEW, youth_case, Purpose.ACCOUNTABILITY).allowed


def test_other_organisation_sees_nothing(world, youth_case):
    assert not Case.objects.visible_to(world.outsider).exists()
    assert not decide(world.outsider, Action.VIEW, youth_case, Purpose.CASE_WORK).allowed


def test_revoked_membership_ends_access(world, youth_case, as_user):
    membership = youth_case.memberships.get(user=world.worker)
    membership.revoked_at = timezone.now()
    membership.save()
    assert not Case.objects.visible_to(world.worker).exists()
    with pytest.raises(AccessDenied):
        services.open_case(as_user(world.worker), youth_case)


def test_break_glass_gives_emergency_access_that_expires(world, youth_case, as_user, settings):
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        grant = services.start_break_glass(as_user(world.wmo_worker), youth_case, REASON)
    assert grant.expires_at == start + settings.BREAK_GLASS_DURATION
    with mock.patch("django.utils.timezone.now", return_value=start + settings.BREAK_GLASS_DURATION - timedelta(minutes=1)):
        decision = decide(world.wmo_worker, Action.VIEW, youth_case, Purpose.EMERGENCY)
        assert decision.allowed and decision.emergency
        assert youth_case in Case.objects.visible_to(world.wmo_worker)
    with mock.patch("django.utils.timezone.now", return_value=start + settings.BREAK_GLASS_DURATION + timedelta(minutes=1)):
        assert not decide(world.wmo_worker, Action.VIEW, youth_case, Purpose.EMERGENCY).allowed
        assert youth_case not in Case.objects.visible_to(world.wmo_worker)


def test_break_glass_notifies_the_privacy_officer(world, youth_case, as_user):
    services.start_break_glass(as_user(world.wmo_worker), youth_case, REASON)
    notification = Notification.objects.get(recipient=world.officer)
    assert youth_case.reference in notification.subject


@pytest.mark.parametrize("reason", ["", "   ", "te kort"])
def test_break_glass_without_a_real_reason_changes_nothing(world, youth_case, as_user, reason):
    with pytest.raises(ValidationError) as error:
        services.start_break_glass(as_user(world.wmo_worker), youth_case, reason)
    assert "minimaal" in str(error.value)
    assert not BreakGlassAccess.objects.filter(case=youth_case).exists()


def test_break_glass_review_requires_a_comment_when_improper(world, youth_case, as_user):
    grant = services.start_break_glass(as_user(world.wmo_worker), youth_case, REASON)
    with pytest.raises(ValidationError):
        services.review_break_glass(world.officer, grant, BreakGlassAccess.Review.IMPROPER, "")
    services.review_break_glass(world.officer, grant, BreakGlassAccess.Review.IMPROPER, "Geen noodsituatie.")
    grant.refresh_from_db()
    assert grant.review == BreakGlassAccess.Review.IMPROPER and grant.reviewed_by == world.officer


@pytest.mark.django_db
def test_decision_carries_the_register_version_in_force():
    from privacyregie.core.models import User

    case = Case.objects.get(reference="C-2026-0001")
    decision = decide(User.objects.get(username="consulent.jeugd"), Action.VIEW, case, Purpose.CASE_WORK)
    assert decision.processing_activity == "Jeugdhulp toewijzen"
    assert len(decision.processing_activity_version_id) == 36  # the UUID of the version in force
