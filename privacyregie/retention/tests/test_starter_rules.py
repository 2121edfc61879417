"""The starter register's results per outcome, checked against the source file of the Selectielijst."""

import json

import pytest

from privacyregie.register.starter import STARTER_ACTIVITIES
from privacyregie.retention import selectielijst
from privacyregie.retention.models import CaseOutcome
from privacyregie.retention.starter_rules import GRANTED, STARTER_RULES, apply_starter_rules

SOURCE = {row["volledigNummer"]: row for row in
          json.loads((selectielijst.DATA_DIR / "resultaten.json").read_text(encoding="utf-8"))}
TYPES = {row["url"]: row for row in
         json.loads((selectielijst.DATA_DIR / "procestypen.json").read_text(encoding="utf-8"))}
REGISTER = {spec["name"]: spec for spec in STARTER_ACTIVITIES}


def test_every_starter_activity_names_a_result_for_every_outcome():
    assert set(STARTER_RULES) == set(REGISTER)
    for outcomes in STARTER_RULES.values():
        assert set(outcomes) == set(CaseOutcome.values)


@pytest.mark.parametrize(("activity", "outcome"), [(a, o) for a, rules in STARTER_RULES.items() for o in rules])
def test_each_choice_exists_is_not_withdrawn_and_has_the_stated_term(activity, outcome):
    choice = STARTER_RULES[activity][outcome]
    row = SOURCE.get(choice.number)
    assert row is not None, f"{choice.number} is not in the Selectielijst"
    assert row["waardering"] == "vernietigen" and "Vervallen" not in row["omschrijving"]
    assert row.get("bewaartermijn") == choice.term
    assert row["sociaalDomein"] or TYPES[row["procesType"]]["nummer"] == 21 or row["generiek"]
    # the reason quotes what the source says, not just the number
    assert row["naam"].replace("Beeindigd", "Beëindigd") in choice.reason or row["naam"] in choice.reason


def test_the_register_period_is_the_granted_term_and_the_explanation_names_the_results():
    for name, rules in STARTER_RULES.items():
        assert REGISTER[name]["retention_period"] == rules[GRANTED].term
        for choice in rules.values():
            assert choice.number in REGISTER[name]["retention_explanation"]


def test_outcomes_of_youth_care_and_social_support_differ(selection_list):
    for name in ("Jeugdhulp toewijzen", "Wmo-maatwerkvoorziening"):
        terms = {STARTER_RULES[name][o].term for o in ("verstrekt", "geweigerd", "ingetrokken")}
        assert len(terms) == 3


def test_applied_to_an_organisations_starter_register(selection_list):
    from privacyregie.core.tests.factories import OrganisationFactory
    from privacyregie.register.models import ProcessingActivity
    from privacyregie.register.starter import load_starter_set
    from privacyregie.retention.rules import result_in_words
    from privacyregie.retention.services import rules_for

    org = OrganisationFactory()
    load_starter_set(org)
    assert apply_starter_rules(org) == 5
    assert apply_starter_rules(org) == 0  # rules set by hand are never overwritten
    youth = ProcessingActivity.objects.get(organisation=org, name="Jeugdhulp toewijzen").current
    assert result_in_words(rules_for(youth)["verstrekt"].result) == (
        "8.1.2 Verstrekt (Individuele jeugdhulp voorziening) — 20 jaar na afsluiting")
