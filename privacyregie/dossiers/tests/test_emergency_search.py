"""Emergency search (noodzoeken, issue 11 §5): a case worker states a reason, searches cases outside
their own through the kernel (logged once as emergency access), sees minimal metadata only and opens
a found case with break-the-glass carrying the same reason. Ordinary search stays need-to-know."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import User
from privacyregie.core.tests.matrix import ROLE_USERS
from privacyregie.dossiers import services
from privacyregie.dossiers.demo import demo_bsn
from privacyregie.dossiers.models import BreakGlassAccess, Case, EmergencySearch
from privacyregie.dossiers.tests.conftest import FakeRequest
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, Purpose, decide
from privacyregie.kernel.services import AccessDenied, pseudonymise_bsn, write_pending_denial

pytestmark = pytest.mark.django_db

REASON = "Politie meldt acute zorgen om de bewoner; vaste consulent is niet bereikbaar."
SEARCH_URL = reverse("dossiers:emergency_search")
TARGET = "dossiers.emergencysearch"


def _wmo_case():
    return Case.objects.get(reference="C-2026-0003")


def _search_lines(username):
    return ProcessingLogEntry.objects.filter(actor_username=username, target_type=TARGET)


def _search(client, follow=False, **data):
    return client.post(SEARCH_URL, {"reason": REASON, **data}, follow=follow)


# --- the policy decision -------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["case_worker_youth", "case_worker_wmo", "team_lead", "privacy_officer", "ciso",
                                  "functional_admin", "information_manager", "management", "council",
                                  "chain_partner", "supplier"])
def test_only_a_case_worker_with_break_glass_may_search(role):
    user = User.objects.get(username=ROLE_USERS[role])
    search = EmergencySearch(organisation_id=user.organisation_id, user=user, reason=REASON, criteria="naam")
    decision = decide(user, Action.VIEW, search, Purpose.EMERGENCY)
    assert decision.allowed is ("dossiers.break_glass" in user.privacy_permissions)
    assert decision.allowed is role.startswith("case_worker")
    if decision.allowed:
        assert decision.emergency is True
        assert REASON in decision.reason


def test_the_search_is_only_a_reading_under_purpose_emergency_with_a_reason():
    user = User.objects.get(username="consulent.jeugd")
    search = EmergencySearch(organisation_id=user.organisation_id, user=user, reason=REASON, criteria="naam")
    assert not decide(user, Action.VIEW, search, Purpose.CASE_WORK).allowed
    assert not decide(user, Action.EXPORT, search, Purpose.EMERGENCY).allowed
    search.reason = "te kort"
    assert not decide(user, Action.VIEW, search, Purpose.EMERGENCY).allowed
    other = User.objects.get(username="consulent.wmo")
    search.reason, search.user = REASON, other  # nobody searches in another's name
    assert not decide(user, Action.VIEW, search, Purpose.EMERGENCY).allowed


def test_another_organisations_worker_is_refused():
    user = User.objects.get(username="consulent.jeugd")
    haren = User.objects.get(username="consulent.haren")
    search = EmergencySearch(organisation_id=user.organisation_id, user=haren, reason=REASON, criteria="naam")
    assert not decide(haren, Action.VIEW, search, Purpose.EMERGENCY).allowed


def test_a_refused_search_is_logged_and_finds_nothing():
    lead = User.objects.get(username="teamleider.jeugd")
    with pytest.raises(AccessDenied) as refused:
        services.emergency_search(FakeRequest(lead), reason=REASON, reference="C-2026-0003")
    write_pending_denial(refused.value)
    line = _search_lines("teamleider.jeugd").get()
    assert line.outcome == Outcome.DENIED and line.purpose == Purpose.EMERGENCY
    assert not EmergencySearch.objects.filter(user=lead).exists()


def test_a_team_lead_cannot_reach_the_page(client, login):
    login("teamleider.jeugd")
    assert client.get(SEARCH_URL).status_code == 403
    assert _search(client, reference="C-2026-0003").status_code == 403


# --- the search: logged once, minimal metadata ----------------------------------------------------

def test_the_search_is_logged_once_as_emergency_access_with_the_reason(client, login):
    login("consulent.jeugd")
    response = _search(client, reference="c-2026-0003")
    search = EmergencySearch.objects.get(user__username="consulent.jeugd")
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:emergency_search_results", kwargs={"uuid": search.uuid})
    line = _search_lines("consulent.jeugd").get()
    assert line.purpose == Purpose.EMERGENCY == "noodtoegang"
    assert line.emergency is True and line.outcome == Outcome.ALLOWED and line.action == Action.VIEW
    assert REASON in line.reason
    assert line.target_id == str(search.uuid)
    assert "zaaknummer C-2026-0003" in line.target_label
    assert list(search.cases.values_list("reference", flat=True)) == ["C-2026-0003"]
    # the search opened nothing: no case or resident was consulted
    assert not ProcessingLogEntry.objects.filter(actor_username="consulent.jeugd",
                                                 target_id=str(_wmo_case().uuid)).exists()


def test_a_bsn_search_names_the_resident_in_one_line_and_stores_no_bsn(client, login):
    login("consulent.jeugd")
    bsn = demo_bsn(4)  # Gerard de Groot, Wmo case C-2026-0003
    _search(client, bsn=f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}")
    line = _search_lines("consulent.jeugd").get()
    assert line.subject_pseudonym == pseudonymise_bsn(bsn)
    search = EmergencySearch.objects.get(user__username="consulent.jeugd")
    assert bsn not in search.criteria and search.criteria == "BSN"
    assert list(search.cases.values_list("reference", flat=True)) == ["C-2026-0003"]


def test_criteria_narrow_together():
    worker = User.objects.get(username="consulent.jeugd")
    request = FakeRequest(worker)
    by_name = services.emergency_search(request, reason=REASON, name="Jansen")
    assert list(by_name.cases.values_list("reference", flat=True)) == ["C-2026-0001"]
    both = services.emergency_search(request, reason=REASON, name="Jansen", reference="C-2026-0003")
    assert not both.cases.exists()
    assert services.emergency_search(request, reason=REASON, name="Kuipers").cases.count() == 0  # other organisation


def test_results_show_only_reference_team_and_status(client, login):
    login("consulent.jeugd")
    response = _search(client, name="de Groot", follow=True)
    page = response.content.decode()
    case = _wmo_case()
    assert "C-2026-0003" in page and "Wmo-team BEL" in page and case.get_status_display() in page
    assert "Open met noodtoegang" in page
    for secret in (case.title, "Gerard", demo_bsn(4), "Naarderstraat", case.processing_activity):
        assert secret not in page
    assert REASON in page  # the user sees the reason that will be carried


def test_own_cases_in_the_results_open_without_emergency_access(client, login):
    login("consulent.jeugd")
    page = _search(client, reference="C-2026-0001", follow=True).content.decode()
    assert "Casus C-2026-0001 openen" in page and "Open met noodtoegang" not in page


# --- bad input: a clear message, nothing logged -----------------------------------------------------

def test_a_short_reason_is_refused_and_nothing_is_logged(client, login):
    login("consulent.jeugd")
    before = ProcessingLogEntry.objects.count()
    response = client.post(SEARCH_URL, {"reason": "spoed", "reference": "C-2026-0003"})
    assert response.status_code == 200
    assert "Geef een reden van minimaal 20 tekens." in response.content.decode()
    assert ProcessingLogEntry.objects.count() == before
    assert not EmergencySearch.objects.filter(user__username="consulent.jeugd").exists()


def test_a_search_without_criteria_is_refused_and_nothing_is_logged(client, login):
    login("consulent.jeugd")
    before = ProcessingLogEntry.objects.count()
    response = _search(client, reference=" ", bsn="", name="")
    assert "Vul een zaaknummer, BSN of naam in om te zoeken." in response.content.decode()
    assert ProcessingLogEntry.objects.count() == before
    assert not EmergencySearch.objects.filter(user__username="consulent.jeugd").exists()


def test_a_refused_bsn_gets_the_one_rule_message(client, login):
    login("consulent.jeugd")
    response = _search(client, bsn="12345678A")
    assert "Een BSN bestaat alleen uit cijfers" in response.content.decode()
    assert not _search_lines("consulent.jeugd").exists()


def test_the_service_checks_the_reason_itself():
    worker = User.objects.get(username="consulent.jeugd")
    with pytest.raises(Exception, match="minimaal 20 tekens"):
        services.emergency_search(FakeRequest(worker), reason="kort", reference="C-2026-0003")
    assert not _search_lines("consulent.jeugd").exists()


# --- rate limit -----------------------------------------------------------------------------------------

def test_searches_are_rate_limited_per_user_and_the_refusal_is_logged(client, login, settings):
    settings.EMERGENCY_SEARCH_MAX_PER_HOUR = 2
    login("consulent.jeugd")
    assert _search(client, reference="C-2026-0003").status_code == 302
    assert _search(client, reference="C-2026-0002").status_code == 302
    response = _search(client, reference="C-2026-0004")
    assert response.status_code == 429
    assert "maximum van 2 noodzoekopdrachten per uur" in response.content.decode()
    assert EmergencySearch.objects.filter(user__username="consulent.jeugd").count() == 2
    lines = _search_lines("consulent.jeugd")
    assert lines.filter(outcome=Outcome.ALLOWED).count() == 2
    denied = lines.get(outcome=Outcome.DENIED)
    assert "maximum" in denied.reason and denied.emergency is False
    # another user is not limited by it
    worker = User.objects.get(username="consulent.wmo")
    services.emergency_search(FakeRequest(worker), reason=REASON, reference="C-2026-0001")


def test_the_limit_counts_the_last_hour_only(settings):
    settings.EMERGENCY_SEARCH_MAX_PER_HOUR = 1
    worker = User.objects.get(username="consulent.jeugd")
    earlier = timezone.now() - timedelta(minutes=61)
    services.emergency_search(FakeRequest(worker), reason=REASON, reference="C-2026-0003", now=earlier)
    services.emergency_search(FakeRequest(worker), reason=REASON, reference="C-2026-0003")
    with pytest.raises(AccessDenied):
        services.emergency_search(FakeRequest(worker), reason=REASON, reference="C-2026-0003")


# --- opening a found case -------------------------------------------------------------------------------

def _found(client, login, reference="C-2026-0003"):
    login("consulent.jeugd")
    _search(client, reference=reference)
    return EmergencySearch.objects.get(user__username="consulent.jeugd")


def _open_url(search, case):
    return reverse("dossiers:emergency_search_open", kwargs={"uuid": search.uuid, "case_uuid": case.uuid})


def test_opening_starts_break_the_glass_with_the_same_reason_and_opens_the_case(client, login):
    search = _found(client, login)
    case = _wmo_case()
    response = client.post(_open_url(search, case), {"reason": "iets anders van de client", "emergency": "0"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:case_detail", kwargs={"uuid": case.uuid})
    grant = BreakGlassAccess.objects.get(case=case, user__username="consulent.jeugd")
    assert grant.reason == REASON and grant.search == search
    page = client.get(response["Location"]).content.decode()
    assert "U werkt met noodtoegang" in page and "de Groot" in page
    opened = ProcessingLogEntry.objects.filter(actor_username="consulent.jeugd", target_type="dossiers.case",
                                               target_id=str(case.uuid))
    assert opened.filter(emergency=True, purpose=Purpose.EMERGENCY).exists()


def test_only_cases_of_the_search_can_be_opened(client, login):
    search = _found(client, login)
    other = Case.objects.get(reference="C-2026-0002")
    response = client.post(_open_url(search, other), follow=True)
    assert "Deze casus hoort niet bij de resultaten van uw noodzoekopdracht." in response.content.decode()
    assert not BreakGlassAccess.objects.filter(case=other, user__username="consulent.jeugd").exists()


def test_another_users_search_is_not_found(client, login):
    search = _found(client, login)
    login("consulent.wmo")
    assert client.get(reverse("dossiers:emergency_search_results", kwargs={"uuid": search.uuid})).status_code == 404
    assert client.post(_open_url(search, Case.objects.get(reference="C-2026-0001"))).status_code == 404


def test_an_expired_search_opens_nothing(client, login, settings):
    search = _found(client, login)
    EmergencySearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - settings.EMERGENCY_SEARCH_VALID)
    page = client.get(reverse("dossiers:emergency_search_results", kwargs={"uuid": search.uuid})).content.decode()
    assert "Deze noodzoekopdracht is verlopen." in page and "Wmo-team BEL" not in page
    response = client.post(_open_url(search, _wmo_case()), follow=True)
    assert "Deze noodzoekopdracht is verlopen." in response.content.decode()
    assert not BreakGlassAccess.objects.filter(case=_wmo_case(), user__username="consulent.jeugd").exists()


def test_the_review_shows_the_emergency_search_in_the_trail(client, login):
    search = _found(client, login)
    client.post(_open_url(search, _wmo_case()), follow=True)
    grant = BreakGlassAccess.objects.get(search=search)
    trail = services.emergency_trail(grant)
    assert trail[0]["target_type"] == TARGET and trail[0]["target_id"] == str(search.uuid)
    assert any(step["target_type"] == "dossiers.case" for step in trail)
    login("fg")
    page = client.get(reverse("dossiers:break_glass_reviews")).content.decode()
    card = page[page.index(f'id="review-{grant.uuid}"') - 4000:page.index(f'id="review-{grant.uuid}"')]
    assert "Gevonden via noodzoeken" in card and "noodzoekopdracht (zaaknummer C-2026-0003)" in card


def test_the_officer_also_sees_searches_that_no_access_followed(client, login):
    _found(client, login, reference="C-2026-0002")
    login("fg")
    page = client.get(reverse("dossiers:break_glass_reviews")).content.decode()
    section = page[page.index("Noodzoeken zonder noodtoegang"):page.index("<h2>Beoordeeld")]
    assert "zaaknummer C-2026-0002" in section and REASON in section
    assert str(User.objects.get(username="consulent.jeugd")) in section
    haren = User.objects.get(username="fg.haren")
    assert not services.emergency_searches_without_access(haren.organisation_id).exists()


# --- ordinary search stays need-to-know -------------------------------------------------------------------

def test_ordinary_search_is_unchanged_after_an_emergency_search(client, login):
    login("consulent.jeugd")
    _search(client, name="de Groot")
    page = client.get(reverse("dossiers:search"), {"q": "de Groot"}).content.decode()
    assert "Geen inwoner gevonden in uw casussen." in page
    assert "Noodzoeken" in page  # the way out is offered on the search page
    own = client.get(reverse("dossiers:search"), {"q": "Jansen"}).content.decode()
    assert "C-2026-0001" in own and "C-2026-0003" not in own

