"""The admin never offers another organisation's objects: no picker, filter or inline of any admin.

Walks every registered admin (add form, change form of an own record, list filters) as a
functional administrator and checks every choice against the owner of the offered object.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.urls import reverse

from privacyregie.core.admin import ConfigAdmin
from privacyregie.core.models import (
    IdentityProvider,
    IdentityProviderRole,
    Municipality,
    Organisation,
    Team,
    TeamMembership,
    User,
)
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _owner(obj):
    """Which organisation owns ``obj``, by following its attributes (independent of core.tenancy)."""
    if isinstance(obj, Organisation):
        return obj.pk
    if hasattr(obj, "organisation_id"):
        return obj.organisation_id
    for attribute in ("team", "user", "incident", "case", "activity", "provider"):
        if getattr(obj, attribute, None) is not None:
            return _owner(getattr(obj, attribute))
    raise AssertionError(f"no owner known for {obj._meta.label}; teach _owner about it")


@pytest.fixture
def tenants(db):
    """Two organisations, each with a municipality, a team, users with roles and a team membership."""
    own, other = OrganisationFactory(), OrganisationFactory()
    for org in (own, other):
        municipality = Municipality.objects.create(organisation=org, name=f"Gemeente {org.slug}")
        team = TeamFactory(organisation=org)
        team.municipalities.add(municipality)
        UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[team])
        provider = IdentityProvider.objects.create(organisation=org, issuer=f"https://login.{org.slug}.nl",
                                                   client_id="privacyregie", client_secret_env="OIDC_SECRET")
        IdentityProviderRole.objects.create(provider=provider, claim_value="medewerkers", role=Role.CASE_WORKER)
    beheerder = UserFactory(organisation=own, roles=[Role.FUNCTIONAL_ADMIN])
    return own, other, beheerder


def _choice_fields(response):
    """Every (field label, queryset) offered on an admin add/change page, inlines included."""
    context = response.context
    forms = [("form", context["adminform"].form)]
    for inline in context.get("inline_admin_formsets") or []:
        formset = inline.formset
        forms += [(type(inline.opts).__name__, form) for form in [*formset.forms, formset.empty_form]]
    for where, form in forms:
        for name, field in form.fields.items():
            if getattr(field, "queryset", None) is not None:
                yield f"{where}.{name}", field.queryset


def _pages(model, model_admin, request_user):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = [reverse(f"{prefix}_add")]
    own = model_admin.get_queryset(type("R", (), {"user": request_user})()).first()
    if own is not None:
        pages.append(reverse(f"{prefix}_change", args=[own.pk]))
    return pages


def test_only_organisation_scoped_admins_are_registered():
    unscoped = [model._meta.label for model, model_admin in ADMINS if not isinstance(model_admin, ConfigAdmin)]
    assert unscoped == [], f"admins that are not scoped to the organisation: {unscoped}"


@pytest.mark.django_db
@pytest.mark.parametrize("model, model_admin", ADMINS, ids=[m._meta.label for m, _a in ADMINS])
def test_no_form_field_or_inline_offers_another_organisations_objects(client, login, tenants, model, model_admin):
    own, _other, beheerder = tenants
    login(beheerder)
    checked = 0
    for url in _pages(model, model_admin, beheerder):
        response = client.get(url)
        if response.status_code == 403:  # e.g. no adding security events
            continue
        assert response.status_code == 200, url
        for field, queryset in _choice_fields(response):
            offered = list(queryset)
            foreign = [str(obj) for obj in offered if _owner(obj) != own.pk]
            assert foreign == [], f"{url} {field} offers objects of another organisation: {foreign}"
            # the check means something: the unscoped model does hold other organisations' objects
            assert any(_owner(obj) != own.pk for obj in queryset.model._default_manager.all()), field
            checked += 1
    relation_fields = [f for f in model._meta.get_fields() if f.is_relation and f.concrete]
    if model_admin.has_add_permission(type("R", (), {"user": beheerder})()) and relation_fields:
        assert checked, f"{model._meta.label}: no picker was checked"


@pytest.mark.django_db
@pytest.mark.parametrize("model, model_admin", ADMINS, ids=[m._meta.label for m, _a in ADMINS])
def test_no_list_filter_offers_another_organisations_objects(client, login, tenants, model, model_admin):
    own, _other, beheerder = tenants
    login(beheerder)
    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    assert response.status_code == 200
    for spec in response.context["cl"].filter_specs:
        if isinstance(spec, RelatedFieldListFilter):
            related = spec.field.related_model._default_manager
            foreign = [label for pk, label in spec.lookup_choices if _owner(related.get(pk=pk)) != own.pk]
            assert foreign == [], f"filter {spec.field_path} offers objects of another organisation: {foreign}"


@pytest.mark.django_db
def test_the_user_filter_on_team_memberships_lists_only_own_users(rf, tenants):
    """The list filter on a relation (applied to every ConfigAdmin) lists own objects only."""
    from django.contrib.admin.sites import AdminSite

    own, other, beheerder = tenants
    TeamFactory(organisation=own)  # a filter with one choice is not shown

    class MembershipAdmin(ConfigAdmin):
        list_filter = ["user", "team"]

    request = rf.get("/")
    request.user = beheerder
    model_admin = MembershipAdmin(TeamMembership, AdminSite())
    changelist = model_admin.get_changelist_instance(request)
    users = {pk for spec in changelist.filter_specs if spec.field_path == "user" for pk, _label in spec.lookup_choices}
    teams = {pk for spec in changelist.filter_specs if spec.field_path == "team" for pk, _label in spec.lookup_choices}
    assert users == set(User.objects.filter(organisation=own).values_list("pk", flat=True))
    assert teams == set(Team.objects.filter(organisation=own).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_team_cannot_be_linked_to_another_organisations_municipality(client, login, tenants):
    own, other, beheerder = tenants
    login(beheerder)
    foreign = Municipality.objects.get(organisation=other)
    response = client.post(reverse("admin:core_team_add"), {
        "organisation": own.pk, "name": "Wmo-team Noord", "domain": "wmo", "municipalities": [foreign.pk],
    })
    assert response.status_code == 200
    assert "municipalities" in response.context["adminform"].form.errors
    assert not Team.objects.filter(name="Wmo-team Noord").exists()


@pytest.mark.django_db
def test_a_user_cannot_join_another_organisations_team_through_the_inline(client, login, tenants):
    own, other, beheerder = tenants
    login(beheerder)
    colleague = User.objects.filter(organisation=own, role_assignments__role=Role.CASE_WORKER).get()
    foreign_team = Team.objects.get(organisation=other)
    before = set(colleague.team_memberships.values_list("team_id", flat=True))
    data = {
        "username": colleague.username, "organisation": own.pk, "first_name": "Test", "last_name": "Collega",
        "email": colleague.email, "is_active": "on",
        "role_assignments-TOTAL_FORMS": "0", "role_assignments-INITIAL_FORMS": "0",
        "team_memberships-TOTAL_FORMS": "1", "team_memberships-INITIAL_FORMS": "0",
        "team_memberships-0-team": foreign_team.pk, "team_memberships-0-since": "2026-01-01",
    }
    response = client.post(reverse("admin:core_user_change", args=[colleague.pk]), data)
    assert response.status_code == 200
    assert any(inline.formset.errors for inline in response.context["inline_admin_formsets"])
    assert set(colleague.team_memberships.values_list("team_id", flat=True)) == before
