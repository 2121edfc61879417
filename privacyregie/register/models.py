"""The register (R11, R12, R26, R28): processing activities (AVG art. 30, versioned), chain
partners and their agreements, and the application landscape with its links.

A processing activity is never edited in place: each change adds a ``ProcessingActivityVersion``
with its own stable ``version_id``, so a processing-log entry keeps pointing at the version that
was in force when it was written. The register holds no residents' personal data.
"""

from __future__ import annotations

import uuid

import isodate
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.categories import labels, validate_categories
from privacyregie.core.models import Organisation, OrganisationOwnedQuerySet

from .art30 import RegisterStatus, Transfers, validate_art30_1, validate_art30_2


class LegalBasis(models.TextChoices):
    LEGAL_OBLIGATION = "wettelijke_verplichting", _("wettelijke verplichting (art. 6 lid 1c)")
    PUBLIC_TASK = "publieke_taak", _("taak van algemeen belang / openbaar gezag (art. 6 lid 1e)")
    CONSENT = "toestemming", _("toestemming (art. 6 lid 1a)")
    CONTRACT = "overeenkomst", _("overeenkomst (art. 6 lid 1b)")
    LEGITIMATE_INTEREST = "gerechtvaardigd_belang", _("gerechtvaardigd belang (art. 6 lid 1f)")
    VITAL_INTEREST = "vitaal_belang", _("vitaal belang (art. 6 lid 1d)")


class ResponsibleBody(models.TextChoices):
    BOARD = "college", _("college van B en W")
    COUNCIL = "raad", _("gemeenteraad")
    MAYOR = "burgemeester", _("burgemeester")


def validate_iso_duration(value: str) -> None:
    try:
        isodate.parse_duration(value)
    except (isodate.ISO8601Error, ValueError) as exc:
        raise ValidationError(_("Geen geldige ISO 8601-duur (bijvoorbeeld P15Y of P6M)."), code="invalid_duration") from exc


def validate_oin(value: str) -> None:
    if value and (len(value) != 20 or not value.isdigit()):
        raise ValidationError(_("Een OIN bestaat uit 20 cijfers."), code="invalid_oin")


def validate_kvk(value: str) -> None:
    if value and (len(value) != 8 or not value.isdigit()):
        raise ValidationError(_("Een KvK-nummer bestaat uit 8 cijfers."), code="invalid_kvk")


class ProcessingActivity(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=200)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwerkingsactiviteit")
        verbose_name_plural = _("verwerkingsactiviteiten")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_activity_name")]

    def __str__(self):
        return self.name

    @property
    def current(self) -> ProcessingActivityVersion | None:
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:  # prefetch_related("versions"): no query per activity in a list
            return max(prefetched, key=lambda version: version.number, default=None)
        return self.versions.order_by("-number").first()


# The art. 30 fields, kept in every version (order = order of forms and exports).
VERSION_FIELDS = [
    "name", "status", "controller", "controller_address", "controller_contact", "dpo_contact", "purposes",
    "legal_basis", "legal_article", "responsible_body",
    "data_subject_categories", "personal_data_categories", "special_categories", "criminal_data", "uses_bsn",
    "recipients", "no_recipients", "transfers_outside_eea", "third_country_transfers", "transfer_safeguards",
    "retention_period", "retention_explanation", "retention_start_event",
    "security_measures", "processors", "dpia_required", "dpia_link",
]

NONE_HELP = _("Kies 'geen' alleen als dat zo is: een leeg antwoord telt niet als 'geen doorgifte'.")


