"""Browser journey: the privacy officer sees an alert of suspicious access on the start page, opens it
with its evidence, assesses it as improper and turns it into a data breach with one click."""

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_privacy_officer_assesses_an_alert_as_improper_and_turns_it_into_a_breach(page, login_as, shot):
    login_as(page, "fg")
    panel = page.locator("text=Verdachte toegang").first
    expect(panel).to_be_visible()
    page.goto("/signalering/")
    shot(page, "detection-01-signaleringen")
    page.locator("table a").first.click()
    page.wait_for_selector("[data-testid=explanation]")
    expect(page.get_by_role("heading", name="Bewijs: logregels")).to_be_visible()
    shot(page, "detection-02-signalering-met-bewijs")
    page.check("input[value=onterecht]")
    page.fill("#id_comment", "Geen relatie met het eigen werk; besproken met de teamleider.")
    page.click("button:has-text('Beoordeling vastleggen')")
    page.wait_for_selector("text=De beoordeling is vastgelegd.")
    assert "onterecht" in page.locator("[data-testid=assessment]").inner_text()
    page.click("button:has-text('Maak er een datalek van')")
    page.wait_for_selector("[data-testid=incident-link]")
    shot(page, "detection-03-datalek-aangemaakt")
    page.click("[data-testid=incident-link]")
    page.wait_for_url("**/incidenten/**")
    expect(page.locator("text=Onterechte raadpleging").first).to_be_visible()
    expect(page.locator("[data-testid=origin-link]")).to_be_visible()  # the incident links back to its alert
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "detection-04-datalek-390")
