"""The API: the list and its results in words, rules per activity (register permissions), a case's outcome
through the kernel."""

from django.urls import reverse

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.retention import services
from privacyregie.retention.models import CaseRetention


def test_results_with_terms_in_words(client, login, world):
    login(world.officer)
    data = client.get(reverse("api:selection-result-list"), {"process_type": 8, "social_domain": "true"}).json()
    by_number = {r["full_number"]: r for r in data["results"]}
    assert by_number["8.1.2"]["term_in_words"] == "20 jaar na afsluiting"
    assert by_number["8.1.2"]["retention_term"] == "P20Y"  # machine-readable as in the source
    assert "8.1.4" not in by_number
    assert client.get(reverse("api:selection-result-list"), {"process_type": "acht"}).status_code == 400
    lists = client.get(reverse("api:selection-list-list")).json()["results"]
    assert [row["year"] for row in lists] == [2020]


def test_rules_read_and_replace(client, login, world):
    login(world.officer)
    url = reverse("api:retention-rule-detail", kwargs={"pk": world.version.activity.pk})
    data = client.get(url).json()
    assert {r["outcome"]: r["result"] for r in data["rules"]} == {
        "verstrekt": "8.1.2", "geweigerd": "8.2", "ingetrokken": "8.4.1"}
    response = client.put(url, {"rules": [{"outcome": "verstrekt", "result": "8.1.1"}], "start_event": "beschikking"},
                          content_type="application/json")
    assert response.status_code == 200
    assert [(r["outcome"], r["in_words"]) for r in response.json()["rules"]] == [
        ("verstrekt", "8.1.1 Verstrekt (WMO voorziening) — 15 jaar na afsluiting")]
    for bad in ({"rules": [{"outcome": "verstrekt", "result": "99.9"}]},
                {"rules": [{"outcome": "verstrekt", "result": "7.1.20"}]},
                {"rules": [{"outcome": "verstrekt", "result": "8.1.1"}, {"outcome": "verstrekt", "result": "8.2"}]},
                {"rules": [{"outcome": "gewonnen", "result": "8.1.1"}]}):
        assert client.put(url, bad, content_type="application/json").status_code == 400
    assert list(services.rules_for(world.version)) == ["verstrekt"]


def test_readers_cannot_write_rules_and_other_organisations_do_not_exist(client, login, world):
    login(UserFactory(organisation=world.org, roles=[Role.COUNCIL]))
    url = reverse("api:retention-rule-detail", kwargs={"pk": world.version.activity.pk})
    assert client.get(url).status_code == 200
    assert client.put(url, {"rules": []}, content_type="application/json").status_code == 403
    login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    assert client.get(url).status_code == 404


def test_case_outcome_through_the_kernel(client, login, world):
    url = reverse("api:case-retention-detail", kwargs={"uuid": world.case.uuid})
    login(world.stranger)
    assert client.put(url, {"outcome": "verstrekt", "term_starts_on": "2025-06-30"},
                      content_type="application/json").status_code == 403
    assert not CaseRetention.objects.filter(case=world.case).exists()
    login(world.worker)
    assert client.get(url).json()["outcome"] == ""
    response = client.put(url, {"outcome": "verstrekt", "term_starts_on": "2025-06-30"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["result"]["full_number"] == "8.1.2" and response.json()["term_ends_on"] == "2045-06-30"
    bad = client.put(url, {"outcome": "verstrekt", "term_starts_on": "2020-01-01"}, content_type="application/json")
    assert bad.status_code == 400
