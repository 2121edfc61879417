"""Browser journey of the one BSN rule: a case worker searching with a letter in the number is
told why, the written form with dots finds the resident; the privacy officer's "who consulted
this resident" accepts the same written form and refuses 8 digits with the same message."""

import pytest
from django.urls import reverse

from privacyregie.core.bsn import bsn_error
from privacyregie.dossiers.models import CaseResident


@pytest.mark.django_db(transaction=True)
def test_search_and_who_consulted_follow_one_bsn_rule(page, login_as, shot, browser, live_server):
    resident = CaseResident.objects.filter(case__reference="C-2026-0001").select_related("resident").first().resident
    dotted = f"{resident.bsn[:4]}.{resident.bsn[4:6]}.{resident.bsn[6:]}"
    login_as(page, "consulent.jeugd")

    page.goto("/dossiers/zoeken/")
    page.fill("#id_q", resident.bsn + "A")
    page.click("button:has-text('Zoeken')")
    error = page.locator("#id_q_error")
    assert error.inner_text() == bsn_error(resident.bsn + "A")
    assert page.locator("#id_q").get_attribute("aria-invalid") == "true"
    assert resident.last_name not in page.locator("main").inner_text()
    shot(page, "bsn-01-zoeken-letter-geweigerd")

    page.fill("#id_q", dotted)
    page.click("button:has-text('Zoeken')")
    assert resident.last_name in page.locator("main table").inner_text()
    shot(page, "bsn-02-zoeken-met-punten")

    officer = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1366, "height": 900})
    other = officer.new_page()
    login_as(other, "fg")
    other.goto(reverse("kernel:subject"))
    other.fill("#id_bsn", f" {resident.bsn[:3]} {resident.bsn[3:6]} {resident.bsn[6:]} ")
    other.click("button:has-text('Opzoeken')")
    assert "consulent.jeugd" in other.locator("main table").inner_text()
    shot(other, "bsn-03-wie-heeft-geraadpleegd-met-spaties")

    eight = "11222335"  # 011222335 passes the 11-test: still refused, never padded
    other.fill("#id_bsn", eight)
    other.click("button:has-text('Opzoeken')")
    assert bsn_error(eight) in other.locator("main").inner_text()
    assert other.locator("main table").count() == 0
    shot(other, "bsn-04-acht-cijfers-geweigerd")
    officer.close()
