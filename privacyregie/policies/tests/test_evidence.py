"""Live evidence: an assessment shows the linked documents' state and proposes a status that the assessor
confirms or changes."""

import datetime

import pytest
from django.urls import reverse

from privacyregie.compliance import assessments
from privacyregie.compliance.models import Framework, RequirementAssessment
from privacyregie.policies import services

from .conftest import pdf

RK_URN = "urn:privacyregie:risk:framework:rekenkamer-privacy-sociaal-domein"


@pytest.fixture
def norm_1():
    return Framework.objects.get(organisation=None, urn=RK_URN).requirements.get(ref_id="1")


@pytest.fixture
def assessment(org):
    framework = Framework.objects.get(organisation=None, urn=RK_URN)
    return assessments.create_assessment(org, framework, "Stoplicht", "2026")


def _item(assessment, requirement):
    return RequirementAssessment.objects.get(assessment=assessment, requirement=requirement)


def test_the_proposal_follows_the_state_of_the_linked_documents(org, adopted, make_document, norm_1, owner):
    services.link_norm(adopted, norm_1)
    evidence = services.live_evidence(org, [norm_1.pk])[norm_1.pk]
    # adopted on 1 March 2024 with a two-year cycle: overdue since 1 March 2026
    assert evidence.proposed_status == "partially_compliant"
    services.record_review(adopted, owner, "actueel", datetime.date(2026, 6, 1), "College")
    assert services.live_evidence(org, [norm_1.pk])[norm_1.pk].proposed_status == "compliant"
    services.link_norm(make_document("Uitgangspunten"), norm_1)  # a draft that was never adopted
    assert services.live_evidence(org, [norm_1.pk])[norm_1.pk].proposed_status == "partially_compliant"


def test_only_never_adopted_documents_propose_not_compliant(org, make_document, norm_1, owner):
    draft = make_document("Uitgangspunten")
    services.add_version(draft, owner, pdf(), "Concept.")
    services.link_norm(draft, norm_1)
    assert services.live_evidence(org, [norm_1.pk])[norm_1.pk].proposed_status == "non_compliant"


def test_an_assessment_shows_the_live_evidence_and_the_proposal(client, login, officer, adopted, norm_1, assessment):
    services.link_norm(adopted, norm_1)
    login(officer)
    body = client.get(reverse("compliance:assessment_detail", kwargs={"pk": assessment.pk})).content.decode()
    assert "Privacybeleid</a>: herbeoordeling te laat" in body
    assert "Voorstel:</strong> voldoet gedeeltelijk" in body


def test_the_assessor_confirms_the_proposed_status_or_changes_it(client, login, officer, adopted, norm_1,
                                                                  assessment, owner):
    services.record_review(adopted, owner, "actueel", datetime.date(2026, 6, 1), "College")
    services.link_norm(adopted, norm_1)
    item = _item(assessment, norm_1)
    login(officer)
    url = reverse("compliance:item_edit", kwargs={"pk": item.pk})
    body = client.get(url).content.decode()
    assert "Voorgestelde status" in body and '<option value="compliant" selected>' in body
    item.refresh_from_db()
    assert item.status == "not_assessed"  # a proposal, not a decision
    client.post(url, {"status": "compliant", "finding": "", "state_of_affairs": "Privacybeleid actueel.", "owner": "",
                      "due_date": "", "links": "", "live_indicator": ""})
    item.refresh_from_db()
    assert item.status == "compliant"
    # once assessed the proposal no longer overrides the assessor's choice
    client.post(url, {"status": "partially_compliant", "finding": "", "state_of_affairs": "", "owner": "",
                      "due_date": "", "links": "", "live_indicator": ""})
    item.refresh_from_db()
    assert item.status == "partially_compliant"
    assert '<option value="partially_compliant" selected>' in client.get(url).content.decode()


def test_without_links_nothing_is_proposed(client, login, officer, norm_1, assessment):
    login(officer)
    body = client.get(reverse("compliance:item_edit", kwargs={"pk": _item(assessment, norm_1).pk})).content.decode()
    assert "Voorgestelde status" not in body
