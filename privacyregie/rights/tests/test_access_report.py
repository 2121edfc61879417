"""The access report (issue 13 §3) contains every kind of data the resident has, read through the kernel
with purpose 'verzoek van betrokkene', and leaves out the handler's own look-ups and unreviewed notes."""

import pytest
from django.utils import timezone

from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.policy import Purpose
from privacyregie.kernel.services import AccessDenied, pseudonymise_bsn
from privacyregie.rights.models import NoteReview, RequestStatus
from privacyregie.rights.report import build_access_report, record_production, report_json, report_pdf

from .report_world import FakeRequest, ReportWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = ReportWorld()
    w.consult(w.worker, w.youth_case)
    w.consult(w.worker, w.note_plain)
    w.consult(w.wmo_worker, w.resident)
    return w


def _review(world, note, verdict, text="", reason=""):
    return NoteReview.objects.create(request=world.request, note=note, verdict=verdict, redacted_text=text,
                                     redaction_reason=reason, reviewed_by=world.officer)


def _build(world):
    return build_access_report(FakeRequest(world.officer), world.resident, subject_request=world.request)


def test_the_personal_data_section_lists_the_resident_cases_and_documents(world):
    report = _build(world)
    assert report.resident.name == "Sanne Bakker" and report.resident.bsn == world.resident.bsn
    assert [c.reference for c in report.cases] == ["J-0001", "W-0001"]
    youth = report.cases[0]
    assert youth.team == "Jeugdteam Noord" and youth.processing_activity == "Jeugdhulp"
    assert [d.title for d in youth.documents] == ["Gespreksverslag"]
    assert [c.scope for c in youth.consents] == ["gegevens delen met de huisarts"]
    assert youth.consents[0].partners == ["Huisarts De Brink"]


def test_notes_appear_only_after_review_and_redaction_is_recorded(world):
    report = _build(world)
    assert all(not c.notes for c in report.cases)
    assert len(report.pending_notes) == 3 and not report.ready_to_send
    _review(world, world.note_plain, NoteReview.Verdict.INCLUDE)
    _review(world, world.note_third, NoteReview.Verdict.REDACT, "Een buurman vertelde iets.", "gegevens van een derde")
    _review(world, world.note_secret, NoteReview.Verdict.EXCLUDE, reason="bron beschermen")
    report = _build(world)
    assert report.ready_to_send
    youth, wmo = report.cases
    assert [(n.text, n.redacted) for n in youth.notes] == [("Huisbezoek gedaan.", False),
                                                         ("Een buurman vertelde iets.", True)]
    assert youth.notes[1].redaction_reason == "gegevens van een derde"
    assert "Piet" not in str(report_json(report))
    assert wmo.notes == [] and wmo.notes_withheld == 1


def test_purposes_and_legal_bases_come_from_the_register_version_in_force(world):
    from privacyregie.register.models import ProcessingActivity
    from privacyregie.register.services import save_activity

    activity = ProcessingActivity.objects.get(organisation=world.org, name="Jeugdhulp")
    save_activity(world.org, activity=activity, data={"name": "Jeugdhulp", "status": "concept", "purposes": "Hulp bij opvoeden",
                              "legal_basis": "publieke_taak", "legal_article": "Jeugdwet art. 2.3",
                              "personal_data_categories": "NAW, gezondheid"})
    purposes = {p.activity: p for p in _build(world).purposes}
    assert purposes["Jeugdhulp"].purposes == "Hulp bij opvoeden"
    assert purposes["Jeugdhulp"].legal_article == "Jeugdwet art. 2.3"
    assert "art. 6 lid 1e" in purposes["Jeugdhulp"].legal_basis
    assert purposes["Jeugdhulp"].cases == ["J-0001"]
    assert purposes["Wmo-maatwerkvoorziening"].cases == ["W-0001"]


def test_recipients_and_sources_include_the_shares_with_partners(world):
    report = _build(world)
    assert [(r.partner, r.subject, r.case) for r in report.recipients] == [("Huisarts De Brink", "Verwijzing", "J-0001")]
    assert report.recipients[0].data_categories and report.recipients[0].legal_basis
    sources = [s.source for s in report.sources]
    assert "Huisarts De Brink" in sources and len(sources) == 3


