"""Browser journey (issue 13): a resident submits an access request on the public form (phone-sized); the
privacy officer registers the identity check, reviews the notes, produces the access report, downloads it
and sends it; the deadline clock stops."""

import re

import pytest


def _demo_resident():
    from privacyregie.dossiers.models import Case

    case = Case.objects.get(organisation__slug="bel", reference="C-2026-0001")
    return case.residents.order_by("pk").first()


def _activity_pk():
    from privacyregie.register.models import ProcessingActivity

    return ProcessingActivity.objects.get(organisation__slug="bel", name="Wmo-maatwerkvoorziening").pk


@pytest.mark.django_db(transaction=True)
def test_public_request_identity_report_sent_and_clock_stops(page, login_as, shot):
    resident = _demo_resident()

    # 1. the resident, on a phone, without logging in: reads the privacy statement, then submits a request
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/register/openbaar/bel/{_activity_pk()}/")
    assert "Uw rechten" in page.content() and "Klacht bij de Autoriteit Persoonsgegevens" in page.content()
    shot(page, "subject-request-00-privacyverklaring-telefoon")
    page.click("a:has-text('Dien een verzoek in via het formulier')")
    assert "/rechten/openbaar/bel/verzoek/" in page.url
    page.check("input[name=kind][value=inzage]")
    page.fill("#id_requester_name", str(resident))
    page.fill("#id_bsn", resident.bsn)
    page.fill("#id_requester_contact", "Dorpsstraat 1, 1261 AB Blaricum")
    page.check("#id_consent")
    shot(page, "subject-request-01-openbaar-formulier-telefoon")
    page.click("form button[type=submit]")
    reference = page.locator(".receipt-code").first.inner_text().strip()
    assert re.match(r"V-\d{4}-\d{4}", reference), reference
    shot(page, "subject-request-02-ontvangstbewijs")

    # 2. the privacy officer checks the identity (at the counter, no copy kept)
    page.set_viewport_size({"width": 1366, "height": 900})
    login_as(page, "fg")
    page.goto("/rechten/")
    page.click(f"a:has-text('{reference}')")
    page.check("input[name=method][value=balie_identiteitsbewijs]")
    page.fill("#id_bsn", resident.bsn)
    page.click("button:has-text('Identiteit vastleggen')")
    assert "nog niet vastgesteld" not in page.locator("dl.facts").first.inner_text()
    detail_url = page.url.split("#")[0].split("?")[0]

    # 3. the access report: review every note, then preview
    page.click("a.button:has-text('Inzagerapport')")
    assert "notitie" in page.content()
    page.click("a:has-text('Notities beoordelen')")
    shot(page, "subject-request-03-notities-beoordelen")
    sections = page.locator("section.note-review")
    for i in range(sections.count()):
        section = page.locator("section.note-review").nth(i)
        if i == 0:
            section.locator("input[type=radio][value=opnemen_geschoond]").check()
            section.locator("textarea").fill("Intakegesprek gevoerd. [gegevens van een derde weggelaten]")
            section.locator("input[type=text]").fill("gegevens van een derde")
        else:
            section.locator("input[type=radio][value=opnemen]").check()
        section.locator("button:has-text('Beoordeling opslaan')").click()
        assert "Beoordeling vastgelegd" in page.content()
    assert "Nog 0 notities te beoordelen" in page.content()
    page.click("a:has-text('Inzagerapport')")
    assert "Alle notities zijn beoordeeld" in page.content()
    for heading in ("Welke gegevens wij van u hebben", "Aan wie wij uw gegevens gaven", "Wie uw gegevens heeft bekeken",
                    "Klacht bij de Autoriteit Persoonsgegevens"):
        assert heading in page.content()
    assert "consulent.jeugd" not in page.content()  # by function and team, never the username
    shot(page, "subject-request-04-inzagerapport-voorbeeld")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    shot(page, "subject-request-04b-inzagerapport-telefoon")
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_download() as download:
        page.click("a:has-text('Download PDF')")
    assert download.value.suggested_filename == f"inzagerapport-{reference}.pdf"

    # 4. send: the request is answered and the clock stops
    page.check("input[name=via][value=post]")
    page.check("#id_confirm")
    page.click("button:has-text('Rapport verzenden en verzoek afhandelen')")
    assert "De termijn is gestopt" in page.content()
    page.goto(detail_url)
    assert "Gestopt" in page.locator(".clock").first.inner_text()
    assert "afgehandeld" in page.locator("dl.facts").first.inner_text()
    shot(page, "subject-request-05-afgehandeld-klok-gestopt")
