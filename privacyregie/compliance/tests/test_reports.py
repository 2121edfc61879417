"""Council reports: the stoplight as PDF and accessible HTML; the council sees reports only."""

import io

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from privacyregie.compliance import assessments, reports


def _fill(assessment):
    answers = {"1": ("non_compliant", "Geen privacybeleid vastgesteld.", "Protocol in concept."),
               "2": ("compliant", "Convenanten zijn er.", "Geen actie nodig."),
               "12": ("partially_compliant", "Soms gewone e-mail.", "Versleuteld mailen ingevoerd.")}
    for ref, (status, finding, state) in answers.items():
        assessments.update_item(assessment.items.get(requirement__ref_id=ref), status=status, finding=finding,
                                state_of_affairs=state)


def test_stoplight_pdf_contains_norms_findings_and_statuses(assessment):
    _fill(assessment)
    data = reports.stoplight_pdf(assessment)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    for expected in ("Stoplichtrapportage", "Privacybeleid", "Convenanten met zorgpartners", "Proces datalekken",
                     "Geen privacybeleid vastgesteld.", "voldoet niet (rood)", "voldoet (groen)",
                     "voldoet gedeeltelijk (oranje)", "nog niet beoordeeld (grijs)", "Versleuteld mailen ingevoerd."):
        assert expected in text, expected