def test_retention_shows_the_selectielijst_result_and_term_in_words(world):
    from privacyregie.retention.models import CaseRetention, ProcessType, SelectionList, SelectionResult

    selection = SelectionList.objects.create(name="Selectielijst (test)", year=1999)
    process_type = ProcessType.objects.create(selection_list=selection, source_id="p", number=8, name="Jeugd")
    result = SelectionResult.objects.create(selection_list=selection, process_type=process_type, source_id="r",
                                            full_number="8.1.2", name="Verstrekt", valuation="vernietigen",
                                            retention_term="P20Y")
    CaseRetention.objects.create(case=world.youth_case, outcome="verstrekt", term_starts_on=timezone.localdate(),
                                 result=result)
    retention = {r.case: r for r in _build(world).retention}
    assert retention["J-0001"].term == "20 jaar" and retention["J-0001"].result == result.full_number
    assert "P20Y" not in str(retention)
    assert retention["W-0001"].term == "nog niet vastgesteld"


def test_rights_include_the_complaint_to_the_autoriteit_persoonsgegevens(world):
    rights = {r["key"]: r for r in _build(world).rights}
    assert {"inzage", "rectificatie", "wissing", "beperking", "bezwaar", "overdraagbaarheid", "klacht"} <= set(rights)
    assert "Autoriteit Persoonsgegevens" in rights["klacht"]["text"] and rights["klacht"]["article"] == "AVG art. 77"


def test_consultations_name_function_and_team_never_the_username_and_leave_out_the_handlers_lookups(world):
    _build(world)
    _build(world)  # the handler's own reads (twice) never count
    consultations = _build(world).consultations
    assert len(consultations) == 3
    by = {c.by for c in consultations}
    assert by == {"Consulent / medewerker (Jeugdteam Noord)", "Consulent / medewerker (Wmo-team)"}
    text = str(report_json(_build(world)))
    assert "j.jansen" not in text and "w.devries" not in text and "fg.officer" not in text


def test_every_read_for_the_report_is_logged_with_purpose_subject_request(world):
    before = ProcessingLogEntry.objects.filter(purpose=Purpose.SUBJECT_REQUEST).count()
    _build(world)
    entries = ProcessingLogEntry.objects.filter(purpose=Purpose.SUBJECT_REQUEST).order_by("id")[before:]
    assert {e.target_type for e in entries} >= {"dossiers.resident", "dossiers.case", "dossiers.casenote",
                                                "dossiers.casedocument", "dossiers.consent"}
    assert any("uitwisselingen" in e.target_label for e in entries)
    assert {e.subject_pseudonym for e in entries} >= {pseudonymise_bsn(world.resident.bsn)}
    assert all(e.actor_user_id == world.officer.pk and "[V-2026-0001]" in e.target_label for e in entries)


def test_producing_the_report_is_logged_and_recorded_on_the_request(world):
    report = _build(world)
    record_production(FakeRequest(world.officer), report, world.resident, "PDF")
    assert ProcessingLogEntry.objects.filter(action="export", target_type="dossiers.resident",
                                             purpose=Purpose.SUBJECT_REQUEST).exists()
    assert world.request.events.filter(kind="rapport").exists()


def test_without_an_open_verified_request_the_kernel_refuses(world):
    world.request.identity_checked_at = None
    world.request.save()
    with pytest.raises(AccessDenied):
        _build(world)
    world.request.identity_checked_at = timezone.now()
    world.request.status = RequestStatus.ANSWERED
    world.request.save()
    with pytest.raises(AccessDenied):
        _build(world)


def test_a_case_worker_cannot_use_the_subject_request_purpose(world):
    with pytest.raises(AccessDenied):
        build_access_report(FakeRequest(world.worker), world.resident, subject_request=world.request)


def test_the_report_reads_a_restricted_resident(world):
    from privacyregie.rights.models import Restriction

    Restriction.objects.create(organisation=world.org, resident=world.resident, reason="bezwaar loopt")
    assert len(_build(world).cases) == 2


def test_pdf_is_tagged_and_addressed_to_the_resident_by_name(world):
    from privacyregie.core.tests.pdfcheck import assert_accessible_pdf

    data = report_pdf(_build(world))
    assert_accessible_pdf(data, "Inzage in uw gegevens")


def test_json_has_every_section_and_nothing_for_the_handler(world):
    import json

    data = report_json(_build(world))
    json.dumps(data)
    assert {"resident", "cases", "purposes", "recipients", "sources", "retention", "rights", "consultations"} <= set(data)
    assert "pending_notes" not in data and "subject_request" not in data


def test_the_handlers_untagged_lookups_for_this_request_are_left_out_but_earlier_requests_stay(world):
    import datetime

    from privacyregie.kernel.policy import Action
    from privacyregie.kernel.services import access

    access(FakeRequest(world.officer), Action.VIEW, world.resident, Purpose.SUBJECT_REQUEST)  # e.g. identity check
    assert len(_build(world).consultations) == 3
    world.request.received_at = timezone.now() + datetime.timedelta(seconds=1)
    world.request.save()
    consultations = _build(world).consultations
    assert len(consultations) == 4 and consultations[-1].by == "Privacy officer / FG"
