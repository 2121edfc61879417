"""The jump host's question "may supplier X enter system Y now?" at the window's edges in Europe/Amsterdam
time, across the DST changes of 2026, with every answer logged and a "no" alerting the CISO."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from privacyregie.core.models import Application, Notification, SecurityEvent
from privacyregie.suppliers import services
from privacyregie.suppliers.models import AuthorisationAnswer

from .factories import approved_window, supplier_user, world

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
SECOND = timedelta(seconds=1)


def _world():
    w = world()
    w.agreement.starts_on = w.agreement.ends_on = None  # in force on every date these tests use
    w.agreement.save()
    return w


def _ask(w, now, user=None):
    return services.authorise(w.org, (user or w.supplier).username, "regiesysteem", client="jump01", now=now)


def test_edges_of_an_ordinary_window_in_amsterdam_time():
    w = _world()
    opens = datetime(2026, 12, 1, 9, 0, tzinfo=AMS)
    closes = datetime(2026, 12, 1, 11, 0, tzinfo=AMS)
    approved_window(w, opens, closes)
    assert not _ask(w, opens - SECOND).allowed
    assert _ask(w, opens).allowed
    assert _ask(w, closes - SECOND).allowed
    assert not _ask(w, closes).allowed


def test_a_window_over_the_autumn_dst_change_lasts_its_real_hours():
    """25 October 2026, 03:00 CEST becomes 02:00 CET: 00:30-04:30 local is five hours of real time,
    and the hour 02:00-03:00 that happens twice is inside the window both times."""
    w = _world()
    opens = datetime(2026, 10, 25, 0, 30, tzinfo=AMS)
    closes = datetime(2026, 10, 25, 4, 30, tzinfo=AMS)
    assert closes - opens == timedelta(hours=4)  # wall-clock arithmetic in one zone ...
    assert closes.astimezone(ZoneInfo("UTC")) - opens.astimezone(ZoneInfo("UTC")) == timedelta(hours=5)  # ... real time
    approved_window(w, opens, closes)
    assert not _ask(w, opens - SECOND).allowed
    assert _ask(w, opens).allowed
    assert _ask(w, datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=AMS)).allowed  # first 02:30 (CEST)
    assert _ask(w, datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMS)).allowed  # second 02:30 (CET)
    assert _ask(w, closes - SECOND).allowed
    assert not _ask(w, closes).allowed
    answer = _ask(w, opens)
    assert "25-10-2026 04:30" in answer.reason  # the end is told in Amsterdam time


def test_a_window_over_the_spring_dst_change():
    """29 March 2026, 02:00 CET becomes 03:00 CEST: 01:30-03:30 local is one real hour."""
    w = _world()
    opens = datetime(2026, 3, 29, 1, 30, tzinfo=AMS)
    closes = datetime(2026, 3, 29, 3, 30, tzinfo=AMS)
    approved_window(w, opens, closes)
    assert _ask(w, opens + timedelta(minutes=59, seconds=59)).allowed
    assert not _ask(w, opens + timedelta(hours=1)).allowed


def test_the_organisations_maximum_counts_real_hours_across_dst():
    from privacyregie.suppliers.models import SupplierSettings

    w = _world()
    SupplierSettings.objects.create(organisation=w.org, max_window_hours=4)
    assert services.check_window(w.org, datetime(2027, 10, 31, 0, 30, tzinfo=AMS),
                                 datetime(2027, 10, 31, 4, 30, tzinfo=AMS))  # 5 real hours: refused
    assert not services.check_window(w.org, datetime(2027, 10, 31, 0, 30, tzinfo=AMS),
                                     datetime(2027, 10, 31, 3, 30, tzinfo=AMS))


def test_no_window_no_entry_and_the_ciso_is_alerted():
    w = _world()
    answer = _ask(w, timezone.now())
    assert not answer.allowed and "Geen goedgekeurd venster" in answer.reason
    assert Notification.objects.filter(recipient=w.ciso, subject__contains="Inbeltoegang geweigerd").count() == 1


def test_every_answer_is_logged_with_a_security_event():
    w = _world()
    now = timezone.now()
    approved_window(w, now - timedelta(hours=1), now + timedelta(hours=1))
    assert _ask(w, now).allowed
    assert not services.authorise(w.org, "onbekend", "regiesysteem", client="jump01", now=now).allowed
    answers = AuthorisationAnswer.objects.filter(organisation=w.org).order_by("at", "pk")
    assert [(a.username, a.allowed) for a in answers] == [(w.supplier.username, True), ("onbekend", False)]
    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REMOTE_ACCESS, detail__startswith="inbelvraag")
    assert events.filter(detail__contains=": ja").exists() and events.filter(detail__contains=": nee").exists()


def test_another_suppliers_window_does_not_let_this_one_in():
    w = _world()
    now = timezone.now()
    approved_window(w, now - timedelta(hours=1), now + timedelta(hours=1))
    colleague = supplier_user(w.org, w.partner)
    assert not _ask(w, now, user=colleague).allowed


def test_a_supplier_without_a_signed_statement_is_refused_by_the_kernel_gate():
    w = _world()
    now = timezone.now()
    unsigned = supplier_user(w.org, w.partner, signed=False)
    approved_window(w, now - timedelta(hours=1), now + timedelta(hours=1), user=unsigned)
    answer = _ask(w, now, user=unsigned)
    assert not answer.allowed and "geheimhoudingsverklaring" in answer.reason


def test_a_lapsed_agreement_closes_an_open_window():
    w = _world()
    now = timezone.now()
    approved_window(w, now - timedelta(hours=1), now + timedelta(hours=1))
    w.agreement.status = "beëindigd"
    w.agreement.save()
    assert not _ask(w, now).allowed


def _api(w, scopes):
    app = Application(organisation=w.org, name=f"Jump host {'-'.join(scopes)}", scopes=scopes)
    token = app.issue_secret()
    app.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_the_api_answers_a_jump_host_with_the_scope():
    w = _world()
    now = timezone.now()
    window = approved_window(w, now - timedelta(hours=1), now + timedelta(hours=1))
    body = _api(w, ["suppliers.authorise"]).post(
        "/api/v1/inbeltoegang/autoriseren", {"user": w.supplier.username, "system": "regiesysteem"},
        format="json").json()
    assert body["allowed"] is True
    assert datetime.fromisoformat(body["until"]) == window.ends_at
    assert AuthorisationAnswer.objects.get(organisation=w.org).client == "Jump host suppliers.authorise"


def test_the_api_refuses_an_application_without_the_scope_and_bad_input():
    w = _world()
    assert _api(w, ["register.view"]).post("/api/v1/inbeltoegang/autoriseren",
                                           {"user": "x", "system": "y"}, format="json").status_code == 403
    assert _api(w, ["suppliers.authorise"]).post("/api/v1/inbeltoegang/autoriseren", {"user": "x"},
                                                 format="json").status_code == 400
