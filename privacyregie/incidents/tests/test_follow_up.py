"""Following an anonymous report: same answer for unknown and wrong, rate-limited per source,
per receipt and overall before any code is hashed, nothing stored that links the visitor to a report."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.incidents import reporting
from privacyregie.incidents.models import FollowUpAttempt
from privacyregie.incidents.reporting import (
    FOLLOW_UP_MAX_FAILURES,
    FOLLOW_UP_MAX_OVERALL,
    FOLLOW_UP_MAX_SUCCESSES,
    FollowUpThrottled,
    follow_up,
    report_incident,
)

NOT_KNOWN = "Deze combinatie van ontvangstnummer en volgcode is niet bekend."
LOCKED = "Te veel pogingen"
BUSY = "Er wordt nu te vaak een melding opgevraagd"
WRONG = "AAAA-BBBB-CCCC-DDDD"


@pytest.fixture
def receipt(org):
    return report_incident(org, type="bijna_incident", title="Bijna mis", description="Op tijd gezien.",
                           discovered_at=timezone.now() - timedelta(hours=1), visibility="anoniem")


@pytest.fixture
def guesser(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER])


def _post(client, number, code):
    return client.post(reverse("incidents:follow_up"), {"receipt_number": number, "code": code})


def _age_attempts(**delta):
    FollowUpAttempt.objects.update(at=timezone.now() - timedelta(**delta))


@pytest.fixture
def hashes():
    """Counts the password hashes computed for follow-up codes."""
    with mock.patch.object(reporting, "check_password", wraps=reporting.check_password) as spy:
        yield spy


def test_right_code_shows_the_status(client, login, worker, receipt):
    login(worker)
    body = _post(client, receipt.receipt_number, receipt.follow_up_code.lower()).content.decode()
    assert "Gemeld, wacht op beoordeling" in body and "Bijna mis" in body


def test_wrong_code_and_unknown_receipt_get_the_same_answer(client, login, worker, receipt):
    login(worker)
    wrong = _post(client, receipt.receipt_number, WRONG).content.decode()
    unknown = _post(client, "M26-ZZZZZZ", receipt.follow_up_code).content.decode()
    assert NOT_KNOWN in wrong and NOT_KNOWN in unknown
    assert "Bijna mis" not in wrong and "Bijna mis" not in unknown


def test_a_source_that_keeps_guessing_is_refused(client, login, worker, receipt):
    login(worker)
    for _i in range(FOLLOW_UP_MAX_FAILURES):
        assert NOT_KNOWN in _post(client, receipt.receipt_number, WRONG).content.decode()
    response = _post(client, receipt.receipt_number, receipt.follow_up_code)
    assert response.status_code == 429
    assert LOCKED in response.content.decode() and "Bijna mis" not in response.content.decode()


def test_others_guesses_do_not_keep_the_reporter_out(client, login, org, worker, receipt):
    """Several accounts guess the reporter's code until each is refused; the reporter still gets in."""
    for _i in range(3):
        other = UserFactory(organisation=org, roles=[Role.CASE_WORKER])
        for _j in range(FOLLOW_UP_MAX_FAILURES):
            assert follow_up(org, receipt.receipt_number, WRONG, source=f"user:{other.pk}") is None
        with pytest.raises(FollowUpThrottled):
            follow_up(org, receipt.receipt_number, WRONG, source=f"user:{other.pk}")
    login(worker)
    body = _post(client, receipt.receipt_number, receipt.follow_up_code).content.decode()
    assert "Bijna mis" in body


def test_guessing_across_receipt_numbers_costs_a_bounded_number_of_hashes(org, guesser, hashes):
    refused = 0
    for i in range(100):
        try:
            follow_up(org, f"M26-{i:06d}", WRONG, source=f"user:{guesser.pk}")
        except FollowUpThrottled:
            refused += 1
    assert hashes.call_count == FOLLOW_UP_MAX_FAILURES
    assert refused == 100 - FOLLOW_UP_MAX_FAILURES


