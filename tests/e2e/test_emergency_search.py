"""Browser journey of the emergency search (noodzoeken, issue 11 §5): a youth case worker who cannot
find a Wmo case through ordinary search states a reason, searches, sees only case reference, team and
status, opens the case with emergency access carrying that reason; the privacy officer finds the search
in the review's trail. The pages pass axe-core (no critical or serious violation) and fit a phone."""

import pytest

from privacyregie.dossiers.models import BreakGlassAccess, Case

REASON = "Huisarts meldt acute zorgen om meneer; vaste Wmo-consulent is vanavond niet bereikbaar."
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}


def _blocking_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    return [v["id"] for v in results["violations"] if v["impact"] in ("critical", "serious")]


@pytest.mark.django_db(transaction=True)
def test_emergency_search_and_open_with_the_same_reason(page, login_as, shot):
    wmo = Case.objects.get(reference="C-2026-0003")
    login_as(page, "consulent.jeugd")

    # ordinary search stays need-to-know: the Wmo resident is not found
    page.goto("/dossiers/zoeken/?q=de+Groot")
    assert "Geen inwoner gevonden in uw casussen." in page.content()
    shot(page, "noodzoeken-01-gewoon-zoeken")

    page.click("a.button:has-text('Noodzoeken')")
    page.wait_for_url("**/dossiers/noodzoeken/")
    assert page.locator("h1").inner_text() == "Noodzoeken"
    assert not _blocking_violations(page)
    # the reason comes first in the form
    labels = page.locator("form.emergency-search label").all_inner_texts()
    assert labels[0].startswith("Reden van het noodzoeken")

    page.fill("#id_reason", "spoed")
    page.fill("#id_name", "de Groot")
    page.click("form.emergency-search button:has-text('Noodzoeken')")
    assert "Geef een reden van minimaal 20 tekens." in page.content()
    page.fill("#id_reason", REASON)
    page.fill("#id_name", "")
    page.click("form.emergency-search button:has-text('Noodzoeken')")
    assert "Vul een zaaknummer, BSN of naam in om te zoeken." in page.content()
    page.fill("#id_name", "de Groot")
    shot(page, "noodzoeken-02-reden-en-zoekgegevens")
    page.click("form.emergency-search button:has-text('Noodzoeken')")

    page.wait_for_url("**/dossiers/noodzoeken/*/")
    table = page.locator("table.emergency-results")
    assert "C-2026-0003" in table.inner_text() and "Wmo-team BEL" in table.inner_text()
    content = page.content()
    assert "Gerard" not in content and wmo.title not in content  # metadata only
    assert REASON in content
    assert not _blocking_violations(page)
    shot(page, "noodzoeken-03-resultaten")

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "noodzoeken-04-resultaten-telefoon")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.click("button:has-text('Open met noodtoegang')")
    page.wait_for_url(f"**/dossiers/casus/{wmo.uuid}/")
    assert "U werkt met noodtoegang" in page.content()
    assert "de Groot" in page.content()
    shot(page, "noodzoeken-05-casus-met-noodtoegang")
    grant = BreakGlassAccess.objects.get(case=wmo, user__username="consulent.jeugd")
    assert grant.reason == REASON and grant.search is not None

    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")
    login_as(page, "fg")
    page.goto("/dossiers/noodtoegang/")
    card = page.locator(".card", has_text=REASON)
    assert "Gevonden via noodzoeken" in card.inner_text()
    trail = card.locator("table.trail").inner_text()
    assert "noodzoekopdracht (naam)" in trail and "casus C-2026-0003" in trail
    assert trail.index("noodzoekopdracht") < trail.index("\tcasus C-2026-0003")  # the search comes first
    shot(page, "noodzoeken-06-beoordeling-fg")
