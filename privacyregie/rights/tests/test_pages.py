"""The public form and follow-up (no login, no enumeration, abuse bounds) and the officer's pages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.tests.pdfcheck import assert_accessible_pdf
from privacyregie.core.tests.utils import post_with_token
from privacyregie.dossiers.tests.factories import ResidentFactory
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.rights import services
from privacyregie.rights.models import PublicAttempt, RequestStatus, SubjectRequest

from .factories import SubjectRequestFactory

pytestmark = pytest.mark.django_db


def _form(org, **extra):
    return {"kind": "inzage", "requester_name": "Anna de Vries", "requester_contact": "anna@example.org",
            "consent": "on", **extra}


def _receipt(html):
    reference = re.search(r'receipt-code">(V-[0-9]{4}-[0-9]+)<', html).group(1)
    code = re.search(r'receipt-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<', html).group(1)
    return reference, code


def test_public_form_gives_receipt_and_follow_up_shows_status_without_personal_data(client, org):
    resident = ResidentFactory(organisation=org, first_name="Geheime", last_name="Naam")
    url = reverse("rights:public_form", args=[org.slug])
    response = post_with_token(client, url, _form(org, bsn=resident.bsn))
    assert response.status_code == 200
    html = response.content.decode()
    reference, code = _receipt(html)
    sr = SubjectRequest.objects.get(reference=reference)
    assert sr.channel == "webformulier" and sr.resident is None and resident.bsn not in html
    follow = client.post(reverse("rights:public_follow_up", args=[org.slug]), {"reference": reference, "code": code})
    page = follow.content.decode()
    assert follow.status_code == 200 and "ontvangen" in page and sr.due_on.strftime("%Y") in page
    assert "Geheime" not in page and "Anna" not in page


def test_a_bsn_not_in_the_organisation_gets_the_same_answer(client, org):
    held = ResidentFactory(organisation=org)
    not_held = ResidentFactory()  # another organisation
    url = reverse("rights:public_form", args=[org.slug])
    a = post_with_token(client, url, _form(org, bsn=held.bsn)).content.decode()
    b = post_with_token(client, url, _form(org, bsn=not_held.bsn)).content.decode()

    def strip(html):
        return re.sub(r'receipt-code">[^<]+<', "", re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", html))

    assert strip(a) == strip(b)
    assert not ProcessingLogEntry.objects.filter(organisation_id=org.pk, purpose="inzageverzoek").exists()


def test_an_invalid_bsn_gets_a_clear_message_and_nothing_is_stored(client, org):
    response = post_with_token(client, reverse("rights:public_form", args=[org.slug]), _form(org, bsn="123456789"))
    assert response.status_code == 400 and "elfproef" in response.content.decode()
    assert not SubjectRequest.objects.filter(organisation=org).exists()


def test_the_honeypot_stores_nothing_and_looks_the_same(client, org):
    response = post_with_token(client, reverse("rights:public_form", args=[org.slug]), _form(org, website="spam"))
    assert response.status_code == 200 and "Uw verzoek is ontvangen" in response.content.decode()
    assert not SubjectRequest.objects.filter(organisation=org).exists()


def test_submissions_are_rate_limited_per_source(client, org):
    url = reverse("rights:public_form", args=[org.slug])
    for _ in range(services.SUBMIT_MAX_PER_SOURCE):
        assert post_with_token(client, url, _form(org)).status_code == 200
    response = post_with_token(client, url, _form(org))
    assert response.status_code == 429 and "te veel" in response.content.decode()
    assert SubjectRequest.objects.filter(organisation=org).count() == services.SUBMIT_MAX_PER_SOURCE
    assert all(len(a.key_hash) == 64 for a in PublicAttempt.objects.all())  # only keyed hashes of the source


def test_wrong_codes_lock_the_source_not_the_request(client, org):
    sr = SubjectRequestFactory(organisation=org, follow_up_code_hash="")
    url = reverse("rights:public_follow_up", args=[org.slug])
    for _ in range(services.FOLLOW_UP_MAX_FAILURES):
        assert client.post(url, {"reference": sr.reference, "code": "FOUT"}).status_code == 400
    assert client.post(url, {"reference": sr.reference, "code": "FOUT"}).status_code == 429


def test_an_unknown_number_and_a_wrong_code_get_the_same_message(client, org):
    from django.contrib.auth.hashers import make_password

    sr = SubjectRequestFactory(organisation=org, follow_up_code_hash=make_password("GOED"))
    url = reverse("rights:public_follow_up", args=[org.slug])
    a = client.post(url, {"reference": sr.reference, "code": "FOUT"}).content.decode()
    b = client.post(url, {"reference": "V-1999-0001", "code": "FOUT"}).content.decode()
    def strip(html):  # the typed receipt number is shown again in its field; nothing else may differ
        return re.sub(r'(csrfmiddlewaretoken"|name="reference") value="[^"]+"', "", html)

    assert strip(a) == strip(b) and "kennen wij niet" in a


def test_officer_registers_checks_identity_answers_and_gets_the_letter(client, login, officer):
    resident = ResidentFactory(organisation=officer.organisation)
    login(officer)
    response = post_with_token(client, reverse("rights:register"), {
        "kind": "bezwaar", "channel": "balie", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "requester_name": "Piet Jansen", "requester_contact": "Dorpsstraat 1", "bsn": resident.bsn,
        "representative_name": "", "representative_authority": ""})
    assert response.status_code == 302
    sr = SubjectRequest.objects.get(organisation=officer.organisation)
    detail = reverse("rights:detail", args=[sr.uuid])
    assert client.get(detail).status_code == 200
    assert client.post(reverse("rights:identity", args=[sr.uuid]),
                       {"method": "balie_identiteitsbewijs", "bsn": resident.bsn}).status_code == 302
    assert client.post(reverse("rights:answer", args=[sr.uuid]),
                       {"outcome": "afgewezen", "reasoning": "Dwingende gerechtvaardigde gronden."}).status_code == 302
    sr.refresh_from_db()
    assert sr.status == RequestStatus.ANSWERED and sr.resident == resident
    pdf = client.get(reverse("rights:letter", args=[sr.uuid]))
    assert pdf["Content-Type"] == "application/pdf"
    assert_accessible_pdf(pdf.content, "Besluit op uw verzoek")


def test_a_late_extension_shows_why_and_changes_nothing(client, login, officer):
    sr = SubjectRequestFactory(organisation=officer.organisation, received_at=timezone.now() - timedelta(days=40))
    login(officer)
    response = client.post(reverse("rights:extend", args=[sr.uuid]), {
        "months": "2", "reason": "Complex", "sent_on": timezone.localdate().isoformat()})
    assert response.status_code == 400 and "binnen een maand na ontvangst" in response.content.decode()
    sr.refresh_from_db()
    assert sr.extended_due_on is None


def test_overview_shows_clocks_in_words(client, login, officer, manager):
    SubjectRequestFactory(organisation=officer.organisation, received_at=timezone.now() - timedelta(days=40),
                          requester_name="Zichtbaar Alleen Voor Fg")
    login(manager)
    page = client.get(reverse("rights:overview")).content.decode()
    assert "dagen te laat" in page and "Te laat" in page and "Zichtbaar" not in page


def test_another_organisations_request_is_not_found(client, login, officer):
    other = SubjectRequestFactory()
    login(officer)
    assert client.get(reverse("rights:detail", args=[other.uuid])).status_code == 404
