"""Admin of the external-users capability: the organisation's invitation periods (functional administrator).

Grants and invitations are managed on the municipal overview (``external:overview``), where a
revocation cuts the external user's session; the statement versions by data migration.
"""

from django.contrib import admin

from privacyregie.core.admin import ConfigAdmin

from .models import ExternalSettings


@admin.register(ExternalSettings)
class ExternalSettingsAdmin(ConfigAdmin):
    list_display = ("organisation", "default_days", "max_days")
