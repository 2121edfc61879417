"""Retention and destruction (R28) under the Archiefwet 1995 and the Selectielijst gemeenten en
intergemeentelijke organen 2020 (VNG).

The Selectielijst is imported as published (the format of VNG's reference-lists API): process types and
results, each result with its valuation ("vernietigen" / "blijvend bewaren") and retention term. A
processing activity's version names, per case outcome, the result that applies (``RetentionRule``). A
case records its outcome and the date that starts the term (on ``dossiers.Case``). What has passed its
term goes on a destruction proposal (vernietigingslijst), approved by two people, and is executed with a
certificate (verklaring van vernietiging) that is itself kept.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import OrganisationOwned


class SelectionList(models.Model):
    """One adopted edition of a selection list (e.g. Selectielijst gemeenten 2020), as imported."""

    name = models.CharField(_("naam"), max_length=200)
    year = models.PositiveIntegerField(_("jaar"))
    source = models.CharField(_("bron"), max_length=300, blank=True,
                              help_text=_("Bestand of adres van de referentielijsten-API waaruit geladen."))
    imported_at = models.DateTimeField(_("geladen op"), default=timezone.now)

    class Meta:
        verbose_name = _("selectielijst")
        verbose_name_plural = _("selectielijsten")
        constraints = [models.UniqueConstraint(fields=["year"], name="uniq_selection_list_year")]

    def __str__(self):
        return self.name


class ProcessType(models.Model):
    selection_list = models.ForeignKey(SelectionList, on_delete=models.CASCADE, related_name="process_types")
    source_id = models.CharField(_("id in de bron"), max_length=64)  # the `url` (a UUID) of the source
    number = models.PositiveIntegerField(_("nummer"))
    name = models.CharField(_("naam"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    process_object = models.CharField(_("procesobject"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("procestype")
        verbose_name_plural = _("procestypen")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["selection_list", "number"], name="uniq_process_type_number")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Valuation(models.TextChoices):
    DESTROY = "vernietigen", _("vernietigen")
    KEEP = "blijvend_bewaren", _("blijvend bewaren")
    WITHDRAWN = "", _("vervallen")


class SelectionResult(models.Model):
    """One result of the list ("8.1.2 Verstrekt"), with its valuation and term (ISO 8601 duration)."""

    selection_list = models.ForeignKey(SelectionList, on_delete=models.CASCADE, related_name="results")
    process_type = models.ForeignKey(ProcessType, on_delete=models.CASCADE, related_name="results")
    source_id = models.CharField(_("id in de bron"), max_length=64)
    full_number = models.CharField(_("resultaatnummer"), max_length=20)  # volledigNummer, e.g. "8.1.2"
    name = models.CharField(_("naam"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    valuation = models.CharField(_("waardering"), max_length=20, choices=Valuation.choices, blank=True)
    retention_term = models.CharField(_("bewaartermijn (ISO 8601)"), max_length=20, blank=True)
    process_term = models.CharField(_("procestermijn"), max_length=40, blank=True)
    social_domain = models.BooleanField(_("sociaal domein"), default=False)

    class Meta:
        verbose_name = _("resultaat van de selectielijst")
        verbose_name_plural = _("resultaten van de selectielijst")
        constraints = [models.UniqueConstraint(fields=["selection_list", "full_number"], name="uniq_result_number")]

    def __str__(self):
        return f"{self.full_number} {self.name}"

    @property
    def withdrawn(self) -> bool:
        return self.valuation == Valuation.WITHDRAWN


class CaseOutcome(models.TextChoices):
    """The outcome of a case that selects the Selectielijst result (youth care and social support have
    different terms for a granted, a refused and an abandoned request)."""

    GRANTED = "verstrekt", _("verstrekt / toegekend")
    REFUSED = "geweigerd", _("geweigerd / afgewezen")
    ABANDONED = "ingetrokken", _("ingetrokken / buiten behandeling")
    OTHER = "anders", _("anders afgerond")


class RetentionRule(models.Model):
    """For one version of a processing activity: which result applies to which case outcome."""

    activity_version = models.ForeignKey("register.ProcessingActivityVersion", on_delete=models.CASCADE,
                                         related_name="retention_rules", verbose_name=_("versie van de verwerking"))
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=CaseOutcome.choices)
    result = models.ForeignKey(SelectionResult, on_delete=models.PROTECT, related_name="rules",
                               verbose_name=_("resultaat selectielijst"))
    start_event = models.CharField(_("termijn gaat in bij"), max_length=200, blank=True)
    history = HistoricalRecords()  # who chose which result, and when (accountability for the term)

    class Meta:
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")
        constraints = [models.UniqueConstraint(fields=["activity_version", "outcome"], name="uniq_rule_outcome")]


class CaseRetention(models.Model):
    """What a case records for retention: its outcome, the date that starts the term, and the result that
    applies (resolved from the activity version's rule when the outcome is recorded; kept as chosen)."""

    case = models.OneToOneField("dossiers.Case", on_delete=models.CASCADE, related_name="retention")
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=CaseOutcome.choices)
    term_starts_on = models.DateField(_("bewaartermijn gaat in op"))
    result = models.ForeignKey(SelectionResult, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("resultaat selectielijst"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bewaargegevens van een casus")
        verbose_name_plural = _("bewaargegevens van casussen")


class LegalHold(OrganisationOwned):
    """A reason not to destroy (a complaint, a court case, an audit) registered by hand. Open residents'
    requests are holds too, found through the providers registered with ``services.register_hold_provider``."""

    uuid = public_id_field()
    case = models.ForeignKey("dossiers.Case", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="legal_holds")
    resident = models.ForeignKey("dossiers.Resident", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="legal_holds")
    reason = models.CharField(_("reden"), max_length=300)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bewaarplicht wegens procedure")
        verbose_name_plural = _("bewaarplichten wegens procedure")


class ProposalStatus(models.TextChoices):
    DRAFT = "concept", _("concept")
    APPROVED = "goedgekeurd", _("goedgekeurd")
    EXECUTED = "uitgevoerd", _("uitgevoerd")
    REJECTED = "afgewezen", _("afgewezen")


class DestructionProposal(OrganisationOwned):
    """A vernietigingslijst: approved by the privacy officer and by the information manager or archivist
    (two different people, neither the one who drew it up), then executed once."""

    uuid = public_id_field()
    reference = models.CharField(_("kenmerk"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    executed_at = models.DateTimeField(null=True, blank=True)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-created_at"]


class DestructionItem(models.Model):
    """One case on a proposal. Kept after execution (without personal data: the case reference, the
    result and term, and the pseudonyms of its residents) so that the certificate can say what was destroyed."""

    proposal = models.ForeignKey(DestructionProposal, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("dossiers.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case_reference = models.CharField(_("zaaknummer"), max_length=30)
    result = models.ForeignKey(SelectionResult, on_delete=models.PROTECT, related_name="+")
    term_started_on = models.DateField(_("termijn ingegaan op"))
    term_ended_on = models.DateField(_("termijn verstreken op"))
    documents_count = models.PositiveIntegerField(default=0)
    subject_pseudonyms = models.JSONField(default=list, blank=True)
    excluded_reason = models.CharField(_("uitgezonderd wegens"), max_length=300, blank=True)

    @property
    def organisation_id(self):  # the kernel checks the target's organisation
        return self.proposal.organisation_id

    @property
    def log_label(self):
        return f"casus {self.case_reference} op vernietigingslijst {self.proposal.reference}"


class DestructionApproval(models.Model):
    class Capacity(models.TextChoices):
        PRIVACY_OFFICER = "privacy_officer", _("privacy officer / FG")
        ARCHIVIST = "archivaris", _("informatiemanager of archivaris")

    proposal = models.ForeignKey(DestructionProposal, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "capacity"], name="uniq_approval_capacity"),
                       models.UniqueConstraint(fields=["proposal", "user"], name="uniq_approval_user")]


class DestructionCertificate(OrganisationOwned):
    """Verklaring van vernietiging: what was destroyed, under which result and term, approved by whom, when.
    The PDF is stored (encrypted) with it; the record itself is kept permanently."""

    uuid = public_id_field()
    proposal = models.OneToOneField(DestructionProposal, on_delete=models.PROTECT, related_name="certificate")
    issued_at = models.DateTimeField(default=timezone.now)
    summary = models.JSONField(default=dict)
    pdf_path = models.CharField(max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)


class DestructionEvent(models.Model):
    """What happened to a proposal, including refused attempts (approving one's own proposal, executing
    twice, executing under a legal hold): written after the refused transaction rolled back, so it stays."""

    class Kind(models.TextChoices):
        DRAWN_UP = "opgesteld", _("opgesteld")
        APPROVED = "goedgekeurd", _("goedgekeurd")
        EXCLUDED = "uitgezonderd", _("zaak uitgezonderd")
        EXECUTED = "uitgevoerd", _("uitgevoerd")
        REFUSED = "geweigerd", _("geweigerd")
        REJECTED = "afgewezen", _("lijst afgewezen")

    proposal = models.ForeignKey(DestructionProposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
