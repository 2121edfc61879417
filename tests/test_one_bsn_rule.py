"""One BSN rule over every entry point (issue 10, section 6).

Every representation that ``core.bsn.normalise_bsn`` accepts finds the same resident (web
search, API search), links the same resident when a case is created (page and API), and finds
the same processing-log entries (log viewer filter, "who consulted this resident", API log
filter). Every input it refuses is refused by each of them with the rule's own Dutch message,
and changes nothing. A search term without a digit is a name, not a BSN: the refused inputs
here all carry a digit.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacyregie.core.bsn import bsn_error, normalise_bsn
from privacyregie.core.models import User
from privacyregie.core.tests.bsn_strategies import bsn_representations, refused_bsn_inputs
from privacyregie.dossiers.models import Case, CaseResident, Resident
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.services import LOOKUP_TARGET, pseudonymise_bsn

pytestmark = pytest.mark.django_db

LOG_API = "/api/v1/verwerkingslogboek"
PROPERTY = settings(max_examples=15, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _youth_team():
    return User.objects.get(username="consulent.jeugd").teams.get(name="Jeugdteam BEL")


def _youth_resident():
    return CaseResident.objects.filter(case__reference="C-2026-0001").select_related("resident").first().resident


@pytest.fixture
def clients(login):
    """The case worker (search, create) and the privacy officer (log viewer) of the same organisation."""
    worker, officer = Client(), Client()
    login("consulent.jeugd", worker)
    login("fg", officer)
    return worker, officer


def _messages(data) -> list[str]:
    """Every message string in an API error body, however it is nested."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [m for value in data.values() for m in _messages(value)]
    if isinstance(data, list):
        return [m for value in data for m in _messages(value)]
    return []


def _log_ids(resident) -> set[int]:
    """The resident's processing, without the privacy officer's own look-ups (which each query adds to)."""
    pseudonym = pseudonymise_bsn(resident.bsn)
    return set(ProcessingLogEntry.objects.filter(organisation_id=resident.organisation_id, subject_pseudonym=pseudonym)
               .exclude(target_type=LOOKUP_TARGET).values_list("pk", flat=True))


def _processing(entries) -> set[int]:
    return {e.pk for e in entries if e.target_type != LOOKUP_TARGET}


def _case_form(worker_team, bsn, title):
    return {"team": worker_team.pk, "title": title, "domain": "jeugd", "confidentiality": 5,
            "processing_activity": "Jeugdhulp toewijzen", "statutory_basis": "Jeugdwet art. 2.3",
            "bsn": bsn, "first_name": "Sem", "last_name": "Kramer"}


def _api_case(bsn, title, team):
    return {"team": team.pk, "title": title, "domain": "jeugd", "processing_activity": "Jeugdhulp",
            "residents": [{"bsn": bsn, "first_name": "Sem", "last_name": "Kramer"}]}


class Rollback(Exception):
    pass


def _in_rolled_back_transaction(check):
    """Each hypothesis example starts from the same database: run it in a savepoint, then undo it."""
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


# --- the findings of the issue, each on its own ---------------------------------------------------

def test_the_api_refuses_a_bsn_with_a_letter_instead_of_stripping_it(clients):
    worker, _officer = clients
    team = _youth_team()
    response = worker.post(reverse("api:case-list"), _api_case("111222333A", "Letter", team),
                           content_type="application/json")
    assert response.status_code == 400
    assert bsn_error("111222333A") in _messages(response.json())
    assert not Case.objects.filter(title="Letter").exists() and not Resident.objects.filter(bsn="111222333").exists()


def test_an_eight_digit_number_is_refused_by_the_lookups_like_by_the_forms(clients):
    """Before: the lookups accepted 8 digits and hashed them unpadded, so the answer was wrongly empty."""
    _worker, officer = clients
    eight = "11222335"  # 011222335 passes the 11-test
    assert normalise_bsn("011222335") == "011222335" and bsn_error(eight)
    response = officer.get(reverse("kernel:subject"), {"bsn": eight})
    assert response.context["form"].errors["bsn"] == [bsn_error(eight)]
    response = officer.get(reverse("kernel:log"), {"bsn": eight})
    assert response.context["form"].errors["bsn"] == [bsn_error(eight)]


def test_the_log_lookups_accept_the_written_form_with_dots(clients):
    """Before: the log filters allowed at most 9 characters, so "1234.56.782" could not be looked up."""
    _worker, officer = clients
    resident = _youth_resident()
    dotted = f"{resident.bsn[:4]}.{resident.bsn[4:6]}.{resident.bsn[6:]}"
    response = officer.get(reverse("kernel:subject"), {"bsn": dotted})
    assert response.context["form"].is_valid()
    assert _processing(response.context["entries"]) == _log_ids(resident) != set()


