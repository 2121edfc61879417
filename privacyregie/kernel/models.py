"""The processing log (verwerkingslogboek): append-only, tamper-evident, outliving everything.

One ``ProcessingLogEntry`` per consultation, change, share, export or refusal of personal
data. Entries hold plain values (no foreign keys to users, cases or register versions),
so deleting a case never deletes its trail. Entries are spread over ``CHAIN_COUNT``
independent hash chains (by data subject), each with a ``ChainHead`` row that a writer
locks briefly; ``ChainSeal`` records seal all heads together periodically (ADR 0010).
Never update or delete an entry: on PostgreSQL a trigger refuses it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .policy import Action, LegalBasisKind, Purpose

CHAIN_COUNT = 16
GENESIS_HASH = "0" * 64


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("toegestaan")
    DENIED = "denied", _("geweigerd")


class ProcessingLogEntry(models.Model):
    # No index of its own: every index of the log leads with the organisation, and each index is one more
    # insert per entry (docs/benchmarks.md, "Logboekhub").
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                     db_index=False)
    occurred_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    chain = models.PositiveSmallIntegerField(_("keten"))
    seq = models.PositiveBigIntegerField(_("volgnummer in keten"))
    # who
    actor_user_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    actor_username = models.CharField(_("gebruiker"), max_length=150, blank=True)
    actor_roles = models.CharField(_("rollen"), max_length=300, blank=True)
    application = models.CharField(_("applicatie (API)"), max_length=200, blank=True)
    # what
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    target_type = models.CharField(_("soort gegeven"), max_length=60)
    target_id = models.CharField(_("gegeven-id"), max_length=64, blank=True)
    target_label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    subject_pseudonym = models.CharField(_("betrokkene (pseudoniem)"), max_length=64, blank=True)
    # why
    processing_activity = models.CharField(_("verwerkingsactiviteit"), max_length=200, blank=True)
    processing_activity_version_id = models.CharField(_("versie verwerkingsactiviteit"), max_length=64, blank=True)
    purpose = models.CharField(_("doel"), max_length=30, choices=Purpose.choices)
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasisKind.choices)
    legal_basis_detail = models.CharField(_("toelichting grondslag"), max_length=300, blank=True)
    # result and context
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    emergency = models.BooleanField(_("noodtoegang"), default=False)
    origin = models.CharField(_("herkomst"), max_length=64, blank=True, help_text=_("IP-adres, of 'systeem'"))
    trace_id = models.CharField(max_length=32, blank=True)
    span_id = models.CharField(max_length=16, blank=True)
    parent_span_id = models.CharField(max_length=16, blank=True)
    trace_flags = models.CharField(_("trace-vlaggen"), max_length=2, blank=True)
    tracestate = models.CharField(max_length=512, blank=True)
    # Logboek dataverwerkingen: the operation, its end, the resource, the id's type, the foreign operation
    operation_name = models.CharField(_("naam van de handeling"), max_length=200, blank=True)
    ended_at = models.DateTimeField(_("eindtijd"), null=True, blank=True)
    service_name = models.CharField(_("dienst"), max_length=100, blank=True)
    service_version = models.CharField(_("versie van de dienst"), max_length=50, blank=True)
    subject_id_type = models.CharField(_("soort identificerende code"), max_length=30, blank=True)
    foreign_trace_id = models.CharField(_("trace-id bij externe partij"), max_length=32, blank=True)
    foreign_span_id = models.CharField(_("handeling-id bij externe partij"), max_length=16, blank=True)
    foreign_processor = models.CharField(_("externe partij"), max_length=200, blank=True)
    # the chain
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("verwerkingslogregel")
        verbose_name_plural = _("verwerkingslogboek")
        ordering = ["-occurred_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="uniq_log_chain_seq")]
        indexes = [
            models.Index(fields=["organisation", "subject_pseudonym", "-occurred_at"], name="log_subject_idx"),
            models.Index(fields=["organisation", "-occurred_at"], name="log_org_time_idx"),
            models.Index(fields=["organisation", "actor_user_id", "-occurred_at"], name="log_actor_idx"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.target_type}"


class ChainHead(models.Model):
    """The last sequence number and hash of one chain; locked briefly by each writer."""

    chain = models.PositiveSmallIntegerField(primary_key=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("ketenkop")


class ChainSeal(models.Model):
    """A periodic seal over all chain heads, chained to the previous seal, signed, and witnessed
    outside the database (``witness.py``)."""

    sealed_at = models.DateTimeField(default=timezone.now)
    heads = models.JSONField()  # {"<chain>": [seq, hash]}
    prev_seal_hash = models.CharField(max_length=64)
    seal_hash = models.CharField(max_length=64)
    # Ed25519 signature (base64) by a key outside the database; empty on seals from before signing.
    signature = models.CharField(max_length=100, blank=True, default="")
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("verzegeling")
        ordering = ["id"]


class PartitionSeal(models.Model):
    """A closed month of the log (ADR 0110): per chain the runs of consecutive entries inside the month,
    each as [first seq, first hash, last seq, last hash], signed and witnessed like a ``ChainSeal`` and
    chained to the previous partition seal. ``verify --partition`` checks one month against it and links
    its first entries to the sealed last hashes of the months before it, even once those are archived."""

    month = models.DateField(unique=True)  # the first day of the month (UTC)
    sealed_at = models.DateTimeField(default=timezone.now)
    chains = models.JSONField()  # {"<chain>": [[first_seq, first_hash, last_seq, last_hash], ...]}
    entries = models.PositiveBigIntegerField(default=0)
    prev_seal_hash = models.CharField(max_length=64)
    seal_hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=100, blank=True, default="")
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("maandverzegeling")
        ordering = ["month"]


class Deviation(models.Model):
    """A motivated deviation (R4): sharing or consulting without statutory task or consent."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(_("medewerker"), max_length=150)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    purpose = models.CharField(_("doel"), max_length=30, choices=Purpose.choices)
    target_type = models.CharField(_("soort gegeven"), max_length=60)
    target_id = models.CharField(_("gegeven-id"), max_length=64)
    target_label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    motivation = models.TextField(_("motivering"))
    # the privacy officer's review (R4: the deviation is recorded *and* judged)
    review = models.CharField(_("beoordeling"), max_length=20, choices=[
        ("open", _("te beoordelen")), ("terecht", _("terecht")), ("onterecht", _("onterecht"))], default="open")
    reviewed_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("beoordeeld door"))
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_comment = models.TextField(_("toelichting beoordeling"), blank=True)

    class Meta:
        verbose_name = _("gemotiveerde afwijking")
        verbose_name_plural = _("gemotiveerde afwijkingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.actor_username}: {self.target_label}"


class VerificationRun(models.Model):
    """The outcome of a verification of the chains (daily job or command)."""

    checked_at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    entries_checked = models.PositiveBigIntegerField(default=0)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-checked_at"]
