"""Verantwoording: normenkaders as data, assessments (GAP/stoplight), recommendations,
risks with the security plan, and the quarterly scorecard.

Frameworks follow CISO Assistant's library format (see ADR 0050). A framework without
organisation is shared library data; everything else belongs to one organisation.
Status, finding, state of affairs, responses and follow-up keep their full history
(django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Framework(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE, null=True, blank=True,
        help_text=_("Leeg: gedeelde bibliotheek, zichtbaar voor iedere organisatie."),
    )
    urn = models.CharField(_("URN"), max_length=300)
    ref_id = models.CharField(_("referentie"), max_length=100, blank=True)
    name = models.CharField(_("naam"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    locale = models.CharField(_("taal"), max_length=10, default="nl")
    library = models.JSONField(_("bibliotheekgegevens"), default=dict, blank=True,
                               help_text=_("Kop van het bibliotheekbestand (urn, versie, uitgever, auteursrecht)."))
    translations = models.JSONField(_("vertalingen"), default=dict, blank=True)
    implementation_groups = models.JSONField(_("implementatiegroepen"), default=list, blank=True)
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now=True)

    class Meta:
        verbose_name = _("normenkader")
        verbose_name_plural = _("normenkaders")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "urn"], name="compliance_framework_unique_urn"),
            models.UniqueConstraint(fields=["urn"], condition=models.Q(organisation__isnull=True),
                                    name="compliance_framework_unique_library_urn"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.locale != "nl":
            return (self.translations.get("nl") or {}).get("name") or self.name
        return self.name


class Requirement(models.Model):
    framework = models.ForeignKey(Framework, verbose_name=_("normenkader"), on_delete=models.CASCADE,
                                  related_name="requirements")
    parent = models.ForeignKey("self", verbose_name=_("bovenliggende norm"), on_delete=models.CASCADE,
                               null=True, blank=True, related_name="children")
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    urn = models.CharField(_("URN"), max_length=300)
    ref_id = models.CharField(_("referentie"), max_length=100, blank=True)
    assessable = models.BooleanField(_("toetsbaar"), default=True)
    depth = models.PositiveSmallIntegerField(_("diepte"), default=1)
    name = models.CharField(_("naam"), max_length=500, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    annotation = models.TextField(_("toelichting"), blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=500, blank=True)
    description_en = models.TextField(_("omschrijving (Engels)"), blank=True)
    implementation_groups = models.JSONField(_("implementatiegroepen"), default=list, blank=True)
    translations = models.JSONField(_("vertalingen"), default=dict, blank=True)
    live_indicator = models.CharField(_("live indicator"), max_length=40, blank=True,
                                      help_text=_("Onderdeel van Privacyregie dat als bewijs dient."))

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "urn"], name="compliance_requirement_unique_urn")]

    def __str__(self):
        return f"{self.ref_id} {self.display_name}".strip()

    def _nl(self, key):
        if self.framework.locale != "nl":
            return (self.translations.get("nl") or {}).get(key) or getattr(self, key)
        return getattr(self, key)

    @property
    def display_name(self) -> str:
        return self._nl("name") or ""

    @property
    def display_description(self) -> str:
        return self._nl("description") or ""


class Assessment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("afgesloten (gerapporteerd)")

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE)
    framework = models.ForeignKey(Framework, verbose_name=_("normenkader"), on_delete=models.PROTECT,
                                  related_name="assessments")
    title = models.CharField(_("titel"), max_length=200)
    municipality = models.ForeignKey("core.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT,
                                     null=True, blank=True, help_text=_("Leeg: de hele organisatie."))
    period = models.CharField(_("periode"), max_length=50, help_text=_("Bijvoorbeeld 2026 of 2026-K3."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reported_at = models.DateTimeField(_("gerapporteerd op"), null=True, blank=True)
    previous = models.ForeignKey("self", verbose_name=_("vorige versie"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="next_versions")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ComplianceStatus(models.TextChoices):
    COMPLIANT = "compliant", _("voldoet")
    PARTIALLY = "partially_compliant", _("voldoet gedeeltelijk")
    NON_COMPLIANT = "non_compliant", _("voldoet niet")
    NOT_APPLICABLE = "not_applicable", _("niet van toepassing")
    NOT_ASSESSED = "not_assessed", _("nog niet beoordeeld")


COLOURS = {
    ComplianceStatus.COMPLIANT: "green",
    ComplianceStatus.PARTIALLY: "orange",
    ComplianceStatus.NON_COMPLIANT: "red",
    ComplianceStatus.NOT_APPLICABLE: "grey",
    ComplianceStatus.NOT_ASSESSED: "grey",
}
COLOUR_LABELS = {"green": _("groen"), "orange": _("oranje"), "red": _("rood"), "grey": _("grijs")}


def status_colour(status: str) -> str:
    """green/orange/red/grey for a compliance status; an unknown status is an error."""
    try:
        return COLOURS[ComplianceStatus(status)]
    except ValueError as exc:
        raise ValueError(f"Onbekende status: {status!r}") from exc


class LiveIndicator(models.TextChoices):
    AUTHORISATION_REVIEW = "authorisation_review", _("Autorisatiecontrole")
    BREAK_GLASS = "break_glass", _("Beoordeling noodtoegang")
    INCIDENT_REGISTER = "incident_register", _("Register van datalekken")
    PROCESSING_LOG = "processing_log", _("Verwerkingslogboek")
    PROCESSING_REGISTER = "processing_register", _("Register van verwerkingen")


class RequirementAssessment(models.Model):
    assessment = models.ForeignKey(Assessment, verbose_name=_("beoordeling"), on_delete=models.CASCADE,
                                   related_name="items")
    requirement = models.ForeignKey(Requirement, verbose_name=_("norm"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=30, choices=ComplianceStatus.choices,
                              default=ComplianceStatus.NOT_ASSESSED)
    finding = models.TextField(_("bevinding"), blank=True)
    state_of_affairs = models.TextField(_("stand van zaken"), blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True, help_text=_("Functie of team."))
    due_date = models.DateField(_("gereed op"), null=True, blank=True)
    links = models.TextField(_("links naar bewijs"), blank=True, help_text=_("Eén adres per regel."))
    live_indicator = models.CharField(_("live bewijs uit Privacyregie"), max_length=40, blank=True,
                                      choices=LiveIndicator.choices)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beoordeling van een norm")
        verbose_name_plural = _("beoordelingen van normen")
        ordering = ["assessment", "requirement__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "requirement"],
                                               name="compliance_item_unique_requirement")]

    def __str__(self):
        return f"{self.requirement} – {self.get_status_display()}"

    @property
    def colour(self) -> str:
        return status_colour(self.status)

    @property
    def colour_label(self):
        return COLOUR_LABELS[self.colour]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class Evidence(models.Model):
    item = models.ForeignKey(RequirementAssessment, verbose_name=_("beoordeling van een norm"),
                             on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort"), max_length=100)
    size = models.PositiveIntegerField(_("grootte"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(_("opslagnaam"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("toegevoegd door"),
                                    on_delete=models.SET_NULL, null=True)
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self):
        return self.name


class Recommendation(models.Model):
    class Audience(models.TextChoices):
        COUNCIL = "raad", _("gemeenteraad")
        BOARD = "college", _("college van B&W")

    class Response(models.TextChoices):
        PENDING = "pending", _("nog geen reactie")
        ADOPTED = "adopted", _("overgenomen")
        PARTLY = "partly", _("gedeeltelijk overgenomen")
        NOT_ADOPTED = "not_adopted", _("niet overgenomen")

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("nummer"))
    source = models.CharField(_("bron"), max_length=200, help_text=_("Bijvoorbeeld het rekenkamerrapport."))
    audience = models.CharField(_("gericht aan"), max_length=10, choices=Audience.choices, default=Audience.BOARD)
    text = models.TextField(_("aanbeveling"))
    response = models.CharField(_("reactie college"), max_length=20, choices=Response.choices,
                                default=Response.PENDING)
    reasoning = models.TextField(_("onderbouwing van de reactie"), blank=True)
    responded_at = models.DateTimeField(_("reactie vastgelegd op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanbeveling")
        verbose_name_plural = _("aanbevelingen")
        ordering = ["source", "number"]
        constraints = [models.UniqueConstraint(fields=["organisation", "source", "number"],
                                               name="compliance_recommendation_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class RecommendationAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        IN_PROGRESS = "in_progress", _("in uitvoering")
        DONE = "done", _("gereed")
        CANCELLED = "cancelled", _("vervallen")

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("aanbeveling"), on_delete=models.CASCADE,
                                       related_name="actions")
    description = models.TextField(_("actie"))
    owner = models.CharField(_("eigenaar"), max_length=200, help_text=_("Functie of team."))
    deadline = models.DateField(_("uiterlijk gereed"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress = models.TextField(_("voortgang"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actie op een aanbeveling")
        verbose_name_plural = _("acties op aanbevelingen")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.description[:60]

    def is_overdue(self, today) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS) and self.deadline < today


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    class Treatment(models.TextChoices):
        REDUCE = "reduce", _("verminderen")
        ACCEPT = "accept", _("accepteren")
        TRANSFER = "transfer", _("overdragen")
        AVOID = "avoid", _("vermijden")

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE)
    ref_id = models.CharField(_("kenmerk"), max_length=20)
    title = models.CharField(_("risico"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("kans (bruto)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (bruto)"), validators=SCALE)
    residual_likelihood = models.PositiveSmallIntegerField(_("kans (netto)"), validators=SCALE)
    residual_impact = models.PositiveSmallIntegerField(_("impact (netto)"), validators=SCALE)
    treatment = models.CharField(_("behandeling"), max_length=10, choices=Treatment.choices, default=Treatment.REDUCE)
    owner = models.CharField(_("eigenaar"), max_length=200, help_text=_("Functie of team."))
    review_date = models.DateField(_("herbeoordelen op"))
    requirements = models.ManyToManyField(Requirement, verbose_name=_("normen"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["ref_id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "ref_id"], name="compliance_risk_unique_ref")]

    def __str__(self):
        return f"{self.ref_id} {self.title}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact


class SecurityMeasure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        IN_PROGRESS = "in_progress", _("in uitvoering")
        DONE = "done", _("gereed")

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE)
    risk = models.ForeignKey(Risk, verbose_name=_("risico"), on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("maatregel"), max_length=200)
    requirements = models.ManyToManyField(Requirement, verbose_name=_("normen"), blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200)
    deadline = models.DateField(_("uiterlijk gereed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beveiligingsmaatregel")
        verbose_name_plural = _("beveiligingsmaatregelen")

    def __str__(self):
        return self.title


class ManualIndicator(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE)
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=30, blank=True)
    source = models.CharField(_("bron"), max_length=200)
    requested_by = models.CharField(_("gevraagd door"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("extra indicator")
        verbose_name_plural = _("extra indicatoren")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ManualIndicatorValue(models.Model):
    indicator = models.ForeignKey(ManualIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="values")
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kwartaalwaarde")
        verbose_name_plural = _("kwartaalwaarden")
        ordering = ["year", "quarter"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year", "quarter"],
                                               name="compliance_manual_value_unique_quarter")]


class ScorecardSnapshot(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"))
    key = models.CharField(_("indicator"), max_length=60)
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reden geen waarde"), max_length=200, blank=True)
    taken_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        verbose_name = _("scorekaartmeting")
        verbose_name_plural = _("scorekaartmetingen")
        ordering = ["year", "quarter", "key"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "quarter", "key"],
                                               name="compliance_snapshot_unique")]