def test_the_search_says_why_a_number_is_refused(clients):
    worker, _officer = clients
    response = worker.get(reverse("dossiers:search"), {"q": "111222333A"})
    assert response.status_code == 200 and response.context["errors"] == [bsn_error("111222333A")]
    api = worker.get(reverse("api:resident-list"), {"q": "111222333A"})
    assert api.status_code == 400 and bsn_error("111222333A") in _messages(api.json())


# --- the properties over every entry point ---------------------------------------------------------

@PROPERTY
@given(data=st.data())
def test_every_accepted_representation_finds_the_same_resident_and_log_entries(clients, data):
    worker, officer = clients
    resident = _youth_resident()
    representation = data.draw(bsn_representations(resident.bsn))

    def check():
        page = worker.get(reverse("dossiers:search"), {"q": representation})
        assert [r.pk for r in page.context["results"]] == [resident.pk]
        api = worker.get(reverse("api:resident-list"), {"q": representation})
        assert [r["id"] for r in api.json()] == [str(resident.uuid)]

        log_page = officer.get(reverse("kernel:log"), {"bsn": representation, "purpose": "controle"})
        assert _processing(log_page.context["page"].object_list) == _log_ids(resident)
        subject = officer.get(reverse("kernel:subject"), {"bsn": representation})
        assert _processing(subject.context["entries"]) == _log_ids(resident)
        log_api = officer.get(LOG_API, {"bsn": representation, "purpose": "controle"})
        lookups = set(ProcessingLogEntry.objects.filter(target_type=LOOKUP_TARGET).values_list("pk", flat=True))
        assert {e["id"] for e in log_api.json()["results"]} - lookups == _log_ids(resident)
        assert len(_log_ids(resident)) < 50  # one page holds them all, so the sets are complete

    _in_rolled_back_transaction(check)


@PROPERTY
@given(data=st.data())
def test_every_accepted_representation_links_the_same_resident_when_a_case_is_created(clients, data):
    worker, _officer = clients
    resident = _youth_resident()
    team = _youth_team()
    representation = data.draw(bsn_representations(resident.bsn))

    def check():
        residents = Resident.objects.count()
        page = worker.post(reverse("dossiers:case_create"), _case_form(team, representation, "Via pagina"))
        assert page.status_code == 302
        api = worker.post(reverse("api:case-list"), _api_case(representation, "Via API", team),
                          content_type="application/json")
        assert api.status_code == 201
        assert [r["resident"]["id"] for r in api.json()["residents"]] == [str(resident.uuid)]
        for title in ("Via pagina", "Via API"):
            linked = CaseResident.objects.filter(case__title=title).values_list("resident_id", flat=True)
            assert list(linked) == [resident.pk]
        assert Resident.objects.count() == residents

    _in_rolled_back_transaction(check)


@PROPERTY
@given(value=refused_bsn_inputs())
def test_every_refused_input_is_refused_everywhere_with_the_same_message(clients, value):
    worker, officer = clients
    message = bsn_error(value)
    assert message
    team = _youth_team()

    def check():
        cases, residents, entries = Case.objects.count(), Resident.objects.count(), ProcessingLogEntry.objects.count()

        page = worker.post(reverse("dossiers:case_create"), _case_form(team, value, "Geweigerd"))
        assert page.status_code == 200 and page.context["form"].errors["bsn"] == [message]
        api = worker.post(reverse("api:case-list"), _api_case(value, "Geweigerd", team),
                          content_type="application/json")
        assert api.status_code == 400 and message in _messages(api.json())

        search = worker.get(reverse("dossiers:search"), {"q": value})
        assert search.context["errors"] == [message] and not search.context["results"]
        api_search = worker.get(reverse("api:resident-list"), {"q": value})
        assert api_search.status_code == 400 and message in _messages(api_search.json())

        for url in (reverse("kernel:log"), reverse("kernel:subject")):
            response = officer.get(url, {"bsn": value})
            assert response.context["form"].errors["bsn"] == [message]
        log_api = officer.get(LOG_API, {"bsn": value})
        assert log_api.status_code == 400 and message in _messages(log_api.json())

        with pytest.raises(ValidationError) as refused:
            pseudonymise_bsn(value)
        assert refused.value.messages == [message]
        assert (Case.objects.count(), Resident.objects.count(), ProcessingLogEntry.objects.count()) == (
            cases, residents, entries)

    _in_rolled_back_transaction(check)