class ProcessingActivityVersion(models.Model):
    activity = models.ForeignKey(ProcessingActivity, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    version_id = models.UUIDField(_("versie-id"), default=uuid.uuid4, unique=True, editable=False)
    valid_from = models.DateTimeField(_("geldig vanaf"), default=timezone.now)
    changed_by = models.CharField(_("gewijzigd door"), max_length=150, blank=True)
    change_note = models.CharField(_("toelichting wijziging"), max_length=300, blank=True)
    # art. 30(1); what is mandatory for a version in force is decided by art30.art30_1_missing
    name = models.CharField(_("naam"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=RegisterStatus.choices, default=RegisterStatus.IN_FORCE,
                              help_text=_("Voor een verwerking in gebruik zijn alle velden van AVG art. 30 verplicht."))
    controller = models.CharField(_("naam van de verwerkingsverantwoordelijke"), max_length=200, blank=True)
    controller_address = models.CharField(_("adres van de verwerkingsverantwoordelijke"), max_length=300, blank=True)
    controller_contact = models.CharField(_("contactgegevens van de verwerkingsverantwoordelijke (telefoon, e-mail)"),
                                          max_length=300, blank=True)
    dpo_contact = models.CharField(_("functionaris gegevensbescherming (naam en contact)"), max_length=200, blank=True)
    purposes = models.TextField(_("doeleinden"), blank=True)
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    legal_article = models.CharField(_("wetsartikel"), max_length=300, blank=True)
    responsible_body = models.CharField(_("verantwoordelijk bestuursorgaan"), max_length=20, choices=ResponsibleBody.choices,
                                        default=ResponsibleBody.BOARD)
    data_subject_categories = models.TextField(_("categorieën betrokkenen"), blank=True)
    personal_data_categories = models.TextField(_("categorieën persoonsgegevens"), blank=True)
    special_categories = models.BooleanField(_("bijzondere persoonsgegevens (o.a. gezondheid)"), default=False)
    criminal_data = models.BooleanField(_("strafrechtelijke gegevens"), default=False)
    uses_bsn = models.BooleanField(_("BSN"), default=False)
    recipients = models.TextField(_("categorieën ontvangers (ook in derde landen)"), blank=True)
    no_recipients = models.BooleanField(_("geen ontvangers"), default=False,
                                        help_text=_("Alleen aanvinken als de gegevens aan niemand worden verstrekt."))
    transfers_outside_eea = models.CharField(_("doorgifte naar derde landen"), max_length=10, choices=Transfers.choices,
                                             blank=True, help_text=NONE_HELP)
    third_country_transfers = models.TextField(_("naar welke derde landen of internationale organisaties"), blank=True)
    transfer_safeguards = models.TextField(_("passende waarborgen bij doorgifte"), blank=True)
    retention_period = models.CharField(_("bewaartermijn (ISO 8601)"), max_length=20, blank=True,
                                        validators=[validate_iso_duration])
    retention_explanation = models.CharField(_("toelichting bewaartermijn"), max_length=300, blank=True)
    retention_start_event = models.CharField(_("bewaartermijn gaat in bij"), max_length=200, blank=True)
    security_measures = models.TextField(_("algemene beschrijving beveiligingsmaatregelen (technisch en organisatorisch)"),
                                         blank=True)
    processors = models.TextField(_("verwerkers"), blank=True)
    dpia_required = models.BooleanField(_("DPIA verplicht"), default=False)
    dpia_link = models.URLField(_("link naar DPIA"), blank=True)

    class Meta:
        verbose_name = _("versie van verwerkingsactiviteit")
        verbose_name_plural = _("versies van verwerkingsactiviteiten")
        ordering = ["activity", "-number"]
        constraints = [models.UniqueConstraint(fields=["activity", "number"], name="uniq_activity_version")]

    def __str__(self):
        return f"{self.name} v{self.number}"

    @property
    def organisation_id(self):
        return self.activity.organisation_id

    def retention_years(self) -> str:
        return self.retention_period

    def retention_in_words(self) -> str:
        """The retention period as people read it ('10 jaar'), never 'P10Y'."""
        from .periods import to_words

        return to_words(self.retention_period)

    def clean(self):
        validate_art30_1(self)


class ChainPartner(models.Model):
    class Kind(models.TextChoices):
        CARE_PROVIDER = "zorgaanbieder", _("zorgaanbieder")
        GP = "huisarts", _("huisarts")
        YOUTH_PURCHASER = "inkooporganisatie", _("regionale inkooporganisatie jeugdhulp")
        SUPPLIER = "leverancier", _("leverancier")
        GOVERNMENT = "overheid", _("andere overheid")

    class Role(models.TextChoices):
        PROCESSOR = "verwerker", _("verwerker")
        CONTROLLER = "verantwoordelijke", _("zelfstandig verwerkingsverantwoordelijke")
        JOINT = "gezamenlijk", _("gezamenlijk verwerkingsverantwoordelijke")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    role = models.CharField(_("rol bij verwerking"), max_length=30, choices=Role.choices)
    oin = models.CharField(_("OIN"), max_length=20, blank=True, validators=[validate_oin])
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True, validators=[validate_kvk])
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    activities = models.ManyToManyField(ProcessingActivity, blank=True, related_name="partners",
                                        verbose_name=_("verwerkingsactiviteiten"))

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ketenpartner of leverancier")
        verbose_name_plural = _("ketenpartners en leveranciers")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_partner_name")]

    def __str__(self):
        return self.name


class Agreement(models.Model):
    class Kind(models.TextChoices):
        COVENANT = "convenant", _("convenant")
        PROCESSOR_AGREEMENT = "verwerkersovereenkomst", _("verwerkersovereenkomst")

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        SIGNED = "getekend", _("getekend")
        EXPIRED = "verlopen", _("verlopen")
        TERMINATED = "beëindigd", _("beëindigd")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(ChainPartner, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    scope = models.TextField(_("reikwijdte (gegevens en doelen)"), blank=True)
    activities = models.ManyToManyField(ProcessingActivity, blank=True, related_name="agreements",
                                        verbose_name=_("verwerkingsactiviteiten"))
    data_categories = models.JSONField(
        _("gegevenscategorieën"), default=list, blank=True, validators=[validate_categories],
        help_text=_("De categorieën persoonsgegevens die de partner op grond van deze overeenkomst mag ontvangen. "
                    "Bijzondere en strafrechtelijke gegevens alleen als de overeenkomst ze uitdrukkelijk noemt."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    review_on = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    security_reporting = models.TextField(_("verantwoording over beveiligingsmaatregelen"), blank=True)
    last_report_on = models.DateField(_("laatste verantwoordingsrapportage"), null=True, blank=True)
    report_interval_months = models.PositiveSmallIntegerField(_("rapportage elke (maanden)"), default=12)
    document_name = models.CharField(_("document"), max_length=200, blank=True)
    document_storage = models.CharField(max_length=64, blank=True, editable=False)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("overeenkomst")
        verbose_name_plural = _("overeenkomsten")
        ordering = ["partner__name", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("De einddatum ligt voor de ingangsdatum.")})

    def data_category_labels(self) -> list[str]:
        return labels(self.data_categories)

    def in_force_on(self, day) -> bool:
        """Signed and within its term on that day (an open start or end is no limit)."""
        return (self.status == self.Status.SIGNED and (self.starts_on is None or self.starts_on <= day)
                and (self.ends_on is None or day <= self.ends_on))

    def effective_status(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.status == self.Status.SIGNED and self.ends_on and self.ends_on < today:
            return self.Status.EXPIRED
        return self.status

    def report_due_on(self):
        if not self.last_report_on:
            return self.starts_on
        month = self.last_report_on.month - 1 + self.report_interval_months
        year = self.last_report_on.year + month // 12
        return self.last_report_on.replace(year=year, month=month % 12 + 1, day=min(self.last_report_on.day, 28))


class InformationSystem(models.Model):
    """An application of the landscape (R12); not to be confused with an API client."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=200)
    supplier = models.ForeignKey(ChainPartner, on_delete=models.SET_NULL, null=True, blank=True, related_name="systems",
                                 verbose_name=_("leverancier"))
    hosting = models.CharField(_("hosting"), max_length=200, blank=True)
    activities = models.ManyToManyField(ProcessingActivity, blank=True, related_name="systems",
                                        verbose_name=_("verwerkingsactiviteiten"))
    data_categories = models.CharField(_("gegevenscategorieën"), max_length=300, blank=True)
    confidentiality = models.CharField(_("vertrouwelijkheid"), max_length=40, blank=True)
    processor_agreement = models.ForeignKey(Agreement, on_delete=models.SET_NULL, null=True, blank=True,
                                            related_name="systems", verbose_name=_("verwerkersovereenkomst"))
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("applicatie")
        verbose_name_plural = _("applicaties")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_system_name")]

    def __str__(self):
        return self.name


class SystemLink(models.Model):
    class Direction(models.TextChoices):
        ONE_WAY = "enkel", _("eenrichting")
        BOTH = "beide", _("tweerichting")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(InformationSystem, on_delete=models.CASCADE, related_name="outgoing_links",
                               verbose_name=_("van"))
    target = models.ForeignKey(InformationSystem, on_delete=models.CASCADE, related_name="incoming_links",
                               verbose_name=_("naar"))
    interface = models.CharField(_("koppelvlak"), max_length=200, blank=True)
    protocol = models.CharField(_("protocol"), max_length=100, blank=True)
    direction = models.CharField(_("richting"), max_length=10, choices=Direction.choices, default=Direction.ONE_WAY)
    encrypted = models.BooleanField(_("versleuteld transport"), default=True)
    line_type = models.CharField(_("soort verbinding"), max_length=100, blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")

    def __str__(self):
        arrow = "↔" if self.direction == self.Direction.BOTH else "→"
        text = f"{self.source} {arrow} {self.target}"
        return f"{text} ({self.interface})" if self.interface else text


# --- The processor's register (AVG art. 30(2)) ----------------------------------------------

class ProcessingController(models.Model):
    """A controller on whose behalf this organisation processes (art. 30(2)(a)), e.g. the board of a
    municipality for which an executing organisation carries out the social-domain tasks."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam van de verwerkingsverantwoordelijke"), max_length=200)
    address = models.CharField(_("adres"), max_length=300)
    contact = models.CharField(_("contactgegevens (telefoon, e-mail)"), max_length=300)
    representative = models.CharField(_("vertegenwoordiger (AVG art. 27), indien van toepassing"), max_length=300,
                                      blank=True)
    dpo_contact = models.CharField(_("functionaris gegevensbescherming (naam en contact)"), max_length=200)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwerkingsverantwoordelijke (opdrachtgever)")
        verbose_name_plural = _("verwerkingsverantwoordelijken (opdrachtgevers)")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_processing_controller")]

    def __str__(self):
        return self.name


# The art. 30(2) fields (order = order of forms and exports).
PROCESSOR_FIELDS = [
    "name", "status", "controllers", "description", "processor_contact", "processor_dpo_contact",
    "transfers_outside_eea", "third_country_transfers", "transfer_safeguards", "security_measures",
]


class ProcessorActivity(models.Model):
    """A category of processing this organisation carries out as processor for one or more controllers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("categorie van verwerking"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=RegisterStatus.choices, default=RegisterStatus.IN_FORCE,
                              help_text=_("Voor een verwerking in gebruik zijn alle velden van AVG art. 30 lid 2 verplicht."))
    controllers = models.ManyToManyField(ProcessingController, blank=True, related_name="processing",
                                         verbose_name=_("verwerkingsverantwoordelijken voor wie wij verwerken"))
    description = models.TextField(_("wat wij in opdracht verwerken"), blank=True)
    processor_contact = models.CharField(_("onze naam en contactgegevens als verwerker"), max_length=300, blank=True)
    processor_dpo_contact = models.CharField(_("onze functionaris gegevensbescherming (naam en contact)"),
                                             max_length=200, blank=True)
    transfers_outside_eea = models.CharField(_("doorgifte naar derde landen"), max_length=10, choices=Transfers.choices,
                                             blank=True, help_text=NONE_HELP)
    third_country_transfers = models.TextField(_("naar welke derde landen of internationale organisaties"), blank=True)
    transfer_safeguards = models.TextField(_("passende waarborgen bij doorgifte"), blank=True)
    security_measures = models.TextField(_("algemene beschrijving beveiligingsmaatregelen (technisch en organisatorisch)"),
                                         blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwerking in opdracht")
        verbose_name_plural = _("verwerkingen in opdracht")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_processor_activity")]

    def __str__(self):
        return self.name

    def clean(self):
        validate_art30_2(self)  # the controllers are checked by the form and the API, which see them
