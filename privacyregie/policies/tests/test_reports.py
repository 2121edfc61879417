"""The council's reports, the scorecard indicator, the start page and the public privacy statement."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacyregie.compliance import assessments, scorecard
from privacyregie.compliance.models import Framework
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.policies import services

from .conftest import pdf

RK_URN = "urn:privacyregie:risk:framework:rekenkamer-privacy-sociaal-domein"


def test_the_stoplight_report_and_scorecard_list_the_policy_documents(client, login, org, adopted, owner):
    services.record_review(adopted, owner, "actueel", datetime.date(2026, 6, 1), "College")
    framework = Framework.objects.get(organisation=None, urn=RK_URN)
    assessment = assessments.create_assessment(org, framework, "Stoplicht", "2026")
    login(UserFactory(organisation=org, roles=[Role.COUNCIL]))
    body = client.get(reverse("compliance:stoplight", kwargs={"pk": assessment.pk})).content.decode()
    assert "<h2>Beleidsdocumenten</h2>" in body
    assert "College van B&amp;W, 1 maart 2024" in body and "1 juni 2026" in body and "1 juni 2028" in body
    body = client.get(reverse("compliance:scorecard")).content.decode()
    assert "<h2>Beleidsdocumenten</h2>" in body and "Beleidsdocumenten die actueel zijn" in body
    pdf_response = client.get(reverse("compliance:stoplight_pdf", kwargs={"pk": assessment.pk}))
    assert pdf_response.status_code == 200


def test_the_indicator_is_the_share_of_current_documents(org, adopted, make_document, owner):
    make_document("Concept")  # never adopted: not current
    services.documents_for(org).update(created_at=timezone.make_aware(datetime.datetime(2024, 1, 1)))
    quarter = scorecard.Quarter(2026, 2)
    figures = services.scorecard_figures(org, quarter.start, quarter.end)
    assert figures == {"pct_current": 0, "documents": 2}  # on 30 June 2026 the 2024 policy was overdue
    services.record_review(adopted, owner, "actueel", datetime.date(2026, 6, 1), "College")
    assert services.scorecard_figures(org, quarter.start, quarter.end)["pct_current"] == 50
    earlier = scorecard.Quarter(2025, 1)
    assert services.scorecard_figures(org, earlier.start, earlier.end)["pct_current"] == 50  # the trend holds
    values = {v.indicator.key: v for v in scorecard.compute(org, quarter)}
    assert values["policies_current"].display == "50%"


def test_the_start_page_of_the_privacy_officer_lists_overdue_and_never_adopted(client, login, officer, adopted,
                                                                                make_document):
    make_document("Beleidsuitgangspunten")
    login(officer)
    body = client.get(reverse("web:home")).content.decode()
    assert "Beleid: te laat of nooit vastgesteld" in body
    assert "herbeoordeling te laat sinds 01-03-2026" in body and "nooit vastgesteld" in body


def test_a_review_shows_on_the_start_page_at_once(client, login, officer, adopted, owner,
                                                  django_capture_on_commit_callbacks):
    """The panel's figures are kept for a minute, but a change to a policy document forgets them."""
    login(officer)
    assert "herbeoordeling te laat sinds 01-03-2026" in client.get(reverse("web:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_review(adopted, owner, "actueel", timezone.localdate(), "College")
    assert "herbeoordeling te laat" not in client.get(reverse("web:home")).content.decode()


def test_the_public_statement_links_the_published_privacy_policy_in_force(client, org, adopted, owner):
    url = reverse("register:public_index", kwargs={"organisation": org.slug})
    assert "Ons privacybeleid" not in client.get(url).content.decode()
    assert client.get(reverse("policies:public_policy", kwargs={"organisation": org.slug})).status_code == 404
    services.save_document(org, adopted, publish=True)
    body = client.get(url).content.decode()
    assert "Ons privacybeleid" in body and "vastgesteld door College van B&amp;W op 1 maart 2024" in body
    response = client.get(reverse("policies:public_policy", kwargs={"organisation": org.slug}))
    assert response.status_code == 200 and b"".join(response).startswith(b"%PDF-")


def test_only_the_privacy_policy_can_be_published(org, make_document):
    with pytest.raises(ValidationError, match="Alleen het privacybeleid"):
        make_document("Gedragscode", kind="gedragscode", publish=True)
    assert not services.documents_for(org).filter(title="Gedragscode").exists()


def test_pages_register_a_version_and_show_history(client, login, officer, adopted):
    login(officer)
    url = reverse("policies:add_version", kwargs={"uuid": adopted.uuid})
    response = client.post(url, {"file": pdf(), "summary": "Bijgewerkt.", "adopted_by": "college",
                                 "adopted_on": "2026-06-01", "decision_reference": "B-2", "next_review_date": ""},
                           follow=True)
    body = response.content.decode()
    assert "Versie 2 is vastgesteld en geldt nu." in body and "Vervangen" in body and "Geldend" in body
    assert 'id="overdue-warning"' not in body
    first = adopted.versions.get(number=1)
    download = client.get(reverse("policies:download", kwargs={"uuid": adopted.uuid, "version_uuid": first.uuid}))
    assert download.status_code == 200


def test_a_refused_upload_on_the_page_shows_the_message_and_stores_nothing(client, login, officer, adopted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(officer)
    url = reverse("policies:add_version", kwargs={"uuid": adopted.uuid})
    response = client.post(url, {"file": SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n0000"), "summary": "x"},
                           follow=True)
    assert "Dit bestandstype is niet toegestaan. Toegestaan: pdf, docx, odt." in response.content.decode()
    assert adopted.versions.count() == 1


def test_the_review_page_asks_to_confirm_a_withdrawal_without_successor(client, login, officer, adopted):
    login(officer)
    url = reverse("policies:review", kwargs={"uuid": adopted.uuid})
    data = {"outcome": "ingetrokken", "decided_on": "2026-06-01", "decided_by": "College"}
    body = client.post(url, data).content.decode()
    assert "zonder opvolger" in body and "Vink" in body
    adopted.refresh_from_db()
    assert adopted.withdrawn_on is None
    client.post(url, {**data, "confirm": "on"})
    adopted.refresh_from_db()
    assert adopted.withdrawn_on == datetime.date(2026, 6, 1)


def test_another_organisation_cannot_see_the_document(client, login, adopted):
    from privacyregie.core.tests.factories import OrganisationFactory

    login(UserFactory(organisation=OrganisationFactory(), roles=[Role.PRIVACY_OFFICER]))
    assert client.get(reverse("policies:detail", kwargs={"uuid": adopted.uuid})).status_code == 404


def test_the_register_page_needs_few_queries_however_many_documents(client, login, officer, make_document,
                                                                     django_assert_max_num_queries):
    for number in range(8):
        make_document(f"Document {number}", adopted_on=datetime.date(2025, 1, 1), reference=f"B-{number}")
    login(officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("policies:index"))
    assert response.content.decode().count("vastgesteld en actueel") == 8


def test_the_adopting_bodies_are_configured_per_organisation_on_a_page(client, login, org, officer):
    login(officer)
    url = reverse("policies:bodies")
    client.post(url, {"kind": "privacybeleid", "bodies": ["raad"]})
    assert services.allowed_bodies(org, "privacybeleid") == ["raad"]
    response = client.post(url, {"kind": "privacybeleid"}, follow=True)
    assert "Kies ten minste één vaststellend orgaan." in response.content.decode()
    assert services.allowed_bodies(org, "privacybeleid") == ["raad"]
    client.post(url, {"kind": "privacybeleid", "bodies": ["college", "raad"]})  # back to the default
    assert services.allowed_bodies(org, "privacybeleid") == ["raad", "college"]
