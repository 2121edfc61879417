"""Incidents, data breaches and near misses (R13-R15), with their handling.

An ``Incident`` is what someone reported; when the CISO or privacy officer confirms it
is a data breach, a ``BreachAssessment`` keeps the facts, the guided risk assessment
and the decision (also "no notification"), an ``ApNotification`` the notification to
the Autoriteit Persoonsgegevens and ``ResidentInformation`` who was informed.

An anonymous report never stores its reporter: no user, no name, no IP address, and
its follow-up code is stored only as a hash. Nothing here is deleted by the app.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import OrganisationOwned

NOTIFICATION_WINDOW = timedelta(hours=72)


class IncidentType(models.TextChoices):
    DATA_BREACH = "datalek", _("Datalek")
    SECURITY_INCIDENT = "beveiligingsincident", _("Beveiligingsincident")
    NEAR_MISS = "bijna_incident", _("Bijna-incident")
    AGGRESSION = "agressie", _("Agressie")
    THEFT = "diefstal", _("Diefstal of verlies")
    FRAUD = "fraude", _("Fraude")
    OTHER = "overig", _("Overig")


class Source(models.TextChoices):
    EMPLOYEE = "medewerker", _("Medewerker (via Privacyregie)")
    PAPER = "papier", _("Papieren melding (geregistreerd door de CISO)")
    PROCESSOR = "verwerker", _("Verwerker / leverancier")
    SYSTEM = "systeem", _("Systeem (automatische detectie)")


class ReporterVisibility(models.TextChoices):
    NAMED = "naam", _("Met naam")
    CONFIDENTIAL = "vertrouwelijk", _("Naam alleen zichtbaar voor CISO en privacy officer")
    ANONYMOUS = "anoniem", _("Anoniem")


class Status(models.TextChoices):
    REPORTED = "gemeld", _("Gemeld, wacht op beoordeling")
    IN_HANDLING = "in_behandeling", _("In behandeling")
    CLOSED = "afgesloten", _("Afgesloten")


class Incident(OrganisationOwned):
    uuid = public_id_field()
    receipt_number = models.CharField(_("ontvangstnummer"), max_length=20, unique=True)
    type = models.CharField(_("soort"), max_length=30, choices=IncidentType.choices)
    title = models.CharField(_("korte omschrijving"), max_length=200)
    description = models.TextField(_("wat is er gebeurd"))
    occurred_at = models.DateTimeField(_("wanneer gebeurd"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("wanneer ontdekt"))
    data_involved = models.TextField(_("welke gegevens"), blank=True)
    affected_description = models.TextField(_("wie zijn getroffen (voor zover bekend)"), blank=True)
    still_ongoing = models.BooleanField(_("speelt het nog"), default=False)
    ended_at = models.DateTimeField(
        _("wanneer beëindigd"), null=True, blank=True,
        help_text=_("Het moment waarop de inbreuk ophield (AP-meldformulier, tijdlijn)."),
    )

    source = models.CharField(_("bron"), max_length=20, choices=Source.choices, default=Source.EMPLOYEE)
    supplier_name = models.CharField(_("verwerker / leverancier"), max_length=200, blank=True)
    processor_agreement = models.ForeignKey(
        "register.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("verwerkersovereenkomst"),
        help_text=_("Bij een melding van een verwerker: de overeenkomst waaronder deze voor de gemeente verwerkt."),
    )
    reporter_visibility = models.CharField(
        _("zichtbaarheid melder"), max_length=20, choices=ReporterVisibility.choices, default=ReporterVisibility.NAMED
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("melder"),
    )
    reporter_name = models.CharField(_("naam melder (papieren melding)"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    follow_up_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    reported_at = models.DateTimeField(_("gemeld op"), default=timezone.now)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    is_breach = models.BooleanField(_("bevestigd datalek"), null=True, blank=True)
    awareness_at = models.DateTimeField(
        _("moment van kennisname"), null=True, blank=True,
        help_text=_("Vanaf dit moment loopt de termijn van 72 uur voor de melding aan de AP."),
    )
    triage_reasoning = models.TextField(_("toelichting beoordeling"), blank=True)
    triaged_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    lessons_learned = models.TextField(_("geleerde lessen"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["organisation", "-reported_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reporter_visibility="anoniem") | models.Q(reporter__isnull=True, reporter_name=""),
                name="incident_anonymous_has_no_reporter",
            )
        ]

    def __str__(self):
        return f"{self.receipt_number} {self.title}"

    @property
    def is_anonymous(self) -> bool:
        return self.reporter_visibility == ReporterVisibility.ANONYMOUS

    @property
    def notification_deadline(self):
        """Awareness + 72 hours of elapsed time (ADR 0040); None until the clock starts."""
        from .deadlines import notification_deadline

        return notification_deadline(self.awareness_at) if self.awareness_at else None

    @property
    def reported_by_processor(self) -> bool:
        return self.source == Source.PROCESSOR

    @property
    def controller_awareness_at(self):
        """When the municipality became aware (AVG art. 33(1), (2)): the moment of awareness once set,
        else the discovery, or for a processor's report the moment it was received."""
        from .deadlines import controller_awareness

        if self.awareness_at is not None:
            return self.awareness_at
        return controller_awareness(self.discovered_at, by_processor=self.reported_by_processor,
                                    received_at=self.reported_at)

    @property
    def clock_running(self) -> bool:
        """The 72-hour clock runs for a (possible) breach until the AP is notified or it is decided not to."""
        if self.awareness_at is None or self.is_breach is False or self.status == Status.CLOSED:
            return False
        assessment = getattr(self, "assessment", None)
        if assessment is not None and assessment.decided_at and not assessment.notify_ap:
            return False
        notification = getattr(self, "ap_notification", None)
        return not (notification is not None and notification.submitted_at)


