"""The sharing decision (issue 12 §2, R4, R11): every combination of agreement x legal basis x consent x
deviation, against an oracle written plainly from the rules (docs/adr/0025-sharing-decision.md)."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from privacyregie.dossiers import services
from privacyregie.dossiers.models import Consent
from privacyregie.kernel.models import Deviation, Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import LegalBasisKind
from privacyregie.kernel.services import AccessDenied
from privacyregie.register.models import Agreement, ChainPartner, ProcessingActivity

from .factories import CaseFactory

AGREEMENTS = ["none", "draft", "signed_valid", "expired_yesterday", "not_covering_activity", "not_covering_category"]
BASES = ["statutory_task", "none"]
CONSENTS = ["none", "valid_naming_partner", "valid_other_partner", "withdrawn_a_second_ago", "not_yet_valid",
            "category_not_covered"]
DEVIATIONS = ["none", "too_short", "given"]
SHARED = ["identificerend", "contact"]
MOTIVATION = {"none": "", "too_short": "Spoed.", "given": "Acuut veiligheidsrisico; ouders en huisarts overlegd."}


def oracle(agreement, basis, consent, deviation):
    """(allowed, legal basis, words the message must contain) straight from the rules."""
    if agreement == "none":
        return False, None, "geen convenant of verwerkersovereenkomst"
    if agreement == "draft":
        return False, None, "alleen een concept-overeenkomst"
    if agreement == "expired_yesterday":
        yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d-%m-%Y")
        return False, None, f"is op {yesterday} verlopen"
    if agreement == "not_covering_activity":
        return False, None, "dekt de verwerkingsactiviteit"
    if agreement == "not_covering_category":
        return False, None, "dekt deze gegevens niet: contactgegevens"
    if basis == "statutory_task":
        return True, LegalBasisKind.STATUTORY_TASK, "toegestaan"
    if consent == "valid_naming_partner":
        return True, LegalBasisKind.CONSENT, "toegestaan"
    if deviation == "given":
        return True, LegalBasisKind.DEVIATION, "toegestaan"
    why = {
        "none": "geen wettelijke taak en geen toestemming",
        "valid_other_partner": "noemt Huisartsenpraktijk De Brink niet",
        "withdrawn_a_second_ago": "is ingetrokken op",
        "not_yet_valid": "geldt pas vanaf",
        "category_not_covered": "geldt niet voor: contactgegevens",
    }[consent]
    return False, None, why


def _world(world, agreement, basis, consent):
    org, today = world.org, timezone.localdate()
    case = CaseFactory(organisation=org, team=world.youth_team, members=[world.worker],
                       processing_activity="Jeugdhulp toewijzen",
                       statutory_basis="Jeugdwet art. 2.3" if basis == "statutory_task" else "")
    activity = ProcessingActivity.objects.create(organisation=org, name="Jeugdhulp toewijzen")
    other_activity = ProcessingActivity.objects.create(organisation=org, name="Schuldhulpverlening")
    partner = ChainPartner.objects.create(organisation=org, name="Huisartsenpraktijk De Brink", kind="huisarts",
                                          role="verantwoordelijke")
    other = ChainPartner.objects.create(organisation=org, name="Jeugdzorg Gooi", kind="zorgaanbieder",
                                        role="verantwoordelijke")
    if agreement != "none":
        values = {"status": "getekend", "starts_on": today - timedelta(days=400), "ends_on": today + timedelta(days=30),
                  "data_categories": SHARED}
        if agreement == "draft":
            values["status"] = "concept"
        if agreement == "expired_yesterday":
            values["ends_on"] = today - timedelta(days=1)
        if agreement == "not_covering_category":
            values["data_categories"] = ["identificerend"]
        made = Agreement.objects.create(organisation=org, partner=partner, kind="convenant", title="Convenant huisarts",
                                        **values)
        made.activities.add(other_activity if agreement == "not_covering_activity" else activity)
    if consent != "none":
        given = today - timedelta(days=10)
        made = Consent.objects.create(
            organisation=org, resident=case.residents.get(), case=case, form=Consent.Form.ORAL,
            scope="Delen met de huisarts", conversation="Huisbezoek", given_on=given,
            valid_from=today + timedelta(days=1) if consent == "not_yet_valid" else given,
            data_categories=["identificerend"] if consent == "category_not_covered" else SHARED,
            recorded_by=world.worker)
        made.partners.add(other if consent == "valid_other_partner" else partner)
        if consent == "withdrawn_a_second_ago":
            made.withdrawn_at, made.withdrawal_form = timezone.now() - timedelta(seconds=1), Consent.Form.ORAL
            made.save()
    return case, partner


@pytest.mark.parametrize(("agreement", "basis", "consent", "deviation"),
                         list(itertools.product(AGREEMENTS, BASES, CONSENTS, DEVIATIONS)))
def test_every_combination(world, as_user, agreement, basis, consent, deviation):
    case, partner = _world(world, agreement, basis, consent)
    allowed, legal_basis, words = oracle(agreement, basis, consent, deviation)
    request = as_user(world.worker)
    if allowed:
        decision = services.authorise_share(request, case, partner=partner, data_categories=SHARED,
                                            deviation_motivation=MOTIVATION[deviation])
        assert decision.allowed and decision.legal_basis == legal_basis
        assert words in decision.reason and partner.name in decision.reason
        assert decision.partner_id == partner.pk and decision.data_categories == tuple(SHARED)
        assert (decision.consent_id is not None) == (legal_basis == LegalBasisKind.CONSENT)
    else:
        with pytest.raises(AccessDenied) as refused:
            services.authorise_share(request, case, partner=partner, data_categories=SHARED,
                                     deviation_motivation=MOTIVATION[deviation])
        assert words in str(refused.value)
    entry = ProcessingLogEntry.objects.get(target_id=str(case.uuid), action="share")
    assert entry.outcome == (Outcome.ALLOWED if allowed else Outcome.DENIED)
    assert partner.name in entry.target_label and "identificerend, contact" in entry.target_label
    assert words in entry.reason
    assert entry.legal_basis == (legal_basis if allowed else LegalBasisKind.NONE)
    deviations = Deviation.objects.filter(target_id=str(case.uuid))
    assert deviations.count() == (1 if legal_basis == LegalBasisKind.DEVIATION else 0)


def test_need_to_know_comes_first(world, as_user):
    case, partner = _world(world, "signed_valid", "statutory_task", "valid_naming_partner")
    with pytest.raises(AccessDenied) as refused:
        services.authorise_share(as_user(world.wmo_worker), case, partner=partner, data_categories=SHARED)
    assert "need-to-know" in str(refused.value)
    assert ProcessingLogEntry.objects.get(target_id=str(case.uuid), action="share").outcome == Outcome.DENIED


def test_a_deviation_does_not_override_a_missing_agreement(world, as_user):
    case, partner = _world(world, "expired_yesterday", "none", "none")
    with pytest.raises(AccessDenied):
        services.authorise_share(as_user(world.worker), case, partner=partner, data_categories=SHARED,
                                 deviation_motivation=MOTIVATION["given"])
    assert not Deviation.objects.exists()


def test_special_categories_need_an_agreement_naming_them(world, as_user):
    case, partner = _world(world, "signed_valid", "statutory_task", "none")
    with pytest.raises(AccessDenied) as refused:
        services.authorise_share(as_user(world.worker), case, partner=partner, data_categories=["gezondheid"])
    assert "gezondheid" in str(refused.value)
    Agreement.objects.filter(partner=partner).update(data_categories=[*SHARED, "gezondheid"])
    decision = services.authorise_share(as_user(world.worker), case, partner=partner, data_categories=["gezondheid"])
    assert decision.legal_basis == LegalBasisKind.STATUTORY_TASK


def test_bad_input_changes_nothing(world, as_user):
    from django.core.exceptions import ValidationError

    case, partner = _world(world, "signed_valid", "statutory_task", "none")
    foreign = ChainPartner.objects.create(organisation=world.outsider.organisation, name="Elders", kind="huisarts",
                                          role="verantwoordelijke")
    for kwargs in ({"partner": partner, "data_categories": []}, {"partner": partner, "data_categories": ["onzin"]},
                   {"partner": foreign, "data_categories": SHARED}):
        with pytest.raises(ValidationError):
            services.authorise_share(as_user(world.worker), case, **kwargs)
    assert not ProcessingLogEntry.objects.filter(target_id=str(case.uuid), action="share").exists()


def test_share_basis_still_valid_ends_with_withdrawal_and_expiry(world, as_user):
    case, partner = _world(world, "signed_valid", "none", "valid_naming_partner")
    decision = services.authorise_share(as_user(world.worker), case, partner=partner, data_categories=SHARED)
    consent = Consent.objects.get(pk=decision.consent_id)
    assert services.share_basis_still_valid(case, partner, SHARED, decision.consent_id)
    assert services.share_basis_still_valid(case, partner, SHARED, str(consent.uuid))
    assert not services.share_basis_still_valid(case, partner, [*SHARED, "gezondheid"], decision.consent_id)
    services.withdraw_consent(as_user(world.worker), consent, how=Consent.Form.WRITTEN)
    assert not services.share_basis_still_valid(case, partner, SHARED, decision.consent_id)
    assert services.share_basis_still_valid(case, partner, SHARED, None)  # e.g. a share on statutory task
    Agreement.objects.filter(partner=partner).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert not services.share_basis_still_valid(case, partner, SHARED, None)
