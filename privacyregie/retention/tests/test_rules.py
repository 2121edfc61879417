"""Rules per register version, carried over to new versions; a case's outcome resolves its result."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.services import AccessDenied
from privacyregie.register.services import save_activity, version_data
from privacyregie.retention import services
from privacyregie.retention.models import CaseRetention

from .conftest import FakeRequest


def test_a_new_register_version_keeps_the_rules(world):
    data = version_data(world.version) | {"purposes": "Jeugdhulp bieden"}
    new = save_activity(world.org, data, activity=world.version.activity, note="doel aangevuld")
    assert new.number == 2
    assert {o: r.result.full_number for o, r in services.rules_for(new).items()} == {
        "verstrekt": "8.1.2", "geweigerd": "8.2", "ingetrokken": "8.4.1"}
    services.set_rules(new, {"geweigerd": None})
    assert "geweigerd" in services.rules_for(world.version)  # the old version is never changed


def test_withdrawn_result_cannot_be_chosen(world, result):
    with pytest.raises(ValidationError, match="vervallen"):
        services.set_rules(world.version, {"verstrekt": result("7.1.20")})
    assert services.rules_for(world.version)["verstrekt"].result.full_number == "8.1.2"


def test_outcome_resolves_the_result_of_the_version_in_force(world):
    record = services.record_case_outcome(FakeRequest(world.worker), world.case, "verstrekt",
                                          datetime.date(2025, 6, 30))
    assert record.result.full_number == "8.1.2" and record.recorded_by == world.worker
    info = services.retention_of(world.case)
    assert info.term_ends_on == datetime.date(2045, 6, 30) and info.term_in_words == "20 jaar"
    entry = ProcessingLogEntry.objects.filter(actor_username=world.worker.username).latest("id")
    assert entry.action == "update" and entry.outcome == "allowed"
    again = services.record_case_outcome(FakeRequest(world.worker), world.case, "ingetrokken",
                                         datetime.date(2025, 7, 1))
    assert again.pk == record.pk and again.result.full_number == "8.4.1"


def test_outcome_without_a_rule_is_recorded_without_result(world):
    record = services.record_case_outcome(FakeRequest(world.worker), world.case, "anders", datetime.date(2025, 1, 1))
    assert record.result is None
    assert "nog niet vastgesteld" in services.erasure_blocker(world.case, datetime.date(2090, 1, 1))


def test_only_who_may_change_the_case_records_its_outcome(world):
    with pytest.raises(AccessDenied):
        services.record_case_outcome(FakeRequest(world.stranger), world.case, "verstrekt", datetime.date(2025, 1, 1))
    assert not CaseRetention.objects.filter(case=world.case).exists()


@pytest.mark.parametrize(("outcome", "starts", "field"), [
    ("gewonnen", datetime.date(2025, 1, 1), "outcome"),
    ("verstrekt", datetime.date(2023, 1, 1), "term_starts_on"),
    ("verstrekt", None, "term_starts_on"),
])
def test_bad_outcome_input_changes_nothing(world, outcome, starts, field):
    with pytest.raises(ValidationError) as error:
        services.record_case_outcome(FakeRequest(world.worker), world.case, outcome, starts)
    assert field in error.value.message_dict
    assert not CaseRetention.objects.filter(case=world.case).exists()
