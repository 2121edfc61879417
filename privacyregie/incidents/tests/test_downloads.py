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
