"""Pages: my trainings with evidence, the team lead's overview and recording, attestations."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import TeamFactory, UserFactory
from privacyregie.people import services
from privacyregie.people.models import Completion, ConductCertificate, Oath

from .factories import CourseFactory, RequirementFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_employee_records_a_training_with_evidence_stored_encrypted(client, login, org, worker, team, settings):
    course = CourseFactory(organisation=org, name="Phishing herkennen")
    RequirementFactory(course=course, team=team)
    login(worker)
    response = client.post(reverse("people:mine"), {
        "course": course.pk, "completed_on": "2026-01-10",
        "evidence": SimpleUploadedFile("certificaat.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    completion = Completion.objects.get(user=worker)
    assert completion.source == "bewijs" and completion.evidence_name == "certificaat.pdf"
    from privacyregie.core.files import read_encrypted

    assert read_encrypted(completion.evidence_file) == PDF
    assert services.training_status(worker, datetime.date(2026, 2, 1)).complete
    download = client.get(reverse("people:evidence", args=[completion.uuid]))
    assert download.status_code == 200 and download.content == PDF


def test_evidence_of_the_wrong_type_is_refused_and_nothing_recorded(client, login, org, worker):
    course = CourseFactory(organisation=org)
    login(worker)
    response = client.post(reverse("people:mine"), {
        "course": course.pk, "completed_on": "2026-01-10",
        "evidence": SimpleUploadedFile("certificaat.exe", b"MZ\x90\x00", content_type="application/octet-stream")})
    assert response.status_code == 400 and "niet toegestaan" in response.content.decode()
    assert not Completion.objects.filter(user=worker).exists()


def test_the_team_lead_sees_and_records_only_their_own_team(client, login, org, worker, lead):
    other = UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[TeamFactory(organisation=org)],
                        first_name="Olga", last_name="Anderteam")
    course = CourseFactory(organisation=org)
    login(lead)
    page = client.get(reverse("people:team")).content.decode()
    assert worker.get_full_name() in page and "Anderteam" not in page
    response = client.post(reverse("people:record"), {"user": other.pk, "course": course.pk,
                                                      "completed_on": "2026-01-10"})
    assert response.status_code == 400 and not Completion.objects.filter(user=other).exists()
    response = client.post(reverse("people:record"), {"user": worker.pk, "course": course.pk,
                                                      "completed_on": "2026-01-10"})
    assert response.status_code == 302 and Completion.objects.get(user=worker).recorded_by == lead


def test_a_completion_in_the_future_is_refused(client, login, org, worker, officer):
    course = CourseFactory(organisation=org)
    login(officer)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("people:record"), {"user": worker.pk, "course": course.pk, "completed_on": future})
    assert response.status_code == 400 and "toekomst" in response.content.decode()


def test_the_privacy_officer_records_an_oath_and_a_vog_date(client, login, org, worker, officer):
    login(officer)
    response = client.post(reverse("people:attest"), {"user": worker.pk, "kind": "oath", "on": "2026-01-05"})
    assert response.status_code == 400 and "ten overstaan van" in response.content.decode()
    response = client.post(reverse("people:attest"), {"user": worker.pk, "kind": "oath", "on": "2026-01-05",
                                                      "oath_kind": "belofte", "witness": "De burgemeester"})
    assert response.status_code == 302
    assert Oath.objects.get(user=worker).witness == "De burgemeester"
    client.post(reverse("people:attest"), {"user": worker.pk, "kind": "vog", "on": "2025-12-01"})
    assert ConductCertificate.objects.get(user=worker).issued_on == datetime.date(2025, 12, 1)
    statuses = {a.key: a for a in services.attestation_status(worker)}
    assert statuses["oath"].given and statuses["vog"].given and not statuses["vog"].required


def test_an_external_user_shows_the_confidentiality_statement_of_external(org):
    from privacyregie.external.models import Acceptance, StatementVersion

    supplier = UserFactory(organisation=org, roles=[Role.SUPPLIER])
    statement = StatementVersion.objects.current()
    [item] = services.attestation_status(supplier)
    assert item.key == "confidentiality" and item.outstanding
    Acceptance.objects.create(user=supplier, version=statement)
    assert services.attestation_status(supplier)[0].given


def test_the_attestations_api_gives_ones_own_or_everyones(client, login, org, worker, officer):
    login(worker)
    data = client.get(reverse("api:people-attestations")).json()
    assert [row["gebruikersnaam"] for row in data] == [worker.username]
    assert {a["soort"] for a in data[0]["verklaringen"]} == {"code_of_conduct", "oath", "integrity", "vog"}
    login(officer)
    data = client.get(reverse("api:people-attestations")).json()
    assert {worker.username, officer.username} <= {row["gebruikersnaam"] for row in data}
    data = client.get(reverse("api:people-attestations") + f"?gebruiker={worker.username}").json()
    assert len(data) == 1 and data[0]["openstaand"] == 2  # oath and integrity (no code of conduct, no VOG)


def test_home_address_is_kept_as_a_key_and_never_shown_back(client, login, worker, org):
    from privacyregie.detection.address import address_key
    from privacyregie.people.models import HomeAddress

    login(worker)
    url = reverse("people:home_address")
    assert "nog niet vastgelegd" in client.get(url).content.decode()
    refused = client.post(url, {"postal_code": "12345", "house_number": "x"})
    assert refused.status_code == 400 and not HomeAddress.objects.exists()
    assert client.post(url, {"postal_code": "1261 ER", "house_number": "12a"}).status_code == 302
    kept = HomeAddress.objects.get(user=worker)
    assert kept.address_key == address_key("1261ER", "12") and kept.recorded_by == worker
    page = client.get(url).content.decode()
    assert "1261" not in page and "vastgelegd op" in page
    # the functional administrator records it for an employee; a colleague cannot choose someone else
    admin = UserFactory(organisation=org, roles=[Role.FUNCTIONAL_ADMIN])
    login(admin)
    assert client.post(url, {"user": worker.pk, "postal_code": "3755 DE", "house_number": "40"}).status_code == 302
    kept.refresh_from_db()
    assert kept.address_key == address_key("3755 DE", "40") and kept.recorded_by == admin
    colleague = UserFactory(organisation=org, roles=[Role.CASE_WORKER])
    login(colleague)
    client.post(url, {"user": worker.pk, "postal_code": "1000 AA", "house_number": "1"})
    kept.refresh_from_db()
    assert kept.address_key == address_key("3755 DE", "40")
    assert HomeAddress.objects.get(user=colleague).address_key == address_key("1000 AA", "1")
