"""Issue 11, sections 4 and 5 in a real browser: refreshing a receipt creates nothing, the
break-the-glass form says what it costs and marks its required field, starting it logs the
opening once, and the review card shows the trail and makes the privacy officer choose."""

from datetime import timedelta

import pytest
from django.utils import timezone

from privacyregie.dossiers.models import BreakGlassAccess, Case
from privacyregie.incidents.models import Incident
from privacyregie.kernel.models import ProcessingLogEntry


@pytest.mark.django_db(transaction=True)
def test_refreshing_the_receipt_creates_nothing(page, login_as, shot):
    login_as(page, "consulent.jeugd")
    before = Incident.objects.count()
    page.goto("/incidenten/melden/")
    page.select_option("#id_type", "datalek")
    page.fill("#id_title", "Map met dossiers in de trein laten liggen")
    page.fill("#id_description", "Een map met drie dossiers is in de trein blijven liggen.")
    page.fill("#id_discovered_at", (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=visibility][value=anoniem]")
    page.click("button:has-text('Melding versturen')")
    page.wait_for_url("**/incidenten/melden/ontvangen/")
    code = page.locator(".follow-up-code").inner_text()
    assert code and page.locator(".receipt-number").inner_text().startswith("M")
    shot(page, "forms-01-ontvangstbewijs")
    assert Incident.objects.count() == before + 1

    page.reload()  # the browser's refresh: a GET, no resent report, the code is not shown again
    assert "al getoond" in page.content() and code not in page.content()
    assert Incident.objects.count() == before + 1
    shot(page, "forms-02-ontvangstbewijs-na-verversen")


@pytest.mark.django_db(transaction=True)
def test_break_the_glass_says_its_cost_and_logs_the_opening_once(page, login_as, shot):
    case = Case.objects.get(reference="C-2026-0001")
    login_as(page, "consulent.wmo")
    page.goto(f"/dossiers/casus/{case.uuid}/noodtoegang/")
    duration = page.locator(".break-glass-duration")
    assert "De noodtoegang duurt 4 uur." in duration.inner_text()
    assert duration.bounding_box()["y"] < page.locator("#id_reason").bounding_box()["y"]  # said before the choice
    label = page.locator("label[for=id_reason]")
    assert label.locator(".required").is_visible() and "(verplicht)" in label.inner_text()
    shot(page, "forms-03-noodtoegang-duur-en-verplicht")
    page.fill("#id_reason", "Politie meldt acute zorgen om het kind; vaste consulent is niet bereikbaar.")
    page.click("button:has-text('Noodtoegang starten')")
    page.wait_for_url(f"**/dossiers/casus/{case.uuid}/")
    openings = ProcessingLogEntry.objects.filter(actor_username="consulent.wmo", target_id=str(case.uuid),
                                                 emergency=True, action="view")
    assert openings.count() == len(case.subject_bsns())  # one opening (a line per resident), not two
    assert openings.values("occurred_at").distinct().count() == 1


@pytest.mark.django_db(transaction=True)
def test_review_card_shows_the_trail_and_requires_a_choice(page, login_as, shot):
    grant = BreakGlassAccess.objects.get(case__reference="C-2026-0003")
    login_as(page, "fg")
    assert page.locator(".home-panel, .panel, main").filter(has_text="Noodtoegang").count() >= 1
    page.goto("/dossiers/noodtoegang/")
    card = page.locator(".card", has_text=grant.reason)
    trail = card.locator("table.trail")
    assert "casus C-2026-0003" in trail.inner_text() and "raadplegen" in trail.inner_text()
    assert card.locator("input[type=radio]:checked").count() == 0  # no verdict preselected
    shot(page, "forms-04-beoordeling-met-spoor")
    card.locator("input[value=onterecht]").check()
    card.locator("button:has-text('Beoordeling vastleggen')").click()
    card = page.locator(".card", has_text=grant.reason)
    assert "Licht toe waarom de noodtoegang onterecht was." in card.inner_text()
    assert card.locator("input[value=onterecht]").is_checked()  # the choice is kept
    shot(page, "forms-05-onterecht-zonder-toelichting")
    grant.refresh_from_db()
    assert grant.review == BreakGlassAccess.Review.PENDING
    card.locator("textarea").fill("Geen spoed: de vaste consulent was bereikbaar.")
    card.locator("button:has-text('Beoordeling vastleggen')").click()
    assert "De beoordeling is vastgelegd" in page.content()
