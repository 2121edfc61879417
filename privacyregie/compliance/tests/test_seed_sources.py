"""The audit office's norms and the demo's findings, recommendations and responses follow the seeds.

The seeds live in the project's shared folder (``../shared/seeds/`` next to the repository); CI has
it. Each comparison is word for word after ``seeds.normalise`` (whitespace and the PDF's split words).
"""

import re

import pytest
import yaml

from privacyregie.compliance import frameworks
from privacyregie.compliance.demo import RK_URN, SOURCE
from privacyregie.compliance.models import (
    Assessment,
    ComplianceStatus,
    Framework,
    Recommendation,
    RequirementAssessment,
)

from . import seeds

RK_FILE = frameworks.SHIPPED_DIR / "rekenkamer-privacy-sociaal-domein.yaml"


def _seed(prefix):
    raw = seeds.read(prefix)
    if raw is None:
        pytest.skip(f"Seed {prefix}* staat niet in {seeds.SEED_DIR}; de vergelijking met de bron kan hier niet draaien.")
    return raw


@pytest.fixture(scope="module")
def haren_rows():
    return seeds.stoplight_rows(_seed(seeds.HAREN_2017))


@pytest.fixture(scope="module")
def memo():
    return _seed(seeds.BEL_MEMO_2017)


def _shipped_norms() -> dict[str, dict]:
    document = yaml.safe_load(RK_FILE.read_text(encoding="utf-8"))
    return {str(node["ref_id"]): node for node in document["objects"]["framework"]["requirement_nodes"]
            if node.get("assessable")}


def test_the_seed_has_thirteen_norms_and_the_framework_has_each_of_them(haren_rows):
    assert sorted(haren_rows, key=int) == sorted(_shipped_norms(), key=int)


@pytest.mark.parametrize("ref", [str(n) for n in range(1, 14)])
def test_each_shipped_norm_reads_word_for_word_as_the_seed(haren_rows, ref):
    assert seeds.normalise(_shipped_norms()[ref]["description"]) == haren_rows[ref][0]


def test_the_imported_framework_stores_the_seed_text(db, haren_rows):
    frameworks.import_shipped()
    framework = Framework.objects.get(organisation=None, urn=RK_URN)
    stored = {r.ref_id: r.description for r in framework.requirements.filter(assessable=True)}
    assert {ref: seeds.normalise(text) for ref, text in stored.items()} == {
        ref: row[0] for ref, row in haren_rows.items()}


def test_the_apps_own_grouping_is_marked_as_such():
    document = yaml.safe_load(RK_FILE.read_text(encoding="utf-8"))
    groups = [n for n in document["objects"]["framework"]["requirement_nodes"] if not n.get("assessable")]
    assert groups and all("Indeling van Privacyregie" in n.get("annotation", "") for n in groups)


def _haren_items():
    assessment = Assessment.objects.get(organisation__slug="haren", period="2017")
    return {i.requirement.ref_id: i for i in RequirementAssessment.objects.filter(
        assessment=assessment).select_related("requirement")}


def test_harens_demo_findings_are_the_seeds_findings(db, haren_rows):
    items = _haren_items()
    assert {ref: seeds.normalise(i.finding) for ref, i in items.items()} == {
        ref: row[1] for ref, row in haren_rows.items()}


def test_harens_demo_state_of_affairs_is_the_seeds_and_empty_where_the_seed_has_none(db, haren_rows):
    items = _haren_items()
    assert {ref: seeds.normalise(i.state_of_affairs) for ref, i in items.items()} == {
        ref: row[2] for ref, row in haren_rows.items()}


def test_harens_status_colours_follow_the_seeds_findings(db, haren_rows):
    """Green only where the seed answers "Ja"; red where it answers "Nee" or finds something missing."""
    for ref, item in _haren_items().items():
        finding = haren_rows[ref][1]
        if item.status == ComplianceStatus.COMPLIANT:
            assert finding.startswith("Ja"), (ref, finding)
        if finding.startswith("Nee") or re.match(r"Er (is|zijn) geen\b", finding):
            assert item.status == ComplianceStatus.NON_COMPLIANT, (ref, item.status)
        assert item.status != ComplianceStatus.NOT_ASSESSED, ref


def test_bels_assessments_do_not_reuse_harens_findings(db, haren_rows):
    haren_texts = {row[1] for row in haren_rows.values()} | {row[2] for row in haren_rows.values() if row[2]}
    bel_items = RequirementAssessment.objects.filter(assessment__organisation__slug="bel")
    assert bel_items.exists()
    for item in bel_items:
        for text in (seeds.normalise(item.finding), seeds.normalise(item.state_of_affairs)):
            assert not text or all(text not in h and h not in text for h in haren_texts), item.requirement.ref_id


def test_bels_2017_assessment_quotes_the_memo_or_leaves_the_norm_unassessed(db, memo):
    memo_text = seeds.normalise(memo)
    items = RequirementAssessment.objects.filter(assessment__organisation__slug="bel", assessment__period="2017")
    assessed = [i for i in items if i.status != ComplianceStatus.NOT_ASSESSED]
    assert assessed
    for item in items:
        if item.status == ComplianceStatus.NOT_ASSESSED:
            assert not item.finding and not item.state_of_affairs
        else:
            assert seeds.normalise(item.finding) in memo_text
            assert seeds.normalise(item.state_of_affairs) in memo_text


def _recommendations():
    return {r.number: r for r in Recommendation.objects.filter(organisation__slug="bel", source=SOURCE)}


def test_recommendations_carry_the_full_text_of_the_memo(db, memo):
    expected = seeds.memo_recommendations(memo)
    assert {n: seeds.normalise(r.text) for n, r in _recommendations().items()} == {
        n: text for n, (text, _response) in expected.items()}


@pytest.mark.parametrize("number,phrase", [
    (1, "uit 2015"), (1, "nog steeds actueel"), (3, "met betrekking tot privacy"), (4, "in het sociaal domein"),
    (6, "Breng in kaart waar de ketenpartners knelpunten ervaren"),
])
def test_recommendation_keeps_the_phrase_the_memo_has(db, number, phrase):
    assert phrase in seeds.normalise(_recommendations()[number].text)


def test_the_boards_responses_are_the_memos_in_full(db, memo):
    expected = seeds.memo_recommendations(memo)
    assert {n: seeds.normalise(r.reasoning) for n, r in _recommendations().items()} == {
        n: response for n, (_text, response) in expected.items()}


@pytest.mark.parametrize("term", ["BIG", "Information Security Management System"])
def test_a_term_the_memo_uses_in_a_response_is_in_that_response(db, memo, term):
    expected = seeds.memo_recommendations(memo)
    numbers = [n for n, (_text, response) in expected.items() if re.search(rf"\b{term}\b", response)]
    assert numbers
    for number in numbers:
        assert re.search(rf"\b{term}\b", _recommendations()[number].reasoning)


def test_the_boards_responses_are_dated_on_the_memo(db):
    assert {r.responded_at.date().isoformat() for r in _recommendations().values()} == {"2017-02-28"}


def test_the_framework_page_shows_which_parts_are_privacyregies_own(client, login, officer, norms):
    from django.urls import reverse

    login(officer)
    page = client.get(reverse("compliance:framework_detail", kwargs={"pk": norms.pk})).content.decode()
    assert page.count("Toelichting: Indeling van Privacyregie; de bron kent geen groepen.") == 3
    assert "is er geen controlemechanisme aanwezig" in page
