"""Issue 11 §6: the resident's 'who consulted my data' overview, and the purpose of a BSN search."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from privacyregie.core.tests.pdfcheck import assert_accessible_pdf
from privacyregie.dossiers.models import Case
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import LOOKUP_TARGET, pseudonymise_bsn

pytestmark = pytest.mark.django_db

REFERENCE = "J. de Boer, kenmerk INZ-2026-0042"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _bsn():
    return Case.objects.get(organisation__slug="bel", reference="C-2026-0001").subject_bsns()[0]


def _pdf_text(data):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_the_overview_names_the_resident_and_shows_function_and_team_not_usernames(client, login):
    bsn = _bsn()
    login("fg")
    client.get(reverse("kernel:subject"), {"bsn": bsn, "reference": REFERENCE})  # a look-up to answer the request
    response = client.get(reverse("kernel:subject"), {"bsn": bsn, "reference": REFERENCE, "formaat": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert_accessible_pdf(response.content, "Overzicht van verwerkingen")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "kernel-inzageoverzicht.pdf").write_bytes(response.content)  # for pdftoppm and a look
    text = _pdf_text(response.content)
    assert REFERENCE in text
    assert "Functie en team" in text and "Consulent / medewerker (Jeugdteam BEL)" in text
    assert "Casusbehandeling" in text and "Wettelijke taak" in text
    for username in ("consulent.jeugd", "consulent.wmo", "fg"):
        assert username not in text.split(), username
    # the look-ups and exports made to answer this request are not in the overview
    assert "wie heeft de gegevens van een inwoner geraadpleegd" not in text
    assert "Privacy officer / FG" not in text


def test_the_pdf_needs_the_residents_name_or_reference(client, login):
    bsn = _bsn()
    login("fg")
    exports = ProcessingLogEntry.objects.filter(subject_pseudonym=pseudonymise_bsn(bsn), action=Action.EXPORT)
    before = exports.count()
    response = client.get(reverse("kernel:subject"), {"bsn": bsn, "formaat": "pdf"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Vul de naam of het kenmerk van de inwoner in" in response.content.decode()
    assert exports.count() == before


def test_searching_the_log_by_bsn_asks_for_the_purpose_and_logs_it(client, login):
    bsn = _bsn()
    login("fg")
    lookups = ProcessingLogEntry.objects.filter(subject_pseudonym=pseudonymise_bsn(bsn), target_type=LOOKUP_TARGET)
    before = set(lookups.values_list("pk", flat=True))
    refused = client.get(reverse("kernel:log"), {"bsn": bsn})
    assert "Geef aan met welk doel u op dit BSN zoekt." in refused.content.decode()
    assert set(lookups.values_list("pk", flat=True)) == before
    client.get(reverse("kernel:log"), {"bsn": bsn, "purpose": Purpose.INCIDENT_INVESTIGATION})
    new = lookups.exclude(pk__in=before)
    assert [(e.purpose, e.action) for e in new] == [(Purpose.INCIDENT_INVESTIGATION, Action.VIEW)]
    assert "art. 33" in new.get().legal_basis_detail


def test_a_search_for_an_incident_is_not_an_access_request_and_is_reported_to_the_resident(client, login):
    bsn = _bsn()
    login("fg")
    client.get(reverse("kernel:log"), {"bsn": bsn, "purpose": Purpose.CHECK})
    text = _pdf_text(client.get(reverse("kernel:subject"), {"bsn": bsn, "reference": REFERENCE, "formaat": "pdf"}).content)
    assert "Controle op rechtmatig gebruik" in text and "Privacy officer / FG" in text


def test_a_made_up_purpose_is_refused_and_nothing_is_logged(client, login):
    bsn = _bsn()
    login("fg")
    lookups = ProcessingLogEntry.objects.filter(subject_pseudonym=pseudonymise_bsn(bsn), target_type=LOOKUP_TARGET)
    before = lookups.count()
    response = client.get(reverse("kernel:log"), {"bsn": bsn, "purpose": "nieuwsgierigheid"})
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert lookups.count() == before
