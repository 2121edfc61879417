"""Admin of training and attestations: the organisation's settings (VOG required, reminder period)."""

from django.contrib import admin

from privacyregie.core.admin import ConfigAdmin

from .models import CodeOfConduct, PeopleSettings


@admin.register(PeopleSettings)
class PeopleSettingsAdmin(ConfigAdmin):
    list_display = ("organisation", "requires_vog", "reminder_days")


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(ConfigAdmin):
    """A new version (a higher number) asks every employee again at their next login."""

    list_display = ("organisation", "version", "published_at")
