"""Following an anonymous report: same answer for unknown and wrong, rate-limited, nothing stored about the visitor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.incidents.models import FollowUpFailure
from privacyregie.incidents.reporting import FOLLOW_UP_MAX_FAILURES, follow_up, report_incident

NOT_KNOWN = "Deze combinatie van ontvangstnummer en volgcode is niet bekend."
LOCKED = "Te veel mislukte pogingen"


@pytest.fixture
def receipt(org):
    return report_incident(org, type="bijna_incident", title="Bijna mis", description="Op tijd gezien.",
                           discovered_at=timezone.now() - timedelta(hours=1), visibility="anoniem")


def _post(client, number, code):
    return client.post(reverse("incidents:follow_up"), {"receipt_number": number, "code": code}).content.decode()


def test_right_code_shows_the_status(client, login, worker, receipt):
    login(worker)
    body = _post(client, receipt.receipt_number, receipt.follow_up_code.lower())
    assert "Gemeld, wacht op beoordeling" in body and "Bijna mis" in body


def test_wrong_code_and_unknown_receipt_get_the_same_answer(client, login, worker, receipt):
    login(worker)
    wrong = _post(client, receipt.receipt_number, "AAAA-BBBB-CCCC-DDDD")
    unknown = _post(client, "M26-ZZZZZZ", receipt.follow_up_code)
    assert NOT_KNOWN in wrong and NOT_KNOWN in unknown
    assert "Bijna mis" not in wrong and "Bijna mis" not in unknown


def test_wrong_codes_are_rate_limited_even_for_the_right_code_afterwards(client, login, worker, receipt):
    login(worker)
    for _i in range(FOLLOW_UP_MAX_FAILURES):
        assert NOT_KNOWN in _post(client, receipt.receipt_number, "AAAA-BBBB-CCCC-DDDD")
    locked = _post(client, receipt.receipt_number, receipt.follow_up_code)
    assert LOCKED in locked and "Bijna mis" not in locked


def test_unknown_receipts_are_rate_limited_the_same_way(org):
    for _i in range(FOLLOW_UP_MAX_FAILURES):
        assert follow_up(org, "M26-ONBEKE", "x") is None
    with pytest.raises(PermissionError):
        follow_up(org, "M26-ONBEKE", "x")


def test_lock_expires_after_the_window(org, receipt):
    for _i in range(FOLLOW_UP_MAX_FAILURES):
        follow_up(org, receipt.receipt_number, "fout")
    FollowUpFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert follow_up(org, receipt.receipt_number, receipt.follow_up_code) == receipt.incident


def test_failures_store_no_receipt_number_in_clear(org, receipt):
    follow_up(org, receipt.receipt_number, "fout")
    failure = FollowUpFailure.objects.get()
    assert receipt.receipt_number not in failure.key_hash
    assert [f.name for f in FollowUpFailure._meta.concrete_fields] == ["id", "key_hash", "at"]


def test_another_organisation_cannot_follow(receipt, worker):
    from privacyregie.core.tests.factories import OrganisationFactory

    assert follow_up(OrganisationFactory(), receipt.receipt_number, receipt.follow_up_code) is None


def test_old_failures_are_purged_by_the_job(org, receipt):
    from privacyregie.incidents.services import purge_follow_up_failures

    follow_up(org, receipt.receipt_number, "fout")
    assert purge_follow_up_failures() == 0
    FollowUpFailure.objects.update(at=timezone.now() - timedelta(hours=1))
    assert purge_follow_up_failures() == 1
