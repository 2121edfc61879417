"""System checks for ``check --deploy``: demo accounts outside demo mode, key material under var/."""

from pathlib import Path

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


# Key material that must come from the environment (a secret store) in production, with the
# file under var/ the embedded default falls back to, and the check id that warns about it.
KEY_SETTINGS = (
    ("FILE_MASTER_KEYS", "file_master_key", "privacyregie.W002", "master keys for stored files"),
    ("PSEUDONYM_KEY", "pseudonym_key", "privacyregie.W003", "key for pseudonymising data subjects in the log"),
    ("SECRET_KEY", "secret_key", "privacyregie.W004", "Django's signing key"),
)


def key_comes_from_var(setting: str, filename: str) -> bool:
    """True when the key is not set or equals the key file under ``VAR_DIR`` (the embedded fallback)."""
    value = str(getattr(settings, setting, "") or "").strip()
    if not value:
        return True
    try:
        return (Path(settings.VAR_DIR) / filename).read_text().strip() == value
    except (OSError, UnicodeDecodeError):
        return False


@register(Tags.security, deploy=True)
def key_material_check(app_configs, **kwargs):
    """Warn for every key that comes from a file under var/ instead of the environment.

    A key next to the data it protects ends up in the same backups and on the same disk; in
    production keys come from a secret store through the environment. Also warns in demo mode:
    ``check --deploy`` asks whether this configuration may be deployed, and it may not.
    """
    warnings = []
    for setting, filename, check_id, what in KEY_SETTINGS:
        if key_comes_from_var(setting, filename):
            warnings.append(
                Warning(
                    f"{setting} ({what}) comes from the file {Path(settings.VAR_DIR) / filename}, "
                    "not from the environment.",
                    hint=f"Set {setting} in the environment from your secret store and keep no copy under var/.",
                    id=check_id,
                )
            )
    return warnings


@register(Tags.security, deploy=True)
def single_sign_on_check(app_configs, **kwargs):
    """Single sign-on (docs/sso.md): TLS towards the providers, and every active provider's secret set."""
    import os

    warnings = []
    if settings.SSO_ALLOW_HTTP or not settings.OIDC_VERIFY_SSL:
        warnings.append(Warning(
            "Single sign-on accepts identity providers without (verified) TLS.",
            hint="Unset SSO_ALLOW_HTTP and OIDC_VERIFY_SSL=0 in production.", id="privacyregie.W005"))
    from .models import IdentityProvider

    try:
        providers = list(IdentityProvider.objects.filter(is_active=True).select_related("organisation"))
    except DatabaseError:
        return warnings
    for provider in providers:
        if not os.environ.get(provider.client_secret_env):
            warnings.append(Warning(
                f"The client secret of {provider.organisation}'s identity provider is not set "
                f"(environment variable {provider.client_secret_env}).",
                hint="Set it on every application server, or deactivate the provider.", id="privacyregie.W006"))
    return warnings
