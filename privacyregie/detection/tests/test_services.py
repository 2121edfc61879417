"""The detection run over the database, idempotence, assessment, conversion to a data breach,
evidence shown through a logged consultation, notifications and scorecard figures."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from privacyregie.core.models import Notification, Organisation, User
from privacyregie.core.tests.factories import TeamFactory, UserFactory
from privacyregie.detection import collect, rules, services
from privacyregie.detection.models import Alert, Assessment, DailyTotal, DailyTotalDay, DetectionRun
from privacyregie.incidents.models import Incident, IncidentType
from privacyregie.kernel import chain
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, LegalBasisKind, Purpose
from privacyregie.kernel.services import LOOKUP_TARGET

AMS = rules.AMSTERDAM


def _write(org, user, moments, *, allowed=True, pseudonym="p-1", emergency=False, target="c1", service=""):
    items = []
    for at in moments:
        items.append((ProcessingLogEntry(
            organisation=org, occurred_at=at, ended_at=at, actor_user_id=user.pk, actor_username=user.username,
            action=Action.VIEW, target_type="dossiers.case", target_id=target, subject_pseudonym=pseudonym,
            purpose=Purpose.CASE_WORK, legal_basis=LegalBasisKind.STATUTORY_TASK,
            outcome=Outcome.ALLOWED if allowed else Outcome.DENIED, emergency=emergency, service_name=service,
        ), pseudonym))
    return chain.append_many(items)


@pytest.fixture
def setup(db):
    org = Organisation.objects.get(slug="bel")
    team = TeamFactory(organisation=org)
    worker = UserFactory(organisation=org, roles=["consulent"], teams=[team], last_name="Testpersoon")
    yesterday = timezone.localdate() - timedelta(days=1)
    late = datetime.combine(yesterday, time(23, 0), tzinfo=AMS)
    return org, worker, late


@pytest.fixture
def outside_alert(setup):
    """Five look-ups at 23:00 yesterday, one run: the worker's outside-hours alert."""
    org, worker, late = setup
    _write(org, worker, [late + timedelta(minutes=i) for i in range(5)])
    services.run_detection(org)
    return org, worker, Alert.objects.get(organisation=org, rule=rules.OUTSIDE_HOURS, actor_user_id=worker.pk)


@pytest.mark.django_db
def test_a_run_raises_an_alert_once_with_its_evidence(setup):
    org, worker, late = setup
    written = _write(org, worker, [late + timedelta(minutes=i) for i in range(5)], service="zaaksysteem")
    run = services.run_detection(org)
    alert = Alert.objects.get(organisation=org, rule=rules.OUTSIDE_HOURS, actor_user_id=worker.pk)
    assert run.alerts_created >= 1 and sorted(alert.evidence_ids) == sorted(e.pk for e in written)
    assert alert.evidence_count == 5
    again = services.run_detection(org)
    assert Alert.objects.filter(organisation=org, rule=rules.OUTSIDE_HOURS, actor_user_id=worker.pk).count() == 1
    assert again.alerts_created == 0 and DetectionRun.objects.filter(organisation=org).count() >= 2


@pytest.mark.django_db
def test_the_database_inputs_equal_the_pure_aggregation(setup):
    org, worker, late = setup
    _write(org, worker, [late + timedelta(minutes=i) for i in range(3)])
    _write(org, worker, [late - timedelta(hours=10)], allowed=False)
    _write(org, worker, [late - timedelta(hours=9)], emergency=True, target="c9")
    start, end = late - timedelta(days=1), late + timedelta(hours=1)
    t = rules.Thresholds()
    db = collect.inputs(org, start, end, t)
    mine = [h for h in db.hours if h.actor_id == worker.pk]
    rows = [rules.Row(worker.pk, worker.username, late + timedelta(minutes=i), "p-1") for i in range(3)]
    rows += [rules.Row(worker.pk, worker.username, late - timedelta(hours=9), "p-1", emergency=True, target="c9")]
    pure = rules.aggregate(rows)
    assert sorted(mine, key=lambda h: h.hour) == sorted(pure.hours, key=lambda h: h.hour)
    assert [p for p in collect.pairs(org, start, end) if p.actor_id == worker.pk] == pure.pairs
    assert not [p for p in db.pairs if p.actor_id == worker.pk]  # neither a namesake nor unrelated
    assert [e for e in db.refusals if e.actor_id == worker.pk][0].at == late - timedelta(hours=10)
    assert [e.target for e in db.emergencies if e.actor_id == worker.pk] == ["c9"]


