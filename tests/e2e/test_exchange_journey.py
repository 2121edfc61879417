"""Browser journey of a share that travels: the youth case worker shares a document from the case
with the GP's user at a chain partner, who logs in with two factors, downloads it and answers with
a document of their own; the case worker sees the answer (also on the case page) and revokes; the
partner's open session is locked out at the next request. Screenshots in test-artifacts/."""

import pytest

from privacyregie.dossiers.models import Case
from privacyregie.exchange.models import Exchange
from privacyregie.exchange.tests.factories import PDF

from .conftest import ARTIFACTS


def _login_partner(gp):
    """The partner logs in with password and TOTP and, the first time, accepts the confidentiality statement."""
    from privacyregie.core.demo import DEMO_PASSWORD

    from .conftest import _fresh_code

    gp.goto("/account/inloggen/")
    gp.fill("#id_auth-username", "ketenpartner")
    gp.fill("#id_auth-password", DEMO_PASSWORD)
    gp.click("button[type=submit]:has-text('Volgende')")
    gp.fill("#id_token-otp_token", _fresh_code("ketenpartner"))
    gp.click("button[type=submit]:has-text('Bevestigen')")
    gp.wait_for_load_state()
    if "/extern/geheimhouding/" in gp.url:
        shot_name = "exchange-03a-geheimhouding"
        gp.screenshot(path=str(ARTIFACTS / f"{shot_name}.png"), full_page=True)
        gp.check("form.form input[type=checkbox]")
        gp.click("button[type=submit]:has-text('Accepteren')")
        gp.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_share_download_answer_revoke(page, browser, live_server, login_as, shot, tmp_path):
    case = Case.objects.get(reference="C-2026-0001")
    plan = tmp_path / "verwijzing-huisarts.pdf"
    plan.write_bytes(PDF)
    answer_file = tmp_path / "reactie-huisarts.txt"
    answer_file.write_text("Gezien op het spreekuur; verwijzing ontvangen.\n")

    # the case worker shares from the case page in a few clicks
    login_as(page, "consulent.jeugd")
    page.goto(f"/dossiers/casus/{case.uuid}/")
    page.click("a[href*='/uitwisseling/delen/']")
    page.select_option("#id_partner", label="Jeugdzorg Gooi")
    page.click("button:has-text('Verder')")
    page.check("label:has-text('Kees Dekker') input")
    page.check("input[name=data_categories][value=ondersteuning]")
    page.fill("#id_subject", "Verwijzing ter afstemming")
    page.fill("#id_text", "Bijgaand de verwijzing. Graag uw reactie.")
    page.set_input_files("#id_files", str(plan))
    shot(page, "exchange-01-delen")
    page.click("button:has-text('Controleren en delen')")
    page.wait_for_url("**/uitwisseling/*/")
    exchange = Exchange.objects.get(subject="Verwijzing ter afstemming")
    assert "Gedeeld met Jeugdzorg Gooi" in page.content()
    shot(page, "exchange-02-gedeeld")

    # the partner logs in with two factors in their own browser, downloads and answers
    partner_context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    gp = partner_context.new_page()
    gp.set_default_timeout(15000)
    _login_partner(gp)
    gp.goto("/uitwisseling/")
    shot(gp, "exchange-03-met-mij-gedeeld")
    gp.click("a:has-text('Verwijzing ter afstemming')")
    with gp.expect_download() as download:
        gp.click("a:has-text('verwijzing-huisarts.pdf')")
    assert download.value.suggested_filename == "verwijzing-huisarts.pdf"
    gp.fill("#id_text", "Ontvangen, wij nemen contact op met het gezin.")
    gp.set_input_files("#id_files", str(answer_file))
    gp.click("button:has-text('Versturen')")
    assert "Uw bericht is verstuurd" in gp.content()
    shot(gp, "exchange-04-antwoord-partner")

    # the case worker sees the answer on the case page and the exchange page, and revokes
    page.goto(f"/dossiers/casus/{case.uuid}/")
    assert page.locator("#exchanges-heading").inner_text().count("nieuw") == 1
    shot(page, "exchange-05-casus-nieuw-antwoord")
    page.goto(f"/uitwisseling/{exchange.uuid}/")
    assert "wij nemen contact op met het gezin" in page.content()
    assert "reactie-huisarts.txt" in page.content()
    page.click("button:has-text('Intrekken')")
    assert "De uitwisseling is ingetrokken" in page.content()
    shot(page, "exchange-06-ingetrokken")

    # the partner's open session is locked out at once
    response = gp.goto(f"/uitwisseling/{exchange.uuid}/")
    assert response.status == 403
    assert "ingetrokken" in gp.content()
    shot(gp, "exchange-07-partner-buitengesloten")
    gp.goto("/uitwisseling/")
    assert "Verwijzing ter afstemming" not in gp.content()
    partner_context.close()
