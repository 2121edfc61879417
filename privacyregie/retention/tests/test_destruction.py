"""Destruction deletes, shreds and certifies; it needs two approvals by two other people; it refuses under a
legal hold and a second time; the processing log still verifies afterwards (issue 13 §7)."""

import pytest
from django.core.exceptions import ValidationError

from privacyregie.core import files
from privacyregie.core.roles import Role
from privacyregie.core.tests.pdfcheck import assert_accessible_pdf
from privacyregie.dossiers.models import Case, CaseDocument, CaseNote, Consent, Resident
from privacyregie.kernel import chain
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.services import pseudonymise_bsn
from privacyregie.retention import destruction
from privacyregie.retention.certificate import certificate_pdf
from privacyregie.retention.models import (
    DestructionCertificate,
    DestructionEvent,
    LegalHold,
    ProposalStatus,
)

from . import destruction_world
from .destruction_world import FakeRequest

dworld = destruction_world.dworld  # the fixture



def _approved(w):
    proposal = destruction.draw_up(FakeRequest(w.manager))
    destruction.approve(FakeRequest(w.officer), proposal)
    destruction.approve(FakeRequest(w.both), proposal)
    proposal.refresh_from_db()
    return proposal


def test_the_list_holds_what_has_passed_its_term(dworld):
    w = dworld
    due = destruction.due_for_destruction(w.org)
    assert [case for case, _ in due] == [w.case]
    proposal = destruction.draw_up(FakeRequest(w.manager))
    item = proposal.items.get()
    assert item.case_reference == w.case.reference and not item.excluded_reason
    assert item.subject_pseudonyms == [pseudonymise_bsn(w.case.residents.get().bsn)]
    assert destruction.due_for_destruction(w.org) == []  # already on an open proposal
    with pytest.raises(ValidationError, match="geen zaak"):
        destruction.draw_up(FakeRequest(w.officer))


def test_a_held_case_is_excluded_with_its_reason(dworld):
    w = dworld
    LegalHold.objects.create(organisation=w.org, case=w.case, reason="klacht bij de Nationale ombudsman",
                             placed_by=w.officer)
    item = destruction.draw_up(FakeRequest(w.manager)).items.get()
    assert "Nationale ombudsman" in item.excluded_reason


def test_approving_ones_own_proposal_is_refused_and_logged(dworld):
    w = dworld
    proposal = destruction.draw_up(FakeRequest(w.officer))
    with pytest.raises(ValidationError, match="zelf opgesteld"):
        destruction.approve(FakeRequest(w.officer), proposal)
    assert proposal.approvals.count() == 0
    assert proposal.events.filter(kind=DestructionEvent.Kind.REFUSED, actor=w.officer).exists()


def test_one_person_cannot_approve_in_both_capacities(dworld):
    w = dworld
    proposal = destruction.draw_up(FakeRequest(w.manager))
    destruction.approve(FakeRequest(w.both), proposal, capacity="privacy_officer")
    with pytest.raises(ValidationError, match="al goedgekeurd"):
        destruction.approve(FakeRequest(w.both), proposal, capacity="archivaris")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT and proposal.approvals.count() == 1


def test_two_privacy_officers_are_not_enough(dworld):
    w = dworld
    proposal = destruction.draw_up(FakeRequest(w.manager))
    destruction.approve(FakeRequest(w.officer), proposal)
    with pytest.raises(ValidationError, match="al gegeven"):
        destruction.approve(FakeRequest(w.officer2), proposal, capacity="privacy_officer")
    with pytest.raises(ValidationError):
        destruction.approve(FakeRequest(w.officer2), proposal)  # holds no archivist capacity
    with pytest.raises(ValidationError, match="nog niet"):
        destruction.execute(FakeRequest(w.manager), proposal)
    assert Case.objects.filter(pk=w.case.pk).exists()


