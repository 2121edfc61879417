"""Admin for configuration: organisations, teams, users, roles and API applications.

Functional administrators only see and edit records of their own organisation: the lists,
and every picker, filter and inline, offer nothing of another organisation
(``core.tenancy.scope_to_organisation``). Only organisation-scoped admins are registered.
"""

from django.contrib import admin, messages
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .models import (
    Application,
    IdentityProvider,
    IdentityProviderRole,
    Municipality,
    Organisation,
    RoleAssignment,
    SecurityEvent,
    Team,
    TeamMembership,
    User,
)
from .tenancy import organisation_path, scope_to_organisation


def _unregister_third_party():
    """Device secrets, lockout internals and global groups are not for the admin: they allow
    impersonation or span every organisation."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice, Group, AccessAttempt, AccessLog, AccessFailureLog):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_third_party()


class OrganisationRelatedListFilter(RelatedFieldListFilter):
    """A list filter on a related field that offers only the user's own organisation's objects."""

    def field_choices(self, field, request, model_admin):
        path = organisation_path(field.related_model)
        limit = Q(**{path: request.user.organisation_id}) if path else Q(pk__in=[])
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=limit)


class OrganisationScopedFormfields:
    """Every foreign-key and many-to-many picker offers only the user's own organisation's objects.

    Also narrows what a form accepts: a posted id of another organisation is not a valid choice.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scoped(formfield, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scoped(formfield, request)


def _scoped(formfield, request):
    if formfield is not None and getattr(formfield, "queryset", None) is not None:
        formfield.queryset = scope_to_organisation(formfield.queryset, request.user.organisation_id)
    return formfield


class FunctionalAdministrators:
    """Allowed for functional administrators (``core.manage_users``), not by Django's model permissions."""

    def _allowed(self, request):
        return "core.manage_users" in request.user.privacy_permissions

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class ScopedInlineFormSet(BaseInlineFormSet):
    """An inline formset whose hidden row ids accept only rows of the record being edited.

    Django's default accepts the id of any row of the model (of any organisation).
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_field = form.fields.get(self._pk_field.name)
        if pk_field is not None and getattr(pk_field, "queryset", None) is not None:
            pk_field.queryset = self.get_queryset()


class ScopedInline(FunctionalAdministrators, OrganisationScopedFormfields, admin.TabularInline):
    """An inline for functional administrators whose pickers offer only their own organisation's objects."""

    formset = ScopedInlineFormSet


class ConfigAdmin(FunctionalAdministrators, OrganisationScopedFormfields, admin.ModelAdmin):
    """Allowed for functional administrators; scoped to their organisation."""

    def get_queryset(self, request):
        return scope_to_organisation(super().get_queryset(request), request.user.organisation_id)

    def get_list_filter(self, request):
        """Filters on related fields list only the user's own organisation's objects."""
        scoped = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
                item = (item, OrganisationRelatedListFilter)
            scoped.append(item)
        return scoped


class MunicipalityInline(ScopedInline):
    model = Municipality
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ConfigAdmin):
    list_display = ["name", "slug", "is_shared_service", "scan_policy"]
    inlines = [MunicipalityInline]

    def has_add_permission(self, request):
        return False  # new tenants are created by the hosting party (manage.py), not by a tenant

    def has_delete_permission(self, request, obj=None):
        return False


class TeamMembershipInline(ScopedInline):
    model = TeamMembership
    extra = 0


class RoleAssignmentInline(ScopedInline):
    model = RoleAssignment
    extra = 0
    fk_name = "user"
    fields = ["role", "organisation", "granted_at"]
    readonly_fields = ["granted_at"]


@admin.register(Team)
class TeamAdmin(ConfigAdmin):
    list_display = ["name", "domain"]
    list_filter = ["domain"]
    filter_horizontal = ["municipalities"]


@admin.register(User)
class UserAdmin(ConfigAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active"]
    inlines = [RoleAssignmentInline, TeamMembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password", "organisation")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "organisation", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, RoleAssignment):
                instance.organisation_id = form.instance.organisation_id
                instance.granted_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Application)
class ApplicationAdmin(ConfigAdmin):
    list_display = ["name", "client_id", "is_active", "may_act_for_users"]
    readonly_fields = ["client_id", "created_at"]
    fields = ["organisation", "name", "scopes", "may_act_for_users", "is_active", "client_id", "created_at"]

    def save_model(self, request, obj, form, change):
        token = obj.issue_secret() if not change else None
        super().save_model(request, obj, form, change)
        if token:
            messages.warning(
                request,
                _("Bewaar dit token nu; het wordt niet opnieuw getoond: %(token)s") % {"token": token},
            )


class IdentityProviderRoleInline(ScopedInline):
    model = IdentityProviderRole
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(ConfigAdmin):
    """Single sign-on for the organisation's own staff (docs/sso.md)."""

    list_display = ["organisation", "issuer", "client_id", "is_active"]
    inlines = [IdentityProviderRoleInline]
    fieldsets = (
        (None, {"fields": ("organisation", "is_active", "issuer", "client_id", "client_secret_env", "scopes")}),
        (_("Claims"), {"fields": ("username_claim", "email_claim", "first_name_claim", "last_name_claim",
                                  "required_claims", "organisation_claim", "organisation_claim_value",
                                  "roles_claim")}),
        (_("Tweede factor"), {"fields": ("mfa_amr_values", "mfa_acr_values")}),
    )

    def has_add_permission(self, request):
        return self._allowed(request) and not IdentityProvider.objects.filter(
            organisation_id=request.user.organisation_id).exists()


@admin.register(SecurityEvent)
class SecurityEventAdmin(ConfigAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
