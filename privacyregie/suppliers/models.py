"""Supplier remote access ("inbelbeleid", R25, issue 14 §3).

A supplier user asks for a time window on a system of the application landscape
(``RemoteAccessSystem`` names the register's ``InformationSystem``, its owner who approves and
the suppliers that may ask). An ``AccessRequest`` is approved by the owner, and also by a CISO
when the system has high confidentiality (``Approval``, four eyes). Whether the window is open is
computed from the clock, never stored; the job only records the opening and closing.
``AuthorisationAnswer`` logs every answer to a jump host's question; ``ConnectionSession`` holds
imported connection logs. Nothing here holds residents' data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import Organisation, OrganisationOwned

DEFAULT_MAX_WINDOW_HOURS = 12


class SupplierSettings(models.Model):
    """Per organisation: the longest window a supplier may ask for."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="supplier_settings",
                                        verbose_name=_("organisatie"))
    max_window_hours = models.PositiveSmallIntegerField(_("langste venster (uren)"), default=DEFAULT_MAX_WINDOW_HOURS)

    class Meta:
        verbose_name = _("instelling inbeltoegang")
        verbose_name_plural = _("instellingen inbeltoegang")

    def __str__(self):
        return str(self.organisation)


class RemoteAccessSystem(OrganisationOwned):
    """A system of the landscape that suppliers may enter remotely, with its approving owner."""

    uuid = public_id_field()
    system = models.OneToOneField("register.InformationSystem", on_delete=models.PROTECT,
                                  related_name="remote_access", verbose_name=_("applicatie"))
    access_name = models.SlugField(_("naam bij de inbelvoorziening"), max_length=100,
                                   help_text=_("De naam waaronder de jump host, VPN of PAM het systeem kent."))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("eigenaar (keurt goed)"))
    high_confidentiality = models.BooleanField(
        _("hoge vertrouwelijkheid"), default=False,
        help_text=_("Dan keuren de eigenaar en de CISO beide goed (vier ogen)."))
    partners = models.ManyToManyField("register.ChainPartner", related_name="remote_access_systems",
                                      verbose_name=_("leveranciers met inbeltoegang"))
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("systeem met inbeltoegang")
        verbose_name_plural = _("systemen met inbeltoegang")
        ordering = ["access_name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "access_name"], name="uniq_remote_access_name")]

    def __str__(self):
        return str(self.system)


class Status(models.TextChoices):
    REQUESTED = "aangevraagd", _("aangevraagd")
    APPROVED = "goedgekeurd", _("goedgekeurd")
    REFUSED = "afgewezen", _("afgewezen")
    WITHDRAWN = "ingetrokken", _("ingetrokken")


class Phase(models.TextChoices):
    """Where a request stands now (computed from its status and the clock)."""

    AWAITING = "wacht", _("wacht op goedkeuring")
    REFUSED = "afgewezen", _("afgewezen")
    WITHDRAWN = "ingetrokken", _("ingetrokken")
    SCHEDULED = "gepland", _("goedgekeurd, venster nog niet open")
    OPEN = "open", _("venster open")
    CLOSED = "gesloten", _("venster gesloten, werk nog vastleggen")
    RECORDED = "vastgelegd", _("werk vastgelegd, wacht op bevestiging")
    CONFIRMED = "bevestigd", _("afgerond (bevestigd door de eigenaar)")


class AccessRequest(OrganisationOwned):
    uuid = public_id_field()
    system = models.ForeignKey(RemoteAccessSystem, on_delete=models.PROTECT, related_name="requests",
                               verbose_name=_("systeem"))
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("aangevraagd door"))
    partner = models.ForeignKey("register.ChainPartner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("leverancier"))
    purpose = models.TextField(_("doel"))
    reference = models.CharField(_("ticket- of wijzigingsnummer"), max_length=100)
    starts_at = models.DateTimeField(_("venster begint"))
    ends_at = models.DateTimeField(_("venster eindigt"))
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    refusal_reason = models.TextField(_("reden van afwijzing"), blank=True)
    opened_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    work_done = models.TextField(_("uitgevoerde werkzaamheden"), blank=True)
    work_recorded_at = models.DateTimeField(_("werk vastgelegd op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("bevestigd door"))
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanvraag inbeltoegang")
        verbose_name_plural = _("aanvragen inbeltoegang")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["organisation", "system", "status", "starts_at"]),
                   models.Index(fields=["requester", "status"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                              name="remote_access_window_ends_after_start")]

    def __str__(self):
        return f"{self.system} {self.reference}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == Status.APPROVED and self.starts_at <= now < self.ends_at

    def phase(self, now=None) -> str:
        now = now or timezone.now()
        if self.status == Status.REQUESTED:
            return Phase.AWAITING
        if self.status == Status.REFUSED:
            return Phase.REFUSED
        if self.status == Status.WITHDRAWN:
            return Phase.WITHDRAWN
        if now < self.starts_at:
            return Phase.SCHEDULED
        if now < self.ends_at:
            return Phase.OPEN
        if self.confirmed_at:
            return Phase.CONFIRMED
        if self.work_recorded_at:
            return Phase.RECORDED
        return Phase.CLOSED

    def phase_label(self, now=None) -> str:
        return Phase(self.phase(now)).label


class Approval(models.Model):
    """One approver's decision on a request: the owner's, and for high confidentiality the CISO's."""

    class As(models.TextChoices):
        OWNER = "eigenaar", _("eigenaar")
        CISO = "ciso", _("CISO")

    class Decision(models.TextChoices):
        APPROVE = "goedgekeurd", _("goedgekeurd")
        REFUSE = "afgewezen", _("afgewezen")

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="approvals")
    approver_role = models.CharField(_("als"), max_length=20, choices=As.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("door"))
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices)
    note = models.TextField(_("toelichting"), blank=True)
    at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("goedkeuring")
        verbose_name_plural = _("goedkeuringen")
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["request", "approver_role"], name="uniq_approval_per_role")]

    def __str__(self):
        return f"{self.get_approver_role_display()}: {self.get_decision_display()}"


