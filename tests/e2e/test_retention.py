"""Browser journey: the information manager sees an activity's Selectielijst results in words on the register
page and changes one on the rules page; the Wmo case worker records a case's outcome on the case page (phone
width) and sees the result and the last day of its term."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_rules_and_case_outcome(page, login_as, shot, browser, live_server):
    from privacyregie.dossiers.models import Case
    from privacyregie.register.models import ProcessingActivity
    from privacyregie.retention.models import SelectionResult

    activity = ProcessingActivity.objects.get(organisation__slug="bel", name="Wmo-maatwerkvoorziening")
    login_as(page, "informatiemanager")
    page.goto(f"/register/activiteit/{activity.pk}/")
    assert "8.1.1 Verstrekt (WMO voorziening) — 15 jaar na afsluiting" in page.content()
    assert "P15Y" not in page.inner_text("main")
    shot(page, "retention-01-register-activiteit")
    page.click("text=Bewaarregels bekijken en wijzigen")
    page.select_option("#id_result_anders", str(SelectionResult.objects.get(full_number="8.3").pk))
    page.click("button:has-text('Bewaarregels opslaan')")
    assert "zijn opgeslagen" in page.content() and "8.3 Beëindigd — 10 jaar na afsluiting" in page.content()
    shot(page, "retention-02-bewaarregels")

    phone = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                viewport={"width": 390, "height": 844})
    worker = phone.new_page()
    login_as(worker, "consulent.wmo")
    case = Case.objects.get(reference="C-2026-0003")
    worker.goto(f"/dossiers/casus/{case.uuid}/")
    worker.select_option("#id_bewaren-outcome", "geweigerd")
    worker.fill("#id_bewaren-term_starts_on", case.opened_on.isoformat())
    worker.click("#bewaren button:has-text('Uitkomst vastleggen')")
    worker.wait_for_url("**#bewaren")
    text = worker.inner_text("#bewaren")
    assert "8.2 Geweigerd — 5 jaar na afsluiting" in text and "P5Y" not in text
    shot(worker, "retention-03-casus-uitkomst-390px")
    phone.close()