def test_many_sources_together_cost_a_bounded_number_of_hashes(org, hashes):
    refused = 0
    for i in range(FOLLOW_UP_MAX_OVERALL * 3):
        try:
            follow_up(org, f"M26-{i:06d}", WRONG, source=f"bot:{i}")
        except FollowUpThrottled as throttled:
            refused += 1
            assert throttled.retry_after <= timedelta(minutes=1)
    assert hashes.call_count == FOLLOW_UP_MAX_OVERALL
    assert refused == FOLLOW_UP_MAX_OVERALL * 2


def test_the_overall_limit_keeps_the_reporter_out_for_at_most_a_minute(client, login, org, worker, receipt):
    for i in range(FOLLOW_UP_MAX_OVERALL):
        follow_up(org, f"M26-{i:06d}", WRONG, source=f"bot:{i}")
    login(worker)
    busy = _post(client, receipt.receipt_number, receipt.follow_up_code)
    assert busy.status_code == 429 and BUSY in busy.content.decode()
    _age_attempts(seconds=61)
    assert "Bijna mis" in _post(client, receipt.receipt_number, receipt.follow_up_code).content.decode()


def test_repeating_a_right_code_is_limited_per_receipt(org, worker, receipt, hashes):
    for _i in range(FOLLOW_UP_MAX_SUCCESSES):
        assert follow_up(org, receipt.receipt_number, receipt.follow_up_code, source=f"user:{worker.pk}")
    with pytest.raises(FollowUpThrottled):
        follow_up(org, receipt.receipt_number, receipt.follow_up_code, source=f"user:{worker.pk}")
    assert hashes.call_count == FOLLOW_UP_MAX_SUCCESSES


def test_the_per_source_limit_expires_after_the_window(org, worker, receipt):
    for _i in range(FOLLOW_UP_MAX_FAILURES):
        follow_up(org, receipt.receipt_number, "fout", source=f"user:{worker.pk}")
    assert reporting.follow_up_locked(org, receipt.receipt_number, f"user:{worker.pk}")
    _age_attempts(minutes=16)
    assert follow_up(org, receipt.receipt_number, receipt.follow_up_code, source=f"user:{worker.pk}") == receipt.incident


def test_no_attempt_row_links_a_source_to_a_receipt(org, worker, receipt):
    source = f"user:{worker.pk}"
    follow_up(org, receipt.receipt_number, "fout", source=source)
    follow_up(org, receipt.receipt_number, receipt.follow_up_code, source=source)
    failed, succeeded = FollowUpAttempt.objects.get(failed=True), FollowUpAttempt.objects.get(failed=False)
    assert failed.key_hash == reporting._source_key(source) != reporting._receipt_key(org.pk, receipt.receipt_number)
    assert succeeded.key_hash == reporting._receipt_key(org.pk, receipt.receipt_number) != reporting._source_key(source)
    for row in (failed, succeeded):
        assert receipt.receipt_number not in row.key_hash and str(worker.pk) != row.key_hash
    assert [f.name for f in FollowUpAttempt._meta.concrete_fields] == ["id", "key_hash", "failed", "at"]


def test_a_check_without_a_source_is_refused(org, receipt):
    with pytest.raises(ValueError):
        follow_up(org, receipt.receipt_number, receipt.follow_up_code, source="")


def test_another_organisation_cannot_follow(receipt, worker):
    from privacyregie.core.tests.factories import OrganisationFactory

    assert follow_up(OrganisationFactory(), receipt.receipt_number, receipt.follow_up_code, source="user:1") is None


def test_old_attempts_are_purged_by_the_job(org, worker, receipt):
    from privacyregie.incidents.services import purge_follow_up_attempts

    follow_up(org, receipt.receipt_number, "fout", source=f"user:{worker.pk}")
    assert purge_follow_up_attempts() == 0
    _age_attempts(hours=1)
    assert purge_follow_up_attempts() == 1
