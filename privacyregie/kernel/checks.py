"""System checks of the processing log's tamper evidence (check --deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def processing_log_tamper_evidence_check(app_configs, **kwargs):
    if settings.DEBUG or settings.DEMO_MODE:
        return []
    warnings = []
    if getattr(settings, "PROCESSING_LOG_SIGNING_KEY_FROM_FILE", False):
        warnings.append(Warning(
            "PROCESSING_LOG_SIGNING_KEY is not set; the key that signs the processing log's seals is read from a "
            "file under var/.",
            hint="Set PROCESSING_LOG_SIGNING_KEY from your secret store (secrets.token_urlsafe(32)); see docs/security.md.",
            id="privacyregie.kernel.W001",
        ))
    if list(settings.PROCESSING_LOG_WITNESSES) == ["file"]:
        warnings.append(Warning(
            "The processing log's seals are witnessed only in a local file; whoever administers this server can "
            "remove it.",
            hint="Add the syslog witness (PROCESSING_LOG_WITNESSES=file,syslog) and forward it to a SIEM or "
                 "write-once store; see docs/security.md.",
            id="privacyregie.kernel.W002",
        ))
    return warnings
