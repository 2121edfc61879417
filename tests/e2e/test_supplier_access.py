"""Browser journeys of supplier remote access (issue 14 §3): a supplier asks for a window starting now on
the high-confidentiality Regiesysteem, the owner (informatiemanager) and the CISO approve, the window opens,
and the supplier records the work; and a supplier reports a data breach as processor with its agreement."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect


def _other(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.mark.django_db(transaction=True)
def test_supplier_requests_owner_and_ciso_approve_window_opens_work_recorded(page, browser, live_server, login_as,
                                                                            shot):
    login_as(page, "leverancier")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Mijn aanvragen en vensters")).to_be_visible()
    expect(main.get_by_role("heading", name="Mijn ondertekende verklaringen")).to_be_visible()
    shot(page, "suppliers-01-startpagina-leverancier")

    page.goto("/leveranciers/aanvragen/")
    now = timezone.localtime()
    page.select_option("#id_system", label="Regiesysteem Sociaal Domein")
    page.fill("#id_purpose", "Hotfix 7.3.2 voor de koppeling met het berichtenverkeer")
    page.fill("#id_reference", "CHG-2026-0999")
    # bad input first: a window that ends before it starts is refused with a clear message
    page.fill("#id_starts_at", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.click("button:has-text('Aanvraag versturen')")
    expect(page.get_by_text("Het venster eindigt voordat het begint")).to_be_visible()
    page.fill("#id_ends_at", (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.click("button:has-text('Aanvraag versturen')")
    page.wait_for_url("**/leveranciers/aanvragen/*/")
    assert page.get_by_test_id("phase").inner_text() == "wacht op goedkeuring"
    detail_url = page.url
    shot(page, "suppliers-02-aanvraag-verstuurd")

    for username, waits_for in (("informatiemanager", "CISO"), ("ciso", None)):
        context, other = _other(browser, live_server)
        login_as(other, username)
        other.goto("/leveranciers/")
        other.get_by_role("link", name="Regiesysteem Sociaal Domein – CHG-2026-0999").click()
        other.check("input[name=decision][value=approve]")
        other.click("button:has-text('Besluit vastleggen')")
        expect(other.get_by_text("Uw besluit is vastgelegd.")).to_be_visible()
        if waits_for:
            expect(other.get_by_text(f"Wacht op: {waits_for}")).to_be_visible()
        else:
            assert other.get_by_test_id("phase").inner_text() == "venster open"
        shot(other, f"suppliers-03-goedkeuring-{username}")
        context.close()

    page.goto(detail_url)
    assert page.get_by_test_id("phase").inner_text() == "venster open"
    page.fill("#id_work_done", "Hotfix 7.3.2 geïnstalleerd en de koppeling getest; geen gegevens ingezien.")
    page.click("button:has-text('Werk vastleggen')")
    expect(page.get_by_text("Het werk is vastgelegd.")).to_be_visible()
    shot(page, "suppliers-04-werk-vastgelegd")


@pytest.mark.django_db(transaction=True)
def test_supplier_reports_a_breach_as_processor_with_its_agreement(page, login_as, shot):
    from privacyregie.incidents.models import Incident

    login_as(page, "leverancier")
    page.locator("main").get_by_role("link", name="Meld een datalek").click()
    page.wait_for_url("**/leveranciers/datalek-melden/")
    page.fill("#id_title", "Logbestanden met BSN's op een testserver")
    page.fill("#id_description", "Bij een controle vonden wij logbestanden met BSN's op een testserver.")
    page.fill("#id_discovered_at", (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_agreement", index=1)
    shot(page, "suppliers-05-datalek-melden")
    page.click("button:has-text('Melding versturen')")
    page.wait_for_url("**/start/")
    incident = Incident.objects.get(title="Logbestanden met BSN's op een testserver")
    assert incident.reported_by_processor and incident.processor_agreement is not None
    shot(page, "suppliers-06-melding-ontvangen")
