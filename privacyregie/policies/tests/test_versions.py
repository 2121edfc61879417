"""Versions, adoption and reviews: history is kept, and each kind of bad input is refused with a clear
Dutch message while nothing changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from privacyregie.core.files import read_encrypted
from privacyregie.policies import cycles, services
from privacyregie.policies.models import AdoptingBody, Body, Kind, PolicyVersion, Review, VersionStatus

from .conftest import pdf

D = datetime.date


def _snapshot(document):
    document.refresh_from_db()
    return (list(document.versions.values_list("number", "status", "adopted_on", "decision_reference")),
            document.next_review_date, document.withdrawn_on, document.reviews.count())


def test_a_new_adopted_version_supersedes_the_old_one_which_stays_readable(adopted, owner):
    first = adopted.versions.get()
    second = services.add_version(adopted, owner, pdf(title="Versie 2"), "AVG-bijwerking.", adopted_by=Body.BOARD,
                                  adopted_on=D(2026, 6, 1), decision_reference="B-2")
    first.refresh_from_db()
    assert (first.status, first.ended_on) == (VersionStatus.SUPERSEDED, D(2026, 6, 1))
    assert second.status == VersionStatus.IN_FORCE and services.in_force(adopted) == second
    assert read_encrypted(first.storage_name).startswith(b"%PDF-")
    assert b"Versie 2" in read_encrypted(second.storage_name)
    assert first.history.count() >= 2  # the change of status is in its history
    adopted.refresh_from_db()
    assert adopted.next_review_date == D(2028, 6, 1)


def test_a_draft_is_not_in_force_until_adopted(adopted, owner):
    draft = services.add_version(adopted, owner, pdf(), "Concept herziening.")
    assert draft.status == VersionStatus.DRAFT and services.under_review(adopted)
    services.adopt_version(draft, Body.BOARD, D(2026, 5, 1), "B-9", next_review_date=D(2027, 5, 1))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_FORCE
    assert adopted.versions.get(number=1).status == VersionStatus.SUPERSEDED


def test_a_review_date_before_the_adoption_date_is_refused(adopted, owner):
    before = _snapshot(adopted)
    with pytest.raises(ValidationError, match="ligt vóór de datum van vaststelling"):
        services.add_version(adopted, owner, pdf(), "Nieuw.", adopted_by=Body.BOARD, adopted_on=D(2026, 6, 1),
                             decision_reference="B-2", next_review_date=D(2026, 5, 31))
    with pytest.raises(ValidationError, match="ligt vóór de datum van vaststelling"):
        services.record_review(adopted, owner, "actueel", D(2024, 2, 1), "College")
    assert _snapshot(adopted) == before


def test_a_body_that_may_not_adopt_this_kind_is_refused_also_as_configured(org, adopted, owner, make_document):
    before = _snapshot(adopted)
    with pytest.raises(ValidationError, match="Directie mag een document van de soort 'Privacybeleid' niet"):
        services.add_version(adopted, owner, pdf(), "Nieuw.", adopted_by=Body.MANAGEMENT, adopted_on=D(2026, 6, 1),
                             decision_reference="D-1")
    assert _snapshot(adopted) == before
    services.set_adopting_bodies(org, Kind.PRIVACY_POLICY, [Body.COUNCIL])
    assert AdoptingBody.objects.filter(organisation=org).count() == 1
    with pytest.raises(ValidationError, match="Toegestaan: Gemeenteraad"):
        services.add_version(adopted, owner, pdf(), "Nieuw.", adopted_by=Body.BOARD, adopted_on=D(2026, 6, 1),
                             decision_reference="B-2")
    assert _snapshot(adopted) == before
    regulation = make_document("Reglement", kind=Kind.SOCIAL_DOMAIN_REGULATION, body=Body.COUNCIL)
    with pytest.raises(ValidationError, match="College van B&W mag"):
        services.save_document(org, regulation, adopting_body=Body.BOARD)


@pytest.mark.parametrize(("name", "content"), [
    ("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
    ("tabel.xlsx", b"PK\x03\x04" + b"0" * 20),
    ("nep.pdf", b"MZ this is a program"),
])
def test_a_file_that_is_not_a_document_is_refused(adopted, owner, name, content):
    before = _snapshot(adopted)
    with pytest.raises(ValidationError) as info:
        services.add_version(adopted, owner, SimpleUploadedFile(name, content), "Nieuw.")
    assert "niet toegestaan" in str(info.value) or "past niet bij de extensie" in str(info.value)
    assert _snapshot(adopted) == before
    assert PolicyVersion.objects.filter(document=adopted).count() == 1


def test_a_second_version_on_the_same_decision_is_refused(adopted, owner):
    with pytest.raises(ValidationError, match="Met besluit B-1 is al versie 1 van dit document vastgesteld"):
        services.add_version(adopted, owner, pdf(), "Nog een.", adopted_by=Body.BOARD, adopted_on=D(2026, 6, 1),
                             decision_reference="B-1")
    draft = services.add_version(adopted, owner, pdf(), "Concept.")
    with pytest.raises(ValidationError, match="Eén besluit stelt één versie vast"):
        services.adopt_version(draft, Body.BOARD, D(2026, 6, 1), "B-1")
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT and adopted.versions.get(number=1).status == VersionStatus.IN_FORCE


def test_withdrawing_the_only_version_in_force_needs_a_confirmation(adopted, owner, make_document):
    before = _snapshot(adopted)
    with pytest.raises(services.ConfirmationRequired, match="zonder opvolger"):
        services.record_review(adopted, owner, "ingetrokken", D(2026, 6, 1), "College")
    assert _snapshot(adopted) == before
    services.record_review(adopted, owner, "ingetrokken", D(2026, 6, 1), "College", confirm=True)
    adopted.refresh_from_db()
    assert adopted.withdrawn_on == D(2026, 6, 1) and services.state(adopted) == cycles.WITHDRAWN
    assert adopted.versions.get().status == VersionStatus.WITHDRAWN


def test_withdrawing_with_a_successor_needs_no_confirmation(adopted, owner, make_document):
    successor = make_document("Privacybeleid 2026", adopted_on=D(2026, 5, 1), reference="B-7")
    services.record_review(adopted, owner, "ingetrokken", D(2026, 6, 1), "College", successor=successor)
    adopted.refresh_from_db()
    assert adopted.successor == successor


def test_still_current_moves_the_next_review_and_records_who_decided(adopted, owner):
    assert services.state(adopted, D(2026, 6, 1)) == cycles.OVERDUE
    review = services.record_review(adopted, owner, "actueel", D(2026, 6, 1), "College van B&W", "Getoetst.")
    adopted.refresh_from_db()
    assert adopted.next_review_date == D(2028, 6, 1) and adopted.last_reviewed_on == D(2026, 6, 1)
    assert (review.decided_by, review.recorded_by) == ("College van B&W", owner)
    assert services.state(adopted, D(2026, 6, 2)) == cycles.CURRENT


def test_revised_registers_a_new_adopted_version(adopted, owner):
    review = services.record_review(adopted, owner, "herzien", D(2026, 6, 1), "College", "Herzien voor de AVG.",
                                    upload=pdf(), adopted_by=Body.BOARD, decision_reference="B-2")
    assert review.new_version.number == 2 and review.new_version.status == VersionStatus.IN_FORCE
    assert Review.objects.filter(document=adopted).count() == 1


def test_a_revision_without_a_file_changes_nothing(adopted, owner):
    before = _snapshot(adopted)
    with pytest.raises(ValidationError, match="voeg het bestand toe"):
        services.record_review(adopted, owner, "herzien", D(2026, 6, 1), "College")
    assert _snapshot(adopted) == before
