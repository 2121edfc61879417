"""Admin of supplier remote access (functional administrator): the organisation's longest window, and
which systems suppliers may enter remotely, who owns them and whether four eyes apply.

Requests, approvals and answers are never edited here: they are the record of who entered what.
"""

from django.contrib import admin

from privacyregie.core.admin import ConfigAdmin

from .models import RemoteAccessSystem, SupplierSettings


@admin.register(SupplierSettings)
class SupplierSettingsAdmin(ConfigAdmin):
    list_display = ("organisation", "max_window_hours")


@admin.register(RemoteAccessSystem)
class RemoteAccessSystemAdmin(ConfigAdmin):
    list_display = ("access_name", "system", "owner", "high_confidentiality", "active")
    list_filter = ("high_confidentiality", "active")
    filter_horizontal = ("partners",)
