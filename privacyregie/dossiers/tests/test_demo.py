"""The demo data: idempotent, and it shows what the access matrix relies on."""

import pytest

from privacyregie.dossiers import demo
from privacyregie.dossiers.models import BreakGlassAccess, Case, CaseMembership, CaseNote, Consent, Resident, ReviewItem
from privacyregie.kernel.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db

MODELS = [Resident, Case, CaseMembership, CaseNote, Consent, BreakGlassAccess, ReviewItem, ProcessingLogEntry]


def test_loading_twice_changes_nothing():
    before = {m.__name__: m.objects.count() for m in MODELS}
    demo.load()
    assert {m.__name__: m.objects.count() for m in MODELS} == before


def test_youth_case_is_for_the_youth_worker_only():
    case = Case.objects.get(reference="C-2026-0001")
    members = set(case.memberships.values_list("user__username", flat=True))
    assert members == {"consulent.jeugd"}
    assert case.notes.exists() and case.documents.exists()


def test_one_break_glass_access_awaits_review_and_the_log_has_history():
    assert BreakGlassAccess.objects.filter(review=BreakGlassAccess.Review.PENDING).count() >= 1
    assert ProcessingLogEntry.objects.filter(origin="systeem", outcome="denied").exists()
    assert ProcessingLogEntry.objects.filter(origin="systeem", outcome="allowed").count() >= 5