@pytest.mark.django_db
def test_the_privacy_officers_own_lookups_are_not_counted(setup):
    org, worker, late = setup
    entries = _write(org, worker, [late + timedelta(minutes=i) for i in range(5)])
    ProcessingLogEntry.objects.filter(pk__in=[e.pk for e in entries])  # written; now the officer's look-ups:
    officer = User.objects.get(username="fg")
    items = [(ProcessingLogEntry(organisation=org, occurred_at=late + timedelta(minutes=i), actor_user_id=officer.pk,
                                 actor_username="fg", action=Action.VIEW, target_type=LOOKUP_TARGET,
                                 subject_pseudonym="p-1", purpose=Purpose.CHECK,
                                 legal_basis=LegalBasisKind.STATUTORY_TASK, outcome=Outcome.ALLOWED), "p-1")
             for i in range(9)]
    chain.append_many(items)
    services.run_detection(org)
    assert not Alert.objects.filter(organisation=org, actor_user_id=officer.pk).exists()


@pytest.mark.django_db
def test_thresholds_come_from_the_organisations_settings(setup):
    org, worker, late = setup
    _write(org, worker, [late + timedelta(minutes=i) for i in range(5)])
    settings = services.settings_for(org)
    settings.outside_min_count = 6
    settings.save()
    services.run_detection(org)
    assert not Alert.objects.filter(organisation=org, rule=rules.OUTSIDE_HOURS, actor_user_id=worker.pk).exists()


@pytest.mark.django_db
def test_a_refusal_burst_seen_by_overlapping_runs_is_one_alert(setup):
    org, worker, late = setup
    _write(org, worker, [late + timedelta(minutes=2 * i) for i in range(6)], allowed=False)
    services.run_detection(org, start=late - timedelta(hours=1), end=late + timedelta(minutes=9))
    services.run_detection(org, start=late + timedelta(minutes=3), end=late + timedelta(hours=1))
    assert Alert.objects.filter(organisation=org, rule=rules.REFUSALS, actor_user_id=worker.pk).count() == 1


@pytest.mark.django_db
def test_the_family_name_and_unrelated_rules_use_the_case_files(setup):
    from privacyregie.dossiers.models import Resident
    from privacyregie.kernel.services import pseudonymise_bsn

    org, worker, late = setup
    jansen = Resident.objects.get(organisation=org, first_name="Noah")  # of a youth case, not the worker's team
    worker.last_name = "Jansen"
    worker.save()
    pseudonyms = [pseudonymise_bsn(r.bsn) for r in Resident.objects.filter(organisation=org).exclude(
        last_name="Jansen")]
    for p in pseudonyms:
        _write(org, worker, [late.replace(hour=11)], pseudonym=p)
    _write(org, worker, [late.replace(hour=12)], pseudonym=pseudonymise_bsn(jansen.bsn))
    services.run_detection(org)
    family = Alert.objects.get(organisation=org, rule=rules.FAMILY_NAME, actor_user_id=worker.pk)
    assert family.subjects == 1 and "achternaam" in services.explanation(family)
    assert Alert.objects.filter(organisation=org, rule=rules.UNRELATED, actor_user_id=worker.pk).exists()


@pytest.mark.django_db
def test_privacy_officers_are_notified_once(outside_alert):
    org, worker, alert = outside_alert
    services.run_detection(org)
    assert Notification.objects.filter(recipient__username="fg", dedup_key=f"detection:alert:{alert.pk}").count() == 1


@pytest.mark.django_db
def test_assessment_needs_a_comment_when_improper_and_happens_once(outside_alert):
    org, worker, alert = outside_alert
    officer = User.objects.get(username="fg")
    with pytest.raises(ValidationError):
        services.assess(officer, alert, "onterecht", "  ")
    with pytest.raises(ValidationError):
        services.assess(officer, alert, "misschien", "x")
    with pytest.raises(ValidationError):
        services.assess(User.objects.get(username="fg.haren"), alert, "terecht")
    with pytest.raises(PermissionDenied):
        services.assess(User.objects.get(username="ciso"), alert, "terecht")
    alert.refresh_from_db()
    assert alert.assessment == "open"
    services.assess(officer, alert, "onterecht", "Geen dienst die avond; geen casus.")
    assert alert.assessment == "onterecht" and alert.assessed_by == officer and alert.assessed_at
    with pytest.raises(ValidationError):
        services.assess(officer, alert, "terecht")


