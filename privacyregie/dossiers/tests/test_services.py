"""Bad input changes nothing; legal basis and sharing; the authorisation review; scorecard figures."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from privacyregie.dossiers import services
from privacyregie.dossiers.demo import demo_bsn
from privacyregie.dossiers.models import (
    AuthorisationReview,
    Case,
    CaseDocument,
    CaseMembership,
    Consent,
    Resident,
    ReviewItem,
)
from privacyregie.kernel.models import Deviation
from privacyregie.kernel.policy import LegalBasisKind
from privacyregie.kernel.services import AccessDenied, log_entries_for_subject

from .factories import CaseFactory, covered_partner

RESIDENT = {"bsn": demo_bsn(900), "first_name": "Eva", "last_name": "Smit"}


def _create(world, as_user, **overrides):
    kwargs = {"team": world.youth_team, "title": "Nieuwe casus", "domain": "jeugd",
              "processing_activity": "Jeugdhulp toewijzen", "statutory_basis": "Jeugdwet art. 2.3",
              "residents": [RESIDENT]} | overrides
    return services.create_case(as_user(world.worker), **kwargs)


def test_create_case_makes_the_creator_lead_member_and_logs(world, as_user):
    case = _create(world, as_user)
    assert case.memberships.get().role == CaseMembership.Role.LEAD
    assert log_entries_for_subject(world.org, RESIDENT["bsn"]).filter(action="create").exists()


def test_case_without_team_is_refused_and_nothing_is_written(world, as_user):
    with pytest.raises(ValidationError) as error:
        _create(world, as_user, team=None)
    assert "team" in error.value.message_dict
    assert not Case.objects.filter(organisation=world.org).exists()
    assert not Resident.objects.filter(organisation=world.org).exists()


def test_invalid_bsn_rolls_back_the_whole_case(world, as_user):
    with pytest.raises(ValidationError):
        _create(world, as_user, residents=[RESIDENT | {"bsn": "123456789"}])
    assert not Case.objects.filter(organisation=world.org).exists()
    assert not CaseMembership.objects.filter(user=world.worker).exists()


def test_member_of_another_organisation_cannot_be_assigned(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    with pytest.raises(ValidationError) as error:
        services.assign_member(as_user(world.lead), case, world.outsider)
    assert "eigen organisatie" in str(error.value)
    assert case.memberships.count() == 1


def test_team_lead_assigns_a_team_member(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[])
    services.assign_member(as_user(world.lead), case, world.colleague)
    assert case in Case.objects.visible_to(world.colleague)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "niet toegestaan"),
    ("nep.pdf", b"geen pdf", "past niet"),
])
def test_document_of_a_wrong_type_is_refused(world, as_user, name, content, message):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    with pytest.raises(ValidationError) as error:
        services.add_document(as_user(world.worker), case, "x", SimpleUploadedFile(name, content))
    assert message in str(error.value)
    assert not CaseDocument.objects.filter(case=case).exists()


def test_document_over_the_size_limit_is_refused(world, as_user, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    with pytest.raises(ValidationError) as error:
        services.add_document(as_user(world.worker), case, "x", SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 1024 * 1024))
    assert "te groot" in str(error.value)
    assert not CaseDocument.objects.filter(case=case).exists()


def test_document_is_stored_encrypted_and_read_through_the_kernel(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    document = services.add_document(as_user(world.worker), case, "Plan", SimpleUploadedFile("p.pdf", b"%PDF-1.4 geheim"))
    stored = next(tmp_path.rglob(document.storage_name)).read_bytes()
    assert b"geheim" not in stored
    assert services.read_document(as_user(world.worker), document) == b"%PDF-1.4 geheim"
    with pytest.raises(AccessDenied):
        services.read_document(as_user(world.wmo_worker), document)


def test_sharing_on_a_statutory_task_is_allowed(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    partner = covered_partner(world.org)
    decision = services.share_case(as_user(world.worker), case, partner=partner, data_categories=["contact"])
    assert decision.legal_basis == LegalBasisKind.STATUTORY_TASK
    assert case.notes.filter(text__contains=partner.name).exists()


def test_sharing_on_a_valid_consent_is_allowed_and_stops_when_withdrawn(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker], statutory_basis="")
    partner = covered_partner(world.org)
    resident = case.residents.get()
    consent = services.record_consent(as_user(world.worker), case, resident=resident, form=Consent.Form.ORAL,
                                      scope="Delen met de huisarts", partners=[partner], data_categories=["contact"],
                                      conversation="Huisbezoek", given_on=timezone.localdate() - timedelta(days=1))
    decision = services.share_case(as_user(world.worker), case, partner=partner, data_categories=["contact"])
    assert decision.legal_basis == LegalBasisKind.CONSENT and decision.consent_id == consent.pk
    services.withdraw_consent(as_user(world.worker), consent, how=Consent.Form.WRITTEN)
    with pytest.raises(AccessDenied) as error:
        services.share_case(as_user(world.worker), case, partner=partner, data_categories=["contact"])
    assert "ingetrokken" in str(error.value) and "gemotiveerde afwijking" in str(error.value)


def test_sharing_without_basis_needs_a_motivated_deviation(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker], statutory_basis="")
    partner = covered_partner(world.org)
    decision = services.share_case(as_user(world.worker), case, partner=partner, data_categories=["contact"],
                                   deviation_motivation="Acuut veiligheidsrisico voor het kind; overleg met de huisarts.")
    assert decision.legal_basis == LegalBasisKind.DEVIATION
    deviation = Deviation.objects.get(target_id=str(case.uuid))
    assert partner.name in deviation.target_label and "contact" in deviation.target_label


def test_authorisation_review_round(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker, world.colleague])
    review = services.start_authorisation_review(world.admin)
    with pytest.raises(ValidationError):
        services.start_authorisation_review(world.admin)
    items = list(services.items_for_lead(world.lead, review))
    assert {(i.user, i.kind) for i in items} == {(world.worker, "team"), (world.colleague, "team"),
                                                  (world.worker, "casus"), (world.colleague, "casus")}
    for item in items:
        decision = ReviewItem.Decision.REVOKED if (item.user, item.kind) == (world.colleague, "casus") else \
            ReviewItem.Decision.CONFIRMED
        services.decide_review_item(as_user(world.lead), item, decision)
    assert case not in Case.objects.visible_to(world.colleague)
    services.close_authorisation_review(world.admin, review)
    review.refresh_from_db()
    assert review.closed_at and "1 ingetrokken" in review.outcome
    figures = services.scorecard_figures(world.org, timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1))
    assert figures["authorisation_review_completed"] is True


def test_team_lead_cannot_decide_for_another_team(world, as_user):
    CaseFactory(organisation=world.org, team=world.wmo_team, members=[world.wmo_worker])
    review = services.start_authorisation_review(world.admin)
    item = review.items.filter(team=world.wmo_team).first()
    with pytest.raises(ValidationError):
        services.decide_review_item(as_user(world.lead), item, ReviewItem.Decision.REVOKED)
    assert not AuthorisationReview.objects.filter(organisation=world.org, closed_at__isnull=False).exists()
    item.refresh_from_db()
    assert item.decision == ReviewItem.Decision.OPEN


def test_scorecard_counts_break_glass_reviews(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    grant = services.start_break_glass(as_user(world.wmo_worker), case, "Acute zorgen gemeld door de politie vannacht.")
    services.review_break_glass(world.officer, grant, "onterecht", "Geen spoed.")
    figures = services.scorecard_figures(world.org, timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1))
    assert figures["break_glass_total"] == 1 and figures["break_glass_improper"] == 1
    assert figures["authorisation_review_completed"] is None


def test_consent_for_another_purpose_is_no_basis_for_sharing(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker], statutory_basis="")
    partner = covered_partner(world.org)
    services.record_consent(as_user(world.worker), case, resident=case.residents.get(), form=Consent.Form.ORAL,
                            scope="Hulpvraag bespreken", partners=[partner], data_categories=["contact"],
                            purpose="casusbehandeling", conversation="Intake", given_on=timezone.localdate())
    with pytest.raises(AccessDenied):
        services.share_case(as_user(world.worker), case, partner=partner, data_categories=["contact"])


def test_refused_upload_leaves_no_document_and_no_file(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    with pytest.raises(AccessDenied):
        services.add_document(as_user(world.wmo_worker), case, "x", SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    assert not CaseDocument.objects.filter(case=case).exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_team_workload_counts_open_cases_per_member(world):
    CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker], status=Case.Status.CLOSED)
    CaseFactory(organisation=world.org, team=world.wmo_team, members=[world.wmo_worker])
    workload = {u: u.open_cases for u in services.team_workload(world.lead)}
    assert workload == {world.worker: 1, world.colleague: 0}
