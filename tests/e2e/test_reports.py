"""Browser checks for issue 11 §6 and §8: the log search by BSN states its purpose, the resident's
overview needs their name, edit pages and the admin speak Dutch in the product's look."""

import pytest

from privacyregie.core.models import Team
from privacyregie.register.models import SystemLink


@pytest.mark.django_db(transaction=True)
def test_functional_admin_sees_dutch_styled_admin_and_named_links(page, login_as, shot):
    login_as(page, "beheerder")
    link = SystemLink.objects.filter(organisation__slug="bel").select_related("source", "target").first()
    page.goto(f"/register/bewerken/koppeling/{link.pk}/")
    heading = page.locator("h1").inner_text()
    assert "object (" not in heading and link.source.name in heading and link.target.name in heading
    shot(page, "reports-01-koppeling-bewerken")

    team = Team.objects.get(organisation__slug="bel", name="Jeugdteam BEL")
    page.goto(f"/beheer/admin/core/team/{team.pk}/change/")
    assert page.locator("html").get_attribute("lang") == "nl"
    chooser = page.locator("#id_municipalities_add_all")
    chooser.wait_for()
    assert "Choose" not in page.locator(".selector").inner_text()
    assert "kiezen" in page.locator(".selector").inner_text()
    assert "Haren" not in page.locator("#content").inner_text()  # another organisation's municipality
    assert "Organisation" not in page.locator("#content").inner_text()  # every label Dutch
    header_bg = page.eval_on_selector("#header", "el => getComputedStyle(el).backgroundColor")
    assert header_bg == "rgb(21, 66, 115)"  # the product's dark blue, not Django's teal
    assert page.locator("#site-name").inner_text().startswith("Privacyregie")
    shot(page, "reports-02-beheer-team")


@pytest.mark.django_db(transaction=True)
def test_privacy_officer_states_purpose_of_bsn_search_and_names_the_resident(page, login_as, shot):
    from privacyregie.dossiers.models import Case

    bsn = Case.objects.get(organisation__slug="bel", reference="C-2026-0001").subject_bsns()[0]
    login_as(page, "fg")
    page.goto("/privacy/verwerkingslogboek/")
    page.fill("#id_bsn", bsn)
    page.click("button:has-text('Filteren')")
    assert "Geef aan met welk doel u op dit BSN zoekt." in page.content()
    shot(page, "reports-03-logboek-doel-verplicht")
    page.select_option("#id_purpose", "onderzoek_incident")
    page.click("button:has-text('Filteren')")
    assert "Geef aan met welk doel" not in page.content()
    assert "Onderzoek naar een incident" in page.content()
    shot(page, "reports-04-logboek-met-doel")

    page.goto(f"/privacy/wie-heeft-geraadpleegd/?bsn={bsn}")
    page.click("a:has-text('Exporteer als PDF')")
    assert "Vul de naam of het kenmerk van de inwoner in" in page.content()
    page.fill("#id_reference", "J. de Boer")
    page.click("button:has-text('Opzoeken')")
    with page.expect_download() as download:
        page.click("a:has-text('Exporteer als PDF')")
    assert download.value.suggested_filename.endswith(".pdf")
    shot(page, "reports-05-inzageoverzicht")


@pytest.mark.django_db(transaction=True)
def test_landscape_fits_the_page_zooms_and_pans_without_csp_errors(browser, live_server, demo_world, login_as, shot):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login_as(page, "informatiemanager")
    page.goto("/register/landschap/")
    svg = page.locator("svg.landscape__svg")
    svg.wait_for()
    assert page.locator("object").count() == 0
    box, viewport = svg.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for node in page.locator("svg.landscape__svg g.node").all():  # every application is inside the picture
        node_box = node.bounding_box()
        assert node_box["x"] + node_box["width"] <= box["x"] + box["width"] + 1
    shot(page, "reports-06-landschap-passend")

    before = svg.get_attribute("viewBox")
    page.get_by_role("button", name="Inzoomen").focus()
    page.keyboard.press("Enter")
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != before and float(zoomed.split()[2]) < float(before.split()[2])
    page.locator(".landscape__viewport").focus()
    page.keyboard.press("ArrowRight")
    assert float(svg.get_attribute("viewBox").split()[0]) > float(zoomed.split()[0])
    shot(page, "reports-07-landschap-ingezoomd")
    page.get_by_role("button", name="Passend maken").click()
    assert svg.get_attribute("viewBox") == before

    page.locator("svg.landscape__svg g.node a").first.click()
    assert "#app-" in page.url
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    context.close()
