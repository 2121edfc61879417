"""Browser journey: a case worker logs in, is asked to acknowledge the new version of the code of conduct,
does so and lands on the start page; "Mijn trainingen en verklaringen" then shows it (R23, issue 14)."""

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_case_worker_acknowledges_a_new_code_of_conduct_on_login(page, login_as, shot):
    login_as(page, "consulent.jeugd", accept_conduct=False)
    page.wait_for_url("**/mensen/gedragscode/**")
    expect(page.get_by_role("heading", name="Gedragscode")).to_be_visible()
    expect(page.get_by_text("Versie 2, geldig vanaf")).to_be_visible()
    expect(page.get_by_text("Er is een nieuwe versie van de gedragscode")).to_be_visible()
    shot(page, "conduct-01-nieuwe-versie-na-inloggen")

    page.click("#conduct-form button[type=submit]")  # without agreeing: asked again, nothing recorded
    expect(page.locator(".field--error")).to_be_visible()
    shot(page, "conduct-02-niet-aangevinkt")

    page.check("#conduct-form input[type=checkbox]")
    page.click("#conduct-form button[type=submit]")
    page.wait_for_url("**/start/")
    expect(page.get_by_text("U heeft de gedragscode bevestigd.")).to_be_visible()
    shot(page, "conduct-03-startpagina")

    page.goto("/mensen/mijn/")
    expect(page.get_by_role("heading", name="Mijn trainingen en verklaringen")).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Gedragscode"))
    expect(row.get_by_text("versie 2")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "conduct-04-mijn-trainingen-390px")
