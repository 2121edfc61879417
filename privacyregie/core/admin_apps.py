"""The admin app configured with Privacyregie's own admin site (configuration only)."""

from django.contrib.admin.apps import AdminConfig


class PrivacyregieAdminConfig(AdminConfig):
    default_site = "privacyregie.core.admin_site.PrivacyregieAdminSite"
