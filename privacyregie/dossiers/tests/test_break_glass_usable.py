"""Break-the-glass that can be used and reviewed: the cost is said before the choice, starting
logs one opening, the review shows the trail and makes the reviewer choose, the demo is real."""

import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse

from privacyregie.dossiers.models import BreakGlassAccess, Case
from privacyregie.dossiers.nav import home_panels as dossier_panels
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.nav import home_panels as log_panels

pytestmark = pytest.mark.django_db

REASON = "Acute melding van de politie, vaste consulent is op vakantie."


def _youth():
    return Case.objects.get(reference="C-2026-0001")


def test_the_form_says_how_long_access_lasts_before_the_choice(client, login, settings):
    login("consulent.wmo")
    url = reverse("dossiers:break_glass", kwargs={"uuid": _youth().uuid})
    page = client.get(url).content.decode()
    assert "De noodtoegang duurt 4 uur." in page
    assert page.index("De noodtoegang duurt 4 uur.") < page.index('name="reason"')
    settings.BREAK_GLASS_DURATION = timedelta(hours=1, minutes=30)
    assert "De noodtoegang duurt 1 uur en 30 minuten." in client.get(url).content.decode()


def test_the_reason_is_visibly_and_accessibly_marked_required(client, login):
    login("consulent.wmo")
    page = client.get(reverse("dossiers:break_glass", kwargs={"uuid": _youth().uuid})).content.decode()
    label = re.search(r'<label for="id_reason">(.*?)</label>', page, re.S).group(1)
    assert 'class="required"' in label and '<span class="visually-hidden">(verplicht)</span>' in label


def test_an_empty_reason_is_refused_and_changes_nothing(client, login):
    login("consulent.wmo")
    response = client.post(reverse("dossiers:break_glass", kwargs={"uuid": _youth().uuid}), {"reason": ""})
    assert "Geef de reden van de noodtoegang." in response.content.decode()
    assert not BreakGlassAccess.objects.filter(case=_youth()).exists()


def test_starting_break_glass_logs_the_opening_once(client, login):
    login("consulent.wmo")
    case = _youth()
    response = client.post(reverse("dossiers:break_glass", kwargs={"uuid": case.uuid}), {"reason": REASON}, follow=True)
    assert response.status_code == 200
    lines = ProcessingLogEntry.objects.filter(actor_username="consulent.wmo", target_type="dossiers.case",
                                              target_id=str(case.uuid), action="view", emergency=True)
    assert lines.count() == len(case.subject_bsns())  # one opening: one line per resident of the case
    assert lines.values("occurred_at").distinct().count() == 1


def _pending_demo_grant():
    return BreakGlassAccess.objects.get(case__reference="C-2026-0003")


def test_the_review_card_has_no_preselected_verdict_and_shows_the_trail(client, login):
    grant = _pending_demo_grant()
    login("fg")
    page = client.get(reverse("dossiers:break_glass_reviews")).content.decode()
    assert f'name="g{grant.uuid}-verdict"' in page
    assert "checked" not in re.search(rf'<form[^>]*id="review-{grant.uuid}".*?</form>', page, re.S).group(0)
    card = page[page.index(grant.reason):]
    assert "Wat is er tijdens de noodtoegang gedaan?" in card and "casus C-2026-0003" in card
    assert "inwoner " in card and "raadplegen" in card


def test_improper_without_comment_is_refused_and_keeps_the_choice(client, login):
    grant = _pending_demo_grant()
    login("fg")
    response = client.post(reverse("dossiers:break_glass_review", kwargs={"uuid": grant.uuid}),
                           {f"g{grant.uuid}-verdict": "onterecht", f"g{grant.uuid}-comment": "  "})
    page = response.content.decode()
    assert "Licht toe waarom de noodtoegang onterecht was." in page
    assert re.search(r'<input[^>]*value="onterecht"[^>]*checked', page)
    grant.refresh_from_db()
    assert grant.review == BreakGlassAccess.Review.PENDING


def test_no_verdict_is_refused(client, login):
    grant = _pending_demo_grant()
    login("fg")
    response = client.post(reverse("dossiers:break_glass_review", kwargs={"uuid": grant.uuid}),
                           {f"g{grant.uuid}-comment": "Prima."})
    assert "Kies een oordeel: terecht of onterecht." in response.content.decode()
    grant.refresh_from_db()
    assert grant.review == BreakGlassAccess.Review.PENDING


def test_the_demo_emergency_access_has_log_lines_and_is_counted():
    from privacyregie.core.models import User

    grant = _pending_demo_grant()
    emergency = ProcessingLogEntry.objects.filter(actor_user_id=grant.user_id, emergency=True,
                                                  occurred_at__gte=grant.started_at, occurred_at__lte=grant.expires_at)
    assert emergency.filter(target_type="dossiers.case").exists()
    assert emergency.filter(target_type="dossiers.resident").exists()
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="fg")
    counts = {str(label): value for panel in log_panels(request) for label, value in panel.lines}
    assert counts["Noodtoegang"] >= emergency.count() > 0
    request.user = grant.user
    active = {str(label): value for panel in dossier_panels(request) for label, value in panel.lines}
    assert active.get("Casussen", 0) >= 1
