"""Assessments: status colours, editing, closed versions, comparison, evidence and history."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privacyregie.compliance import assessments
from privacyregie.compliance.models import Assessment, ComplianceStatus, RequirementAssessment, status_colour


@pytest.mark.parametrize("status, colour", [
    ("compliant", "green"), ("partially_compliant", "orange"), ("non_compliant", "red"),
    ("not_applicable", "grey"), ("not_assessed", "grey"),
])
def test_status_to_colour(status, colour):
    assert status_colour(status) == colour


def test_unknown_status_has_no_colour():
    with pytest.raises(ValueError, match="Onbekende status"):
        status_colour("groenig")


def _item(assessment, ref):
    return assessment.items.get(requirement__ref_id=ref)


def test_new_assessment_holds_every_assessable_norm(assessment):
    assert assessment.items.count() == 13
    assert set(assessment.items.values_list("status", flat=True)) == {ComplianceStatus.NOT_ASSESSED}
    assert assessments.summary(assessment)["grey"]["count"] == 13


def test_update_item_and_unknown_status_refused(assessment):
    item = _item(assessment, "1")
    assessments.update_item(item, status="non_compliant", finding="Geen beleid.", state_of_affairs="In concept.")
    item.refresh_from_db()
    assert (item.status, item.colour, item.finding) == ("non_compliant", "red", "Geen beleid.")
    with pytest.raises(ValidationError, match="Onbekende status 'rood'"):
        assessments.update_item(item, status="rood", finding="iets anders")
    item.refresh_from_db()
    assert item.finding == "Geen beleid."


def test_gap_lists_red_before_orange_and_leaves_out_green(assessment):
    assessments.update_item(_item(assessment, "2"), status="partially_compliant")
    assessments.update_item(_item(assessment, "3"), status="non_compliant")
    for ref in [str(n) for n in range(4, 14)] + ["1"]:
        assessments.update_item(_item(assessment, ref), status="compliant")
    assert [i.requirement.ref_id for i in assessments.gap(assessment)] == ["3", "2"]


def test_closed_assessment_refuses_edits_and_a_new_version_carries_the_answers(assessment):
    assessments.update_item(_item(assessment, "7"), status="non_compliant", finding="Geen training.")
    assessments.close(assessment)
    with pytest.raises(ValidationError, match="afgesloten en gerapporteerd"):
        assessments.update_item(_item(assessment, "7"), status="compliant")
    with pytest.raises(ValidationError):
        assessments.close(assessment)
    assert _item(assessment, "7").status == "non_compliant"
    copy = assessments.new_version(assessment, period="2027")
    assert copy.previous == assessment and copy.status == Assessment.Status.OPEN and copy.period == "2027"
    assessments.update_item(_item(copy, "7"), status="compliant")
    rows = {r["requirement"].ref_id: r["trend"] for r in assessments.compare(assessment, copy)}
    assert rows["7"] == "better" and rows["1"] == ""


def test_closed_assessment_refuses_edits_through_the_page(client, login, officer, assessment):
    assessments.close(assessment)
    item = _item(assessment, "1")
    login(officer)
    response = client.post(reverse("compliance:item_edit", kwargs={"pk": item.pk}),
                           {"status": "compliant", "finding": "x"}, follow=True)
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert RequirementAssessment.objects.get(pk=item.pk).status == "not_assessed"


def test_history_keeps_who_changed_status_and_finding(client, login, officer, assessment):
    item = _item(assessment, "13")
    login(officer)
    for status, finding in [("non_compliant", "Geen meldproces."), ("compliant", "Meldproces werkt.")]:
        response = client.post(reverse("compliance:item_edit", kwargs={"pk": item.pk}),
                               {"status": status, "finding": finding, "state_of_affairs": "", "owner": "FG",
                                "due_date": "", "links": ""})
        assert response.status_code == 302
    records = list(RequirementAssessment.history.filter(id=item.pk).order_by("history_date"))
    assert [r.status for r in records] == ["not_assessed", "non_compliant", "compliant"]
    assert records[-1].history_user == officer
    page = client.get(reverse("compliance:assessment_history", kwargs={"pk": assessment.pk})).content.decode()
    assert "Geen meldproces." in page and "Meldproces werkt." in page and officer.get_full_name() in page


def test_evidence_upload_checks_the_file(client, login, officer, assessment, settings):
    item = _item(assessment, "1")
    login(officer)
    url = reverse("compliance:evidence_upload", kwargs={"pk": item.pk})
    ok = client.post(url, {"file": SimpleUploadedFile("beleid.txt", b"Privacybeleid 2026")}, follow=True)
    assert "Bewijsstuk toegevoegd" in ok.content.decode()
    evidence = item.evidence.get()
    assert client.get(reverse("compliance:evidence_download", kwargs={"pk": evidence.pk})).content == b"Privacybeleid 2026"
    settings.MAX_UPLOAD_SIZE = 10
    too_large = client.post(url, {"file": SimpleUploadedFile("groot.txt", b"x" * 100)}, follow=True)
    assert "Het bestand is te groot" in too_large.content.decode()
    assert item.evidence.count() == 1


def test_another_organisations_assessment_is_404(client, login, assessment):
    from privacyregie.core.demo import user

    login(user("fg"))
    assert client.get(reverse("compliance:assessment_detail", kwargs={"pk": assessment.pk})).status_code == 404
    assert client.get(reverse("compliance:stoplight", kwargs={"pk": assessment.pk})).status_code == 404


def test_live_evidence_links_by_url_name_or_says_not_available(monkeypatch):
    log = assessments.live_evidence("processing_log")
    assert log.url == reverse("kernel:log") and not log.reason and log.label == "Verwerkingslogboek"
    monkeypatch.setitem(assessments.LIVE_URLS, "processing_register", "register:bestaat_niet")
    register = assessments.live_evidence("processing_register")
    assert register.url is None and register.reason == "nog niet beschikbaar"
    assert assessments.live_evidence("") is None


def test_items_start_with_the_frameworks_live_indicator_and_can_change_it(assessment):
    item = _item(assessment, "11")
    assert item.live_indicator == "authorisation_review"
    assessments.update_item(item, live_indicator="break_glass")
    item.refresh_from_db()
    assert item.live_indicator == "break_glass"
    with pytest.raises(ValidationError, match="Onbekende live indicator"):
        assessments.update_item(item, live_indicator="weerbericht")


def test_create_and_compare_through_pages(client, login, officer, norms):
    from privacyregie.core.models import Municipality
    from privacyregie.core.tests.factories import OrganisationFactory

    baarn = Municipality.objects.create(organisation=officer.organisation, name="Baarn")
    login(officer)
    response = client.post(reverse("compliance:assessments"), {
        "framework": norms.pk, "title": "Stoplicht", "period": "2026", "municipality": baarn.pk})
    assessment = Assessment.objects.get(organisation=officer.organisation)
    assert response.status_code == 302 and assessment.municipality == baarn
    other = Municipality.objects.create(organisation=OrganisationFactory(), name="Elders")
    with pytest.raises(ValidationError, match="hoort niet bij uw organisatie"):
        assessments.create_assessment(officer.organisation, norms, "X", "2026", other)
    detail = client.get(reverse("compliance:assessment_detail", kwargs={"pk": assessment.pk}) + "?weergave=gap")
    assert "Proces datalekken" in detail.content.decode()


def test_links_must_be_web_addresses(assessment):
    item = _item(assessment, "12")
    with pytest.raises(ValidationError, match="moet beginnen met https://"):
        assessments.update_item(item, links="https://intranet.example/beleid\njavascript:alert(1)")
    assessments.update_item(item, links="https://intranet.example/beleid")
    item.refresh_from_db()
    assert item.link_list == ["https://intranet.example/beleid"]