class YesNoUnknown(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")
    UNKNOWN = "onbekend", _("Nog niet bekend")


class BreachAssessment(models.Model):
    """The facts of a breach, the guided risk assessment and the decision with its reasoning."""

    class Risk(models.TextChoices):
        NONE = "geen", _("Geen risico")
        RISK = "risico", _("Risico")
        HIGH = "hoog", _("Hoog risico")

    class Protection(models.TextChoices):
        """The AP form's question whether the data were encrypted, hashed or otherwise unintelligible."""

        NONE = "geen", _("Nee, niet beschermd")
        ENCRYPTED = "versleuteld", _("Versleuteld")
        HASHED = "gehasht", _("Gehasht")
        OTHER = "anders", _("Op een andere manier onbegrijpelijk of ontoegankelijk gemaakt")
        PARTIAL = "gedeeltelijk", _("Gedeeltelijk beschermd")
        UNKNOWN = "onbekend", _("Nog niet bekend")

    class Art34Ground(models.TextChoices):
        """Art. 34(3) AVG: when residents need not be informed individually despite a high risk."""

        UNINTELLIGIBLE = "onbegrijpelijk", _(
            "a. De gegevens waren onbegrijpelijk voor onbevoegden (bijv. versleuteld)")
        RISK_REMOVED = "risico_weggenomen", _(
            "b. Genomen maatregelen hebben het hoge risico weggenomen")
        DISPROPORTIONATE = "onevenredig", _(
            "c. Individueel informeren vergt onevenredige inspanning; openbare mededeling in plaats daarvan")

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="assessment")
    natures = models.JSONField(_("aard van de inbreuk"), default=list)
    data_categories = models.JSONField(_("soorten persoonsgegevens"), default=list)
    records_count = models.PositiveIntegerField(_("aantal records"), null=True, blank=True)
    affected_min = models.PositiveIntegerField(_("aantal betrokkenen (minimaal)"), null=True, blank=True)
    affected_max = models.PositiveIntegerField(_("aantal betrokkenen (maximaal)"), null=True, blank=True)
    affected_groups = models.JSONField(_("categorieën betrokkenen"), default=list)
    protection = models.CharField(_("bescherming van de gegevens"), max_length=20, choices=Protection.choices,
                                  blank=True)
    protection_details = models.TextField(_("hoe de gegevens waren beschermd"), blank=True)
    unintelligible = models.BooleanField(_("gegevens onbegrijpelijk of versleuteld"), default=False)
    vulnerable_groups = models.BooleanField(_("kwetsbare groepen (bijv. kinderen)"), default=False)
    consequences = models.TextField(_("mogelijke gevolgen"), blank=True)
    proposed_risk = models.CharField(_("voorgesteld risico"), max_length=10, choices=Risk.choices, blank=True)
    proposed_reasoning = models.TextField(_("redenering voorstel"), blank=True)
    decided_risk = models.CharField(_("vastgesteld risico"), max_length=10, choices=Risk.choices, blank=True)
    decision_reasoning = models.TextField(_("motivering besluit"), blank=True)
    notify_ap = models.BooleanField(_("melden aan de AP"), default=False)
    inform_residents = models.BooleanField(_("betrokkenen informeren"), default=False)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("besloten door"),
    )
    art34_ground = models.CharField(_("grond art. 34 lid 3 AVG"), max_length=20, choices=Art34Ground.choices,
                                    blank=True)
    art34_reasoning = models.TextField(_("toelichting grond art. 34 lid 3"), blank=True)
    art34_recorded_at = models.DateTimeField(_("grond vastgelegd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("beoordeling datalek")
        verbose_name_plural = _("beoordelingen datalek")

    def __str__(self):
        return str(self.incident)


class ApNotification(models.Model):
    """The notification to the Autoriteit Persoonsgegevens (art. 33 AVG)."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="ap_notification")
    organisation_address = models.TextField(_("adres organisatie"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_function = models.CharField(_("functie contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=40, blank=True)
    prior_measures = models.TextField(_("getroffen maatregelen"), blank=True)
    follow_up = models.TextField(_("vervolgacties"), blank=True)
    cross_border = models.CharField(_("betrokkenen in andere EU-landen"), max_length=10, choices=YesNoUnknown.choices,
                                    blank=True)
    cross_border_countries = models.CharField(_("welke landen"), max_length=300, blank=True)
    other_authorities_informed = models.CharField(_("andere toezichthouders ingelicht"), max_length=10,
                                                  choices=YesNoUnknown.choices, blank=True)
    other_authorities = models.CharField(_("welke toezichthouders"), max_length=300, blank=True)
    preliminary = models.BooleanField(_("voorlopige melding (wordt aangevuld)"), default=False)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    ap_reference = models.CharField(_("meldnummer AP"), max_length=60, blank=True)
    late_reason = models.TextField(_("reden van vertraging"), blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reden van intrekking"), blank=True)

    class Meta:
        verbose_name = _("melding aan de AP")
        verbose_name_plural = _("meldingen aan de AP")

    def __str__(self):
        return f"{self.incident.receipt_number} AP {self.ap_reference}"

    @property
    def in_time(self) -> bool | None:
        if not self.submitted_at or not self.incident.awareness_at:
            return None
        return self.submitted_at <= self.incident.notification_deadline

    @property
    def completed_at(self):
        """When a preliminary notification was made complete by a supplement (None while still preliminary)."""
        final = [s for s in self.supplements.all() if s.completes]
        return final[0].submitted_at if final else None


class ApSupplement(models.Model):
    notification = models.ForeignKey(ApNotification, on_delete=models.CASCADE, related_name="supplements")
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    text = models.TextField(_("aanvulling"))
    completes = models.BooleanField(_("maakt de voorlopige melding volledig"), default=False)

    class Meta:
        verbose_name = _("aanvulling op de AP-melding")
        verbose_name_plural = _("aanvullingen op de AP-melding")
        ordering = ["submitted_at"]

    def __str__(self):
        return self.text[:80]


class ResidentInformation(models.Model):
    """Who was informed (art. 34 AVG), when and how; or why not (public notice instead)."""

    class Method(models.TextChoices):
        LETTER = "brief", _("Brief")
        EMAIL = "email", _("E-mail (beveiligd)")
        PHONE = "telefoon", _("Telefonisch")
        IN_PERSON = "persoonlijk", _("Persoonlijk gesprek")
        PUBLIC_NOTICE = "openbaar", _("Openbare mededeling")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="resident_information")
    informed_at = models.DateTimeField(_("geïnformeerd op"))
    method = models.CharField(_("hoe"), max_length=20, choices=Method.choices)
    group_description = models.CharField(_("wie (groep)"), max_length=300)
    residents_count = models.PositiveIntegerField(_("aantal"), null=True, blank=True)
    message = models.TextField(_("bericht aan de betrokkenen"), blank=True)
    reason_not_individually = models.TextField(_("waarom niet individueel"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        verbose_name = _("informeren betrokkenen")
        verbose_name_plural = _("informeren betrokkenen")
        ordering = ["informed_at"]

    def __str__(self):
        return self.group_description


class WorkingGroupMember(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="working_group")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("medewerker")
    )
    role = models.CharField(_("rol in de werkgroep"), max_length=120)

    class Meta:
        verbose_name = _("lid werkgroep")
        verbose_name_plural = _("leden werkgroep")
        constraints = [models.UniqueConstraint(fields=["incident", "user"], name="uniq_incident_working_group_member")]

    def __str__(self):
        return f"{self.user} ({self.role})"


class TimelineEvent(models.Model):
    """What happened when; the author is empty for events of an anonymous reporter and the system."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    text = models.TextField(_("gebeurtenis"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        verbose_name = _("tijdlijngebeurtenis")
        verbose_name_plural = _("tijdlijn")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:80]


class Measure(models.Model):
    class Kind(models.TextChoices):
        REPRESSIVE = "repressief", _("Repressief (schade beperken)")
        CORRECTIVE = "correctief", _("Correctief (oorzaak wegnemen)")
        PREVENTIVE = "preventief", _("Preventief (herhaling voorkomen)")

    class MeasureStatus(models.TextChoices):
        PROPOSED = "voorgesteld", _("Voorgesteld")
        DECIDED = "besloten", _("Besloten, in uitvoering")
        DONE = "gereed", _("Uitgevoerd")
        REJECTED = "afgewezen", _("Afgewezen (met reden)")

    uuid = public_id_field()
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("maatregel"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("eigenaar"),
    )
    due_date = models.DateField(_("uiterlijk gereed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED)
    evidence = models.TextField(_("bewijs / toelichting"), blank=True)
    completed_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["kind", "due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in (self.MeasureStatus.PROPOSED, self.MeasureStatus.DECIDED)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class Attachment(models.Model):
    """A file with a report, stored encrypted (core.files); no uploader is recorded."""

    uuid = public_id_field()
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("grootte"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, editable=False)
    added_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.name


class FollowUpAttempt(models.Model):
    """One check of a follow-up code (one password hash computed), for the rate limits.

    A failed attempt is keyed by a keyed hash of its *source* (the account that asked), never of
    the receipt number; a successful one by a keyed hash of the *receipt number*, never of the
    source. So no row links an account to a report. Rows are purged after the longest window.
    """

    key_hash = models.CharField(max_length=64, db_index=True)
    failed = models.BooleanField(default=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("opvraging met volgcode")
        verbose_name_plural = _("opvragingen met volgcode")

    def __str__(self):
        return self.key_hash[:12]
