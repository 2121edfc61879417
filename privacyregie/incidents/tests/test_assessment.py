"""The guided risk assessment proposes a risk with reasons; the decision is kept, also 'no notification'."""

import pytest
from django.core.exceptions import ValidationError

from privacyregie.incidents.assessment import propose
from privacyregie.incidents.handling import assess
from privacyregie.incidents.models import BreachAssessment

from .factories import BreachFactory

Risk = BreachAssessment.Risk


def test_health_data_of_children_is_high_risk_with_both_duties():
    p = propose(["vertrouwelijkheid"], ["naw", "gezondheid"], 3, unintelligible=False, vulnerable=True)
    assert (p.risk, p.notify_ap, p.inform_residents) == (Risk.HIGH, True, True)
    assert "Gezondheid" in p.reasoning


def test_encrypted_lost_laptop_is_no_risk():
    p = propose(["diefstal"], ["naw", "gezondheid", "bsn"], 500, unintelligible=True)
    assert (p.risk, p.notify_ap, p.inform_residents) == (Risk.NONE, False, False)
    assert "versleuteld" in p.reasoning


def test_bsn_of_a_large_group_is_a_risk_to_notify():
    p = propose(["vertrouwelijkheid"], ["bsn"], 150, unintelligible=False)
    assert p.risk == Risk.HIGH or (p.risk == Risk.RISK and p.notify_ap)


def test_names_only_to_one_person_is_a_risk_but_no_letter():
    p = propose(["vertrouwelijkheid"], ["naw"], 1, unintelligible=False)
    assert (p.risk, p.notify_ap, p.inform_residents) == (Risk.RISK, True, False)


def test_no_categories_proposes_no_risk_and_says_why():
    p = propose([], [], None, unintelligible=False)
    assert p.risk == Risk.NONE and p.reasons


def test_decision_not_to_notify_is_kept_with_its_reasoning(officer):
    incident = BreachFactory(organisation=officer.organisation)
    a = assess(incident, officer, natures=["diefstal"], data_categories=["naw"], records_count=10, affected_min=1,
               affected_max=10, protection="versleuteld", protection_details="BitLocker, sleutel niet gelekt.",
               vulnerable_groups=False, consequences="", decided_risk=Risk.NONE,
               decision_reasoning="Versleuteld; geen risico.")
    a.refresh_from_db()
    assert (a.decided_risk, a.notify_ap, a.decision_reasoning) == (Risk.NONE, False, "Versleuteld; geen risico.")
    assert a.unintelligible and a.protection_details == "BitLocker, sleutel niet gelekt."
    assert a.proposed_reasoning and not incident.clock_running


def test_decision_without_reasoning_is_refused(officer):
    incident = BreachFactory(organisation=officer.organisation)
    with pytest.raises(ValidationError) as exc:
        assess(incident, officer, natures=[], data_categories=["naw"], records_count=None, affected_min=None,
               affected_max=None, vulnerable_groups=False, consequences="",
               decided_risk=Risk.RISK, decision_reasoning=" ")
    assert "Motiveer" in str(exc.value)
    assert not BreachAssessment.objects.filter(incident=incident).exclude(decided_risk="").exists()


@pytest.mark.parametrize(("counts", "field", "message"), [
    ({"records_count": -1}, "records_count", "negatief"),
    ({"affected_min": -5}, "affected_min", "negatief"),
    ({"affected_max": 10**9}, "affected_max", "onwaarschijnlijk"),
    ({"affected_min": 50, "affected_max": 10}, "affected_max", "kleiner dan het minimum"),
])
def test_absurd_counts_are_refused(officer, counts, field, message):
    incident = BreachFactory(organisation=officer.organisation)
    data = {"records_count": None, "affected_min": None, "affected_max": None, **counts}
    with pytest.raises(ValidationError) as exc:
        assess(incident, officer, natures=[], data_categories=["naw"], vulnerable_groups=False,
               consequences="", decided_risk="", decision_reasoning="", **data)
    assert message in " ".join(exc.value.message_dict[field])
