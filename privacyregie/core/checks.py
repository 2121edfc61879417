"""System checks: warn when demo accounts exist outside demo mode (check --deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs, **kwargs):
    if settings.DEMO_MODE:
        return []
    from .models import demo_accounts_exist

    try:
        exists = demo_accounts_exist()
    except DatabaseError:
        return []
    if exists:
        return [
            Warning(
                "Demo accounts with published passwords and TOTP secrets exist in this database.",
                hint="Remove them: python manage.py remove_demo_accounts",
                id="privacyregie.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def key_material_check(app_configs, **kwargs):
    warnings = []
    if not settings.DEBUG and not settings.DEMO_MODE and not settings.FILE_ENCRYPTION_KEY:
        warnings.append(
            Warning(
                "FILE_ENCRYPTION_KEY is not set; a key generated under var/ is used for stored files.",
                hint="Set FILE_ENCRYPTION_KEY from your secret store (Fernet key).",
                id="privacyregie.W002",
            )
        )
    return warnings
