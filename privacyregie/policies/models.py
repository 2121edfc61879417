"""The register of policy documents (R16, R22): owners, adoption, review cycles and versions.

A ``PolicyDocument`` is one policy, regulation, handbook or agreement of an organisation; its
``PolicyVersion`` rows keep every text (the file encrypted with ``core.files``), with the summary
of changes and the adoption decision. At most one version is in force; earlier versions stay
readable. A ``Review`` records the periodic decision ("still current", "revised", "withdrawn").
``ReviewReminder`` records each reminder sent, so none is sent twice.

These are the organisation's own documents: no residents' personal data lives here. Nothing is
deleted by the app; history is kept (django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import OrganisationOwned


class Kind(models.TextChoices):
    PRIVACY_POLICY = "privacybeleid", _("Privacybeleid")
    SECURITY_POLICY = "informatiebeveiligingsbeleid", _("Informatiebeveiligingsbeleid")
    SOCIAL_DOMAIN_REGULATION = "reglement_sociaal_domein", _("Privacyreglement sociaal domein")
    HANDBOOK = "handboek", _("Privacyhandboek of -protocol voor medewerkers")
    BREACH_PROCEDURE = "datalekprocedure", _("Procedure datalekken")
    CODE_OF_CONDUCT = "gedragscode", _("Gedragscode")
    LOGGING_POLICY = "logging_monitoring", _("Beleid logging en monitoring")
    RETENTION_POLICY = "bewaarbeleid", _("Bewaar- en vernietigingsbeleid")
    ACCOUNTABILITY_AGREEMENTS = "verantwoordingsafspraken", _("Verantwoordingsafspraken college en raad")


class Body(models.TextChoices):
    COUNCIL = "raad", _("Gemeenteraad")
    BOARD = "college", _("College van B&W")
    MANAGEMENT = "directie", _("Directie")


class Scope(models.TextChoices):
    ORGANISATION = "organisatie", _("De hele organisatie")
    SOCIAL_DOMAIN = "sociaal_domein", _("Het sociaal domein")
    TEAM = "team", _("Eén team")


class AdoptingBody(OrganisationOwned):
    """An organisation's own choice of who may adopt a kind of document (replaces the defaults for that kind)."""

    kind = models.CharField(_("soort document"), max_length=40, choices=Kind.choices)
    body = models.CharField(_("vaststellend orgaan"), max_length=20, choices=Body.choices)

    class Meta:
        verbose_name = _("vaststellend orgaan")
        verbose_name_plural = _("vaststellende organen")
        constraints = [models.UniqueConstraint(fields=["organisation", "kind", "body"],
                                               name="policies_adopting_body_unique")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_body_display()}"


class PolicyDocument(OrganisationOwned):
    uuid = public_id_field()
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=40, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT,
                              related_name="+", help_text=_("Krijgt de herinneringen voor de herbeoordeling."))
    adopting_body = models.CharField(_("vaststellend orgaan"), max_length=20, choices=Body.choices)
    scope = models.CharField(_("reikwijdte"), max_length=20, choices=Scope.choices, default=Scope.ORGANISATION)
    team = models.ForeignKey("core.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", help_text=_("Alleen bij reikwijdte 'één team'."))
    municipalities = models.ManyToManyField("core.Municipality", verbose_name=_("geldt voor de gemeenten"),
                                            blank=True, related_name="+")
    review_interval_months = models.PositiveSmallIntegerField(
        _("herbeoordelen elke (maanden)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(120)])
    next_review_date = models.DateField(_("volgende herbeoordeling"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("laatst herbeoordeeld op"), null=True, blank=True)
    publish = models.BooleanField(_("publiceren bij de privacyverklaring"), default=False,
                                  help_text=_("Alleen voor het privacybeleid: de geldende versie is openbaar te lezen."))
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    successor = models.ForeignKey("self", verbose_name=_("opvolger"), on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="predecessors")
    requirements = models.ManyToManyField("compliance.Requirement", through="NormLink", blank=True,
                                          related_name="+", verbose_name=_("normen"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("beleidsdocument")
        verbose_name_plural = _("beleidsdocumenten")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    IN_FORCE = "geldend", _("Geldend")
    SUPERSEDED = "vervangen", _("Vervangen")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class PolicyVersion(models.Model):
    uuid = public_id_field()
    document = models.ForeignKey(PolicyDocument, verbose_name=_("document"), on_delete=models.PROTECT,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    summary = models.TextField(_("samenvatting van de wijzigingen"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size = models.PositiveIntegerField(_("grootte"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(_("opslagnaam"), max_length=200)
    adopted_by = models.CharField(_("vastgesteld door"), max_length=20, choices=Body.choices, blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    decision_reference = models.CharField(_("kenmerk besluit"), max_length=100, blank=True)
    next_review_date = models.DateField(_("herbeoordelen uiterlijk"), null=True, blank=True)
    ended_on = models.DateField(_("niet meer geldend sinds"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("geregistreerd door"),
                                   on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source = models.CharField(_("bron"), max_length=100, blank=True,
                              help_text=_("Bijvoorbeeld het DMS dat de versie aanleverde."))
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="policies_version_unique_number"),
            models.UniqueConstraint(fields=["document"], condition=Q(status="geldend"),
                                    name="policies_one_version_in_force"),
            models.UniqueConstraint(fields=["document", "decision_reference"], condition=~Q(decision_reference=""),
                                    name="policies_one_version_per_decision"),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None


class Outcome(models.TextChoices):
    STILL_CURRENT = "actueel", _("Nog actueel")
    REVISED = "herzien", _("Herzien (nieuwe versie)")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class Review(models.Model):
    uuid = public_id_field()
    document = models.ForeignKey(PolicyDocument, verbose_name=_("document"), on_delete=models.PROTECT,
                                 related_name="reviews")
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    decided_on = models.DateField(_("besloten op"))
    decided_by = models.CharField(_("besloten door"), max_length=200,
                                  help_text=_("Wie besloot: een persoon, functie of orgaan."))
    note = models.TextField(_("toelichting"), blank=True)
    next_review_date = models.DateField(_("volgende herbeoordeling"), null=True, blank=True)
    new_version = models.ForeignKey(PolicyVersion, verbose_name=_("nieuwe versie"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("herbeoordeling")
        verbose_name_plural = _("herbeoordelingen")
        ordering = ["document", "-decided_on", "-pk"]

    def __str__(self):
        return f"{self.document}: {self.get_outcome_display()} ({self.decided_on:%d-%m-%Y})"


class NormLink(models.Model):
    """The document answers this norm or requirement: live evidence for assessments."""

    document = models.ForeignKey(PolicyDocument, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="norm_links")
    requirement = models.ForeignKey("compliance.Requirement", verbose_name=_("norm"), on_delete=models.CASCADE,
                                    related_name="+")
    created_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("koppeling met een norm")
        verbose_name_plural = _("koppelingen met normen")
        constraints = [models.UniqueConstraint(fields=["document", "requirement"], name="policies_norm_link_unique")]

    def __str__(self):
        return f"{self.document} → {self.requirement}"


class ReviewReminder(models.Model):
    """A reminder (before the date) or escalation (after it) that was sent: each at most once per review date."""

    class Kind(models.TextChoices):
        BEFORE = "voor", _("Herinnering voor de datum")
        OVERDUE = "verlopen", _("Escalatie na de datum")

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    days_before = models.PositiveSmallIntegerField(default=0)
    review_date = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [models.UniqueConstraint(fields=["document", "kind", "days_before", "review_date"],
                                               name="policies_reminder_once")]
