"""Browser journey: a case worker reports a breach (also on a phone), the privacy officer triages it,
sees the live 72-hour countdown and downloads the AP notification draft."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.mark.django_db(transaction=True)
def test_report_triage_countdown_and_ap_draft(page, login_as, shot):
    # 1. case worker reports, on a phone-sized screen
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, "consulent.jeugd")
    page.goto("/incidenten/melden/")
    shot(page, "incidents-01-meldformulier-telefoon")
    page.select_option("#id_type", "datalek")
    page.fill("#id_title", "Brief met zorgplan naar verkeerd adres")
    page.fill("#id_description", "Een brief met het zorgplan van een jeugdige is naar het oude adres gestuurd.")
    discovered = timezone.localtime() - timedelta(hours=2)
    page.fill("#id_discovered_at", discovered.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_data_involved", "Naam, adres, zorgplan")
    page.check("input[name=visibility][value=vertrouwelijk]")
    page.click("button:has-text('Melding versturen')")
    receipt = page.locator(".receipt-number").inner_text()
    assert receipt.startswith("M")
    shot(page, "incidents-02-ontvangstbewijs")
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")

    # 2. privacy officer triages on a desktop
    page.set_viewport_size({"width": 1366, "height": 900})
    login_as(page, "fg")
    assert "Open datalekken: termijn AP" in page.content()
    page.goto("/incidenten/")
    page.click(f"a:has-text('{receipt}')")
    assert "Jasmijn" in page.content()  # confidential: the name is shown to the privacy officer
    page.check("input[name=is_breach][value=ja]")
    page.fill("#id_reasoning", "Bevestigd: gezondheidsgegevens van een kind bij een onbevoegde.")
    page.click("button:has-text('Beoordeling opslaan')")
    countdown = page.locator(".breach-clock .countdown")
    first = countdown.inner_text()
    # the live countdown reads like the server's text everywhere: "69 u 59 min", about 70 hours left
    assert re.fullmatch(r"(69|70) u \d{2} min", first), first
    assert countdown.get_attribute("data-deadline")
    shot(page, "incidents-03-beoordeeld-met-aftelklok")

    # 3. risk assessment and decision
    page.click("a:has-text('Risicobeoordeling')")
    page.check("input[name=natures][value=vertrouwelijkheid]")
    page.check("input[name=data_categories][value=naw]")
    page.check("input[name=data_categories][value=gezondheid]")
    page.fill("#id_affected_min", "1")
    page.fill("#id_affected_max", "3")
    page.check("#id_vulnerable_groups")
    page.select_option("#id_decided_risk", "hoog")
    page.fill("#id_decision_reasoning", "Gezondheidsgegevens van een kind: hoog risico.")
    page.click("button:has-text('Opslaan en voorstel berekenen')")
    assert "Voorstel: Hoog risico" in page.content()
    shot(page, "incidents-04-risicobeoordeling")

    # 4. the AP draft, downloaded as PDF
    page.goto(page.url.replace("/risico/", "/ap-melding/"))
    assert "1. Contactgegevens" in page.content() and "9. Vervolgmelding" in page.content()
    shot(page, "incidents-05-ap-concept")
    # no PDF without a saved contact person: the download is part of saving (issue 11, section 4)
    assert page.locator("a:has-text('Concept downloaden (PDF)')").count() == 0
    assert page.locator("#id_submitted_at").input_value()[:10] == timezone.localtime().strftime("%Y-%m-%d")
    page.fill("#id_contact_function", "Privacy officer")
    with page.expect_download() as download_info:
        page.click("button:has-text('Opslaan en concept downloaden (PDF)')")
    download = download_info.value
    assert download.suggested_filename == f"ap-melding-{receipt}.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    page.reload()
    assert page.locator("a:has-text('Concept downloaden (PDF)')").count() == 1

    # 5. the dashboard shows the running clock
    page.goto("/incidenten/")
    assert receipt in page.locator(".breach-clocks").inner_text()
    shot(page, "incidents-06-dashboard")

    # 6. the breach register and the statistics (demo history over the last quarters)
    page.click("a:has-text('Register van datalekken') >> nth=0")
    assert "M-DEMO-03" in page.content()
    shot(page, "incidents-09-register")
    page.goto("/incidenten/statistieken/")
    shot(page, "incidents-10-statistieken")


@pytest.mark.django_db(transaction=True)
def test_anonymous_report_and_follow_up(page, login_as, shot):
    login_as(page, "consulent.wmo")
    page.goto("/incidenten/melden/")
    page.select_option("#id_type", "bijna_incident")
    page.fill("#id_title", "Bijna verkeerde bijlage")
    page.fill("#id_description", "Op tijd gezien dat de verkeerde bijlage klaarstond.")
    page.fill("#id_discovered_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=visibility][value=anoniem]")
    page.click("button:has-text('Melding versturen')")
    receipt = page.locator(".receipt-number").inner_text()
    code = page.locator(".follow-up-code").inner_text()
    shot(page, "incidents-07-anoniem-ontvangst")
    page.goto("/incidenten/volgen/")
    page.fill("#id_receipt_number", receipt)
    page.fill("#id_code", "FOUT-FOUT-FOUT-FOUT")
    page.click("button:has-text('Status bekijken')")
    assert "niet bekend" in page.content()
    page.fill("#id_receipt_number", receipt)
    page.fill("#id_code", code)
    page.click("button:has-text('Status bekijken')")
    assert "Gemeld, wacht op beoordeling" in page.content()
    shot(page, "incidents-08-anoniem-volgen")
