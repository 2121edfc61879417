"""The handler's access report pages: review notes (with a clear error and nothing saved on bad input),
download, and send: sending records it and answers the request, which stops the clock."""

import pytest
from django.urls import reverse

from privacyregie.rights.models import NoteReview, RequestStatus

from .report_world import ReportWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return ReportWorld()


def _url(name, world):
    return reverse(f"rights:{name}", kwargs={"uuid": world.request.uuid})


def _review(client, world, note, **data):
    prefix = f"n{note.uuid.hex}-"
    return client.post(_url("report_notes", world), {"note": str(note.uuid),
                                                     **{prefix + k: v for k, v in data.items()}})


def _review_all(client, world):
    _review(client, world, world.note_plain, verdict="opnemen")
    _review(client, world, world.note_third, verdict="opnemen_geschoond", redacted_text="Een buurman vertelde iets.",
            reason="gegevens van een derde")
    _review(client, world, world.note_secret, verdict="weglaten", reason="bron beschermen")


def test_the_preview_shows_every_section_and_the_pending_notes(client, login, world):
    login(world.officer)
    page = client.get(_url("report", world)).content.decode()
    for heading in ("Welke gegevens wij van u hebben", "Waarvoor wij uw gegevens gebruiken", "Aan wie wij",
                    "Waar uw gegevens vandaan komen", "Hoe lang wij", "Wie uw gegevens heeft bekeken", "Uw rechten"):
        assert heading in page
    assert "3 notities wachten op beoordeling" in page
    assert "Huisbezoek gedaan." not in page


def test_a_redaction_without_text_or_reason_is_refused_and_nothing_saved(client, login, world):
    login(world.officer)
    response = _review(client, world, world.note_third, verdict="opnemen_geschoond", redacted_text="", reason="")
    assert response.status_code == 400
    assert "Geef de geschoonde tekst" in response.content.decode()
    assert not NoteReview.objects.exists()
    response = _review(client, world, world.note_secret, verdict="weglaten", reason="")
    assert "Geef de reden" in response.content.decode() and not NoteReview.objects.exists()


def test_a_note_of_another_resident_cannot_be_reviewed(client, login, world):
    from privacyregie.dossiers.models import CaseNote
    from privacyregie.dossiers.tests.factories import CaseFactory

    other_case = CaseFactory(organisation=world.org, team=world.wmo_team, members=[world.wmo_worker])
    stranger = CaseNote.objects.create(case=other_case, author=world.wmo_worker, text="iemand anders")
    login(world.officer)
    response = _review(client, world, stranger, verdict="opnemen")
    assert response.status_code == 302 and not NoteReview.objects.exists()


def test_sending_is_refused_while_notes_wait_for_review(client, login, world):
    login(world.officer)
    client.post(_url("report_send", world), {"via": "post", "confirm": "on"})
    world.request.refresh_from_db()
    assert world.request.status != RequestStatus.ANSWERED and world.request.answered_at is None
    assert client.get(_url("report_pdf", world)).status_code == 302


def test_download_and_send_stop_the_clock(client, login, world):
    login(world.officer)
    _review_all(client, world)
    assert NoteReview.objects.filter(request=world.request).count() == 3
    pdf = client.get(_url("report_pdf", world))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    data = client.get(_url("report_json", world)).json()
    assert data["resident"]["name"] == "Sanne Bakker" and "Piet" not in str(data)
    response = client.post(_url("report_send", world), {"via": "post", "confirm": "on"}, follow=True)
    assert "De termijn is gestopt" in response.content.decode()
    world.request.refresh_from_db()
    assert world.request.status == RequestStatus.ANSWERED and world.request.answered_at is not None
    assert world.request.outcome == "toegewezen"
    sent = world.request.events.get(kind="verzonden")
    assert "SHA-256" in sent.detail
    again = client.post(_url("report_send", world), {"via": "post", "confirm": "on"}, follow=True)
    assert "al afgehandeld" in again.content.decode()
    assert world.request.events.filter(kind="verzonden").count() == 1


def test_after_answering_the_report_page_explains_and_reads_nothing(client, login, world):
    from privacyregie.kernel.models import ProcessingLogEntry

    world.request.status = RequestStatus.ANSWERED
    world.request.save()
    login(world.officer)
    before = ProcessingLogEntry.objects.count()
    response = client.get(_url("report", world))
    assert response.status_code == 200 and "Dit verzoek is afgehandeld" in response.content.decode()
    assert ProcessingLogEntry.objects.count() == before
    assert client.get(_url("report_pdf", world)).status_code == 302
