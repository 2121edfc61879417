"""The API: report (staff, chain partner), my reports, list / categorise / close as privacy officer."""

from django.urls import reverse

from privacyregie.protocol.models import Bottleneck

from .factories import TEXT, bottleneck

JSON = "application/json"


def test_a_case_worker_reports_through_the_api(client, login, worker, partner):
    login(worker)
    response = client.post(reverse("api:bottleneck-list"), {"kind": "ging_mis", "process": "Intake",
                                                             "partner": partner.pk, "description": TEXT},
                           content_type=JSON)
    assert response.status_code == 201, response.content
    found = Bottleneck.objects.get(uuid=response.json()["id"])
    assert (found.reported_by, found.partner) == (worker, partner)
    mine = client.get(reverse("api:bottleneck-mine")).json()
    assert [row["number"] for row in mine["results"]] == [found.number]


def test_the_api_refuses_a_bsn_and_asks_to_confirm_special_words(client, login, worker):
    login(worker)
    url = reverse("api:bottleneck-list")
    refused = client.post(url, {"kind": "onduidelijk", "process": "Overleg",
                                "description": "Het dossier met BSN 111222333 kwam niet aan bij de partner."},
                          content_type=JSON)
    assert refused.status_code == 400
    special = {"kind": "onduidelijk", "process": "Overleg",
               "description": "Onduidelijk of een verslaving in het verslag van het overleg mag."}
    assert client.post(url, special, content_type=JSON).status_code == 400
    assert client.post(url, {**special, "confirmed": True}, content_type=JSON).status_code == 201
    assert Bottleneck.objects.filter(organisation=worker.organisation).count() == 1


def test_an_unknown_partner_is_refused(client, login, worker):
    login(worker)
    response = client.post(reverse("api:bottleneck-list"), {"kind": "ging_mis", "process": "Intake",
                                                             "partner": 999999, "description": TEXT},
                           content_type=JSON)
    assert response.status_code == 400


def test_a_chain_partner_reports_for_its_own_organisation(client, login, partner_user, partner):
    login(partner_user)
    response = client.post(reverse("api:bottleneck-list"), {"kind": "onduidelijk", "process": "Verslag",
                                                             "description": TEXT}, content_type=JSON)
    assert response.status_code == 201
    assert Bottleneck.objects.get(uuid=response.json()["id"]).partner == partner


def test_the_privacy_officer_lists_categorises_and_closes(client, login, worker, officer):
    found = bottleneck(worker)
    login(officer)
    listed = client.get(reverse("api:bottleneck-list")).json()
    assert [row["number"] for row in listed["results"]] == [found.number]
    assert "reported_by" not in listed["results"][0]
    url = reverse("api:bottleneck-detail", kwargs={"uuid": found.uuid})
    response = client.patch(url, {"themes": ["Rollen en autorisaties", "Nieuw thema"], "assessment_note": "Ja"},
                            content_type=JSON)
    assert response.status_code == 200, response.content
    assert sorted(response.json()["themes"]) == ["Nieuw thema", "Rollen en autorisaties"]
    assert response.json()["status"] == "in_behandeling"
    closed = client.post(reverse("api:bottleneck-close", kwargs={"uuid": found.uuid}), {"resolution": "Aangepast"},
                         content_type=JSON)
    assert closed.status_code == 200 and closed.json()["status"] == "afgehandeld"


def test_a_case_worker_cannot_list_or_categorise(client, login, worker):
    found = bottleneck(worker)
    login(worker)
    assert client.get(reverse("api:bottleneck-list")).status_code == 403
    url = reverse("api:bottleneck-detail", kwargs={"uuid": found.uuid})
    assert client.patch(url, {"themes": ["x"]}, content_type=JSON).status_code == 403