@pytest.mark.django_db
def test_an_improper_alert_becomes_one_data_breach_linked_both_ways(outside_alert):
    org, worker, alert = outside_alert
    officer = User.objects.get(username="fg")
    with pytest.raises(ValidationError):
        services.convert_to_breach(officer, alert)  # still open
    services.assess(officer, alert, "onterecht", "Geen dienst die avond; geen casus.")
    with pytest.raises(PermissionDenied):
        services.convert_to_breach(User.objects.get(username="consulent.jeugd"), alert)
    before = Incident.objects.count()
    incident = services.convert_to_breach(officer, alert)
    assert incident.type == IncidentType.DATA_BREACH and incident.organisation == org
    assert str(alert.uuid) in incident.description and services.alert_for_incident(incident) == alert
    with pytest.raises(ValidationError):
        services.convert_to_breach(officer, alert)
    assert Incident.objects.count() == before + 1


@pytest.mark.django_db
def test_showing_the_evidence_is_logged_per_resident(outside_alert, rf):
    org, worker, alert = outside_alert
    request = rf.get("/")
    request.user = User.objects.get(username="fg")
    shown = services.evidence(request, alert)
    assert len(shown) == 5
    logged = ProcessingLogEntry.objects.filter(organisation=org, actor_username="fg", target_type=LOOKUP_TARGET,
                                               target_id=str(alert.uuid))
    assert logged.count() == 1 and logged.get().subject_pseudonym == "p-1" and logged.get().purpose == Purpose.CHECK


@pytest.mark.django_db
def test_scorecard_figures_count_alerts_and_outcomes(outside_alert):
    from privacyregie.compliance.scorecard import compute, current_quarter

    org, worker, alert = outside_alert
    services.assess(User.objects.get(username="fg"), alert, "onterecht", "Niet nodig voor het werk.")
    quarter = current_quarter()
    figures = services.scorecard_figures(org, quarter.start, quarter.end)
    assert figures["alerts_improper"] >= 1 and figures["alerts_raised"] >= figures["alerts_improper"]
    values = {v.indicator.key: v.value for v in compute(org, quarter)}
    assert values["access_alerts_improper"] == figures["alerts_improper"]


@pytest.mark.django_db
def test_the_hourly_job_runs_every_organisation(setup):
    from privacyregie.core.jobs import discover, run_job

    org, worker, late = setup
    _write(org, worker, [late + timedelta(minutes=i) for i in range(5)])
    assert "detect_suspicious_access" in discover()
    assert run_job("detect_suspicious_access") >= 1
    assert run_job("detect_suspicious_access") == 0
    assert DetectionRun.objects.filter(organisation__slug="haren").exists()


def _weekdays_before(day, n):
    """The ``n`` working days before ``day``, oldest first."""
    found = []
    while len(found) < n:
        day -= timedelta(days=1)
        if day.isoweekday() < 6:
            found.append(day)
    return found[::-1]


@pytest.fixture
def baseline(setup):
    """Ten look-ups a working day on six working days before the day before yesterday, at 10:00."""
    org, worker, late = setup
    spike_day = late.date() - timedelta(days=1)
    days = _weekdays_before(spike_day, 6)
    for day in days:
        _write(org, worker, [datetime.combine(day, time(10, 0), tzinfo=AMS) + timedelta(minutes=i) for i in range(10)])
    return org, worker, spike_day, days


