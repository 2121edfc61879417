"""Exchanges with chain partners: a message with files that travels to partner users and back.

An ``Exchange`` belongs to one organisation and, when it carries residents' data, to one case;
its contents (messages, files) are only read or written through ``services`` (which pass the
privacy kernel). Files are stored encrypted (``core.files``); this module never holds their bytes.
The legal basis is a snapshot of the sharing decision taken when the exchange was created.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import Application, Organisation


class Exchange(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        REVOKED = "ingetrokken", _("ingetrokken")
        EXPIRED = "verlopen", _("verlopen")

    uuid = public_id_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("dossiers.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="exchanges", verbose_name=_("casus"))
    partner = models.ForeignKey("register.ChainPartner", on_delete=models.PROTECT, related_name="exchanges",
                                verbose_name=_("ketenpartner"))
    subject = models.CharField(_("onderwerp"), max_length=200)
    data_categories = models.JSONField(_("gegevenscategorieën"), default=list, blank=True)
    legal_basis = models.CharField(_("grondslag"), max_length=30, blank=True)
    legal_basis_detail = models.CharField(_("toelichting grondslag"), max_length=300, blank=True)
    consent_id = models.CharField(max_length=64, blank=True, editable=False)
    deviation_id = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("uitwisseling")
        verbose_name_plural = _("uitwisselingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status", "expires_at"], name="exchange_open_idx")]

    def __str__(self):
        return self.subject

    @property
    def log_label(self):
        return f"uitwisseling met {self.partner.name}"[:200]

    def is_open(self, now=None) -> bool:
        return self.status == self.Status.OPEN and self.expires_at > (now or timezone.now())

    def effective_status(self, now=None) -> str:
        if self.status == self.Status.OPEN and self.expires_at <= (now or timezone.now()):
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(self.Status(self.effective_status()).label)


class ExchangeMessage(models.Model):
    class Direction(models.TextChoices):
        OUT = "uit", _("verzonden door de gemeente")
        IN = "in", _("antwoord van de ketenpartner")

    uuid = public_id_field()
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField(_("bericht"), blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), default=timezone.now)
    direction = models.CharField(_("richting"), max_length=3, choices=Direction.choices)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["sent_at", "id"]

    @property
    def organisation_id(self):
        return self.exchange.organisation_id

    @property
    def log_label(self):
        return self.exchange.log_label

    def author_display(self) -> str:
        if self.author_id:
            return str(self.author)
        return self.application.name if self.application_id else ""


class ExchangeFile(models.Model):
    uuid = public_id_field()
    message = models.ForeignKey(ExchangeMessage, on_delete=models.CASCADE, related_name="files")
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("bestand")
        verbose_name_plural = _("bestanden")
        ordering = ["id"]

    @property
    def exchange(self):
        return self.message.exchange

    @property
    def organisation_id(self):
        return self.message.exchange.organisation_id

    @property
    def log_label(self):
        return f"{self.file_name} ({self.message.exchange.log_label})"[:200]


class ExchangeRecipient(models.Model):
    """A partner user who receives the exchange: an existing user, or an invited e-mail address."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="exchange_recipients")
    email = models.EmailField(_("e-mail"), blank=True)
    invitation_id = models.CharField(max_length=64, blank=True, editable=False)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_opened_at = models.DateTimeField(_("eerst geopend op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                                   name="exchange_recipient_user_or_email"),
        ]

    def __str__(self):
        return str(self.user) if self.user_id else self.email


class PartnerApplication(models.Model):
    """An API client (``core.Application``) of a chain partner's own system: it sees what was shared
    with that partner, and nothing else."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="partner_link")
    partner = models.ForeignKey("register.ChainPartner", on_delete=models.PROTECT, related_name="applications")

    class Meta:
        verbose_name = _("applicatie van een ketenpartner")
        verbose_name_plural = _("applicaties van ketenpartners")

    def __str__(self):
        return f"{self.application} ({self.partner})"
