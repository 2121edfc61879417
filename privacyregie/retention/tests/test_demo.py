"""The demo: the list from data/, rules for the demo activities, cases with outcomes, one past its term."""

from django.utils import timezone

from privacyregie.core.models import Organisation
from privacyregie.register.models import ProcessingActivity
from privacyregie.retention import demo, services
from privacyregie.retention.models import CaseRetention, RetentionRule, SelectionResult


def test_demo_loads_the_list_rules_and_cases_idempotently(db):
    demo.load()
    counts = (SelectionResult.objects.count(), RetentionRule.objects.count(), CaseRetention.objects.count())
    demo.load()
    assert (SelectionResult.objects.count(), RetentionRule.objects.count(), CaseRetention.objects.count()) == counts
    assert counts[0] == 346
    bel = Organisation.objects.get(slug="bel")
    for activity in ProcessingActivity.objects.filter(organisation=bel):
        assert set(services.rules_for(activity.current)) == {"verstrekt", "geweigerd", "ingetrokken", "anders"}
    expired = services.expired_cases(bel, timezone.localdate())
    found = {case.reference: info.full_number for case, info in expired}
    assert found["C-2025-0103"] == "8.4.1"  # the destruction demo adds its own 2014 cases
    assert "C-2025-0101" not in found and "C-2025-0102" not in found
    kept = CaseRetention.objects.get(case__reference="C-2025-0101")
    assert kept.result.full_number == "8.1.2" and services.erasure_blocker(kept.case) is not None
