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


def test_debt_relief_case_can_share_with_the_credit_bank_on_a_deviation(client, login):
    """The demo's sharing journey has no dead end: the credit bank's agreement covers debt relief, so the
    case without a statutory basis (its consent is for case handling only) shares on a motivated deviation."""
    from django.urls import reverse

    from privacyregie.kernel.models import Deviation
    from privacyregie.register.models import ChainPartner

    case = Case.objects.get(reference="C-2026-0004")
    bank = ChainPartner.objects.get(organisation=case.organisation, name="Kredietbank Gooi")
    login("consulent.schuldhulp")
    url = reverse("dossiers:case_share", kwargs={"uuid": case.uuid})
    refused = client.post(url, {"partner": bank.pk, "data_categories": ["financieel"]})
    assert refused.status_code == 403 and "gemotiveerde afwijking" in refused.content.decode()
    assert "dekt de verwerkingsactiviteit" not in refused.content.decode()
    before = Deviation.objects.count()
    done = client.post(url, {"partner": bank.pk, "data_categories": ["financieel"],
                             "deviation_motivation": "Beslag dreigt deze week; inwoner is onbereikbaar."})
    assert done.status_code == 302
    assert Deviation.objects.count() == before + 1
    assert case.notes.filter(text__contains="Kredietbank Gooi").exists()
