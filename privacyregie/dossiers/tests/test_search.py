"""Resident search: only residents in the user's cases; "does not exist" and "not yours"
give exactly the same answer (no enumeration), in the pages and in the API."""

import uuid

import pytest
from django.urls import reverse

from privacyregie.dossiers.demo import demo_bsn
from privacyregie.dossiers.models import CaseResident, Resident
from privacyregie.kernel.services import log_entries_for_subject

pytestmark = pytest.mark.django_db


def _youth_resident():
    return CaseResident.objects.filter(case__reference="C-2026-0001").select_related("resident").first().resident


def _search(client, q):
    response = client.get(reverse("dossiers:search"), {"q": q})
    assert response.status_code == 200
    page = response.content.decode().replace(q, "QUERY")
    return page[page.index("<main"):page.index("</main>")]


def test_member_finds_a_resident_of_their_case_by_bsn_and_by_name(client, login):
    resident = _youth_resident()
    login("consulent.jeugd")
    assert resident.last_name in _search(client, resident.bsn)
    assert resident.bsn in _search(client, resident.last_name)


def test_a_search_hit_is_logged(client, login):
    resident = _youth_resident()
    login("consulent.jeugd")
    before = log_entries_for_subject(resident.organisation, resident.bsn).count()
    _search(client, resident.bsn)
    assert log_entries_for_subject(resident.organisation, resident.bsn).count() == before + 1


def test_not_yours_and_not_existing_look_the_same(client, login):
    resident = _youth_resident()
    unknown = demo_bsn(4242)
    assert not Resident.objects.filter(bsn=unknown).exists()
    login("consulent.wmo")
    assert _search(client, resident.bsn) == _search(client, unknown)
    assert resident.last_name not in _search(client, resident.last_name)


def test_api_gives_404_for_not_yours_and_for_not_existing(client, login):
    resident = _youth_resident()
    login("consulent.wmo")
    not_yours = client.get(reverse("api:resident-detail", kwargs={"uuid": resident.uuid}))
    missing = client.get(reverse("api:resident-detail", kwargs={"uuid": uuid.uuid4()}))
    assert not_yours.status_code == missing.status_code == 404
    assert not_yours.json()["detail"] == missing.json()["detail"]
    assert client.get(reverse("api:resident-list"), {"q": resident.bsn}).json() == []


def test_team_lead_cannot_search_residents(client, login):
    login("teamleider.jeugd")
    assert client.get(reverse("dossiers:search"), {"q": "Jansen"}).status_code == 403
