"""Intake, identity check, extension, acting on a request, statistics and the legal hold."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacyregie.core.models import SecurityEvent
from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import AccessDenied, access, pseudonymise_bsn
from privacyregie.rights import services
from privacyregie.rights.models import (
    Channel,
    IdentityMethod,
    Outcome,
    RequestKind,
    RequestStatus,
    Restriction,
    SubjectRequest,
)

from .factories import SubjectRequestFactory

pytestmark = pytest.mark.django_db


def _request(officer, **kw):
    defaults = {"kind": RequestKind.ACCESS, "channel": Channel.LETTER, "requester_name": "Anna de Vries"}
    return services.register_request(officer, **{**defaults, **kw})


def test_registering_keeps_only_the_pseudonym_of_the_bsn_and_sets_the_deadline(officer):
    resident = ResidentFactory(organisation=officer.organisation)
    received = datetime(2026, 1, 31, 9, tzinfo=UTC)
    sr = _request(officer, bsn=resident.bsn, received_at=received)
    assert sr.reference.startswith("V-2026-") and sr.due_on == date(2026, 2, 28)
    assert sr.subject_pseudonym == pseudonymise_bsn(resident.bsn)
    assert resident.bsn not in str(SubjectRequest.objects.filter(pk=sr.pk).values().first())
    assert sr.resident is None  # linked only after the identity check
    assert sr.events.get().kind == "ontvangen"


def test_references_count_up_per_organisation(officer):
    first, second = _request(officer), _request(officer)
    assert int(second.reference[-4:]) == int(first.reference[-4:]) + 1


def test_a_representative_needs_a_name(officer):
    with pytest.raises(ValidationError) as exc:
        _request(officer, representative_authority="voogd")
    assert "representative_name" in exc.value.message_dict


def test_an_invalid_bsn_is_refused_with_the_dutch_message(officer):
    with pytest.raises(ValidationError, match="elfproef"):
        _request(officer, bsn="123456789")
    assert not SubjectRequest.objects.filter(organisation=officer.organisation).exists()


def test_identity_check_links_the_resident_and_logs_through_the_kernel(officer, http):
    resident = ResidentFactory(organisation=officer.organisation)
    CaseFactory(organisation=officer.organisation, residents=[resident])
    sr = _request(officer, bsn=resident.bsn)
    services.verify_identity(http, sr, method=IdentityMethod.COUNTER_ID_DOCUMENT, bsn=resident.bsn)
    sr.refresh_from_db()
    assert sr.resident == resident and sr.identity_checked_by == officer and sr.identity_checked_at
    assert sr.status == RequestStatus.IN_PROGRESS
    entry = ProcessingLogEntry.objects.filter(purpose=Purpose.SUBJECT_REQUEST).latest("id")
    assert entry.outcome == "allowed" and entry.actor_user_id == officer.pk


def test_identity_check_with_another_bsn_changes_nothing(officer, http):
    a, b = ResidentFactory(organisation=officer.organisation), ResidentFactory(organisation=officer.organisation)
    sr = _request(officer, bsn=a.bsn)
    with pytest.raises(ValidationError):
        services.verify_identity(http, sr, method=IdentityMethod.DIGID_PORTAL, bsn=b.bsn)
    sr.refresh_from_db()
    assert sr.identity_checked_at is None and sr.resident is None


def test_a_bsn_not_held_gives_an_unlinked_request_not_an_error(officer, http):
    other = ResidentFactory()  # another organisation
    sr = _request(officer, bsn=other.bsn)
    services.verify_identity(http, sr, method=IdentityMethod.ADDRESS_LETTER, bsn=other.bsn)
    assert sr.resident is None and sr.identity_checked_at


def test_extension_within_the_first_month(officer, http):
    sr = SubjectRequestFactory(organisation=officer.organisation,
                               received_at=timezone.now() - timedelta(days=10))
    services.extend(http, sr, months=2, reason="Veel dossiers in drie teams.")
    sr.refresh_from_db()
    assert sr.extended_due_on > sr.due_on and sr.deadline == sr.extended_due_on


def test_late_extension_is_refused_nothing_changed_and_logged(officer, http):
    sr = SubjectRequestFactory(organisation=officer.organisation,
                               received_at=timezone.now() - timedelta(days=40))
    with pytest.raises(ValidationError, match="binnen een maand na ontvangst"):
        services.extend(http, sr, months=1, reason="Te laat bedacht.")
    sr.refresh_from_db()
    assert sr.extended_due_on is None
    assert SecurityEvent.objects.filter(detail__contains=sr.reference).exists()


def test_a_second_extension_is_refused(officer, http):
    sr = SubjectRequestFactory(organisation=officer.organisation, received_at=timezone.now() - timedelta(days=2))
    services.extend(http, sr, months=1, reason="Complex.")
    with pytest.raises(ValidationError, match="één verlenging"):
        services.extend(http, sr, months=1, reason="Nog eens.")


def _linked(officer, http, kind, **case_fields):
    resident = ResidentFactory(organisation=officer.organisation)
    case = CaseFactory(organisation=officer.organisation, residents=[resident], **case_fields)
    sr = _request(officer, kind=kind, bsn=resident.bsn)
    services.verify_identity(http, sr, method=IdentityMethod.COUNTER_ID_DOCUMENT, bsn=resident.bsn)
    return sr, resident, case


def test_rectification_records_old_and_new_value(officer, http):
    sr, resident, _case = _linked(officer, http, RequestKind.RECTIFICATION)
    old = resident.last_name
    rect = services.rectify(http, sr, field="last_name", new_value="Jansen-de Boer")
    resident.refresh_from_db()
    assert resident.last_name == "Jansen-de Boer"
    assert (rect.old_value, rect.new_value) == (old, "Jansen-de Boer")
    assert ProcessingLogEntry.objects.filter(action=Action.UPDATE, purpose=Purpose.SUBJECT_REQUEST).exists()


def test_the_officer_cannot_change_data_without_a_rectification_request(officer, http):
    sr, resident, _case = _linked(officer, http, RequestKind.ACCESS)
    with pytest.raises(AccessDenied):
        access(http, Action.UPDATE, resident, Purpose.SUBJECT_REQUEST)
    with pytest.raises(AccessDenied):  # and never for another purpose
        access(http, Action.VIEW, resident, Purpose.CASE_WORK)
    access(http, Action.VIEW, resident, Purpose.SUBJECT_REQUEST)


def test_erasure_deletes_where_no_retention_applies(officer, http):
    # a case on consent only, no outcome yet: no statutory retention (retention.services.erasure_blocker)
    sr, resident, case = _linked(officer, http, RequestKind.ERASURE, statutory_basis="")
    result = services.erase(http, sr)
    assert result.erased == [case.reference] and result.resident_erased
    assert not type(case).objects.filter(pk=case.pk).exists()


def test_erasure_refuses_with_the_reason_under_statutory_retention(officer, http):
    sr, resident, case = _linked(officer, http, RequestKind.ERASURE)  # a statutory task, still being handled
    result = services.erase(http, sr)
    assert len(result.refused) == 1 and result.refused[0][0] == case.reference
    assert "wettelijke taak" in result.refused[0][1] and not result.resident_erased
    assert type(case).objects.filter(pk=case.pk).exists()
    assert case.reference in sr.events.filter(kind="wissing").get().detail
    assert "wettelijke taak" in letters_text(sr)


def letters_text(sr) -> str:
    from privacyregie.rights.letters import letter_context

    return " ".join(e.detail for e in letter_context(sr)["erasure_events"])


def test_restriction_is_recorded_on_the_resident(officer, http):
    sr, resident, _case = _linked(officer, http, RequestKind.RESTRICTION)
    restriction = services.restrict(http, sr, reason="Juistheid betwist (art. 18 lid 1a).")
    assert restriction.active and restriction.resident == resident
    services.lift_restriction(officer, restriction)
    assert not Restriction.objects.get(pk=restriction.pk).active


def test_answering_stops_the_clock_once(officer):
    sr = _request(officer, kind=RequestKind.OBJECTION)
    services.answer_request(sr, officer, outcome=Outcome.REFUSED, reasoning="Dwingende gerechtvaardigde gronden.")
    sr.refresh_from_db()
    assert sr.status == RequestStatus.ANSWERED and sr.answered_at and not sr.is_open
    with pytest.raises(ValidationError):
        services.answer_request(sr, officer, outcome=Outcome.GRANTED, reasoning="nogmaals")


def test_an_open_request_is_a_legal_hold_on_the_residents_cases(officer, http):
    from privacyregie.retention.services import holds_for

    sr, resident, case = _linked(officer, http, RequestKind.ACCESS)
    assert any(sr.reference in reason for reason in holds_for(case))
    services.answer_request(sr, officer, outcome=Outcome.GRANTED, reasoning="Inzage gegeven.")
    assert services.open_requests_for_case(case) == []


def test_scorecard_figures_on_factory_data(org, officer):
    start, end = datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
    on_time = SubjectRequestFactory(organisation=org, received_at=datetime(2026, 3, 20, 10, tzinfo=UTC))
    late = SubjectRequestFactory(organisation=org, received_at=datetime(2026, 4, 2, 10, tzinfo=UTC))
    extended = SubjectRequestFactory(organisation=org, received_at=datetime(2026, 4, 3, 10, tzinfo=UTC),
                                     extended_due_on=date(2026, 7, 3))
    SubjectRequestFactory(organisation=org, received_at=datetime(2026, 5, 1, 10, tzinfo=UTC))  # still open
    SubjectRequestFactory(received_at=datetime(2026, 5, 1, 10, tzinfo=UTC))  # another organisation
    for sr, answered in ((on_time, datetime(2026, 4, 20, 12, tzinfo=UTC)), (late, datetime(2026, 5, 3, 12, tzinfo=UTC)),
                         (extended, datetime(2026, 6, 20, 12, tzinfo=UTC))):
        SubjectRequest.objects.filter(pk=sr.pk).update(status=RequestStatus.ANSWERED, answered_at=answered,
                                                       outcome=Outcome.GRANTED)
    figures = services.scorecard_figures(org, start, end)
    assert figures == {"requests_received": 3, "requests_answered": 3, "requests_answered_on_time": 2,
                       "pct_on_time": 66.7}


def test_the_scorecard_indicator_is_live(org):
    from privacyregie.compliance import scorecard

    SubjectRequestFactory(organisation=org)
    values = {v.indicator.key: v for v in scorecard.compute(org, scorecard.current_quarter())}
    assert values["requests_received"].value == 1
    assert values["requests_on_time"].reason != "" or values["requests_on_time"].value is None


def test_reminders_and_escalation_are_sent_once(org, officer, manager):
    from privacyregie.core.models import Notification

    soon = SubjectRequestFactory(organisation=org, received_at=timezone.now() - timedelta(days=27))
    late = SubjectRequestFactory(organisation=org, received_at=timezone.now() - timedelta(days=40))
    services.send_deadline_reminders()
    mine = Notification.objects.filter(recipient__organisation=org)
    assert mine.count() == 3  # officer for both, manager for the overdue one
    services.send_deadline_reminders()
    assert mine.count() == 3
    assert Notification.objects.filter(recipient=manager, subject__contains=late.reference).exists()
    assert Notification.objects.filter(recipient=officer, subject__contains=soon.reference).exists()


def test_statistics_per_quarter_and_kind(org):
    SubjectRequestFactory(organisation=org, received_at=datetime(2026, 2, 1, tzinfo=UTC), kind=RequestKind.ERASURE)
    SubjectRequestFactory(organisation=org, received_at=datetime(2026, 2, 2, tzinfo=UTC), kind=RequestKind.ERASURE)
    SubjectRequestFactory(organisation=org, received_at=datetime(2026, 5, 2, tzinfo=UTC), kind=RequestKind.ACCESS)
    stats = services.statistics(org)
    assert stats["2026-K1"][RequestKind.ERASURE]["received"] == 2
    assert stats["2026-K2"][RequestKind.ACCESS]["open"] == 1


def test_erasure_shreds_the_documents_after_commit(officer, http, django_capture_on_commit_callbacks):
    from privacyregie.core import files
    from privacyregie.dossiers.models import CaseDocument

    sr, resident, case = _linked(officer, http, RequestKind.ERASURE, statutory_basis="")
    name = files.store_encrypted(b"verslag van de inwoner")
    CaseDocument.objects.create(case=case, uploaded_by=officer, title="Verslag", file_name="v.txt",
                                content_type="text/plain", size=22, sha256="0" * 64, storage_name=name)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.erase(http, sr)
    assert result.erased == [case.reference] and result.resident_erased
    with pytest.raises(FileNotFoundError):
        files.read_encrypted(name)
    sr.refresh_from_db()
    assert sr.resident is None and sr.subject_pseudonym  # the request keeps only the pseudonym


def test_the_start_pages_deadlines_are_the_open_requests(org, officer, django_assert_num_queries):
    """``open_request_deadlines`` (prepared, few columns) lists what ``open_requests`` does, in its order."""
    received = [datetime(2026, 4, d, 10, tzinfo=UTC) for d in (3, 1, 2)]
    made = [SubjectRequestFactory(organisation=org, received_at=at) for at in received]
    SubjectRequest.objects.filter(pk=made[0].pk).update(status=RequestStatus.ANSWERED, outcome=Outcome.GRANTED)
    SubjectRequest.objects.filter(pk=made[1].pk).update(extended_due_on=date(2026, 8, 1))
    SubjectRequestFactory(received_at=datetime(2026, 4, 1, 10, tzinfo=UTC))  # another organisation
    for organisation in (org, org.pk):
        brief = services.open_request_deadlines(organisation)
        with django_assert_num_queries(0):  # what the panel shows is loaded
            shown = [(r.pk, r.reference, r.get_kind_display(), r.deadline) for r in brief]
        assert shown == [(r.pk, r.reference, r.get_kind_display(), r.deadline) for r in services.open_requests(org)]
    assert made[0].pk not in [r.pk for r in brief]
