"""Incident attachments are offered with a Content-Disposition built by Django's helper."""

from django.urls import reverse
from django.utils.http import content_disposition_header

from privacyregie.core.files import store_encrypted
from privacyregie.incidents.models import Attachment
from privacyregie.incidents.tests.factories import BreachFactory


def test_attachment_name_with_quotes_and_overrides_gives_a_valid_header(client, login, officer):
    incident = BreachFactory(organisation=officer.organisation)
    attachment = Attachment.objects.create(incident=incident, name='foto "voor"\u202egnp.exe', content_type="image/png",
                                           size=3, sha256="0" * 64, storage_name=store_encrypted(b"png"))
    login(officer)
    response = client.get(reverse("incidents:attachment", kwargs={"uuid": incident.uuid, "attachment_uuid": attachment.uuid}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == content_disposition_header(True, 'foto "voor"gnp.exe')


def test_a_tampered_attachment_is_refused_with_a_dutch_page_and_logged(client, login, officer, caplog, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    incident = BreachFactory(organisation=officer.organisation)
    name = store_encrypted(b"\x89PNG\r\n\x1a\n geheime foto")
    path = tmp_path / name[:2] / name
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    attachment = Attachment.objects.create(incident=incident, name="foto.png", content_type="image/png",
                                           size=20, sha256="0" * 64, storage_name=name)
    login(officer)
    with caplog.at_level("ERROR", logger="privacyregie.files"):
        response = client.get(reverse("incidents:attachment",
                                      kwargs={"uuid": incident.uuid, "attachment_uuid": attachment.uuid}))
    assert response.status_code == 500
    assert "beschadigd of gewijzigd" in response.content.decode() and b"geheime foto" not in response.content
    assert name in caplog.text
