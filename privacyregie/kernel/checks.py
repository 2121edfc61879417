"""System checks of the processing log's tamper evidence (check --deploy).

Like the other keys (``core.checks.key_material_check``), these warn in demo and debug mode too:
``check --deploy`` asks whether this configuration may be deployed.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register

from privacyregie.core.checks import key_comes_from_var

SIGNING_KEY_FILE = "processing_log_signing_key"


@register(Tags.security, deploy=True)
def processing_log_tamper_evidence_check(app_configs, **kwargs):
    warnings = []
    if key_comes_from_var("PROCESSING_LOG_SIGNING_KEY", SIGNING_KEY_FILE):
        warnings.append(Warning(
            "PROCESSING_LOG_SIGNING_KEY (Ed25519 key that signs the processing log's seals) comes from the file "
            f"{Path(settings.VAR_DIR) / SIGNING_KEY_FILE}, not from the environment.",
            hint="Set PROCESSING_LOG_SIGNING_KEY in the environment from your secret store "
                 "(secrets.token_urlsafe(32)) and keep no copy under var/; see docs/security.md.",
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
