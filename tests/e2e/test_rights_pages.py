"""Browser check of the residents' requests pages: the public form on a phone, the privacy officer's overview
with deadline clocks, a request's page with an extension refused after the first month."""

import re

import pytest


@pytest.mark.django_db(transaction=True)
def test_public_form_on_a_phone_and_the_officers_overview(page, login_as, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/rechten/openbaar/bel/verzoek/")
    shot(page, "rights-01-openbaar-formulier-telefoon")
    page.check("input[name=kind][value=wissing]")
    page.fill("#id_requester_name", "Gerard de Groot")
    page.fill("#id_requester_contact", "Naarderstraat 8, 1251 BC Laren")
    page.check("#id_consent")
    page.click("button:has-text('Verzoek versturen')")
    page.wait_for_selector(".receipt-code")  # the receipt page has loaded (content() is empty while navigating)
    assert "Uw verzoek is ontvangen" in page.content()
    reference = page.locator(".receipt-code").first.inner_text()
    assert re.fullmatch(r"V-\d{4}-\d{4}", reference)
    shot(page, "rights-02-ontvangstbewijs-telefoon")
    page.set_viewport_size({"width": 1366, "height": 900})
    login_as(page, "fg")
    page.goto("/rechten/")
    assert "dagen te laat" in page.content() and reference in page.content()
    shot(page, "rights-03-overzicht-termijnen")
    page.click("a:has-text('V-DEMO-02')")  # the overdue demo request: extension no longer possible
    assert "Termijn verlengen" not in page.content()
    shot(page, "rights-04-verzoek-te-laat")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/rechten/")
    shot(page, "rights-05-overzicht-telefoon")
