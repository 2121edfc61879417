"""Browser journey: a GP (chain partner) reports a bottleneck in the privacy protocol on a phone, the privacy
officer categorises it, adds an action and sees the section "Mensen en leveranciers" in the council report."""

import pytest
from django.utils import timezone


@pytest.mark.django_db(transaction=True)
def test_partner_reports_officer_follows_up_council_report(page, login_as, shot):
    # 1. the chain partner reports, on a phone-sized screen
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, "huisarts")
    page.goto("/protocol/melden/")
    shot(page, "protocol-01-knelpunt-melden-telefoon")
    page.check("input[name=kind][value=onduidelijk]")
    page.fill("#id_process", "Terugkoppeling na verwijzing")
    page.fill("#id_description", "Het is onduidelijk welke gegevens wij na een verwijzing naar het Wmo-team mogen "
                                 "terugkoppelen aan de consulent.")
    page.click("button:has-text('Knelpunt melden')")
    page.wait_for_url("**/protocol/mijn-meldingen/")
    assert "Terugkoppeling na verwijzing" in page.content()
    shot(page, "protocol-02-mijn-knelpunten-telefoon")
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")

    # 2. the privacy officer categorises and adds an action
    page.set_viewport_size({"width": 1366, "height": 900})
    login_as(page, "fg")
    page.goto("/protocol/")
    shot(page, "protocol-03-overzicht")
    page.click("tr:has-text('Terugkoppeling na verwijzing') a")
    page.get_by_label("Gegevens delen met ketenpartners").check()
    page.click("button:has-text('Thema\\'s en normen vastleggen')")
    assert "De thema's en normen zijn vastgelegd." in page.content()
    page.fill("#id_description", "Paragraaf over terugkoppeling aan ketenpartners toevoegen")
    page.select_option("#id_owner", index=1)
    page.fill("#id_due_date", timezone.localdate().isoformat())
    page.click("button:has-text('Actie toevoegen')")
    assert "De actie is toegevoegd" in page.content()
    shot(page, "protocol-04-knelpunt-met-actie")

    # 3. the council report carries the section, without names
    page.goto("/verantwoording/scorekaart/")
    section = page.locator("section.people-section")
    assert "Mensen en leveranciers" in section.inner_text()
    assert "Gegevens delen met ketenpartners" in section.inner_text()
    section.scroll_into_view_if_needed()
    shot(page, "protocol-05-raadsrapportage-mensen-en-leveranciers")
