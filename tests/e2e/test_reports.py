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