def test_stoplight_html_never_uses_colour_alone(client, login, council, assessment):
    _fill(assessment)
    login(council)
    page = client.get(reverse("compliance:stoplight", kwargs={"pk": assessment.pk})).content.decode()
    assert 'dot--red" aria-hidden="true"></span>voldoet niet' in page
    assert "kleur: rood" in page and "Geen privacybeleid vastgesteld." in page and "<caption" in page
    pdf = client.get(reverse("compliance:stoplight_pdf", kwargs={"pk": assessment.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_council_sees_the_reports_and_nothing_else(client, login, council, assessment):
    login(council)
    for name in ("compliance:reports", "compliance:scorecard", "compliance:recommendations_report"):
        assert client.get(reverse(name)).status_code == 200, name
    for name in ("compliance:assessments", "compliance:frameworks", "compliance:risks", "compliance:recommendations",
                 "compliance:indicators"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("compliance:assessment_history", kwargs={"pk": assessment.pk})).status_code == 403
    item = assessment.items.first()
    assert client.post(reverse("compliance:item_edit", kwargs={"pk": item.pk}), {"status": "compliant"}).status_code == 403
    assert client.get(reverse("api:compliance-item-detail", kwargs={"pk": item.pk})).status_code == 403


def test_recommendations_report_shows_responses_and_overdue_actions(client, login, council):
    import datetime

    from django.utils import timezone

    from privacyregie.compliance.models import Recommendation

    recommendation = Recommendation.objects.create(
        organisation=council.organisation, number=6, source="Korte toets", text="Leg het protocol vast voor partners.",
        response="partly", reasoning="Partners zijn zelf verantwoordelijk.")
    recommendation.actions.create(description="Werkafspraken maken", owner="FG", status="planned",
                                  deadline=timezone.localdate() - datetime.timedelta(days=1))
    login(council)
    page = client.get(reverse("compliance:recommendations_report")).content.decode()
    assert "gedeeltelijk overgenomen" in page and "Partners zijn zelf verantwoordelijk." in page
    assert "over de datum" in page and "Bijwerken" not in page
    pdf = client.get(reverse("compliance:recommendations_pdf"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Leg het protocol vast voor partners." in text and "gedeeltelijk overgenomen" in text
    assert "Werkafspraken maken" in text and "over de datum" in text


def test_management_records_the_board_response_with_history(client, login, manager):
    from privacyregie.compliance.models import Recommendation

    recommendation = Recommendation.objects.create(organisation=manager.organisation, number=1, source="Toets",
                                                   text="Doe een GAP-analyse.")
    login(manager)
    prefix = f"r{recommendation.pk}"
    response = client.post(reverse("compliance:recommendation_respond", kwargs={"pk": recommendation.pk}),
                           {f"{prefix}-response": "adopted", f"{prefix}-reasoning": "Wordt uitgevoerd."})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.response == "adopted" and recommendation.responded_at is not None
    assert recommendation.history.first().history_user == manager
    bad = client.post(reverse("compliance:recommendation_respond", kwargs={"pk": recommendation.pk}),
                      {f"{prefix}-response": "misschien", f"{prefix}-reasoning": ""}, follow=True)
    assert "Selecteer een geldige keuze" in bad.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.response == "adopted"


def test_action_follow_up_keeps_its_history(client, login, officer):
    import datetime

    from privacyregie.compliance.models import Recommendation

    recommendation = Recommendation.objects.create(organisation=officer.organisation, number=3, source="Toets",
                                                   text="Meld veilig.")
    login(officer)
    client.post(reverse("compliance:action_add", kwargs={"pk": recommendation.pk}), {
        "description": "Meldprocedure uitleggen", "owner": "CISO", "deadline": "2026-12-31", "status": "planned",
        "progress": ""})
    action = recommendation.actions.get()
    client.post(reverse("compliance:action_edit", kwargs={"pk": action.pk}), {
        "description": "Meldprocedure uitleggen", "owner": "CISO", "deadline": "2026-12-31", "status": "done",
        "progress": "Alle teams bezocht."})
    action.refresh_from_db()
    assert action.status == "done" and action.deadline == datetime.date(2026, 12, 31)
    page = client.get(reverse("compliance:action_edit", kwargs={"pk": action.pk})).content.decode()
    assert "Alle teams bezocht." in page and "gereed" in page


def test_scorecard_pdf_holds_the_indicators_and_not_available_reasons(client, login, council, monkeypatch):
    from privacyregie.compliance import scorecard

    real_service = scorecard._service
    monkeypatch.setattr(scorecard, "_service", lambda app: None if app == "people" else real_service(app))
    login(council)
    response = client.get(reverse("compliance:scorecard_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in ("Kwartaalscorekaart", "Datalekken", "Noodtoegang gebruikt", "Privacytraining gevolgd", "n.v.t.",
                     "onderdeel nog niet beschikbaar"):
        assert expected in text, expected


def test_recommendation_history_page_shows_response_and_action_changes(client, login, manager):
    from privacyregie.compliance.models import Recommendation

    recommendation = Recommendation.objects.create(organisation=manager.organisation, number=2, source="Toets",
                                                   text="Vraag om managementinformatie.")
    login(manager)
    prefix = f"r{recommendation.pk}"
    client.post(reverse("compliance:recommendation_respond", kwargs={"pk": recommendation.pk}),
                {f"{prefix}-response": "partly", f"{prefix}-reasoning": "Deels, via de scorekaart."})
    page = client.get(reverse("compliance:recommendation_history", kwargs={"pk": recommendation.pk})).content.decode()
    assert "gedeeltelijk overgenomen" in page and "Deels, via de scorekaart." in page
    assert manager.get_full_name() in page


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_a_reported_assessment_shows_the_day_it_was_adopted_not_now(client, login, council, assessment):
    import datetime

    from django.utils import timezone

    _fill(assessment)
    assessments.close(assessment)
    adopted = timezone.make_aware(datetime.datetime(2017, 10, 3, 10, 0))
    type(assessment).objects.filter(pk=assessment.pk).update(reported_at=adopted)
    login(council)
    page = client.get(reverse("compliance:stoplight", kwargs={"pk": assessment.pk})).content.decode()
    assert "Vastgesteld op</dt><dd>3 oktober 2017</dd>" in page
    assert "opgesteld op" not in page.lower()
    text = _pdf_text(client.get(reverse("compliance:stoplight_pdf", kwargs={"pk": assessment.pk})).content)
    assert "vastgesteld op 3 oktober 2017" in text and "opgesteld op" not in text


def test_an_open_assessment_is_marked_as_a_draft_of_today(client, login, council, assessment):
    from django.utils import timezone
    from django.utils.formats import date_format

    login(council)
    page = client.get(reverse("compliance:stoplight", kwargs={"pk": assessment.pk})).content.decode()
    assert "Concept, opgesteld op" in page and date_format(timezone.localtime(), "j F Y") in page
    assert "Vastgesteld op" not in page


def test_report_headers_name_the_organisation(client, login, council, assessment):
    name = council.organisation.name
    login(council)
    for url in (reverse("compliance:stoplight", kwargs={"pk": assessment.pk}), reverse("compliance:scorecard"),
                reverse("compliance:recommendations_report")):
        page = client.get(url).content.decode()
        assert f'<p class="report-organisation"><strong>{name}</strong></p>' in page, url
    for url in (reverse("compliance:stoplight_pdf", kwargs={"pk": assessment.pk}), reverse("compliance:scorecard_pdf"),
                reverse("compliance:recommendations_pdf")):
        assert _pdf_text(client.get(url).content).startswith(name), url


def test_an_executing_organisation_is_named_with_the_municipalities_it_serves(db):
    from privacyregie.core.models import Organisation

    with translation.override("nl"):
        assert reports.organisation_label(Organisation.objects.get(slug="bel")) == (
            "BEL Combinatie, voor Blaricum, Eemnes en Laren")
        assert reports.organisation_label(Organisation.objects.get(slug="haren")) == "Gemeente Haren"


def test_the_council_report_shows_each_recommendation_in_full(client, login, council):
    from privacyregie.compliance.models import Recommendation

    text = " ".join(f"Zin {n} van een lange aanbeveling die de rekenkamer zo heeft geschreven." for n in range(8))
    Recommendation.objects.create(organisation=council.organisation, number=1, source="Korte toets", text=text)
    login(council)
    page = client.get(reverse("compliance:recommendations_report")).content.decode()
    assert text in page
    assert text in _pdf_text(client.get(reverse("compliance:recommendations_pdf")).content)
