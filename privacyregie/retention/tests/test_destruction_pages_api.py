"""The pages and the API of destruction follow the same rules: a legal hold placed on a page stops the case,
an unknown case number gets one neutral message, and the API draws up, approves and executes a list."""

from django.urls import reverse

from privacyregie.retention.models import DestructionCertificate, LegalHold

from . import destruction_world

dworld = destruction_world.dworld  # the fixture


def test_a_hold_placed_on_the_page_holds_the_case(dworld, client, login):
    w = dworld
    login(w.officer)
    url = reverse("retention:destruction_holds")
    response = client.post(url, {"case_reference": "X-0000-0000", "reason": "rechtszaak"}, follow=True)
    assert "Geen zaak of inwoner gevonden" in response.content.decode()
    assert not LegalHold.objects.filter(organisation=w.org).exists()
    response = client.post(url, {"case_reference": w.case.reference, "reason": "rechtszaak"}, follow=True)
    assert "De bewaarplicht is vastgelegd" in response.content.decode()
    hold = LegalHold.objects.get(case=w.case)
    assert hold.reason == "rechtszaak"
    response = client.get(reverse("retention:destruction_list"))
    assert w.case.reference in response.content.decode()  # due, but it will be excluded
    client.post(reverse("retention:destruction_draw_up"))
    from privacyregie.retention.models import DestructionItem

    assert DestructionItem.objects.get(case=w.case).excluded_reason == "rechtszaak"
    client.post(reverse("retention:destruction_hold_lift", kwargs={"uuid": hold.uuid}))
    hold.refresh_from_db()
    assert hold.lifted_at is not None


def test_the_api_draws_up_approves_and_executes(dworld, client, login):
    w = dworld
    login(w.manager)
    created = client.post("/api/v1/vernietigingslijsten", {}, content_type="application/json")
    assert created.status_code == 201, created.content
    proposal = created.json()
    assert proposal["items"][0]["case_reference"] == w.case.reference
    assert proposal["items"][0]["term"] == "1 jaar"
    detail = f"/api/v1/vernietigingslijsten/{proposal['id']}"
    own = client.post(f"{detail}/goedkeuren", {}, content_type="application/json")
    assert own.status_code == 400 and "zelf opgesteld" in own.content.decode()
    for approver in (w.officer, w.both):
        login(approver)
        assert client.post(f"{detail}/goedkeuren", {}, content_type="application/json").status_code == 200
    login(w.manager)
    refused = client.post(f"{detail}/uitvoeren", {"confirm": False}, content_type="application/json")
    assert refused.status_code == 400
    done = client.post(f"{detail}/uitvoeren", {"confirm": True}, content_type="application/json")
    assert done.status_code == 200, done.content
    certificate = DestructionCertificate.objects.get(uuid=done.json()["id"])
    pdf = client.get(f"/api/v1/verklaringen-van-vernietiging/{certificate.uuid}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    again = client.post(f"{detail}/uitvoeren", {"confirm": True}, content_type="application/json")
    assert again.status_code == 400 and "al uitgevoerd" in again.content.decode()


def test_a_case_is_taken_off_a_list_on_its_page(dworld, client, login):
    from privacyregie.retention import destruction
    from privacyregie.retention.tests.destruction_world import FakeRequest

    w = dworld
    proposal = destruction.draw_up(FakeRequest(w.manager))
    login(w.manager)
    url = reverse("retention:destruction_exclude", kwargs={"uuid": proposal.uuid, "reference": w.case.reference})
    page = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "Geef de reden" in page
    page = client.post(url, {"reason": "nog nodig voor een bezwaar"}, follow=True).content.decode()
    assert "wordt niet vernietigd" in page and "nog nodig voor een bezwaar" in page
    assert proposal.items.get().excluded_reason == "nog nodig voor een bezwaar"


def test_a_list_is_rejected_on_its_page_and_through_the_api(dworld, client, login):
    from privacyregie.retention import destruction
    from privacyregie.retention.models import ProposalStatus
    from privacyregie.retention.tests.destruction_world import FakeRequest

    w = dworld
    proposal = destruction.draw_up(FakeRequest(w.manager))
    login(w.officer)
    detail = reverse("retention:destruction_detail", kwargs={"uuid": proposal.uuid})
    assert "Lijst afwijzen" in client.get(detail).content.decode()
    url = reverse("retention:destruction_reject", kwargs={"uuid": proposal.uuid})
    page = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "Geef de reden waarom u deze vernietigingslijst afwijst" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    page = client.post(url, {"reason": "termijn verkeerd berekend"}, follow=True).content.decode()
    assert "is afgewezen" in page and "termijn verkeerd berekend" in page and "Lijst afwijzen" not in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    api = f"/api/v1/vernietigingslijsten/{proposal.uuid}"
    login(w.both)
    assert client.post(f"{api}/goedkeuren", {}, content_type="application/json").status_code == 400
    again = client.post(f"{api}/afwijzen", {"reason": "nogmaals"}, content_type="application/json")
    assert again.status_code == 400 and "afgewezen" in again.content.decode()
    fresh = destruction.draw_up(FakeRequest(w.manager))
    assert client.post(f"/api/v1/vernietigingslijsten/{fresh.uuid}/afwijzen", {},
                       content_type="application/json").status_code == 400  # reason required
    done = client.post(f"/api/v1/vernietigingslijsten/{fresh.uuid}/afwijzen", {"reason": "nog in bezwaar"},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "afgewezen"
