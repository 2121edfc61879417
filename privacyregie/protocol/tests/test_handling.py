"""The privacy officer categorises, links norms, follows up with actions and closes; reviews of the protocol."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import Notification
from privacyregie.protocol import services
from privacyregie.protocol.models import Action

from .factories import bottleneck


def test_categorising_sets_themes_and_norms_and_starts_handling(worker, officer, assessment):
    found = bottleneck(worker)
    theme = services.themes_for(worker.organisation).get(name="Toestemming en grondslag")
    norm = services.requirement_choices(worker.organisation).first()
    services.categorise(found, officer, themes=[theme], requirements=[norm], new_theme="Dossiervorming", note="Klopt.")
    found.refresh_from_db()
    assert found.status == "in_behandeling"
    assert sorted(t.name for t in found.themes.all()) == ["Dossiervorming", "Toestemming en grondslag"]
    assert list(found.requirements.all()) == [norm]


def test_a_norm_of_another_organisation_cannot_be_linked(worker, officer, norms):
    from privacyregie.compliance.assessments import create_assessment
    from privacyregie.core.tests.factories import OrganisationFactory

    foreign = create_assessment(OrganisationFactory(), norms, "Elders", "2026").items.first()
    with pytest.raises(ValidationError):
        services.categorise(bottleneck(worker), officer, themes=services.themes_for(worker.organisation)[:1],
                            requirements=[foreign])


def test_a_theme_is_required(worker, officer):
    with pytest.raises(ValidationError) as err:
        services.categorise(bottleneck(worker), officer, themes=[], requirements=[])
    assert "themes" in err.value.message_dict


def test_an_action_has_an_internal_owner_and_a_due_date_not_in_the_past(worker, officer, lead, partner_user):
    found = bottleneck(worker)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as err:
        services.add_action(found, officer, description="Iets", owner=partner_user, due_date=today - datetime.timedelta(1))
    assert set(err.value.message_dict) == {"owner", "due_date"}
    assert not found.actions.exists()
    action = services.add_action(found, officer, description="Werkinstructie schrijven", owner=lead, due_date=today)
    assert action.owner == lead
    assert Notification.objects.filter(recipient=lead, subject__contains=found.number).count() == 1


def test_overdue_actions_are_visible_and_reminded_once(client, login, worker, officer, lead):
    found = bottleneck(worker)
    Action.objects.create(bottleneck=found, description="Te laat", owner=lead,
                          due_date=timezone.localdate() - datetime.timedelta(days=3))
    assert [a.description for a in services.overdue_actions(worker.organisation)] == ["Te laat"]
    assert services.remind_overdue_actions() >= 1
    assert services.remind_overdue_actions() == 0
    login(officer)
    page = client.get(reverse("protocol:overview")).content.decode()
    assert "1 actie over de datum" in page and "Te laat" in page
    detail = client.get(reverse("protocol:detail", kwargs={"uuid": found.uuid})).content.decode()
    assert "over de datum" in detail


def test_closing_needs_a_resolution_and_no_open_actions(worker, officer, lead):
    found = bottleneck(worker)
    action = services.add_action(found, officer, description="Actie", owner=lead, due_date=timezone.localdate())
    with pytest.raises(ValidationError, match="nog acties open"):
        services.close(found, officer, resolution="Opgelost")
    with pytest.raises(ValidationError):
        services.update_action(action, officer, status="gereed", result="")
    services.update_action(action, officer, status="gereed", result="Instructie gepubliceerd")
    with pytest.raises(ValidationError):
        services.close(found, officer, resolution=" ")
    services.close(found, officer, resolution="Instructie gepubliceerd")
    found.refresh_from_db()
    assert found.status == "afgehandeld" and found.closed_at is not None
    services.reopen(found, officer)
    found.refresh_from_db()
    assert (found.status, found.closed_at) == ("in_behandeling", None)


def test_the_pages_categorise_add_an_action_and_close(client, login, worker, officer, lead):
    found = bottleneck(worker)
    theme = services.themes_for(worker.organisation).first()
    login(officer)
    url = lambda name: reverse(f"protocol:{name}", kwargs={"uuid": found.uuid})  # noqa: E731
    client.post(url("categorise"), {"themes": [theme.pk], "note": "Bekend"})
    client.post(url("add_action"), {"description": "Aanpassen", "owner": lead.pk,
                                    "due_date": timezone.localdate().isoformat()})
    action = found.actions.get()
    client.post(reverse("protocol:update_action", kwargs={"uuid": found.uuid, "action_uuid": action.uuid}),
                {f"a{action.pk}-status": "gereed", f"a{action.pk}-result": "Gedaan"})
    response = client.post(url("close"), {"resolution": "Protocol aangepast"})
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == "afgehandeld" and list(found.themes.all()) == [theme]


def test_a_review_records_findings_changes_who_and_when(client, login, worker, officer):
    found = bottleneck(worker)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as err:
        services.record_review(worker.organisation, officer, reviewed_on=today + datetime.timedelta(days=1),
                               period="2026", findings="")
    assert set(err.value.message_dict) == {"reviewed_on", "findings"}
    review = services.record_review(worker.organisation, officer, reviewed_on=today, period="2026-K4",
                                    findings="Werkt in de praktijk", changes="Paragraaf 3 herschreven",
                                    protocol_version="2026-2", bottlenecks=[found])
    assert (review.recorded_by, review.reviewed_on, list(review.bottlenecks.all())) == (officer, today, [found])
    login(officer)
    page = client.get(reverse("protocol:reviews")).content.decode()
    assert "Paragraaf 3 herschreven" in page and "2026-2" in page


def test_another_organisations_bottleneck_is_not_found(client, login, worker):
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory

    found = bottleneck(worker)
    login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    assert client.get(reverse("protocol:detail", kwargs={"uuid": found.uuid})).status_code == 404


def test_replacing_the_text_leaves_no_trace_of_the_old_one(client, login, worker, officer):
    found = bottleneck(worker, description="Bij het gesprek met mevrouw Jansen-Oudkerk bleek het protocol onduidelijk.")
    login(officer)
    response = client.post(reverse("protocol:redact", kwargs={"uuid": found.uuid}), {
        "redact-description": "Bij het gesprek met een inwoner bleek het protocol onduidelijk.", "redact-suggestion": ""})
    assert response.status_code == 302
    found.refresh_from_db()
    assert "Jansen" not in found.description
    assert all("Jansen" not in str(vars(h)) for h in found.history.all())
    assert found.history.first().history_change_reason == "tekst aangepast"
    with pytest.raises(ValidationError):
        services.redact(found, officer, description="Het BSN 111222333 stond in het verslag van het overleg.")


def test_the_overview_needs_a_fixed_number_of_queries(client, login, worker, officer, django_assert_max_num_queries):
    for _i in range(15):
        found = bottleneck(worker)
        services.categorise(found, officer, themes=services.themes_for(worker.organisation)[:2], requirements=[])
    login(officer)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("protocol:overview")).status_code == 200


def test_the_norms_page_lists_the_linked_bottlenecks(client, login, worker, officer, assessment):
    found = bottleneck(worker)
    norm = services.requirement_choices(worker.organisation).first()
    services.categorise(found, officer, themes=services.themes_for(worker.organisation)[:1], requirements=[norm])
    login(officer)
    page = client.get(reverse("compliance:item_edit", kwargs={"pk": norm.pk})).content.decode()
    assert "Knelpunten in het privacyprotocol bij deze norm" in page and found.number in page
    assert reverse("protocol:detail", kwargs={"uuid": found.uuid}) in page


def test_the_start_page_figures_in_one_query_count_as_the_lists_do(worker, officer, lead, django_assert_num_queries):
    today = timezone.localdate()
    first, second, handled = bottleneck(worker), bottleneck(worker), bottleneck(worker)
    type(second).objects.filter(pk=second.pk).update(status="in_behandeling")
    type(handled).objects.filter(pk=handled.pk).update(status="afgehandeld", closed_at=timezone.now())
    for due in (today - datetime.timedelta(days=3), today - datetime.timedelta(days=1), today):
        Action.objects.create(bottleneck=first, description="Actie", owner=lead, due_date=due)
    Action.objects.create(bottleneck=second, description="Te laat", owner=lead, due_date=today - datetime.timedelta(days=9))
    Action.objects.create(bottleneck=second, description="Klaar", owner=lead, due_date=today - datetime.timedelta(days=9),
                          status=Action.Status.DONE)
    org = worker.organisation
    with django_assert_num_queries(1):
        figures = services.home_figures(org.pk)
    assert figures == {
        "open": services.bottlenecks_for(org).exclude(status="afgehandeld").count(),
        "new": services.bottlenecks_for(org).filter(status="nieuw").count(),
        "overdue": services.overdue_actions(org).count()}
    assert figures == {"open": 2, "new": 1, "overdue": 3}
