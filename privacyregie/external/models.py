"""External users of partner organisations (issue 12 §5, R10, R23).

An ``Invitation`` lets one e-mail address of a register partner into one grant target
(an exchange or a data room) for a limited period; its link token and its e-mail code are
stored only as hashes. An ``ExternalGrant`` is the time-limited right of an external user
to one object, addressed generically (content type + object id). ``StatementVersion`` and
``Acceptance`` hold the confidentiality statement an external user accepts before any access.

Nothing here ever holds residents' data: grants name objects, never their contents.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import Organisation, OrganisationOwned

DEFAULT_DAYS = 14
DEFAULT_MAX_DAYS = 30


class ExternalSettings(models.Model):
    """Per organisation: how long an invitation may give access (default 14, at most ``max_days``)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="external_settings",
                                        verbose_name=_("organisatie"))
    default_days = models.PositiveSmallIntegerField(_("standaardtermijn (dagen)"), default=DEFAULT_DAYS)
    max_days = models.PositiveSmallIntegerField(_("maximale termijn (dagen)"), default=DEFAULT_MAX_DAYS)

    class Meta:
        verbose_name = _("instelling externe toegang")
        verbose_name_plural = _("instellingen externe toegang")

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.default_days < 1 or self.max_days < 1:
            raise ValidationError(_("Een termijn is minstens één dag."))
        if self.default_days > self.max_days:
            raise ValidationError({"default_days": _("De standaardtermijn is langer dan de maximale termijn.")})


class ExternalAccount(models.Model):
    """An external user's tie to the register partner they work for (set on their first visit)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_account")
    partner = models.ForeignKey("register.ChainPartner", on_delete=models.PROTECT, related_name="external_accounts",
                                verbose_name=_("ketenpartner"))
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("extern account")
        verbose_name_plural = _("externe accounts")

    def __str__(self):
        return f"{self.user} ({self.partner})"


class GrantQuerySet(models.QuerySet):
    def active(self, now=None):
        """Grants that give access now: not revoked, not expired (checked at call time)."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def for_target(self, target):
        return self.filter(content_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
                           object_id=target.pk, organisation_id=target.organisation_id)


class ExternalGrant(OrganisationOwned):
    """The right of one external user to one object (exchange, data room) until ``expires_at``."""

    uuid = public_id_field()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_grants",
                             verbose_name=_("externe gebruiker"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("toegang gegeven door"))
    granted_at = models.DateTimeField(_("toegang gegeven op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ingetrokken door"))
    # Set by the expiry job once the end (expiry or revocation) has been announced (signal, log).
    ended_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = GrantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("externe toegang")
        verbose_name_plural = _("externe toegang")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "content_type", "object_id"]),
                   models.Index(fields=["organisation", "expires_at"])]

    def __str__(self):
        return f"{self.user} – {self.content_type.model} {self.object_id}"

    @property
    def target(self):
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first() if model else None

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def status_label(self, now=None) -> str:
        if self.revoked_at:
            return str(_("ingetrokken"))
        if self.expires_at <= (now or timezone.now()):
            return str(_("verlopen"))
        return str(_("actief"))


class Invitation(OrganisationOwned):
    """An invitation of one e-mail address for one grant target; its token is stored only as a hash."""

    uuid = public_id_field()
    email = models.EmailField(_("e-mailadres"))
    partner = models.ForeignKey("register.ChainPartner", on_delete=models.PROTECT, related_name="invitations",
                                verbose_name=_("ketenpartner"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    days = models.PositiveSmallIntegerField(_("termijn (dagen)"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("uitgenodigd door"))
    invited_at = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_sent_at = models.DateTimeField(_("e-mail verstuurd op"), null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)
    # The one-time code that confirms the e-mail address on the first visit (hash only).
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    codes_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ingetrokken door"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="external_invitations", verbose_name=_("externe gebruiker"))
    grant = models.OneToOneField(ExternalGrant, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="invitation")

    history = HistoricalRecords(excluded_fields=["token_hash", "code_hash"])

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-invited_at"]

    def __str__(self):
        return self.email

    def state(self, now=None) -> str:
        """'used', 'revoked', 'expired' or 'open'."""
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "open"

    def state_label(self, now=None) -> str:
        return {
            "used": _("gebruikt"), "revoked": _("ingetrokken"), "expired": _("verlopen"), "open": _("open"),
        }[self.state(now)]


class StatementVersionQuerySet(models.QuerySet):
    def current(self):
        """The version in force: the highest published one."""
        return self.filter(published_at__lte=timezone.now()).order_by("-version").first()


class StatementVersion(models.Model):
    """One version of the confidentiality statement (geheimhoudingsverklaring); the highest published counts."""

    version = models.PositiveIntegerField(_("versie"), unique=True)
    text = models.TextField(_("tekst"))
    published_at = models.DateTimeField(_("geldig vanaf"), default=timezone.now)

    objects = StatementVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie geheimhoudingsverklaring")
        verbose_name_plural = _("versies geheimhoudingsverklaring")
        ordering = ["-version"]

    def __str__(self):
        return f"{_('Geheimhoudingsverklaring')} {self.version}"


class Acceptance(models.Model):
    """That a user accepted one version of the confidentiality statement, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_acceptances")
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(_("geaccepteerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptatie geheimhoudingsverklaring")
        verbose_name_plural = _("acceptaties geheimhoudingsverklaring")
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="uniq_statement_acceptance")]

    def __str__(self):
        return f"{self.user} – {self.version}"


