"""Browser journey: the privacy officer registers a new version of the privacy policy, adopted by the board.
The overdue warning disappears (document page and start page) and the stoplight report shows the new
adoption date."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from playwright.sync_api import expect

from privacyregie.policies.demo import pdf_bytes


@pytest.mark.django_db(transaction=True)
def test_new_version_of_the_privacy_policy_adopted_by_the_board(page, login_as, shot):
    from privacyregie.compliance.models import Assessment

    today = timezone.localdate()
    with translation.override("nl"):
        adopted_text = f"College van B&W, {date_filter(today, 'j F Y')}"
    login_as(page, "fg")
    panel = page.locator(".card:has-text('Beleid: te laat of nooit vastgesteld')")
    assert "Privacybeleid BEL Combinatie" in panel.inner_text()
    shot(page, "policies-01-startpagina-te-laat")

    page.click("a:has-text('Naar beleid en protocollen')")
    page.click("a:has-text('Privacybeleid BEL Combinatie')")
    expect(page.locator("#overdue-warning")).to_be_visible()
    shot(page, "policies-02-privacybeleid-te-laat")

    page.click("a:has-text('Nieuwe versie registreren')")
    page.set_input_files("#id_file", files=[{"name": "privacybeleid-bel-2026.pdf", "mimeType": "application/pdf",
                                             "buffer": pdf_bytes("Privacybeleid BEL Combinatie 2026")}])
    page.fill("#id_summary", "Herzien: AVG-rollen, verwerkersovereenkomsten en de meldprocedure datalekken.")
    page.select_option("#id_adopted_by", "college")
    page.fill("#id_adopted_on", today.isoformat())
    page.fill("#id_decision_reference", "BEL/2026/PRIV-2")
    shot(page, "policies-03-nieuwe-versie")
    page.click("button:has-text('Versie registreren')")
    assert "Versie 2 is vastgesteld en geldt nu." in page.content()
    assert page.locator("#overdue-warning").count() == 0
    assert "vastgesteld en actueel" in page.content()
    shot(page, "policies-04-nieuwe-versie-geldt")

    page.goto("/start/")
    assert "Privacybeleid BEL Combinatie" not in page.locator(
        ".card:has-text('Beleid: te laat of nooit vastgesteld')").inner_text()

    assessment = Assessment.objects.filter(organisation__slug="bel", status="open").first()
    page.goto(f"/verantwoording/stoplicht/{assessment.pk}/")
    row = page.locator(".policy-documents tr:has-text('Privacybeleid BEL Combinatie')")
    assert adopted_text in row.inner_text()
    row.scroll_into_view_if_needed()
    shot(page, "policies-05-stoplicht-beleidsdocumenten")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/beleid/")
    shot(page, "policies-06-register-390px")
