"""Demo data: every state is present, loading twice changes nothing."""

import pytest

from privacyregie.core.models import Organisation
from privacyregie.incidents import demo
from privacyregie.incidents.models import Incident, Measure, TimelineEvent
from privacyregie.incidents.reporting import follow_up
from privacyregie.incidents.services import open_breaches
from privacyregie.incidents.statistics import recent_quarters, scorecard_figures


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    counts = (Incident.objects.count(), Measure.objects.count(), TimelineEvent.objects.count())
    demo.load()
    assert (Incident.objects.count(), Measure.objects.count(), TimelineEvent.objects.count()) == counts


@pytest.mark.django_db
def test_demo_has_every_state():
    bel = Organisation.objects.get(slug="bel")
    by_number = {i.receipt_number: i for i in Incident.objects.filter(organisation=bel)}
    assert by_number["M-DEMO-01"] in open_breaches(bel)
    assert by_number["M-DEMO-02"].ap_notification.in_time is True
    late = by_number["M-DEMO-03"].ap_notification
    assert late.in_time is False and late.late_reason
    assert by_number["M-DEMO-04"].is_anonymous and by_number["M-DEMO-04"].reporter_id is None
    assert follow_up(bel, "M-DEMO-04", demo.DEMO_FOLLOW_UP_CODE, source="test") == by_number["M-DEMO-04"]
    assert by_number["M-DEMO-05"].status == "afgesloten" and by_number["M-DEMO-05"].measures.exists()


@pytest.mark.django_db
def test_scorecard_has_history_over_two_quarters():
    bel = Organisation.objects.get(slug="bel")
    quarters = recent_quarters(3)
    with_incidents = [label for label, start, end in quarters if sum(scorecard_figures(bel, start, end)[
        "incidents_by_type"].values())]
    assert len(with_incidents) >= 2


@pytest.mark.django_db
def test_the_start_pages_brief_list_is_the_open_breaches_list(django_assert_num_queries):
    """``open_breaches_brief`` (prepared, few columns) lists what ``open_breaches`` does, over every demo state."""
    from privacyregie.incidents.services import open_breaches_brief

    bel = Organisation.objects.get(slug="bel")
    full = open_breaches(bel)
    assert full
    for organisation in (bel, bel.pk):
        brief = open_breaches_brief(organisation)
        with django_assert_num_queries(0):  # what the panel shows is loaded
            shown = [(i.pk, i.receipt_number, i.title, i.notification_deadline) for i in brief]
        assert shown == [(i.pk, i.receipt_number, i.title, i.notification_deadline) for i in full]
    other = Organisation.objects.exclude(pk=bel.pk).first()
    assert [i.pk for i in open_breaches_brief(other)] == [i.pk for i in open_breaches(other)]
