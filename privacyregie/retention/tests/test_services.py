"""erasure_blocker and expired_cases: what rights and destruction rely on."""

import datetime

from privacyregie.dossiers.tests.factories import CaseFactory
from privacyregie.retention import services
from privacyregie.retention.models import CaseOutcome, CaseRetention


def _record(case, result, starts_on, outcome=CaseOutcome.GRANTED):
    return CaseRetention.objects.create(case=case, outcome=outcome, term_starts_on=starts_on, result=result)


def test_running_term_blocks_erasure_in_words(result, today):
    case = CaseFactory()
    _record(case, result("8.1.2"), datetime.date(2020, 3, 1))
    reason = services.erasure_blocker(case, today)
    assert "8.1.2 Verstrekt" in reason and "20 jaar na afsluiting" in reason and "1 maart 2040" in reason
    assert "P20Y" not in reason
    assert services.expired_cases(case.organisation, today) == []


def test_term_passed_allows_erasure_and_lists_the_case(result):
    case = CaseFactory()
    _record(case, result("8.4.1"), datetime.date(2026, 1, 1), outcome=CaseOutcome.ABANDONED)  # 42 days
    last_day = datetime.date(2026, 2, 12)
    assert services.erasure_blocker(case, last_day) is not None  # the last day of the term still counts
    assert services.erasure_blocker(case, last_day + datetime.timedelta(days=1)) is None
    found = services.expired_cases(case.organisation, last_day + datetime.timedelta(days=1))
    assert [(c, i.full_number, i.term_ends_on) for c, i in found] == [(case, "8.4.1", last_day)]
    assert services.expired_cases(case.organisation, last_day) == []


def test_permanent_result_always_blocks_and_never_expires(selection_list, today):
    keep = selection_list.results.filter(valuation="blijvend_bewaren").first()
    case = CaseFactory()
    _record(case, keep, datetime.date(1990, 1, 1))
    assert "blijvend" in services.erasure_blocker(case, today)
    assert services.expired_cases(case.organisation, today) == []


def test_open_statutory_case_blocks_consent_case_does_not(db, today):
    statutory = CaseFactory()
    assert "wettelijke taak" in services.erasure_blocker(statutory, today)
    consent_only = CaseFactory(statutory_basis="")
    assert services.erasure_blocker(consent_only, today) is None


def test_outcome_without_result_blocks(db, today):
    case = CaseFactory()
    _record(case, None, datetime.date(2000, 1, 1))
    assert "nog niet vastgesteld" in services.erasure_blocker(case, today)
    assert services.expired_cases(case.organisation, today) == []


def test_other_organisations_cases_are_not_listed(result, today):
    mine, theirs = CaseFactory(), CaseFactory()
    _record(theirs, result("8.4.1"), datetime.date(2020, 1, 1))
    assert services.expired_cases(mine.organisation, today) == []
    assert len(services.expired_cases(theirs.organisation, today)) == 1
