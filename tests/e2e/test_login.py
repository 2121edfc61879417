"""Browser journey: log in with password + TOTP as two different roles; see the role's start page."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_two_roles_log_in_with_two_factors(page, login_as, shot):
    page.goto("/")
    assert "Inloggen bij Privacyregie" in page.content()
    shot(page, "01-login")

    login_as(page, "consulent.jeugd")
    assert page.locator("h1").inner_text().startswith("Welkom")
    assert "Consulent" in page.content()
    shot(page, "02-start-consulent")
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")

    login_as(page, "fg")
    assert "Privacy officer" in page.content()
    page.goto("/beheer/rollen/")
    assert "Rollen en bevoegdheden" in page.content()
    shot(page, "03-rollen-fg")


@pytest.mark.django_db(transaction=True)
def test_wrong_code_shows_clear_message(page, shot):
    from privacyregie.core.demo import DEMO_PASSWORD

    page.goto("/account/inloggen/")
    page.fill("#id_auth-username", "ciso")
    page.fill("#id_auth-password", DEMO_PASSWORD)
    page.click("button:has-text('Volgende')")
    page.fill("#id_token-otp_token", "000000")
    page.click("button:has-text('Bevestigen')")
    assert page.locator(".error, .alert--error").count() > 0
    shot(page, "04-verkeerde-code")
