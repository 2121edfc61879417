"""Browser journeys of the external roles: a chain partner and a supplier land on a start page that
offers to report a breach as the municipality's processor (AVG art. 33(2)), report one, and follow it
under "Mijn meldingen"; the CISO sees which processor reported it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

# The supplier reports on the supplier-access page, which links its processor agreement (see
# tests/e2e/test_supplier_access.py).
JOURNEYS = [
    ("ketenpartner", "Zorggroep Gooi", "Cliëntoverzicht naar verkeerde huisarts gefaxt"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("username", "organisation", "title"), JOURNEYS, ids=[j[0] for j in JOURNEYS])
def test_external_reports_a_breach_as_processor(page, login_as, shot, username, organisation, title):
    login_as(page, username)
    start = page.locator("main")
    expect(start.get_by_role("heading", name="Datalek melden als verwerker")).to_be_visible()
    expect(start.get_by_role("link", name="Meld een incident")).to_be_visible()  # no longer an empty list
    shot(page, f"external-{username}-01-startpagina")

    start.get_by_role("link", name="Meld een datalek").click()
    page.wait_for_url("**/incidenten/melden/")
    expect(page.get_by_role("heading", name="Meld een datalek als verwerker")).to_be_visible()
    # bad input first: without the organisation nothing is stored and the message is Dutch
    page.select_option("#id_type", "datalek")
    page.fill("#id_title", title)
    page.fill("#id_description", "Ontdekt bij een interne controle; de toegang is direct afgesloten.")
    page.fill("#id_discovered_at", (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.click("button:has-text('Melding versturen')")
    expect(page.get_by_text("Vul de naam in van de organisatie namens wie u meldt.")).to_be_visible()
    shot(page, f"external-{username}-02-organisatie-ontbreekt")

    page.fill("#id_supplier_name", organisation)
    page.fill("#id_discovered_at", (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.click("button:has-text('Melding versturen')")
    receipt = page.locator(".receipt-number").inner_text()
    assert receipt.startswith("M")
    shot(page, f"external-{username}-03-ontvangstbewijs")

    page.get_by_role("link", name="Mijn meldingen").last.click()
    page.wait_for_url("**/incidenten/mijn-meldingen/")  # is_visible() does not wait for the navigation
    expect(page.get_by_role("cell", name=title)).to_be_visible()
    page.goto("/start/")
    assert receipt in page.locator("main").inner_text()  # the start page lists the own report too
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")

    login_as(page, "ciso")
    page.goto("/incidenten/")
    page.click(f"a:has-text('{receipt}')")
    assert f"Verwerker / leverancier: {organisation}" in page.locator("main").inner_text()
