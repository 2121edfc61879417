"""Browser journey: the privacy officer fills in the stoplight assessment and generates the council
report (HTML and PDF); the council member, in a fresh browser context, sees the reports only."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_assessment_to_council_report(page, browser, login_as, shot):
    login_as(page, "fg")
    assert "Stoplicht privacy" in page.content()  # home panel
    page.goto("/verantwoording/beoordelingen/")
    page.click("a:has-text('Stoplicht privacy sociaal domein BEL') >> nth=0")
    page.click("a:has-text('7. Bewustwording')")
    page.select_option("#id_status", "non_compliant")
    page.fill("#id_finding", "Een derde van de medewerkers heeft de e-learning privacy nog niet gevolgd.")
    page.fill("#id_state_of_affairs", "Teamleiders plannen de training in vóór het einde van het kwartaal.")
    page.fill("#id_owner", "Teamleiders sociaal domein")
    shot(page, "compliance-01-norm-beoordelen")
    page.click("button:has-text('Opslaan')")
    assert "Beoordeling van norm 7 opgeslagen" in page.content()
    shot(page, "compliance-02-gap-overzicht")
    page.click("a:has-text('Geschiedenis')")
    assert "Een derde van de medewerkers" in page.content()
    page.go_back()
    page.click("a:has-text('Stoplichtrapportage')")
    body = page.content()
    assert "Een derde van de medewerkers" in body and "voldoet niet" in body and "kleur: rood" in body
    shot(page, "compliance-03-stoplichtrapportage")
    pdf_url = page.locator("a:has-text('Download als PDF')").get_attribute("href")
    pdf = page.request.get(pdf_url)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.goto("/verantwoording/risicos/")
    assert "Beveiligingsplan" in page.content()
    shot(page, "compliance-08-risico-heatmap")

    council = browser.new_context(base_url=page.base_url, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  viewport={"width": 1366, "height": 900})
    raad = council.new_page()
    raad.base_url = page.base_url
    try:
        login_as(raad, "raad")
        assert "Rapportages voor de raad" in raad.content()
        raad.goto("/verantwoording/")
        shot(raad, "compliance-04-raad-rapportages")
        raad.click("a:has-text('HTML') >> nth=0")
        assert "Stoplichtrapportage" in raad.content()
        shot(raad, "compliance-05-raad-stoplicht")
        raad.goto("/verantwoording/scorekaart/")
        assert "Kwartaalscorekaart" in raad.content() and "<svg" in raad.content()
        shot(raad, "compliance-06-raad-scorekaart")
        raad.goto("/verantwoording/opvolging-aanbevelingen/")
        assert "gedeeltelijk overgenomen" in raad.content()
        shot(raad, "compliance-07-raad-aanbevelingen")
        response = raad.goto("/verantwoording/beoordelingen/")
        assert response.status == 403
    finally:
        council.close()
