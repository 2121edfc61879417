"""Is the secure way used? Each figure on a small built set, the period filter, the query count, access,
and the scorecard indicator "Uitwisselingen via het veilige kanaal"."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.exchange import services, usage
from privacyregie.exchange.models import Exchange, ExchangeRecipient
from privacyregie.kernel.models import Deviation
from privacyregie.kernel.services import AccessDenied

from .factories import ChainPartnerFactory, FakeRequest, agreement

TODAY = timezone.localdate()
PERIOD = usage.Period(TODAY - timedelta(days=60), TODAY)


def _at(exchange, *, days_ago, hours_to_open=None, expired=False, status=None):
    """Move a share back in time; optionally its recipient opened it ``hours_to_open`` after being added."""
    created = timezone.now() - timedelta(days=days_ago)
    fields = {"created_at": created}
    if expired:
        fields["expires_at"] = timezone.now() - timedelta(hours=1)
    if status:
        fields["status"] = status
    Exchange.objects.filter(pk=exchange.pk).update(**fields)
    opened = created + timedelta(hours=hours_to_open) if hours_to_open is not None else None
    ExchangeRecipient.objects.filter(exchange=exchange).update(added_at=created, first_opened_at=opened)
    return exchange


@pytest.fixture
def other_partner(world):
    partner = ChainPartnerFactory(organisation=world.org, name="Wijkteam Oost")
    agreement(partner, "Jeugdhulp toewijzen (Oost)")  # its covenant does not cover the case's activity
    return partner


@pytest.fixture
def built(world, share, other_partner):
    """Four shares with the GP (one 13 months ago), one with Wijkteam Oost, one refused for lack of an agreement."""
    world.partner.name = "Huisartsenpraktijk De Linde"
    world.partner.save()
    _at(share(), days_ago=1, hours_to_open=2)
    _at(share(), days_ago=2, hours_to_open=10)
    _at(share(), days_ago=40, expired=True)  # expired, never opened
    _at(share(), days_ago=400, expired=True)  # outside the period
    _at(share(), days_ago=3, expired=True, status=Exchange.Status.REVOKED)  # revoked: not "expired unopened"
    without = ChainPartnerFactory(organisation=world.org, name="Zorgboerderij Het Veld")
    with pytest.raises(AccessDenied):
        share(partner=without)
    return world


def test_shares_per_partner_and_month(built):
    table, totals = usage.shares_per_partner(built.org, PERIOD)
    assert table == [{"partner": "Huisartsenpraktijk De Linde", "counts": table[0]["counts"], "total": 4}]
    assert sum(totals) == 4 and len(totals) == len(PERIOD.months())
    this_month = PERIOD.months().index(TODAY.replace(day=1))
    recent = sum(1 for d in (1, 2, 3) if (timezone.localtime() - timedelta(days=d)).date().replace(day=1)
                 == TODAY.replace(day=1))
    assert totals[this_month] == recent


def test_time_to_first_open_median_and_p90(built):
    durations = usage.time_to_first_open(built.org, PERIOD)
    assert durations.opened == 2 and durations.not_opened == 2
    assert durations.median_hours == pytest.approx(6.0) and durations.p90_hours == pytest.approx(10.0)


def test_percentiles_use_the_nearest_rank():
    assert usage.percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.9) == 9
    assert usage.median([3, 1, 2]) == 2 and usage.median([]) is None and usage.percentile([], 0.9) is None


def test_expired_unopened_counts_expiry_not_revocation(built):
    assert usage.expired_unopened(built.org, PERIOD) == [("Huisartsenpraktijk De Linde", 1)]
    wide = usage.Period(TODAY - timedelta(days=500), TODAY)
    assert usage.expired_unopened(built.org, wide) == [("Huisartsenpraktijk De Linde", 2)]


def test_blocked_shares_and_partners_without_agreement(built):
    assert sum(usage.blocked(built.org, PERIOD)) == 1
    rows = usage.partners_without_agreement(built.org, PERIOD)
    assert [(r["partner"], r["refusals"]) for r in rows] == [("Zorgboerderij Het Veld", 1)]


def test_a_refusal_without_legal_basis_is_not_an_agreement_refusal():
    assert usage.is_agreement_refusal("De overeenkomst met X is op 29-11-2026 verlopen.")
    assert not usage.is_agreement_refusal("Er is geen toestemming. Zonder grondslag kunt u alleen delen met een "
                                          "gemotiveerde afwijking, die de privacy officer beoordeelt.")
    assert not usage.is_agreement_refusal("U bent niet betrokken bij deze casus.")


def test_deviations_count_only_sharing(built):
    common = {"organisation": built.org, "actor_username": "x", "action": "share", "target_type": "dossiers.case",
              "target_id": "1", "motivation": "Spoed, ouders onbereikbaar."}
    Deviation.objects.create(purpose="gegevensdeling", **common)
    Deviation.objects.create(purpose="gegevensdeling", created_at=timezone.now() - timedelta(days=100), **common)
    Deviation.objects.create(purpose="uitvoering", **common)
    assert usage.deviations(built.org, PERIOD) == 1


def test_the_period_filter_on_the_page(client, login, built):
    officer = UserFactory(organisation=built.org, roles=[Role.PRIVACY_OFFICER])
    login(officer)
    default = client.get("/uitwisseling/gebruik/")
    assert default.status_code == 200 and default.context["figures"].total == 4
    start = (TODAY - timedelta(days=500)).isoformat()
    wide = client.get(f"/uitwisseling/gebruik/?date_from={start}&date_to={TODAY.isoformat()}")
    assert wide.context["figures"].total == 5
    page = wide.content.decode()
    assert "Zorgboerderij Het Veld" in page and "Verwijzing" not in page  # no subjects, no residents
    assert built.case.reference not in page


def test_a_reversed_or_too_long_period_is_refused_with_a_message(client, login, built):
    login(UserFactory(organisation=built.org, roles=[Role.CISO]))
    reversed_ = client.get(f"/uitwisseling/gebruik/?date_from={TODAY.isoformat()}&date_to=2020-01-01")
    assert reversed_.status_code == 200 and "De begindatum ligt na de einddatum." in reversed_.content.decode()
    assert reversed_.context["figures"].period == usage.default_period()
    long = client.get(f"/uitwisseling/gebruik/?date_from=2019-01-01&date_to={TODAY.isoformat()}")
    assert "hoogstens drie jaar" in long.content.decode()


def test_only_privacy_officer_and_ciso(client, login, world):
    for role, status in ((Role.PRIVACY_OFFICER, 200), (Role.CISO, 200), (Role.CASE_WORKER, 403),
                         (Role.COUNCIL, 403), (Role.CHAIN_PARTNER, 403), (Role.INFORMATION_MANAGER, 403)):
        login(UserFactory(organisation=world.org, roles=[role]))
        assert client.get("/uitwisseling/gebruik/").status_code == status, role


def test_query_count_does_not_grow_with_shares(world, share, django_assert_max_num_queries):
    for _i in range(3):
        share()
    with django_assert_max_num_queries(8):
        few = usage.usage(world.org, PERIOD)
    for _i in range(9):
        share()
    with django_assert_max_num_queries(8):
        many = usage.usage(world.org, PERIOD)
    assert (few.total, many.total) == (3, 12)


def test_default_period_is_twelve_months():
    period = usage.default_period(datetime.date(2026, 11, 30))
    assert period == usage.Period(datetime.date(2025, 12, 1), datetime.date(2026, 11, 30))
    assert len(period.months()) == 12


# --- the scorecard indicator -----------------------------------------------------------------------------

def test_secure_channel_share_of_sharing_decisions(world, share):
    from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory
    from privacyregie.kernel.models import ProcessingLogEntry
    from privacyregie.kernel.policy import Action, Purpose
    from privacyregie.kernel.services import access

    share()
    share()
    other = CaseFactory(organisation=world.org, team=world.team, members=[world.worker],
                        residents=[ResidentFactory(organisation=world.org), ResidentFactory(organisation=world.org)],
                        processing_activity="Jeugdhulp toewijzen", statutory_basis="Jeugdwet art. 2.3")
    access(FakeRequest(world.worker), Action.SHARE, other, Purpose.SHARING)  # shared by other means
    assert ProcessingLogEntry.objects.filter(target_id=str(other.uuid), action="share").count() == 2  # per resident
    start, end = timezone.now() - timedelta(days=1), timezone.now() + timedelta(minutes=1)
    figures = services.scorecard_figures(world.org, start, end)
    assert figures["exchanges_via_secure_channel"] == 2
    assert figures["pct_secure_channel"] == pytest.approx(200 / 3)
    assert usage.secure_channel_figures(world.org, end, end + timedelta(days=1))["pct_secure_channel"] is None


def test_the_scorecard_shows_the_indicator_with_its_definition(world, share, client, login):
    from privacyregie.compliance import scorecard

    share()
    values = {v.indicator.key: v for v in scorecard.compute(world.org, scorecard.current_quarter())}
    assert values["secure_channel"].display == "100%"
    login(UserFactory(organisation=world.org, roles=[Role.PRIVACY_OFFICER]))
    page = client.get(reverse("compliance:scorecard")).content.decode()
    assert "Uitwisselingen via het veilige kanaal" in page and "beveiligde uitwisseling ging" in page


def test_the_page_in_english(client, login, world):
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)
    login(UserFactory(organisation=world.org, roles=[Role.CISO]))
    page = client.get("/uitwisseling/gebruik/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Is the secure way used?" in page and "Exchanges per chain partner and per month" in page
    assert "Nothing was shared through Privacyregie in this period." in page