@pytest.mark.django_db
def test_the_volume_baseline_is_counted_once_into_daily_totals_and_read_from_there(baseline):
    org, worker, spike_day, days = baseline
    _write(org, worker, [datetime.combine(spike_day, time(11, 0), tzinfo=AMS) + timedelta(seconds=i) for i in range(60)])
    start = datetime.combine(spike_day, time(0, 0), tzinfo=AMS)
    services.run_detection(org, start=start, end=start + timedelta(days=1))
    assert Alert.objects.filter(organisation=org, rule=rules.VOLUME, actor_user_id=worker.pk).count() == 1
    kept = {(d.day, d.count) for d in DailyTotal.objects.filter(organisation=org, actor_user_id=worker.pk)}
    assert kept == {(day, 10) for day in days}  # the baseline days; the window's day comes from the log
    baseline_days = rules.Thresholds().baseline_days
    assert DailyTotalDay.objects.filter(organisation=org, day__range=(
        spike_day - timedelta(days=baseline_days), spike_day - timedelta(days=1))).count() == baseline_days
    marked = DailyTotalDay.objects.filter(organisation=org).count()
    collect.daily_totals(org, days[0], days[-1])  # again: nothing counted twice
    assert DailyTotal.objects.filter(organisation=org, actor_user_id=worker.pk).count() == len(days)
    assert DailyTotalDay.objects.filter(organisation=org).count() == marked
    # the next run reads the kept totals, not the log: a baseline that high leaves the day unremarkable
    DailyTotal.objects.filter(organisation=org, actor_user_id=worker.pk).update(count=100)
    data = collect.inputs(org, start, start + timedelta(days=1), rules.Thresholds())
    assert not rules.volume_spikes(data.hours, {spike_day}, rules.Thresholds(), data.day_totals)
    # forgotten totals are counted from the log again, the same as the pure aggregation
    collect.rebuild_daily_totals(org)
    again = [d for d in collect.daily_totals(org, days[0], days[-1]) if d.actor_id == worker.pk]
    assert sorted((d.day, d.count) for d in again) == [(day, 10) for day in days]


@pytest.mark.django_db
def test_a_day_is_counted_again_until_it_settled_and_when_entries_arrive_late(baseline):
    org, worker, spike_day, days = baseline
    day = days[-1]
    just_after = rules.day_bounds(day)[1] + timedelta(minutes=5)
    collect.daily_totals(org, day, day, now=just_after)
    # an application's entry for that day arrives late; the day had not settled yet
    _write(org, worker, [datetime.combine(day, time(16, 0), tzinfo=AMS)], service="zaaksysteem")
    counted = collect.daily_totals(org, day, day, now=just_after + collect.SETTLE)
    assert [(d.day, d.count) for d in counted if d.actor_id == worker.pk] == [(day, 11)]
    mark = DailyTotalDay.objects.get(organisation=org, day=day)
    # settled and nothing new: read as kept, not counted again
    collect.daily_totals(org, day, day)
    assert DailyTotalDay.objects.get(organisation=org, day=day).computed_at == mark.computed_at
    # an entry written later for the settled day (above the watermark) makes it count again
    _write(org, worker, [datetime.combine(day, time(16, 30), tzinfo=AMS)], service="zaaksysteem")
    kept = collect.daily_totals(org, day, day)
    assert [(d.day, d.count) for d in kept if d.actor_id == worker.pk] == [(day, 12)]


@pytest.mark.django_db
def test_a_resident_at_the_employees_recorded_home_address_is_found(setup):
    from privacyregie.dossiers.models import Resident
    from privacyregie.kernel.services import pseudonymise_bsn
    from privacyregie.people.models import HomeAddress
    from privacyregie.people.services import record_home_address

    org, worker, late = setup
    housemate = Resident.objects.get(organisation=org, first_name="Linda")  # Brink 12, 1261 ER
    _write(org, worker, [late.replace(hour=11)], pseudonym=pseudonymise_bsn(housemate.bsn))
    services.run_detection(org)
    assert not Alert.objects.filter(organisation=org, rule=rules.FAMILY_NAME, actor_user_id=worker.pk).exists()
    record_home_address(user=worker, postal_code="1261er", house_number="12 A", recorded_by=worker)
    assert "1261" not in HomeAddress.objects.get(user=worker).address_key
    services.run_detection(org)
    alert = Alert.objects.get(organisation=org, rule=rules.FAMILY_NAME, actor_user_id=worker.pk)
    assert alert.facts["match"] == "adres" and "woonadres" in services.explanation(alert)


@pytest.mark.django_db
def test_the_start_pages_newest_open_alerts_are_the_orms(outside_alert):
    """``newest_open_alerts`` (prepared) gives the ORM's five newest open alerts and the open count."""
    from django.db.models import Count, Window

    org, _worker, _alert = outside_alert
    orm = list(Alert.objects.filter(organisation=org, assessment=Assessment.OPEN)
               .annotate(open_total=Window(Count("pk")))[:5])
    prepared = services.newest_open_alerts(org.pk)
    assert orm
    assert [(a.pk, a.rule, a.actor_username, a.open_total) for a in prepared] == [
        (a.pk, a.rule, a.actor_username, a.open_total) for a in orm]
    assert services.newest_open_alerts(org.pk + 10_000) == []
