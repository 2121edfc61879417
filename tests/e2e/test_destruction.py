"""Browser journey (issue 13 §7): the archivist draws up a destruction list of what has passed its term, the
privacy officer and the information manager approve it (two people, neither the one who drew it up), the
information manager executes it, and the certificate of destruction is downloaded."""

from datetime import date

import pytest


def _expired_case():
    from privacyregie.core.models import Organisation, Team
    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.dossiers.models import Case, CaseResident, Resident
    from privacyregie.retention.destruction_demo import _result
    from privacyregie.retention.models import CaseOutcome, CaseRetention

    bel = Organisation.objects.get(slug="bel")
    case = Case.objects.create(organisation=bel, reference="C-2013-0201", title="Traplift Smits", domain="wmo",
                               team=Team.objects.get(organisation=bel, name="Wmo-team BEL"),
                               processing_activity="Wmo-maatwerkvoorziening", status=Case.Status.CLOSED)
    resident = Resident.objects.create(organisation=bel, bsn=demo_bsn(60), first_name="Piet", last_name="Smits")
    CaseResident.objects.create(case=case, resident=resident)
    CaseRetention.objects.create(case=case, outcome=CaseOutcome.GRANTED, result=_result(),
                                 term_starts_on=date(2013, 6, 1))
    return case


def _logout(page):
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")


@pytest.mark.django_db(transaction=True)
def test_destruction_list_approved_by_two_and_executed_with_certificate(page, login_as, shot):
    from privacyregie.dossiers.models import Case

    case = _expired_case()

    # 1. the archivist sees what has passed its term and draws up the list
    login_as(page, "archivaris")
    assert "Vernietigen" in page.content()
    page.goto("/bewaren/vernietiging/")
    assert "C-2013-0201" in page.content()
    shot(page, "destruction-01-termijn-verstreken")
    page.click("button:has-text('Vernietigingslijst opstellen')")
    page.wait_for_url("**/bewaren/vernietiging/*/")
    list_url = page.url
    assert "C-2013-0201" in page.content() and "Goedkeuren" not in page.content()  # not one's own list
    shot(page, "destruction-02-lijst-opgesteld")
    _logout(page)

    # 2. the privacy officer approves
    login_as(page, "fg")
    assert "Wachten op uw goedkeuring" in page.content()
    page.goto(list_url)
    page.click("button:has-text('Goedkeuren')")
    assert "De tweede goedkeuring volgt nog" in page.content()
    _logout(page)

    # 3. the information manager approves as archivist and executes
    login_as(page, "informatiemanager")
    page.goto(list_url)
    page.click("button:has-text('Goedkeuren')")
    assert "door beide functies goedgekeurd" in page.content()
    shot(page, "destruction-03-twee-goedkeuringen")
    page.check("#id_confirm")
    page.get_by_role("button", name="Vernietigen", exact=True).click()
    assert "is uitgevoerd" in page.content()
    shot(page, "destruction-04-uitgevoerd")
    link = page.locator("a:has-text('Verklaring van vernietiging')")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert not Case.objects.filter(pk=case.pk).exists()

    # the list on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(list_url)
    shot(page, "destruction-05-telefoon")
