"""The requests API: a supplier asks (session), refusals are 400 with a Dutch message and still logged after
the API's transaction rolled back; owner and CISO decide through the API."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from privacyregie.core.models import SecurityEvent
from privacyregie.core.tests.utils import login_verified
from privacyregie.suppliers.models import AccessRequest, Status

from .factories import world

pytestmark = pytest.mark.django_db
URL = "/api/v1/inbeltoegang/aanvragen"


def _client(user):
    client = APIClient()
    login_verified(client, user)
    return client


def _body(start, hours=2):
    return {"system": "regiesysteem", "purpose": "Update", "reference": "CHG-9",
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=hours)).isoformat()}


def test_ask_and_decide_with_four_eyes_through_the_api():
    w = world(high=True)
    start = timezone.now() + timedelta(hours=1)
    created = _client(w.supplier).post(URL, _body(start), format="json", secure=True)
    assert created.status_code == 201, created.content
    uuid = created.json()["id"]
    assert created.json()["phase"] == "wacht"
    owner = _client(w.owner)
    assert [r["id"] for r in owner.get(f"{URL}/te-beoordelen", secure=True).json()["results"]] == [uuid]
    assert owner.post(f"{URL}/{uuid}/besluit", {"approve": True}, format="json", secure=True).json()["status"] == \
        Status.REQUESTED
    decided = _client(w.ciso).post(f"{URL}/{uuid}/besluit", {"approve": True}, format="json", secure=True)
    assert decided.json()["status"] == Status.APPROVED and decided.json()["phase"] == "gepland"


def test_a_refused_request_is_400_and_its_refusal_stays_logged():
    w = world()
    start = timezone.now() + timedelta(hours=1)
    response = _client(w.supplier).post(URL, _body(start, hours=-1), format="json", secure=True)
    assert response.status_code == 400
    assert "eindigt voordat het begint" in response.content.decode()
    assert not AccessRequest.objects.filter(organisation=w.org).exists()
    assert SecurityEvent.objects.filter(user=w.supplier, detail__startswith="geweigerd: aanvraag").exists()