def test_execution_deletes_shreds_and_certifies(dworld, django_capture_on_commit_callbacks):
    w = dworld
    case, resident = w.case, w.case.residents.get()
    document = case.documents.get()
    consent = case.consents.get()
    pseudonym = pseudonymise_bsn(resident.bsn)
    assert files.master_key_ids(files._path(document.storage_name))[0].startswith("s.")  # bound when stored
    proposal = _approved(w)
    backup = files._path(document.storage_name).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = destruction.execute(FakeRequest(w.manager), proposal)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseNote.objects.filter(case_id=case.pk).exists()
    assert not CaseDocument.objects.filter(pk=document.pk).exists()
    assert not Consent.objects.filter(pk=consent.pk).exists()
    assert not Resident.objects.filter(pk=resident.pk).exists()
    assert Case.objects.filter(pk=w.young.pk).exists()  # still within its term
    for name in (document.storage_name, consent.document_storage):
        assert not files._path(name).exists()
    # a backup copy of the document is unreadable now: its shred key is destroyed
    files._path(document.storage_name).write_bytes(backup)
    with pytest.raises(files.MasterKeyMissing):
        files.read_encrypted(document.storage_name)
    summary = certificate.summary
    assert summary["items"][0]["case_reference"] == case.reference
    assert summary["items"][0]["subject_pseudonyms"] == [pseudonym]
    assert summary["items"][0]["term"] == "1 jaar"
    assert summary["items"][0]["counts"]["documents"] == 1
    assert {a["capacity"] for a in summary["approvals"]} == {"privacy officer / FG", "informatiemanager of archivaris"}
    assert resident.bsn not in str(summary) and resident.last_name not in str(summary)
    assert_accessible_pdf(certificate_pdf(certificate), "Verklaring van vernietiging")
    # the destruction itself is logged, with the pseudonym only
    entry = ProcessingLogEntry.objects.get(target_type="retention.destructionitem", action="delete")
    assert entry.subject_pseudonym == pseudonym


def test_the_log_keeps_pseudonyms_and_verifies_after_destruction(dworld, req_log):
    w = dworld
    resident = w.case.residents.get()
    proposal = _approved(w)
    before = ProcessingLogEntry.objects.filter(subject_pseudonym=req_log).count()
    assert before
    destruction.execute(FakeRequest(w.manager), proposal)
    entries = ProcessingLogEntry.objects.filter(subject_pseudonym=req_log)
    assert entries.count() == before + 1  # nothing deleted; the destruction added its own entry
    for entry in entries:
        assert resident.bsn not in entry.target_label and resident.last_name not in entry.target_label
    assert chain.verify().ok


@pytest.fixture
def req_log(dworld):
    """A consultation of the expired case's document logged through the kernel; returns the pseudonym."""
    from privacyregie.dossiers import services as dossiers

    w = dworld
    dossiers.read_document(FakeRequest(w.worker), w.case.documents.get())
    return pseudonymise_bsn(w.case.residents.get().bsn)