class AuthorisationAnswer(OrganisationOwned):
    """One answer to "may supplier X enter system Y now?" (every answer is kept)."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    username = models.CharField(_("gevraagde gebruiker"), max_length=150)
    system_name = models.CharField(_("gevraagd systeem"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    system = models.ForeignKey(RemoteAccessSystem, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="answers")
    request = models.ForeignKey(AccessRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="answers")
    allowed = models.BooleanField(_("toegestaan"))
    reason = models.CharField(_("reden"), max_length=300)
    client = models.CharField(_("gevraagd door"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("antwoord op inbelvraag")
        verbose_name_plural = _("antwoorden op inbelvragen")
        ordering = ["-at"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self):
        return f"{self.username} → {self.system_name}: {'ja' if self.allowed else 'nee'}"


class ConnectionLogImport(OrganisationOwned):
    uuid = public_id_field()
    file_name = models.CharField(_("bestand"), max_length=200)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ingelezen door"))
    imported_at = models.DateTimeField(_("ingelezen op"), default=timezone.now)

    class Meta:
        verbose_name = _("ingelezen verbindingslog")
        verbose_name_plural = _("ingelezen verbindingslogs")
        ordering = ["-imported_at"]

    def __str__(self):
        return self.file_name


class ConnectionSession(OrganisationOwned):
    """One session from an imported connection log; outside any approved window it is an incident."""

    log = models.ForeignKey(ConnectionLogImport, on_delete=models.CASCADE, related_name="sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("gebruiker"))
    system = models.ForeignKey(RemoteAccessSystem, on_delete=models.PROTECT, related_name="sessions",
                               verbose_name=_("systeem"))
    started_at = models.DateTimeField(_("begin"))
    ended_at = models.DateTimeField(_("einde"))
    request = models.ForeignKey(AccessRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="sessions", verbose_name=_("binnen venster van"))
    out_of_window = models.BooleanField(_("buiten venster"), default=False)
    incident_uuid = models.UUIDField(_("incident"), null=True, blank=True)

    class Meta:
        verbose_name = _("verbinding")
        verbose_name_plural = _("verbindingen")
        ordering = ["started_at"]

    def __str__(self):
        return f"{self.user} {self.system} {self.started_at:%Y-%m-%d %H:%M}"
