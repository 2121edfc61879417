"""The case worker's, team lead's and privacy officer's pages, and the API, end to end."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import Notification
from privacyregie.dossiers.models import BreakGlassAccess, Case, CaseDocument
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.register.models import ChainPartner

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def _youth():
    return Case.objects.get(reference="C-2026-0001")


def test_member_sees_residents_notes_and_documents(client, login):
    login("consulent.jeugd")
    page = client.get(reverse("dossiers:case_detail", kwargs={"uuid": _youth().uuid})).content.decode()
    assert "Noah" in page and "Intakegesprek" in page and "Plan van aanpak" in page


def test_non_member_gets_a_clear_refusal_with_break_glass(client, login):
    login("consulent.wmo")
    response = client.get(reverse("dossiers:case_detail", kwargs={"uuid": _youth().uuid}))
    page = response.content.decode()
    assert response.status_code == 403
    assert "niet betrokken" in page and reverse("dossiers:break_glass", kwargs={"uuid": _youth().uuid}) in page
    assert "Noah" not in page


def test_team_lead_sees_metadata_not_contents(client, login):
    login("teamleider.jeugd")
    page = client.get(reverse("dossiers:case_detail", kwargs={"uuid": _youth().uuid})).content.decode()
    assert "Opvoedondersteuning" in page and "Jasmijn" in page
    assert "Noah" not in page and "Intakegesprek" not in page and "Plan van aanpak" not in page


def test_break_glass_through_the_pages(client, login):
    login("consulent.wmo")
    url = reverse("dossiers:break_glass", kwargs={"uuid": _youth().uuid})
    refused = client.post(url, {"reason": "kort"})
    assert refused.status_code == 200 and "minimaal" in refused.content.decode()
    assert client.post(url, {"reason": "Acute melding van de politie, vaste consulent is op vakantie."}).status_code == 302
    page = client.get(reverse("dossiers:case_detail", kwargs={"uuid": _youth().uuid}))
    assert page.status_code == 200 and "noodtoegang" in page.content.decode()
    assert ProcessingLogEntry.objects.filter(actor_username="consulent.wmo", emergency=True, outcome="allowed").exists()
    assert Notification.objects.filter(recipient__username="fg", subject__contains="C-2026-0001").exists()


def test_privacy_officer_reviews_break_glass(client, login):
    grant = BreakGlassAccess.objects.get(case__reference="C-2026-0003")
    login("fg")
    assert grant.reason in client.get(reverse("dossiers:break_glass_reviews")).content.decode()
    client.post(reverse("dossiers:break_glass_review", kwargs={"uuid": grant.uuid}),
                {f"g{grant.uuid}-verdict": "onterecht", f"g{grant.uuid}-comment": "Geen spoedeisende situatie."})
    grant.refresh_from_db()
    assert grant.review == "onterecht"


def test_upload_and_download_a_document(client, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login("consulent.jeugd")
    case = _youth()
    client.post(reverse("dossiers:document_upload", kwargs={"uuid": case.uuid}),
                {"title": "Verslag", "file": SimpleUploadedFile("verslag.txt", b"Gesprek met school.")})
    document = CaseDocument.objects.get(case=case, title="Verslag")
    response = client.get(reverse("dossiers:document_download", kwargs={"uuid": document.uuid}))
    assert response.status_code == 200 and response.content == b"Gesprek met school."


def test_upload_of_a_forbidden_type_shows_a_dutch_error(client, login):
    login("consulent.jeugd")
    case = _youth()
    response = client.post(reverse("dossiers:document_upload", kwargs={"uuid": case.uuid}), {
        "title": "x", "file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True)
    assert "niet toegestaan" in response.content.decode()
    assert not CaseDocument.objects.filter(case=case, title="x").exists()


def test_share_without_basis_asks_for_a_motivation(client, login):
    case = Case.objects.get(reference="C-2026-0001")
    case.statutory_basis = ""
    case.save()
    case.consents.update(withdrawn_at=timezone.now(), withdrawal_form="mondeling")
    partner = ChainPartner.objects.get(organisation=case.organisation, name="Jeugdzorg Gooi")
    login("consulent.jeugd")
    url = reverse("dossiers:case_share", kwargs={"uuid": case.uuid})
    page = client.get(url).content.decode()
    assert "Jeugdzorg Gooi" in page and 'value="gezondheid"' in page
    refused = client.post(url, {"partner": partner.pk, "data_categories": ["contact"]})
    assert refused.status_code == 403 and "gemotiveerde afwijking" in refused.content.decode()
    assert ProcessingLogEntry.objects.filter(action="share", outcome="denied", target_id=str(case.uuid)).exists()
    done = client.post(url, {"partner": partner.pk, "data_categories": ["contact"],
                             "deviation_motivation": "Spoedoverleg over medicatie, ouders niet bereikbaar."})
    assert done.status_code == 302


def test_my_cases_has_no_n_plus_one(client, login, django_assert_max_num_queries):
    user = login("consulent.jeugd")
    team = user.teams.first()
    for _ in range(15):
        CaseFactory(organisation=user.organisation, team=team, members=[user])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dossiers:my_cases"))
    assert response.content.decode().count("T-") >= 15


def test_team_page_has_no_n_plus_one(client, login, django_assert_max_num_queries):
    user = login("teamleider.jeugd")
    team = user.team_memberships.get(is_lead=True).team
    worker = team.memberships.filter(is_lead=False).first().user
    for _ in range(15):
        CaseFactory(organisation=user.organisation, team=team, members=[worker])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("dossiers:team"))
    assert response.content.decode().count("T-") >= 15


def test_api_reading_a_case_is_logged_like_the_browser(client, login):
    case = _youth()
    login("consulent.jeugd")
    before = ProcessingLogEntry.objects.filter(target_type="dossiers.case", target_id=str(case.uuid)).count()
    data = client.get(reverse("api:case-detail", kwargs={"uuid": case.uuid})).json()
    assert {r["resident"]["first_name"] for r in data["residents"]} == {"Noah", "Linda"}
    assert data["notes"] and data["documents"][0]["title"] == "Plan van aanpak" and data["consents"]
    after = ProcessingLogEntry.objects.filter(target_type="dossiers.case", target_id=str(case.uuid)).count()
    assert after == before + 2  # one entry per resident of the case


def test_api_team_lead_gets_no_residents(client, login):
    login("teamleider.jeugd")
    data = client.get(reverse("api:case-detail", kwargs={"uuid": _youth().uuid})).json()
    assert "residents" not in data and "notes" not in data and "documents" not in data and data["members"]


def test_api_unknown_purpose_is_a_clear_error(client, login):
    login("consulent.jeugd")
    response = client.get(reverse("api:case-detail", kwargs={"uuid": _youth().uuid}), {"purpose": "nieuwsgierigheid"})
    assert response.status_code == 400 and "Onbekend doel" in response.content.decode()


def test_api_create_case_validates_like_the_pages(client, login):
    login("consulent.jeugd")
    body = {"title": "Nieuw", "domain": "jeugd", "processing_activity": "Jeugdhulp",
            "residents": [{"bsn": "123456789", "first_name": "A", "last_name": "B"}]}
    response = client.post(reverse("api:case-list"), body, content_type="application/json")
    assert response.status_code == 400 and "elfproef" in response.content.decode()
    from privacyregie.dossiers.demo import demo_bsn

    body["residents"][0]["bsn"] = demo_bsn(777)
    response = client.post(reverse("api:case-list"), body, content_type="application/json")
    assert response.status_code == 400 and "Kies een team" in response.content.decode()
    assert not Case.objects.filter(title="Nieuw").exists()


def test_create_case_page_rejects_bad_input_and_creates_a_good_case(client, login):
    from privacyregie.dossiers.demo import demo_bsn

    user = login("consulent.jeugd")
    team = user.teams.get(name="Jeugdteam BEL")
    form = {"title": "Zorgen om thuissituatie", "domain": "jeugd", "confidentiality": 5,
            "processing_activity": "Jeugdhulp toewijzen", "statutory_basis": "Jeugdwet art. 2.3",
            "bsn": "123456789", "first_name": "Sem", "last_name": "Kramer"}
    page = client.post(reverse("dossiers:case_create"), form).content.decode()
    assert "elfproef" in page and "Kies een team" in page
    assert not Case.objects.filter(title="Zorgen om thuissituatie").exists()
    response = client.post(reverse("dossiers:case_create"), form | {"team": team.pk, "bsn": demo_bsn(555)})
    case = Case.objects.get(title="Zorgen om thuissituatie")
    assert response.status_code == 302 and case.memberships.get().user == user


def test_api_team_lead_assigns_and_other_organisation_is_refused(client, login):
    from privacyregie.core.models import User

    case = Case.objects.get(reference="C-2026-0005")
    login("teamleider.jeugd")
    url = reverse("api:case-membership-list")
    outsider = User.objects.get(username="consulent.haren")
    refused = client.post(url, {"case": str(case.uuid), "user": outsider.pk, "role": "betrokken"},
                          content_type="application/json")
    assert refused.status_code == 400 and "eigen organisatie" in refused.content.decode()
    colleague = User.objects.get(username="consulent.jeugd2")
    done = client.post(url, {"case": str(case.uuid), "user": colleague.pk, "role": "betrokken"}, content_type="application/json")
    assert done.status_code == 201
    assert case.memberships.filter(user=colleague, revoked_at__isnull=True).exists()


def test_api_case_list_has_no_n_plus_one(client, login, django_assert_max_num_queries):
    user = login("consulent.jeugd")
    team = user.teams.first()
    for _ in range(15):
        CaseFactory(organisation=user.organisation, team=team, members=[user])
    with django_assert_max_num_queries(10):
        data = client.get(reverse("api:case-list")).json()
    assert data["count"] >= 16


def test_start_page_shows_the_privacy_officer_what_to_review(client, login):
    login("fg")
    page = client.get(reverse("web:home")).content.decode()
    assert "Noodtoegang te beoordelen" in page


def test_api_member_states_the_purpose_of_a_read(client, login):
    case = _youth()
    login("consulent.jeugd")
    url = reverse("api:case-detail", kwargs={"uuid": case.uuid})
    assert client.get(url, {"purpose": "toegang_beoordelen"}).status_code == 200
    entry = ProcessingLogEntry.objects.filter(target_type="dossiers.case", target_id=str(case.uuid)).first()
    assert entry.purpose == "toegang_beoordelen" and entry.actor_username == "consulent.jeugd"


def test_team_page_shows_workload_per_member(client, login):
    login("teamleider.jeugd")
    page = client.get(reverse("dossiers:team")).content.decode()
    assert "Werkvoorraad per medewerker" in page and "Jasmijn de Vries" in page and "Karim El Amrani" in page


def test_member_changes_the_status_and_bad_status_changes_nothing(client, login):
    case = _youth()
    login("consulent.jeugd")
    url = reverse("dossiers:status_change", kwargs={"uuid": case.uuid})
    client.post(url, {"status": "onzin"})
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE
    client.post(url, {"status": "afgesloten"})
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
