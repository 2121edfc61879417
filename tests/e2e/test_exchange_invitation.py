"""Browser journey of a share with someone who has no account yet: the youth case worker shares a
document with an e-mail address at a chain partner; the invitee follows the link, confirms the
address with the e-mailed code, chooses a name and password, sets up the authenticator app (TOTP),
accepts the confidentiality statement, downloads the document and answers; the case worker revokes
and the invitee's open session is locked out. Screenshots in test-artifacts/."""

import re
from base64 import b32decode

import pytest
from django.core import mail

from privacyregie.core.tests.utils import totp_code
from privacyregie.dossiers.models import Case
from privacyregie.exchange.models import Exchange
from privacyregie.exchange.tests.factories import PDF

INVITEE = "jeugdarts@jeugdzorggooi.example"
PASSWORD = "Zomer-wolk-Brug-2026!"


def _last_mail_to(address: str) -> str:
    for message in reversed(mail.outbox):
        if address in message.to:
            return message.body
    raise AssertionError(f"no mail to {address}")


@pytest.mark.django_db(transaction=True)
def test_invited_partner_sets_up_two_factors_downloads_and_answers(page, browser, live_server, login_as, shot,
                                                                  tmp_path):
    case = Case.objects.get(reference="C-2026-0001")
    letter = tmp_path / "verwijzing.pdf"
    letter.write_bytes(PDF)

    # the case worker shares with an e-mail address: the invitation carries only a link
    login_as(page, "consulent.jeugd")
    page.goto(f"/dossiers/casus/{case.uuid}/")
    page.click("a[href*='/uitwisseling/delen/']")
    page.select_option("#id_partner", label="Jeugdzorg Gooi")
    page.click("button:has-text('Verder')")
    page.fill("#id_invite_email", INVITEE)
    page.check("input[name=data_categories][value=ondersteuning]")
    page.fill("#id_subject", "Afstemming jeugdarts")
    page.fill("#id_text", "Graag uw advies over de verwijzing.")
    page.set_input_files("#id_files", str(letter))
    page.click("button:has-text('Controleren en delen')")
    page.wait_for_url("**/uitwisseling/*/")
    exchange = Exchange.objects.get(subject="Afstemming jeugdarts")
    body = _last_mail_to(INVITEE)
    assert "Afstemming" not in body and case.reference not in body  # no case information in the mail
    link = re.search(r"(/extern/uitnodiging/[A-Za-z0-9_-]+/)", body).group(1)

    # the invitee: link, e-mailed code, name and password
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    invitee = context.new_page()
    invitee.set_default_timeout(15000)
    invitee.goto(link)
    invitee.wait_for_url("**/extern/welkom/")
    shot(invitee, "invite-01-welkom")
    invitee.click("button:has-text('Stuur mij een code')")
    code = re.search(r"\b(\d{6})\b", _last_mail_to(INVITEE)).group(1)
    invitee.fill("#id_code", code)
    invitee.click("button:has-text('Bevestigen')")
    invitee.fill("#id_first_name", "Anna")
    invitee.fill("#id_last_name", "de Jeugdarts")
    invitee.fill("#id_password1", PASSWORD)
    invitee.fill("#id_password2", PASSWORD)
    shot(invitee, "invite-02-account")
    invitee.click("button:has-text('Account aanmaken')")

    # the second factor: the authenticator app's key, then its current code
    invitee.wait_for_url("**/account/tweede-factor/**")
    invitee.click("button[type=submit]:has-text('Volgende')")
    secret = invitee.locator("code.secret").inner_text().replace(" ", "")
    shot(invitee, "invite-03-tweede-factor")
    key_hex = b32decode(secret + "=" * (-len(secret) % 8)).hex()
    invitee.fill("input[name='generator-token']", totp_code(key_hex))
    invitee.click("button[type=submit]:has-text('Bevestigen')")
    # wait until the enrolment has been accepted (the next page), so that the POST is not cut short
    invitee.wait_for_url(lambda url: "/tweede-factor/instellen/" not in url)

    # the confidentiality statement comes before any shared data
    invitee.goto("/")
    assert "/extern/geheimhouding/" in invitee.url
    shot(invitee, "invite-04-geheimhouding")
    invitee.check("form.form input[type=checkbox]")
    invitee.click("button[type=submit]:has-text('Accepteren')")
    invitee.wait_for_load_state()

    invitee.goto("/uitwisseling/")
    invitee.click("a:has-text('Afstemming jeugdarts')")
    with invitee.expect_download() as download:
        invitee.click("a:has-text('verwijzing.pdf')")
    assert download.value.suggested_filename == "verwijzing.pdf"
    invitee.fill("#id_text", "Advies: start met opvoedondersteuning.")
    invitee.click("button:has-text('Versturen')")
    assert "Uw bericht is verstuurd" in invitee.content()
    shot(invitee, "invite-05-antwoord")

    # the case worker revokes; the invitee's open session is locked out at once
    page.goto(f"/uitwisseling/{exchange.uuid}/")
    assert "start met opvoedondersteuning" in page.content()
    page.click("button:has-text('Intrekken')")
    response = invitee.goto(f"/uitwisseling/{exchange.uuid}/")
    assert response.status in (302, 403) or "/account/inloggen/" in invitee.url
    assert "start met opvoedondersteuning" not in invitee.content()
    shot(invitee, "invite-06-buitengesloten")
    context.close()
