"""Alerts of suspicious access, the organisation's thresholds, and the runs of the detection job.

An ``Alert`` names a rule, the actor (plain values, as the log does), the period and the evidence
(ids of processing-log entries, shown through ``services.evidence``); it is raised once per finding
(unique fingerprint). The privacy officer assesses it ("terecht"/"onterecht"); an improper one may
become a data breach in incidents, linked both ways. Nothing here holds a resident's name or BSN.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.identifiers import public_id_field

from . import rules


class Rule(models.TextChoices):
    VOLUME = rules.VOLUME, _("Piek in het aantal raadplegingen")
    OUTSIDE_HOURS = rules.OUTSIDE_HOURS, _("Raadplegingen buiten werktijd")
    FAMILY_NAME = rules.FAMILY_NAME, _("Inwoner met dezelfde achternaam als de medewerker")
    BREAK_GLASS = rules.BREAK_GLASS, _("Vaak noodtoegang")
    REFUSALS = rules.REFUSALS, _("Reeks geweigerde raadplegingen")
    UNRELATED = rules.UNRELATED, _("Raadplegingen zonder relatie met een casus van het team")


class Assessment(models.TextChoices):
    OPEN = "open", _("te beoordelen")
    JUSTIFIED = "terecht", _("terecht")
    IMPROPER = "onterecht", _("onterecht")


def _hour(default):
    return models.PositiveSmallIntegerField(default=default, validators=[MaxValueValidator(24)])


class DetectionSettings(models.Model):
    """Per organisation: which rules run and their thresholds (defaults: ``rules.Thresholds``)."""

    d = rules.Thresholds()
    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE, related_name="+")
    volume_enabled = models.BooleanField(_("piek in aantal raadplegingen signaleren"), default=d.volume_enabled)
    volume_factor = models.FloatField(_("factor boven het eigen gemiddelde"), default=d.volume_factor,
                                      validators=[MinValueValidator(1.1), MaxValueValidator(100)])
    volume_min_count = models.PositiveIntegerField(_("minimaal aantal raadplegingen op de dag"),
                                                   default=d.volume_min_count, validators=[MinValueValidator(1)])
    baseline_days = models.PositiveSmallIntegerField(_("dagen voor het eigen gemiddelde"), default=d.baseline_days,
                                                     validators=[MinValueValidator(7), MaxValueValidator(90)])
    outside_enabled = models.BooleanField(_("raadplegingen buiten werktijd signaleren"), default=d.outside_enabled)
    workday_start = models.PositiveSmallIntegerField(_("werktijd begint om (uur)"), default=d.workday_start,
                                                     validators=[MaxValueValidator(23)])
    workday_end = models.PositiveSmallIntegerField(_("werktijd eindigt om (uur)"), default=d.workday_end,
                                                   validators=[MinValueValidator(1), MaxValueValidator(24)])
    weekend_is_outside = models.BooleanField(_("zaterdag en zondag gelden als buiten werktijd"),
                                             default=d.weekend_is_outside)
    outside_min_count = models.PositiveIntegerField(_("minimaal aantal raadplegingen buiten werktijd per dag"),
                                                    default=d.outside_min_count, validators=[MinValueValidator(1)])
    family_enabled = models.BooleanField(_("inwoners met de eigen achternaam signaleren"), default=d.family_enabled)
    family_min_lookups = models.PositiveIntegerField(_("minimaal aantal raadplegingen van zo'n inwoner"),
                                                     default=d.family_min_lookups, validators=[MinValueValidator(1)])
    break_glass_enabled = models.BooleanField(_("vaak noodtoegang signaleren"), default=d.break_glass_enabled)
    break_glass_count = models.PositiveIntegerField(_("aantal noodtoegangen (verschillende casussen)"),
                                                    default=d.break_glass_count, validators=[MinValueValidator(1)])
    break_glass_days = models.PositiveSmallIntegerField(_("binnen dit aantal dagen"), default=d.break_glass_days,
                                                        validators=[MinValueValidator(1), MaxValueValidator(90)])
    refusals_enabled = models.BooleanField(_("reeksen geweigerde raadplegingen signaleren"),
                                           default=d.refusals_enabled)
    refusals_count = models.PositiveIntegerField(_("aantal weigeringen"), default=d.refusals_count,
                                                 validators=[MinValueValidator(2)])
    refusals_minutes = models.PositiveIntegerField(_("binnen dit aantal minuten"), default=d.refusals_minutes,
                                                   validators=[MinValueValidator(1), MaxValueValidator(1440)])
    unrelated_enabled = models.BooleanField(_("raadplegingen zonder relatie met een casus van het team signaleren"),
                                            default=d.unrelated_enabled)
    unrelated_count = models.PositiveIntegerField(_("minimaal aantal inwoners zonder relatie per dag"),
                                                  default=d.unrelated_count, validators=[MinValueValidator(1)])
    updated_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    del d

    class Meta:
        verbose_name = _("instellingen signalering")

    def thresholds(self) -> rules.Thresholds:
        return rules.Thresholds(**{f: getattr(self, f) for f in rules.Thresholds.__dataclass_fields__})


class Alert(models.Model):
    uuid = public_id_field()
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("regel"), max_length=20, choices=Rule.choices)
    fingerprint = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("gesignaleerd op"), default=timezone.now)
    actor_user_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    actor_username = models.CharField(_("medewerker"), max_length=150, blank=True)
    period_start = models.DateTimeField(_("vanaf"))
    period_end = models.DateTimeField(_("tot en met"))
    value = models.FloatField(_("gemeten"))
    threshold = models.FloatField(_("drempel"))
    facts = models.JSONField(default=dict, blank=True)
    subjects = models.PositiveIntegerField(_("aantal inwoners"), default=0)
    evidence_ids = models.JSONField(default=list, blank=True)  # ProcessingLogEntry ids, at most EVIDENCE_LIMIT
    evidence_count = models.PositiveIntegerField(_("aantal logregels"), default=0)
    assessment = models.CharField(_("beoordeling"), max_length=10, choices=Assessment.choices,
                                  default=Assessment.OPEN)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("beoordeeld door"))
    assessed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    comment = models.TextField(_("toelichting"), blank=True)
    incident = models.OneToOneField("incidents.Incident", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="detection_alert", verbose_name=_("datalek"))

    class Meta:
        verbose_name = _("signalering")
        verbose_name_plural = _("signaleringen")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "rule", "fingerprint"],
                                               name="uniq_alert_finding")]
        indexes = [models.Index(fields=["organisation", "assessment", "-created_at"], name="alert_org_status_idx")]

    def __str__(self):
        return f"{self.get_rule_display()} – {self.actor_username}"


class DetectionRun(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    seconds = models.FloatField(default=0)
    findings = models.PositiveIntegerField(default=0)
    alerts_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]


class SubjectRelation(models.Model):
    """A snapshot, per detection run, of which team (case) or member each resident known in the case files
    relates to, by pseudonym, so that the database can leave out related consultations (``collect``).
    Holds no names; replaced on every run."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=64)
    team = models.ForeignKey("core.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    user_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "pseudonym"], name="relation_org_pseudonym_idx")]


class DailyTotal(models.Model):
    """Allowed entries of one actor on one local day (Europe/Amsterdam), as the volume rule counts them
    (``collect.entries``): the baseline of the volume rule, kept between runs so that the hourly job reads
    one row per user and day instead of the log (``collect.daily_totals``). Holds no resident data."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "day"], name="daily_total_org_day_idx")]


class DailyTotalDay(models.Model):
    """Marks a local day as counted in ``DailyTotal`` (also a day without entries), with when and up to which
    log entry (``max_id``, the highest id before counting): a day counted before it had settled
    (``collect.SETTLE`` after its end) or with an entry written after that id (late from a connected
    application) is counted again; a missing day is counted from the log. Unique per organisation and day,
    so concurrent runs count a day once."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    computed_at = models.DateTimeField(default=timezone.now)
    max_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "day"], name="uniq_daily_total_day")]
