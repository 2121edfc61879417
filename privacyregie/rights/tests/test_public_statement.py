"""Issue 13 §8 (R6): the public privacy statement per activity shows controller and contact, categories of
subjects and data, recipients, transfers outside the EEA, retention in words (from the Selectielijst rule when
there is one), every right, and how to submit a request with the one-month term."""

import pytest
from django.urls import reverse

from privacyregie.register.models import ProcessingActivity
from privacyregie.rights.sources import RIGHTS

pytestmark = pytest.mark.django_db


def _statement(client, activity):
    response = client.get(reverse("register:public_statement", args=[activity.organisation.slug, activity.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _activity():
    return ProcessingActivity.objects.get(organisation__slug="bel", name="Wmo-maatwerkvoorziening")


def test_the_statement_shows_every_item_of_r6(client):
    activity = _activity()
    version = activity.current
    content = _statement(client, activity)
    for right in RIGHTS:
        assert str(right.title) in content and right.article in content
    assert "Autoriteit Persoonsgegevens" in content
    assert "binnen een maand na ontvangst" in content
    assert "Over wie gaat het?" in content and "Gaan uw gegevens naar het buitenland?" in content
    assert "Contact" in content
    if version.controller_contact:
        assert version.controller_contact in content
    assert "Hoe lang bewaren wij ze?" in content and "P1" not in content.split("Hoe lang bewaren wij ze?")[1][:400]


def test_retention_comes_from_the_selectielijst_rule_in_words(client):
    from privacyregie.retention.models import ProcessType, RetentionRule, SelectionList, SelectionResult

    activity = _activity()
    selection = SelectionList.objects.create(name="Selectielijst (test)", year=1999)
    process_type = ProcessType.objects.create(selection_list=selection, source_id="p", number=8, name="Wmo")
    result = SelectionResult.objects.create(selection_list=selection, process_type=process_type, source_id="r",
                                            full_number="8.1.2", name="Verstrekt", valuation="vernietigen",
                                            retention_term="P20Y")
    RetentionRule.objects.filter(activity_version=activity.current).delete()
    RetentionRule.objects.create(activity_version=activity.current, outcome="verstrekt", result=result)
    content = _statement(client, activity)
    assert "20 jaar" in content and "8.1.2" in content and "P20Y" not in content
    assert "Selectielijst" in content


def test_without_a_rule_the_registers_own_period_is_shown_in_words(client):
    from privacyregie.retention.models import RetentionRule
    from privacyregie.rights.templatetags.rights_public import retention_lines

    activity = _activity()
    RetentionRule.objects.filter(activity_version=activity.current).delete()
    version = activity.current
    version.retention_period, version.retention_explanation, version.retention_start_event = "P7Y", "", "afsluiting"
    assert retention_lines(version) == [{"outcome": "", "term": "7 jaar (afsluiting)"}]


def test_the_statement_links_the_public_request_form_when_it_exists(client):
    from privacyregie.rights.templatetags.rights_public import request_form_url

    url = request_form_url(_activity().organisation)
    content = _statement(client, _activity())
    if url:
        assert f'href="{url}"' in content
    assert "Een verzoek indienen" in content