def test_a_hold_placed_after_approval_blocks_execution(dworld):
    w = dworld
    proposal = _approved(w)
    LegalHold.objects.create(organisation=w.org, resident=w.case.residents.get(), reason="beroep bij de rechtbank",
                             placed_by=w.officer)
    with pytest.raises(ValidationError, match="bewaarplicht"):
        destruction.execute(FakeRequest(w.manager), proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert Case.objects.filter(pk=w.case.pk).exists() and w.case.documents.exists()
    assert not DestructionCertificate.objects.filter(proposal=proposal).exists()
    assert proposal.events.filter(kind=DestructionEvent.Kind.REFUSED, detail__contains="rechtbank").exists()


def test_destroying_twice_is_refused(dworld):
    w = dworld
    proposal = _approved(w)
    destruction.execute(FakeRequest(w.manager), proposal)
    with pytest.raises(ValidationError, match="al uitgevoerd"):
        destruction.execute(FakeRequest(w.officer), proposal)
    assert DestructionCertificate.objects.filter(proposal=proposal).count() == 1


def test_a_failure_during_execution_changes_nothing(dworld, monkeypatch):
    w = dworld
    proposal = _approved(w)

    def broken(*args, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr("privacyregie.retention.certificate.render", broken)
    with pytest.raises(RuntimeError):
        destruction.execute(FakeRequest(w.manager), proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert Case.objects.filter(pk=w.case.pk).exists()
    document = w.case.documents.get()
    assert files.read_encrypted(document.storage_name).startswith(b"%PDF")


def test_a_restricted_case_is_held(dworld, monkeypatch):
    """A restriction (AVG art. 18) means 'store, do not erase': the case stays off the destruction."""
    w = dworld
    case_id = w.case.pk
    monkeypatch.setattr("privacyregie.kernel.policy._RESTRICTION_CHECKS",
                        [lambda target: "bezwaar in behandeling" if getattr(target, "pk", None) == case_id else None])
    item = destruction.draw_up(FakeRequest(w.manager)).items.get()
    assert "AVG art. 18" in item.excluded_reason and "bezwaar in behandeling" in item.excluded_reason


def test_an_open_request_from_a_provider_holds_the_case(dworld, monkeypatch):
    """Open residents' requests come through ``register_hold_provider`` (the rights part registers one)."""
    from privacyregie.retention import services

    w = dworld
    monkeypatch.setattr(services, "_HOLD_PROVIDERS", [
        lambda case: ["open inzageverzoek V-2026-0003"] if case.pk == w.case.pk else []])
    item = destruction.draw_up(FakeRequest(w.manager)).items.get()
    assert item.excluded_reason == "open inzageverzoek V-2026-0003"


def test_the_daily_job_lists_what_has_passed_its_term(dworld):
    from privacyregie.retention.jobs import list_expired_cases

    w = dworld
    assert list_expired_cases()[w.org.pk] == 1
    destruction.draw_up(FakeRequest(w.manager))
    assert w.org.pk not in list_expired_cases()


def test_a_rejected_list_cannot_be_approved_or_executed_and_frees_its_cases(dworld, caplog):
    w = dworld
    proposal = destruction.draw_up(FakeRequest(w.manager))
    destruction.approve(FakeRequest(w.officer), proposal)
    with pytest.raises(ValidationError, match="reden"):  # a reason is required: nothing changed, logged
        destruction.reject(FakeRequest(w.both), proposal, "  ")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.events.filter(kind=DestructionEvent.Kind.REFUSED, actor=w.both).exists()
    destruction.reject(FakeRequest(w.both), proposal, "zaak is nog niet afgesloten in het zaaksysteem")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.events.get(kind=DestructionEvent.Kind.REJECTED).detail.startswith("zaak is nog niet")
    assert [case for case, _ in destruction.due_for_destruction(w.org)] == [w.case]  # free for a new list
    for attempt, message in ((lambda: destruction.approve(FakeRequest(w.both), proposal), "afgewezen"),
                             (lambda: destruction.execute(FakeRequest(w.manager), proposal), "afgewezen"),
                             (lambda: destruction.reject(FakeRequest(w.officer), proposal, "nogmaals"), "afgewezen")):
        with pytest.raises(ValidationError, match=message):
            attempt()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.approvals.count() == 1
    assert Case.objects.filter(pk=w.case.pk).exists()
    assert proposal.events.filter(kind=DestructionEvent.Kind.REFUSED).count() == 4
    assert "destruction refused" in caplog.text
    assert destruction.draw_up(FakeRequest(w.manager)).items.get().case_id == w.case.pk


def test_only_an_approver_rejects_and_never_an_executed_list(dworld):
    from django.core.exceptions import PermissionDenied

    w = dworld
    executed = _approved(w)
    with pytest.raises(PermissionDenied):
        destruction.reject(FakeRequest(w.worker), executed, "weg ermee")
    destruction.execute(FakeRequest(w.manager), executed)
    with pytest.raises(ValidationError, match="uitgevoerd"):
        destruction.reject(FakeRequest(w.officer), executed, "te laat")
    executed.refresh_from_db()
    assert executed.status == ProposalStatus.EXECUTED


def test_the_daily_job_notifies_the_approvers_once_a_day(dworld):
    from datetime import date

    from privacyregie.core.models import Notification
    from privacyregie.core.tests.factories import UserFactory
    from privacyregie.retention.jobs import list_expired_cases

    w = dworld
    outsider = UserFactory(roles=[Role.PRIVACY_OFFICER])  # another organisation: nothing is due there
    list_expired_cases()
    list_expired_cases()  # a second run the same day sends nothing twice
    notified = Notification.objects.filter(url__contains="/vernietiging/")
    assert sorted(n.recipient_id for n in notified) == sorted(u.pk for u in (w.officer, w.officer2, w.manager, w.both))
    assert not notified.filter(recipient__in=[w.worker, outsider]).exists()
    assert "1 zaak/zaken" in notified.first().subject
    assert len(destruction.notify_due(w.org, 1, today=date(2099, 1, 2))) == 4  # the next day: once again
    Notification.objects.all().delete()
    destruction.draw_up(FakeRequest(w.manager))
    list_expired_cases()  # everything due is on an open list: no notification
    assert not Notification.objects.exists()


def test_a_failed_shred_is_recorded_and_retried_until_it_succeeds(dworld, django_capture_on_commit_callbacks,
                                                                    monkeypatch, caplog):
    from privacyregie.core.jobs import run_job
    from privacyregie.core.models import PendingShred

    w = dworld
    document = w.case.documents.get()
    proposal = _approved(w)
    real_shred, failed = files.shred, []

    def fails_once(name):
        if name == document.storage_name and not failed:
            failed.append(name)
            raise OSError("schijf tijdelijk niet beschikbaar")
        return real_shred(name)

    monkeypatch.setattr(files, "shred", fails_once)
    with django_capture_on_commit_callbacks(execute=True):
        destruction.execute(FakeRequest(w.manager), proposal)
    pending = PendingShred.objects.get()  # everything else succeeded
    assert (pending.kind, pending.target, pending.attempts) == ("bestand", document.storage_name, 1)
    assert "niet beschikbaar" in pending.last_error and "shredding" in caplog.text
    assert files._path(document.storage_name).exists()
    assert run_job("retry_pending_shreds") == 1
    assert not PendingShred.objects.exists() and not files._path(document.storage_name).exists()
    assert run_job("retry_pending_shreds") == 0  # nothing left: idempotent


def test_awaiting_approval_is_what_the_orm_finds(dworld):
    """``awaiting_approval_of`` (the start page, a prepared query) lists what the ORM's query does: not one's
    own list, not a list one approved, only capacities still open."""
    from privacyregie.retention.models import DestructionProposal

    w = dworld

    def orm(user):
        capacities = destruction.capacities_of(user)
        proposals = (DestructionProposal.objects.filter(organisation_id=user.organisation_id, status=ProposalStatus.DRAFT)
                     .exclude(created_by=user).exclude(approvals__user=user).prefetch_related("approvals"))
        return [p for p in proposals if set(capacities) - {a.capacity for a in p.approvals.all()}]

    proposal = destruction.draw_up(FakeRequest(w.manager))
    for user in (w.manager, w.officer, w.both):
        assert destruction.awaiting_approval_of(user) == orm(user)
    assert destruction.awaiting_approval_of(w.manager) == []  # drew it up
    assert destruction.awaiting_approval_of(w.officer) == [proposal]
    destruction.approve(FakeRequest(w.officer), proposal)
    for user in (w.manager, w.officer, w.both):
        assert destruction.awaiting_approval_of(user) == orm(user)
    assert destruction.awaiting_approval_of(w.officer) == []  # approved it
