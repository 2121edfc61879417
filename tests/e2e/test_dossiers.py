"""Browser journey of need-to-know: a youth case worker opens her own case, is refused on
another team's case with a clear page, takes break-the-glass access with a reason and gets
in; the privacy officer then finds the emergency access in the review list."""

import pytest

from privacyregie.dossiers.models import Case


@pytest.mark.django_db(transaction=True)
def test_own_case_refusal_and_break_the_glass(page, login_as, shot):
    own = Case.objects.get(reference="C-2026-0001")
    other = Case.objects.get(reference="C-2026-0003")
    login_as(page, "consulent.jeugd")

    page.goto("/dossiers/")
    shot(page, "dossiers-01-mijn-casussen")
    page.click("a:has-text('C-2026-0001')")
    assert page.url.endswith(f"/dossiers/casus/{own.uuid}/")
    assert page.locator("h1").inner_text().startswith("Casus C-2026-0001")
    assert "Intakegesprek" in page.content()
    shot(page, "dossiers-02-eigen-casus")

    response = page.goto(f"/dossiers/casus/{other.uuid}/")
    assert response.status == 403
    assert "Geen toegang tot deze casus" in page.locator("h1").inner_text()
    assert "niet betrokken" in page.content()
    assert "de Groot" not in page.content()
    shot(page, "dossiers-03-geweigerd")

    page.click("a:has-text('Noodtoegang vragen')")
    page.click("button:has-text('Noodtoegang starten')")
    assert "minimaal" in page.content()
    page.fill("#id_reason", "Politie meldt acute zorgen om de bewoner; vaste consulent niet bereikbaar.")
    shot(page, "dossiers-04-noodtoegang-reden")
    page.click("button:has-text('Noodtoegang starten')")
    page.wait_for_url(f"**/dossiers/casus/{other.uuid}/")
    assert "U werkt met noodtoegang" in page.content()
    assert "de Groot" in page.content()
    shot(page, "dossiers-05-met-noodtoegang")
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")

    login_as(page, "fg")
    page.goto("/dossiers/noodtoegang/")
    assert "Politie meldt acute zorgen" in page.content()
    shot(page, "dossiers-06-beoordelen-fg")
    card = page.locator(".card", has_text="Politie meldt acute zorgen")
    card.locator("input[value=onterecht]").check()
    card.locator("textarea").fill("Geen spoed: de vaste consulent was wel bereikbaar.")
    card.locator("button:has-text('Beoordeling vastleggen')").click()
    assert "De beoordeling is vastgelegd" in page.content()
    assert page.locator("table", has_text="Geen spoed: de vaste consulent").count() == 1
    shot(page, "dossiers-06b-beoordeeld-fg")

    # the privacy officer finds all three in the processing log: allowed, refused, emergency
    page.goto("/privacy/verwerkingslogboek/")
    rows = page.locator("tr", has_text="consulent.jeugd")
    assert rows.filter(has_text="casus C-2026-0001").filter(has_text="toegestaan").count() >= 1
    assert rows.filter(has_text="casus C-2026-0003").filter(has_text="geweigerd").count() >= 1
    assert rows.filter(has_text="casus C-2026-0003").filter(has_text="noodtoegang").count() >= 1
    shot(page, "dossiers-09-verwerkingslogboek-fg")


@pytest.mark.django_db(transaction=True)
def test_team_lead_assigns_and_confirms_authorisations(page, login_as, shot):
    unassigned = Case.objects.get(reference="C-2026-0005")
    login_as(page, "teamleider.jeugd")
    page.goto("/dossiers/team/")
    assert "niet toegewezen" in page.content()
    shot(page, "dossiers-07-team-teamleider")
    page.goto(f"/dossiers/casus/{unassigned.uuid}/")
    assert "niet de inhoud" in page.content()
    assert "Daan" not in page.content()  # the resident is not shown to a lead who is not on the case
    page.select_option("#id_user", label="Karim El Amrani")
    page.click("button:has-text('Toewijzen')")
    page.wait_for_url("**/dossiers/team/")
    assert "Karim El Amrani" in page.locator("tr", has_text="C-2026-0005").inner_text()

    page.goto("/dossiers/autorisatiecontrole/")
    shot(page, "dossiers-08-autorisatiecontrole-teamleider")
    before = page.locator("button:has-text('Bevestigen')").count()
    page.locator("button:has-text('Bevestigen')").first.click()
    assert "Uw besluit is vastgelegd" in page.content()
    assert page.locator("button:has-text('Bevestigen')").count() == before - 1
