"""Asking for and approving a window: the bad inputs of issue 14 (clear message, nothing changed, a log
entry), four-eyes approval for high confidentiality, no approval of one's own request."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from privacyregie.core.models import SecurityEvent
from privacyregie.register.models import Agreement
from privacyregie.suppliers import services
from privacyregie.suppliers.models import AccessRequest, Phase, Status, SupplierSettings

from .factories import as_request, supplier_user, world

pytestmark = pytest.mark.django_db


def _ask(w, starts_at=None, ends_at=None, user=None):
    now = timezone.now()
    starts_at = starts_at or now + timedelta(hours=1)
    return services.request_access(as_request(user or w.supplier), system=w.system, purpose="Update installeren",
                                   reference="CHG-42", starts_at=starts_at, ends_at=ends_at or starts_at + timedelta(hours=2))


def _refusal_events(w):
    return SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REMOTE_ACCESS, detail__startswith="geweigerd")


def test_a_window_ending_before_it_starts_is_refused_and_logged():
    w = world()
    start = timezone.now() + timedelta(hours=3)
    with pytest.raises(ValidationError, match="eindigt voordat het begint"):
        _ask(w, start, start - timedelta(minutes=1))
    assert not AccessRequest.objects.filter(organisation=w.org).exists()
    assert _refusal_events(w).filter(user=w.supplier).exists()


def test_a_window_longer_than_the_organisations_maximum_is_refused():
    w = world()
    SupplierSettings.objects.create(organisation=w.org, max_window_hours=4)
    start = timezone.now() + timedelta(hours=1)
    _ask(w, start, start + timedelta(hours=4))  # exactly the maximum is fine
    with pytest.raises(ValidationError, match="langer dan de 4 uur"):
        _ask(w, start, start + timedelta(hours=4, minutes=1))
    assert AccessRequest.objects.filter(organisation=w.org).count() == 1


def test_a_system_without_a_valid_processor_agreement_is_refused():
    w = world(agreement_status=Agreement.Status.DRAFT)
    with pytest.raises(ValidationError, match="geen geldige verwerkersovereenkomst"):
        _ask(w)
    assert not AccessRequest.objects.filter(organisation=w.org).exists()
    assert _refusal_events(w).filter(detail__contains="verwerkersovereenkomst").exists()


def test_approval_is_refused_when_the_agreement_lapsed_meanwhile():
    w = world()
    item = _ask(w)
    w.agreement.status = Agreement.Status.TERMINATED
    w.agreement.save()
    with pytest.raises(ValidationError, match="geen geldige verwerkersovereenkomst"):
        services.decide(as_request(w.owner), item, approve=True)
    item.refresh_from_db()
    assert item.status == Status.REQUESTED and not item.approvals.exists()


def test_a_supplier_of_another_partner_cannot_ask():
    w = world()
    from privacyregie.register.models import ChainPartner

    other = ChainPartner.objects.create(organisation=w.org, name="Ander B.V.", kind="leverancier", role="verwerker")
    with pytest.raises(PermissionDenied):
        _ask(w, user=supplier_user(w.org, other))


def test_the_owner_alone_approves_an_ordinary_system():
    w = world()
    item = services.decide(as_request(w.owner), _ask(w), approve=True)
    assert item.status == Status.APPROVED and item.phase() == Phase.SCHEDULED


def test_four_eyes_owner_and_ciso_for_high_confidentiality():
    w = world(high=True)
    item = services.decide(as_request(w.owner), _ask(w), approve=True)
    assert item.status == Status.REQUESTED
    assert services.awaiting(item) == ["CISO"]
    with pytest.raises(PermissionDenied):  # the owner cannot give the second approval
        services.decide(as_request(w.owner), item, approve=True)
    item = services.decide(as_request(w.ciso), item, approve=True)
    assert item.status == Status.APPROVED
    assert sorted(item.approvals.values_list("approver_role", flat=True)) == ["ciso", "eigenaar"]


def test_the_ciso_may_approve_before_the_owner():
    w = world(high=True)
    item = services.decide(as_request(w.ciso), _ask(w), approve=True)
    assert item.status == Status.REQUESTED
    assert services.decide(as_request(w.owner), item, approve=True).status == Status.APPROVED


def test_an_owner_who_is_also_ciso_gives_only_one_of_the_two_approvals():
    w = world(high=True)
    from privacyregie.core.models import RoleAssignment

    RoleAssignment.objects.create(user=w.owner, organisation=w.org, role="ciso")
    item = services.decide(as_request(w.owner), _ask(w), approve=True)
    assert services.approver_role(w.owner, item) is None
    assert services.decide(as_request(w.ciso), item, approve=True).status == Status.APPROVED


def test_a_refusal_by_either_refuses_the_request_and_needs_a_reason():
    w = world(high=True)
    item = _ask(w)
    with pytest.raises(ValidationError, match="reden"):
        services.decide(as_request(w.ciso), item, approve=False)
    item = services.decide(as_request(w.ciso), item, approve=False, note="Geen wijziging aangemeld")
    assert item.status == Status.REFUSED and item.refusal_reason == "Geen wijziging aangemeld"


def test_the_requester_cannot_approve_their_own_request():
    w = world()
    item = _ask(w)
    # the requester is made owner of the system: still not their own approver
    w.system.owner = w.supplier
    w.system.save()
    with pytest.raises(PermissionDenied, match="eigen aanvraag") as info:
        services.decide(as_request(w.supplier), item, approve=True)
    services.keep_refusal_logged(info.value)  # as the page does once the transaction rolled back
    item.refresh_from_db()
    assert item.status == Status.REQUESTED and not item.approvals.exists()
    assert _refusal_events(w).filter(detail__contains="eigen aanvraag").exists()


def test_work_is_recorded_after_the_window_and_confirmed_by_the_owner():
    w = world()
    item = services.decide(as_request(w.owner), _ask(w), approve=True)
    with pytest.raises(ValidationError):
        services.record_work(as_request(w.supplier), item, "te vroeg")
    AccessRequest.objects.filter(pk=item.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                                    ends_at=timezone.now() - timedelta(hours=1))
    item.refresh_from_db()
    services.record_work(as_request(w.supplier), item, "Update 4.2.1 geïnstalleerd")
    with pytest.raises(PermissionDenied):
        services.confirm_work(as_request(w.ciso), item)
    services.confirm_work(as_request(w.owner), item)
    assert item.phase() == Phase.CONFIRMED


def test_the_job_records_opening_and_closing_once():
    w = world()
    item = services.decide(as_request(w.owner), _ask(w), approve=True)
    services.record_window_events(now=item.starts_at - timedelta(seconds=1))
    item.refresh_from_db()
    assert item.opened_recorded_at is None
    services.record_window_events(now=item.starts_at)
    item.refresh_from_db()
    opened = item.opened_recorded_at
    assert opened == item.starts_at and item.closed_recorded_at is None
    services.record_window_events(now=item.ends_at)
    services.record_window_events(now=item.ends_at + timedelta(minutes=1))
    item.refresh_from_db()
    assert item.opened_recorded_at == opened and item.closed_recorded_at == item.ends_at
    reasons = list(item.history.values_list("history_change_reason", flat=True))
    assert "venster geopend" in reasons and "venster gesloten" in reasons


def test_the_start_page_asks_in_one_query_what_waits_for_owner_and_ciso(django_assert_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    from privacyregie.suppliers import services as supplier_services
    from privacyregie.suppliers.models import AccessRequest, Status

    from .factories import approved_window, world

    w = world()
    now = timezone.now()
    waiting = AccessRequest.objects.create(
        organisation=w.org, system=w.system, requester=w.supplier, partner=w.partner, purpose="Update",
        reference="CHG-2", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2),
        status=Status.REQUESTED)
    done = approved_window(w, now - timedelta(hours=3), now - timedelta(hours=1))
    AccessRequest.objects.filter(pk=done.pk).update(work_recorded_at=now, work_done="Patch geïnstalleerd")
    approved_window(w, now + timedelta(days=2), now + timedelta(days=2, hours=1))  # nothing to confirm yet
    for user in (w.owner, w.ciso, w.supplier):
        assert user.roles  # read once per request, before the panels
        with django_assert_num_queries(2):  # the requests, and the approvals of those requested
            found = supplier_services.waiting_for(user)
        assert found == supplier_services.to_decide(user) + supplier_services.to_confirm(user)
    assert supplier_services.waiting_for(w.owner) == [waiting, done]
    assert supplier_services.waiting_for(w.ciso) == []  # the owner decides first


@pytest.mark.django_db
def test_waiting_for_runs_the_orms_query_prepared(django_assert_num_queries):
    """``waiting_for``'s prepared queries (core.prepared) give the ORM's requests, with the related rows."""
    from datetime import timedelta

    from django.utils import timezone

    from privacyregie.suppliers import services as supplier_services
    from privacyregie.suppliers.models import AccessRequest, Status

    from .factories import approved_window, world

    w = world()
    now = timezone.now()
    AccessRequest.objects.create(
        organisation=w.org, system=w.system, requester=w.supplier, partner=w.partner, purpose="Update",
        reference="CHG-3", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2),
        status=Status.REQUESTED)
    done = approved_window(w, now - timedelta(hours=3), now - timedelta(hours=1))
    AccessRequest.objects.filter(pk=done.pk).update(work_recorded_at=now)
    for user in (w.owner, w.ciso, w.supplier):
        for everyone, query in ((True, supplier_services._WAITING_FOR_ALL), (False, supplier_services._WAITING_FOR_OWN)):
            orm = list(supplier_services._waiting_queryset(user.organisation_id, user.pk, everyone))
            prepared = query.run(organisation_id=user.organisation_id, user_id=user.pk)
            assert [r.pk for r in prepared] == [r.pk for r in orm]
            assert [(r.reference, r.status, r.starts_at) for r in prepared] == [
                (r.reference, r.status, r.starts_at) for r in orm]
            with django_assert_num_queries(0):
                assert [(r.system.system.pk, r.requester.pk, r.partner_id and r.partner.pk) for r in prepared] == [
                    (r.system.system.pk, r.requester.pk, r.partner_id and r.partner.pk) for r in orm]
