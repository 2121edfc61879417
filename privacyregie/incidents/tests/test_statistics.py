"""Scorecard figures and the breach register exports."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from privacyregie.incidents.models import ApNotification, Measure
from privacyregie.incidents.statistics import scorecard_figures

from .factories import BreachFactory, IncidentFactory, MeasureFactory


def test_scorecard_figures(officer):
    org = officer.organisation
    now = timezone.now()
    start, end = now - timedelta(days=30), now + timedelta(minutes=1)
    IncidentFactory(organisation=org, type="bijna_incident", reported_at=now - timedelta(days=2),
                    triaged_at=now - timedelta(days=2) + timedelta(hours=4))
    on_time = BreachFactory(organisation=org, discovered_at=now - timedelta(days=10), reported_at=now - timedelta(days=10),
                            triaged_at=now - timedelta(days=10) + timedelta(hours=2))
    late = BreachFactory(organisation=org, discovered_at=now - timedelta(days=9), reported_at=now - timedelta(days=9))
    BreachFactory(organisation=org, reported_at=now - timedelta(days=60))  # outside the period
    ApNotification.objects.create(incident=on_time, submitted_at=on_time.awareness_at + timedelta(hours=20))
    ApNotification.objects.create(incident=late, submitted_at=late.awareness_at + timedelta(hours=90))
    MeasureFactory(incident=late, status=Measure.MeasureStatus.DECIDED, due_date=timezone.localdate() - timedelta(days=1))
    MeasureFactory(incident=late, status=Measure.MeasureStatus.DONE)
    figures = scorecard_figures(org, start, end)
    assert figures["incidents_by_type"]["bijna_incident"] == 1 and figures["near_misses"] == 1
    assert (figures["breaches"], figures["breaches_notified"], figures["breaches_notified_in_time"]) == (2, 2, 1)
    assert figures["pct_notified_in_time"] == 50.0
    assert figures["mean_hours_to_triage"] == 3.0
    assert (figures["open_measures"], figures["overdue_measures"]) == (1, 1)


def test_empty_period_has_no_percentages(officer):
    now = timezone.now()
    figures = scorecard_figures(officer.organisation, now - timedelta(days=1), now)
    assert figures["pct_notified_in_time"] is None and figures["mean_hours_to_triage"] is None


def test_register_exports_all_formats(client, login, officer):
    BreachFactory(organisation=officer.organisation, title="=HYPERLINK(\"x\")")
    login(officer)
    csv = client.get(reverse("incidents:register_export", kwargs={"fmt": "csv"}))
    assert csv.status_code == 200 and "'=HYPERLINK" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("incidents:register_export", kwargs={"fmt": "xlsx"}))
    assert xlsx.content.startswith(b"PK")
    pdf = client.get(reverse("incidents:register_export", kwargs={"fmt": "pdf"}))
    assert pdf.content.startswith(b"%PDF-")
    assert client.get(reverse("incidents:register_export", kwargs={"fmt": "exe"})).status_code == 404


def test_register_filter_on_notified(client, login, officer):
    org = officer.organisation
    notified = BreachFactory(organisation=org, title="Wel gemeld")
    ApNotification.objects.create(incident=notified, submitted_at=timezone.now(), ap_reference="AP-7")
    BreachFactory(organisation=org, title="Niet gemeld")
    login(officer)
    body = client.get(reverse("incidents:register") + "?gemeld=nee").content.decode()
    assert "Niet gemeld" in body and "Wel gemeld" not in body


def test_register_does_not_show_other_organisations(client, login, officer):
    BreachFactory(title="Lek bij een andere gemeente")
    login(officer)
    assert "Lek bij een andere gemeente" not in client.get(reverse("incidents:register")).content.decode()
