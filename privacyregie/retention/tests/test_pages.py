"""The pages: the list in words, loading it, rules per activity (from the register's page), and a case's
outcome on the case page (kernel: only who may change the case)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.retention import selectielijst
from privacyregie.retention.models import CaseRetention, ProcessType, SelectionResult


def test_the_list_is_shown_in_words(client, login, world):
    login(world.officer)
    page = client.get("/bewaren/?procestype=8").content.decode()
    assert "8.1.2 Verstrekt (Individuele jeugdhulp voorziening)" in page and "20 jaar na afsluiting" in page
    assert "P20Y" not in page and "8.1.4" not in page  # school housing is not social domain
    assert "8.1.4" in client.get("/bewaren/?procestype=8&domein=alle").content.decode()


def _files(mutate=None):
    types = json.loads((selectielijst.DATA_DIR / "procestypen.json").read_text())
    results = json.loads((selectielijst.DATA_DIR / "resultaten.json").read_text())
    if mutate:
        mutate(types, results)
    return {"procestypen": SimpleUploadedFile("procestypen.json", json.dumps(types).encode()),
            "resultaten": SimpleUploadedFile("resultaten.json", json.dumps(results).encode()), "year": 2020}


def test_information_manager_loads_the_list_idempotently(client, login, selection_list):
    manager = UserFactory(roles=[Role.INFORMATION_MANAGER])
    login(manager)
    response = client.post("/bewaren/selectielijst/laden/", _files(), follow=True)
    assert "0 nieuw, 0 gewijzigd, 375 ongewijzigd" in response.content.decode()


def test_a_list_of_another_year_is_refused_and_nothing_changes(client, login, selection_list):
    login(UserFactory(roles=[Role.FUNCTIONAL_ADMIN]))
    before = (ProcessType.objects.count(), SelectionResult.objects.count())

    def other_year(types, results):
        for row in types:
            row["jaar"] = 2017

    response = client.post("/bewaren/selectielijst/laden/", _files(other_year))
    assert response.status_code == 400
    assert "Niets geladen" in response.content.decode() and "2017" in response.content.decode()
    assert (ProcessType.objects.count(), SelectionResult.objects.count()) == before


def test_rules_are_shown_on_the_register_page_and_edited_on_ours(client, login, world, result):
    login(world.officer)
    activity = world.version.activity
    from django.urls import reverse

    page = client.get(reverse("register:activity_detail", args=[activity.pk])).content.decode()
    assert "8.1.2 Verstrekt (Individuele jeugdhulp voorziening) — 20 jaar na afsluiting" in page
    assert f"/bewaren/verwerking/{activity.pk}/" in page
    url = f"/bewaren/verwerking/{activity.pk}/"
    response = client.post(url, {"result_verstrekt": result("8.1.1").pk, "result_geweigerd": result("8.2").pk,
                                 "result_ingetrokken": "", "result_anders": "", "start_event": "beschikking"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "8.1.1 Verstrekt (WMO voorziening) — 15 jaar na afsluiting" in page
    assert "Wijzigingen van de bewaarregels" in page and "Verwijderd: 8.4.1" in page  # history, with who and when
    from privacyregie.retention.models import RetentionRule

    assert RetentionRule.history.filter(activity_version=world.version, history_user=world.officer).exists()
    response = client.post(url, {"result_verstrekt": result("7.1.20").pk})
    assert response.status_code == 400  # withdrawn results are not offered


def test_readers_see_rules_but_cannot_change_them(client, login, world, result):
    reader = UserFactory(organisation=world.org, roles=[Role.COUNCIL])
    login(reader)
    url = f"/bewaren/verwerking/{world.version.activity.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Bewaarregels opslaan" not in page.content.decode()
    assert client.post(url, {"result_verstrekt": result("8.1.1").pk}).status_code == 403


def test_case_worker_records_the_outcome_on_the_case_page(client, login, world):
    login(world.worker)
    case_url = f"/dossiers/casus/{world.case.uuid}/"
    assert "Uitkomst vastleggen" in client.get(case_url).content.decode()
    response = client.post(f"/bewaren/casus/{world.case.uuid}/uitkomst/",
                           {"bewaren-outcome": "verstrekt", "bewaren-term_starts_on": "2025-06-30"}, follow=True)
    page = response.content.decode()
    assert "8.1.2 Verstrekt" in page and "30 juni 2045" in page and "P20Y" not in page
    assert CaseRetention.objects.get(case=world.case).result.full_number == "8.1.2"


def test_a_colleague_not_on_the_case_is_refused_and_it_is_logged(client, login, world):
    login(world.stranger)
    response = client.post(f"/bewaren/casus/{world.case.uuid}/uitkomst/",
                           {"bewaren-outcome": "verstrekt", "bewaren-term_starts_on": "2025-06-30"})
    assert response.status_code == 403
    assert not CaseRetention.objects.filter(case=world.case).exists()
    assert ProcessingLogEntry.objects.filter(actor_username=world.stranger.username, outcome="denied").exists()


def test_bad_date_shows_a_dutch_error(client, login, world):
    login(world.worker)
    response = client.post(f"/bewaren/casus/{world.case.uuid}/uitkomst/",
                           {"bewaren-outcome": "verstrekt", "bewaren-term_starts_on": "2020-01-01"}, follow=True)
    assert "niet ingaan vóór de casus is geopend" in response.content.decode()
    assert not CaseRetention.objects.filter(case=world.case).exists()
