"""The processing-log hub: what it received from other applications, beside the kernel's log.

The log entries themselves are ``kernel.ProcessingLogEntry`` rows in the kernel's hash chains.
``ReceivedSpan`` is the hub's index of them: the key that makes intake idempotent
(organisation, trace id, span id), the sending application, and whether the span named a processing
activity the register does not know (flagged). ``IntakeRefusal`` counts refusals per application
and kind, for the connected-applications page; its kind ``replay`` counts the duplicate spans (received
before, stored once), which are accepted and shown apart from the refusals.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReceivedSpan(models.Model):
    # No index of their own: (organisation, trace id, span id) and (application, received at) lead with them,
    # and every index is one more insert per received span. No database constraint either (ADR 0130): the
    # row is written with the log entry by the authenticated application, and the two deferred checks per
    # span at commit ran while the chain heads were locked, so concurrent senders waited for them
    # (13,000 instead of 9,700 spans/s without them). Deleting an organisation or application that has
    # received spans is still refused (PROTECT, enforced by Django).
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                     db_index=False, db_constraint=False)
    application = models.ForeignKey("core.Application", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("applicatie"), db_index=False, db_constraint=False)
    trace_id = models.CharField(max_length=32)
    span_id = models.CharField(max_length=16)
    entry_id = models.BigIntegerField(_("logregel"))
    occurred_at = models.DateTimeField(_("tijdstip"))
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    activity_ref = models.CharField(_("opgegeven verwerkingsactiviteit"), max_length=200, blank=True)
    flagged = models.BooleanField(_("zonder geregistreerde verwerkingsactiviteit"), default=False)

    class Meta:
        verbose_name = _("ontvangen handeling")
        verbose_name_plural = _("ontvangen handelingen")
        constraints = [models.UniqueConstraint(fields=["organisation", "trace_id", "span_id"],
                                               name="uniq_hub_span")]
        indexes = [
            models.Index(fields=["application", "-received_at"], name="hub_app_received_idx"),
            models.Index(fields=["organisation", "flagged"], name="hub_flagged_idx"),
        ]


class RefusalKind(models.TextChoices):
    MALFORMED = "malformed", _("onleesbaar bericht")
    CONTENT_TYPE = "content_type", _("verkeerd berichttype")
    TOO_LARGE = "too_large", _("te groot bericht")
    MISSING_ID_TYPE = "missing_id_type", _("betrokkene zonder soort identificerende code")
    INVALID_SUBJECT = "invalid_subject", _("ongeldige identificerende code")
    OTHER_ORGANISATION = "other_organisation", _("andere organisatie")
    REPLAY = "replay", _("al ontvangen (herhaling)")
    BACK_PRESSURE = "back_pressure", _("te druk (later opnieuw)")


class IntakeRefusal(models.Model):
    application = models.ForeignKey("core.Application", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort weigering"), max_length=30, choices=RefusalKind.choices)
    count = models.PositiveBigIntegerField(_("aantal"), default=0)
    last_at = models.DateTimeField(_("laatst"), default=timezone.now)
    last_message = models.CharField(_("laatste melding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("weigering bij ontvangst")
        verbose_name_plural = _("weigeringen bij ontvangst")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="uniq_hub_refusal")]
