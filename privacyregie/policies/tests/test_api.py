"""The API: documents, versions, reviews and norm links with the rules of the pages; a DMS pushes a version."""

import base64

import pytest
from rest_framework.test import APIClient

from privacyregie.compliance.models import Framework
from privacyregie.core.models import Application
from privacyregie.policies.demo import pdf_bytes
from privacyregie.policies.models import VersionStatus

RK_URN = "urn:privacyregie:risk:framework:rekenkamer-privacy-sociaal-domein"


@pytest.fixture
def dms(org):
    app = Application(organisation=org, name="Zaak- en documentsysteem", scopes=["policies.view", "policies.edit"])
    token = app.issue_secret()
    app.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _version(**extra):
    return {"file_name": "privacybeleid-2026.pdf", "content": base64.b64encode(pdf_bytes("Privacybeleid")).decode(),
            "summary": "Herzien voor de AVG.", **extra}


def test_a_dms_pushes_a_new_adopted_version(dms, adopted):
    url = f"/api/v1/beleidsdocumenten/{adopted.uuid}/versies"
    response = dms.post(url, _version(adopted_by="college", adopted_on="2026-06-01", decision_reference="B-2"),
                        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["status"], body["source"]) == (2, "geldend", "applicatie:Zaak- en documentsysteem")
    versions = dms.get(url).json()
    assert [(v["number"], v["status"]) for v in versions] == [(2, "geldend"), (1, "vervangen")]
    document = dms.get(f"/api/v1/beleidsdocumenten/{adopted.uuid}").json()
    assert document["state"] == "current" and document["version_in_force"]["adopted_on"] == "2026-06-01"


def test_bad_input_through_the_api_changes_nothing(dms, adopted):
    url = f"/api/v1/beleidsdocumenten/{adopted.uuid}/versies"
    cases = [
        (_version(file_name="foto.png"), "niet toegestaan"),
        (_version(adopted_by="directie", adopted_on="2026-06-01", decision_reference="D-1"), "Directie mag"),
        (_version(adopted_by="college", adopted_on="2026-06-01", decision_reference="B-1"), "Met besluit B-1"),
        (_version(adopted_by="college", adopted_on="2026-06-01", decision_reference="B-3",
                  next_review_date="2026-01-01"), "vóór de datum van vaststelling"),
        ({**_version(), "content": "***"}, "base64"),
    ]
    for payload, message in cases:
        response = dms.post(url, payload, format="json")
        assert response.status_code == 400 and message in response.content.decode(), response.content
    assert adopted.versions.count() == 1 and adopted.versions.get().status == VersionStatus.IN_FORCE


def test_reviews_and_withdrawal_confirmation_through_the_api(dms, adopted):
    url = f"/api/v1/beleidsdocumenten/{adopted.uuid}/herbeoordelingen"
    response = dms.post(url, {"outcome": "ingetrokken", "decided_on": "2026-06-01", "decided_by": "College"},
                        format="json")
    assert response.status_code == 400 and "zonder opvolger" in response.content.decode()
    response = dms.post(url, {"outcome": "actueel", "decided_on": "2026-06-01", "decided_by": "College"},
                        format="json")
    assert response.status_code == 201 and response.json()["next_review_date"] == "2028-06-01"
    assert [r["outcome"] for r in dms.get(url).json()] == ["actueel"]


def test_norm_links_through_the_api(dms, adopted):
    requirement = Framework.objects.get(organisation=None, urn=RK_URN).requirements.get(ref_id="1")
    url = f"/api/v1/beleidsdocumenten/{adopted.uuid}/normen"
    assert dms.post(url, {"requirement": requirement.pk}, format="json").status_code == 201
    assert [link["ref_id"] for link in dms.get(url).json()] == ["1"]
    assert dms.post(url, {"requirement": 2_000_000_000}, format="json").status_code == 400


def test_documents_are_created_and_scoped_to_the_organisation(dms, org, owner):
    response = dms.post("/api/v1/beleidsdocumenten", {"title": "Gedragscode", "kind": "gedragscode",
                                                      "owner": owner.username, "adopting_body": "raad"}, format="json")
    assert response.status_code == 400 and "Gemeenteraad mag" in response.content.decode()
    response = dms.post("/api/v1/beleidsdocumenten", {"title": "Gedragscode", "kind": "gedragscode",
                                                      "owner": owner.username, "adopting_body": "directie"},
                        format="json")
    assert response.status_code == 201 and response.json()["state"] == "never_adopted"
    titles = [d["title"] for d in dms.get("/api/v1/beleidsdocumenten").json()["results"]]
    assert titles == ["Gedragscode"]  # not another organisation's documents


def test_a_reader_cannot_change(org, adopted):
    app = Application(organisation=org, name="Rapportage", scopes=["policies.view"])
    token = app.issue_secret()
    app.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/v1/beleidsdocumenten/{adopted.uuid}/versies").status_code == 200
    response = client.post(f"/api/v1/beleidsdocumenten/{adopted.uuid}/versies", _version(), format="json")
    assert response.status_code == 403
    assert adopted.versions.count() == 1


def _revised(**extra):
    return {"outcome": "herzien", "decided_on": "2026-06-01", "decided_by": "College", "note": "Aangepast aan de AVG.",
            "adopted_by": "college", "decision_reference": "B-7",
            "file_name": "privacybeleid-2026.pdf", "content": base64.b64encode(pdf_bytes("Privacybeleid")).decode(),
            **extra}


def test_a_revised_review_through_the_api_adopts_the_new_version(dms, adopted):
    url = f"/api/v1/beleidsdocumenten/{adopted.uuid}/herbeoordelingen"
    response = dms.post(url, _revised(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome"] == "herzien" and body["new_version"]
    new = adopted.versions.get(uuid=body["new_version"])
    assert (new.number, new.status, new.adopted_by, str(new.adopted_on), new.decision_reference) == (
        2, VersionStatus.IN_FORCE, "college", "2026-06-01", "B-7")
    assert new.summary == "Aangepast aan de AVG."
    assert adopted.versions.get(number=1).status == VersionStatus.SUPERSEDED


def test_a_revised_review_as_multipart(dms, adopted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = {k: v for k, v in _revised(summary="Nieuwe versie.").items() if k not in ("file_name", "content")}
    payload["file"] = SimpleUploadedFile("beleid.pdf", pdf_bytes("Privacybeleid"), content_type="application/pdf")
    response = dms.post(f"/api/v1/beleidsdocumenten/{adopted.uuid}/herbeoordelingen", payload, format="multipart")
    assert response.status_code == 201, response.content
    assert adopted.versions.get(status=VersionStatus.IN_FORCE).summary == "Nieuwe versie."


def test_bad_revised_reviews_change_nothing(dms, adopted):
    url = f"/api/v1/beleidsdocumenten/{adopted.uuid}/herbeoordelingen"
    cases = [
        ({k: v for k, v in _revised().items() if k != "content"}, "geef file_name en content"),
        (_revised(content="***"), "base64"),
        (_revised(file_name="foto.png"), "niet toegestaan"),
        (_revised(adopted_by="directie"), "Directie mag"),
        (_revised(outcome="actueel"), "alleen bij de uitkomst"),
    ]
    for payload, message in cases:
        response = dms.post(url, payload, format="json")
        assert response.status_code == 400 and message in response.content.decode(), (message, response.content)
    assert adopted.versions.count() == 1 and adopted.versions.get().status == VersionStatus.IN_FORCE
    assert not adopted.reviews.exists()
