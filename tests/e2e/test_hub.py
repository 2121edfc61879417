"""Browser journey of the processing-log hub: the privacy officer sees the connected application with its volume,
flagged spans and refusals, and "who consulted this resident" answers for every connected system at once."""

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_privacy_officer_sees_connected_systems_and_one_answer_across_them(page, login_as, shot):
    from privacyregie.dossiers.models import Resident
    from privacyregie.hub.demo import APPLICATION, SERVICE

    resident = Resident.objects.filter(organisation__slug="bel").order_by("pk").first()
    login_as(page, "fg")
    page.goto("/logboekhub/")
    expect(page.locator(f"text={APPLICATION}").first).to_be_visible()
    shot(page, "hub-01-aangesloten-applicaties")
    page.goto(f"/privacy/wie-heeft-geraadpleegd/?bsn={resident.bsn}")
    page.wait_for_selector("table")
    assert SERVICE in page.content() or APPLICATION in page.content()
    shot(page, "hub-02-wie-heeft-geraadpleegd-alle-systemen")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/logboekhub/")
    shot(page, "hub-03-aangesloten-applicaties-telefoon")
