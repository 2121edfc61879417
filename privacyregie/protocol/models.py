"""The privacy protocol in practice (R21; seed 003 recommendations 5 and 6).

Staff and chain-partner users report bottlenecks ("knelpunten") in working with the privacy
protocol; the privacy officer categorises them by theme, links them to norms of an assessment,
follows up with actions (owner, due date) and closes them. A periodic review of the protocol
records its findings and the changes made.

These records are about the protocol and the work, never about residents: the free text is
checked for residents' personal data before it is saved (``services.check_text``), and nothing
here is read through the privacy kernel because nothing here is a resident's data.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Theme(models.Model):
    """A theme the privacy officer files bottlenecks under (per organisation; defaults in ``services``)."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE,
                                     related_name="+")
    name = models.CharField(_("thema"), max_length=100)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="protocol_theme_unique_name")]

    def __str__(self):
        return self.name


class Bottleneck(models.Model):
    class Kind(models.TextChoices):
        WENT_WRONG = "ging_mis", _("Er ging iets mis")
        UNCLEAR = "onduidelijk", _("Het protocol was onduidelijk")
        IMPRACTICAL = "werkt_niet", _("Het protocol werkt in de praktijk niet")

    class Status(models.TextChoices):
        NEW = "nieuw", _("nieuw")
        IN_PROGRESS = "in_behandeling", _("in behandeling")
        CLOSED = "afgehandeld", _("afgehandeld")

    class Source(models.TextChoices):
        STAFF = "medewerker", _("medewerker")
        CHAIN_PARTNER = "ketenpartner", _("ketenpartner")

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT,
                                     related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("nummer"), max_length=20)
    kind = models.CharField(_("wat was er aan de hand?"), max_length=20, choices=Kind.choices)
    process = models.CharField(_("werkproces"), max_length=200)
    partner = models.ForeignKey("register.ChainPartner", verbose_name=_("ketenpartner"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    description = models.TextField(_("omschrijving"))
    suggestion = models.TextField(_("wat zou helpen?"), blank=True)
    source = models.CharField(_("gemeld door"), max_length=20, choices=Source.choices, default=Source.STAFF)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("melder"), on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    reported_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True, related_name="bottlenecks")
    requirements = models.ManyToManyField("compliance.RequirementAssessment", verbose_name=_("normen"), blank=True,
                                          related_name="+")
    assessment_note = models.TextField(_("beoordeling van de privacy officer"), blank=True)
    resolution = models.TextField(_("afhandeling"), blank=True)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    # The free texts are not kept in the history: when a resident's data slipped in, the privacy officer
    # replaces the text (``services.redact``) and the old text must then be gone (ADR 0080).
    history = HistoricalRecords(excluded_fields=["description", "suggestion"])

    class Meta:
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="protocol_bottleneck_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status="afgehandeld", closed_at__isnull=False)
                | (~models.Q(status="afgehandeld") & models.Q(closed_at__isnull=True)),
                name="protocol_bottleneck_closed_has_date"),
        ]
        indexes = [models.Index(fields=["organisation", "reported_at"]), models.Index(fields=["organisation", "closed_at"])]

    def __str__(self):
        return f"{self.number} {self.process}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "gereed", _("gereed")
        CANCELLED = "vervallen", _("vervallen")

    bottleneck = models.ForeignKey(Bottleneck, verbose_name=_("knelpunt"), on_delete=models.CASCADE,
                                   related_name="actions")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = models.TextField(_("actie"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT,
                              related_name="+")
    due_date = models.DateField(_("uiterlijk gereed"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    result = models.TextField(_("resultaat"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    done_at = models.DateTimeField(_("gereed op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actie op een knelpunt")
        verbose_name_plural = _("acties op knelpunten")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:60]

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.OPEN and self.due_date < (today or timezone.localdate())


class Review(models.Model):
    """A periodic review of the privacy protocol: what was found and what was changed, by whom and when."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT,
                                     related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reviewed_on = models.DateField(_("datum van de evaluatie"))
    period = models.CharField(_("periode"), max_length=50, help_text=_("Bijvoorbeeld 2026 of 2026-K3."))
    protocol_version = models.CharField(_("versie van het protocol"), max_length=50, blank=True,
                                        help_text=_("De versie die na de evaluatie geldt, bijvoorbeeld 2026-1."))
    findings = models.TextField(_("bevindingen"))
    changes = models.TextField(_("wijzigingen in het protocol"), blank=True,
                               help_text=_("Wat is aangepast; leeg als niets is gewijzigd."))
    bottlenecks = models.ManyToManyField(Bottleneck, verbose_name=_("besproken knelpunten"), blank=True,
                                         related_name="reviews")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluatie van het privacyprotocol")
        verbose_name_plural = _("evaluaties van het privacyprotocol")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"{self.period} ({self.reviewed_on:%d-%m-%Y})"
