"""The partner API: an application tied to a chain partner lists, fetches and answers, logged like the pages."""

import base64

import pytest
from rest_framework.test import APIClient

from privacyregie.core.models import Application
from privacyregie.exchange.models import ExchangeMessage, PartnerApplication
from privacyregie.kernel.models import ProcessingLogEntry

from .factories import ChainPartnerFactory


def _client(world, partner=None):
    app = Application(organisation=world.org, name="HIS huisarts", scopes=["exchange.partner_api"])
    token = app.issue_secret()
    app.save()
    if partner is not None:
        PartnerApplication.objects.create(application=app, partner=partner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_the_partner_application_lists_its_exchanges(share, world):
    exchange = share()
    body = _client(world, world.partner).get("/api/v1/uitwisselingen").json()
    assert [row["id"] for row in body["results"]] == [str(exchange.uuid)]


def test_another_partners_application_sees_nothing(share, world):
    exchange = share()
    client = _client(world, ChainPartnerFactory(organisation=world.org))
    assert client.get("/api/v1/uitwisselingen").json()["results"] == []
    assert client.get(f"/api/v1/uitwisselingen/{exchange.uuid}").status_code == 404


def test_an_application_without_a_partner_is_refused(share, world):
    response = _client(world).get("/api/v1/uitwisselingen")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"


def test_fetching_a_file_is_logged_with_the_application(share, world):
    exchange = share()
    file = exchange.messages.get().files.get()
    response = _client(world, world.partner).get(f"/api/v1/uitwisselingen/{exchange.uuid}/bestanden/{file.uuid}")
    assert response.status_code == 200 and b"".join(response).startswith(b"%PDF")
    assert ProcessingLogEntry.objects.filter(application="HIS huisarts", target_type="exchange.exchangefile").exists()


def test_an_answer_with_a_base64_file(share, world):
    exchange = share()
    response = _client(world, world.partner).post(
        f"/api/v1/uitwisselingen/{exchange.uuid}/antwoorden",
        {"text": "Ontvangen", "files": [{"name": "antwoord.txt", "content": base64.b64encode(b"akkoord").decode()}]},
        format="json")
    assert response.status_code == 201
    answer = exchange.messages.get(direction=ExchangeMessage.Direction.IN)
    assert answer.files.get().file_name == "antwoord.txt" and answer.application.name == "HIS huisarts"


@pytest.mark.parametrize("name", ["../x.txt", "a\x07.txt"])
def test_an_answer_with_a_bad_file_name_is_refused(share, world, name):
    exchange = share()
    response = _client(world, world.partner).post(
        f"/api/v1/uitwisselingen/{exchange.uuid}/antwoorden",
        {"files": [{"name": name, "content": base64.b64encode(b"x").decode()}]}, format="json")
    assert response.status_code == 400
    assert not exchange.messages.filter(direction=ExchangeMessage.Direction.IN).exists()


def test_after_revocation_the_api_no_longer_lists_or_serves_it(share, world):
    from privacyregie.exchange import services

    from .factories import FakeRequest

    exchange = share()
    client = _client(world, world.partner)
    services.revoke_exchange(FakeRequest(world.worker), exchange)
    assert client.get(f"/api/v1/uitwisselingen/{exchange.uuid}").status_code == 404


def test_the_command_creates_a_partner_application_that_works(share, world):
    from io import StringIO

    from django.core.management import call_command

    exchange = share()
    out = StringIO()
    call_command("create_partner_application", "HIS", organisation=world.org.slug, partner=world.partner.name,
                 stdout=out)
    token = out.getvalue().split("token (shown once): ")[1].strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/v1/uitwisselingen/{exchange.uuid}").json()["id"] == str(exchange.uuid)


def test_a_tampered_file_is_a_409_problem_and_never_served(share, world, settings):
    from pathlib import Path

    exchange = share()
    file = exchange.messages.get().files.get()
    path = Path(settings.MEDIA_ROOT) / file.storage_name[:2] / file.storage_name
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    response = _client(world, world.partner).get(f"/api/v1/uitwisselingen/{exchange.uuid}/bestanden/{file.uuid}")
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    assert b"%PDF" not in response.content
