"""Admin for configuration: organisations, teams, users, roles and API applications.

Functional administrators only see and edit records of their own organisation.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Application, Municipality, Organisation, RoleAssignment, SecurityEvent, Team, TeamMembership, User


def _unregister_third_party():
    """Device secrets and lockout internals are not for the admin (they allow impersonation)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_third_party()


class ConfigAdmin(admin.ModelAdmin):
    """Allowed for functional administrators; scoped to their organisation."""

    org_field = "organisation"

    def _allowed(self, request):
        return "core.manage_users" in request.user.privacy_permissions

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self.org_field:
            qs = qs.filter(**{self.org_field: request.user.organisation_id})
        return qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(pk=request.user.organisation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ConfigAdmin):
    org_field = "pk"
    list_display = ["name", "slug", "is_shared_service"]
    inlines = [MunicipalityInline]

    def has_add_permission(self, request):
        return False  # new tenants are created by the hosting party (manage.py), not by a tenant

    def has_delete_permission(self, request, obj=None):
        return False


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fk_name = "user"
    fields = ["role", "organisation", "granted_at"]
    readonly_fields = ["granted_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(pk=request.user.organisation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
