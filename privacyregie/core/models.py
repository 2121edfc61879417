"""Organisations (tenants), municipalities, teams, users, roles, security events,
notifications and registered API applications.

Every record of a later capability belongs to exactly one ``Organisation`` (subclass
``OrganisationOwned``); a user of one organisation never sees another's records.
"""

import hashlib
import secrets
import uuid

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from .prepared import PreparedQuery
from .roles import ROLE_PERMISSIONS, Role, permissions_for_roles
from .usernames import normalise_username


class Domain(models.TextChoices):
    """The fields of the social domain a team works in."""

    YOUTH = "jeugd", _("Jeugd (Jeugdwet)")
    SOCIAL_SUPPORT = "wmo", _("Wmo (maatschappelijke ondersteuning)")
    PARTICIPATION = "participatie", _("Participatie (Participatiewet)")
    DEBT_RELIEF = "schuldhulp", _("Schuldhulpverlening")
    ACCESS = "toegang", _("Toegang / WIJZ (breed)")


class ScanPolicy(models.TextChoices):
    """What the check before sending (``core.scanning``) does with categories the recipient's agreement does not cover."""

    WARN = "warn", _("Alleen waarschuwen")
    BLOCK_SENSITIVE = "block_sensitive", _("Blokkeren als bijzondere of strafrechtelijke gegevens niet door de "
                                           "overeenkomst gedekt zijn")
    BLOCK_UNCOVERED = "block_uncovered", _("Blokkeren als een gevonden categorie niet door de overeenkomst gedekt is")


class Organisation(models.Model):
    """The tenant: a municipality, or an executing organisation serving several (a GR)."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    oin = models.CharField(_("OIN"), max_length=20, blank=True)
    is_shared_service = models.BooleanField(
        _("uitvoeringsorganisatie voor meerdere gemeenten"), default=False
    )
    scan_policy = models.CharField(
        _("controle voor verzenden"), max_length=20, choices=ScanPolicy.choices, default=ScanPolicy.BLOCK_SENSITIVE,
        help_text=_("Wat er gebeurt als de controle gegevens vindt van een categorie die de overeenkomst met de "
                    "ontvanger niet dekt."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality served by an organisation (one for a single municipality)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="municipalities",
                                     verbose_name=_("organisatie"))
    name = models.CharField(_("naam"), max_length=200)
    cbs_code = models.CharField(_("CBS-gemeentecode"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_municipality_per_org")]

    def __str__(self):
        return self.name


class OrganisationOwnedQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class OrganisationOwned(models.Model):
    """Abstract base for every record that belongs to one organisation (tenant)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams",
                                     verbose_name=_("organisatie"))
    name = models.CharField(_("naam"), max_length=200)
    domain = models.CharField(_("domein"), max_length=20, choices=Domain.choices)
    municipalities = models.ManyToManyField(Municipality, blank=True, verbose_name=_("gemeenten"))

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_team_per_org")]

    def __str__(self):
        return self.name


class UserManager(DjangoUserManager):
    """Looks users up by the normalised name, as Django's ModelBackend and django-axes see it."""

    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: normalise_username(username)})


class User(AbstractUser):
    """A person who logs in. Belongs to one organisation; powers come from roles.

    The user name is stored normalised (``core.usernames``): one account, one spelling.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("organisatie"),
    )
    teams = models.ManyToManyField(Team, through="TeamMembership", blank=True, related_name="members")
    # Bumped by "log out everywhere": every session signed with the old value becomes invalid.
    session_version = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("demo-account"), default=False, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.get_full_name() or self.username

    @classmethod
    def normalize_username(cls, username):
        return normalise_username(username)

    def save(self, *args, **kwargs):
        self.username = normalise_username(self.username)
        super().save(*args, **kwargs)

    def get_session_auth_hash(self):
        base = super().get_session_auth_hash()
        return hashlib.sha256(f"{base}:{self.session_version}".encode()).hexdigest()

    @property
    def roles(self) -> list[str]:
        cache = getattr(self, "_roles_cache", None)
        if cache is None:
            cache = self._load_roles()
            self._roles_cache = cache
        return cache

    def _load_roles(self) -> list[str]:
        """The user's roles in their organisation. Unless the assignments are prefetched, in one query that
        also brings the organisation and the number of unread notifications: every page asks the roles first
        (access policy) and its shell shows both (``core.context_processors.shell``), which takes the count
        once, in this same request only. Permissions are never decided from anything but these roles."""
        if (self.pk is None or self.organisation_id is None
                or "role_assignments" in getattr(self, "_prefetched_objects_cache", {})):
            return [ra.role for ra in self.role_assignments.all() if ra.organisation_id == self.organisation_id]
        from .logging import current_trace_id

        # compiled once per process (core.prepared): the access policy asks this on every request
        assignments = _ROLES_WITH_ORGANISATION.run(user_id=self.pk, organisation_id=self.organisation_id)
        if assignments:
            field = self._meta.get_field("organisation")
            if not field.is_cached(self):
                field.set_cached_value(self, assignments[0].organisation)
            self._shell_unread = (assignments[0].unread or 0, current_trace_id())
        return [ra.role for ra in assignments]

    @property
    def privacy_permissions(self) -> frozenset[str]:
        """Permissions from the user's roles; narrowed to the scopes of an API
        application when one acts on the user's behalf."""
        granted = permissions_for_roles(self.roles)
        scopes = getattr(self, "_api_scopes", None)
        return granted & scopes if scopes is not None else granted

    def has_role(self, role) -> bool:
        return role in self.roles

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles if r in Role.values]


class RoleAssignment(models.Model):
    """A role granted to a user within one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("toegekend op"), default=timezone.now)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("toegekend door")
    )

    class Meta:
        verbose_name = _("roltoekenning")
        verbose_name_plural = _("roltoekenningen")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="uniq_role_assignment")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    def clean(self):
        if self.user_id and self.user.organisation_id and self.organisation_id != self.user.organisation_id:
            raise ValidationError(_("Een rol kan alleen binnen de eigen organisatie van de gebruiker worden toegekend."))
        if self.role not in ROLE_PERMISSIONS:
            raise ValidationError(_("Onbekende rol."))


class TeamMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="team_memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    is_lead = models.BooleanField(_("teamleider"), default=False)
    since = models.DateField(_("sinds"), default=timezone.localdate)

    class Meta:
        verbose_name = _("teamlidmaatschap")
        verbose_name_plural = _("teamlidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["user", "team"], name="uniq_team_membership")]

    def __str__(self):
        return f"{self.user} – {self.team}"

    def clean(self):
        if self.user_id and self.team_id and self.user.organisation_id != self.team.organisation_id:
            raise ValidationError(_("Een gebruiker kan alleen lid zijn van een team van de eigen organisatie."))


class SecurityEvent(models.Model):
    """Security-relevant events (logins, failures, lockouts, denied access) for the CISO."""

    class Kind(models.TextChoices):
        LOGIN_SUCCESS = "login_success", _("Ingelogd")
        LOGIN_FAILED = "login_failed", _("Inloggen mislukt (wachtwoord)")
        OTP_FAILED = "otp_failed", _("Inloggen mislukt (tweede factor)")
        LOCKED_OUT = "locked_out", _("Account geblokkeerd na herhaalde mislukte pogingen")
        LOGOUT = "logout", _("Uitgelogd")
        LOGOUT_EVERYWHERE = "logout_everywhere", _("Overal uitgelogd")
        ACCESS_DENIED = "access_denied", _("Toegang geweigerd")
        OTP_ENROLLED = "otp_enrolled", _("Tweede factor ingesteld")
        API_AUTH_FAILED = "api_auth_failed", _("API-authenticatie mislukt")
        REMOTE_ACCESS = "remote_access", _("Inbeltoegang leverancier (vraag, besluit of weigering)")
        SSO_LOGIN = "sso_login", _("Ingelogd via de identiteitsprovider van de organisatie")
        SSO_REFUSED = "sso_refused", _("Inloggen via de identiteitsprovider geweigerd")

    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("pagina"), max_length=500, blank=True)
    detail = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingsgebeurtenissen")
        ordering = ["-at"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message to a user: shown in the app and sent by e-mail (retried until sent).

    Stored before any e-mail is attempted, so nothing is lost when mail fails.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("bericht"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedup_key = models.CharField(max_length=200, blank=True, help_text="Prevents sending the same reminder twice.")
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-mail verstuurd op"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"], condition=~models.Q(dedup_key=""), name="uniq_notification_dedup"
            )
        ]

    def __str__(self):
        return self.subject


class Application(models.Model):
    """Another municipal system that calls the API: bound to one organisation and scopes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    name = models.CharField(_("naam"), max_length=200)
    client_id = models.CharField(_("client-id"), max_length=64, unique=True, default="", editable=False)
    secret_hash = models.CharField(max_length=64, editable=False, db_index=True)
    scopes = models.JSONField(_("scopes"), default=list, help_text=_("Bevoegdheden (zie de rollenpagina)."))
    may_act_for_users = models.BooleanField(_("mag namens eindgebruikers handelen"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("applicatie (API-client)")
        verbose_name_plural = _("applicaties (API-clients)")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="uniq_application_name")]

    def __str__(self):
        return self.name

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def issue_secret(self) -> str:
        """Create new credentials; returns the token once (only its hash is stored)."""
        if not self.client_id:
            self.client_id = uuid.uuid4().hex
        token = f"{self.client_id}.{secrets.token_urlsafe(32)}"
        self.secret_hash = self.hash_secret(token)
        return token

    def clean(self):
        from .roles import PERMISSIONS

        unknown = [s for s in self.scopes or [] if s not in PERMISSIONS]
        if unknown:
            raise ValidationError({"scopes": _("Onbekende scopes: %(s)s") % {"s": ", ".join(unknown)}})

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes or [])


def demo_accounts_exist() -> bool:
    return User.objects.filter(is_demo=True).exists()


class Task(models.Model):
    """A one-off background task (a large import or export) that its owner follows on a page.

    Run by ``core.tasks``: in a thread of the web process in the embedded default, by a Celery
    worker in production. Only its owner sees it. The input and the result are staged encrypted
    (``core.files.stage``); the row keeps their tokens, the progress and a Dutch error message.
    """

    class Status(models.TextChoices):
        QUEUED = "wachtrij", _("in de wachtrij")
        RUNNING = "bezig", _("bezig")
        DONE = "klaar", _("klaar")
        FAILED = "mislukt", _("mislukt")

    public_id = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=60)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tasks")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("gedaan"), default=0)
    total = models.PositiveIntegerField(_("totaal"), default=0)
    input_token = models.CharField(max_length=32, blank=True)
    result_token = models.CharField(max_length=32, blank=True)
    result_url = models.CharField(_("resultaat"), max_length=500, blank=True)
    message = models.CharField(_("bericht"), max_length=500, blank=True)
    error = models.TextField(_("fout"), blank=True)
    return_url = models.CharField(_("terug naar"), max_length=500, blank=True)
    language = models.CharField(_("taal"), max_length=10, blank=True)  # the owner's, for the task's messages
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.public_id}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PendingShred(models.Model):
    """A stored file to shred or a shred key to destroy after the records that used it were deleted. Recorded
    in the deleting transaction (so it exists exactly when the deletion committed), tried after commit, and
    retried by the job ``retry_pending_shreds`` until it succeeds (``core.shredding``); removed once done."""

    class Kind(models.TextChoices):
        FILE = "bestand", _("opgeslagen bestand")
        KEY = "sleutel", _("versnippersleutel")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    target = models.CharField(max_length=255, help_text="The storage name, or the shred group (e.g. case:<uuid>).")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("te versnipperen")
        verbose_name_plural = _("te versnipperen")
        constraints = [models.UniqueConstraint(fields=["kind", "target"], name="uniq_pending_shred")]

    def __str__(self):
        return f"{self.kind}:{self.target}"


def _space_separated(value: str) -> list[str]:
    return [part for part in (value or "").replace(",", " ").split() if part]


class IdentityProvider(models.Model):
    """An organisation's OpenID Connect identity provider (ADFS, Entra ID, Keycloak) for single sign-on.

    Edited by the functional administrator. The client secret itself is never stored here: the
    provider names the environment variable that holds it (``client_secret_env``). See docs/sso.md.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider", verbose_name=_("organisatie"),
    )
    is_active = models.BooleanField(_("actief"), default=True,
                                    help_text=_("Alleen een actieve provider staat op de inlogpagina."))
    issuer = models.URLField(
        _("issuer"), max_length=500,
        help_text=_("De issuer van de provider; de instellingen worden opgehaald van "
                    "<issuer>/.well-known/openid-configuration."),
    )
    client_id = models.CharField(_("client-id"), max_length=255)
    client_secret_env = models.CharField(
        _("omgevingsvariabele met het client secret"), max_length=100,
        help_text=_("De naam van de omgevingsvariabele op de server, bijvoorbeeld OIDC_SECRET_GEMEENTE. "
                    "Het geheim zelf staat nooit in de database."),
    )
    scopes = models.CharField(_("scopes"), max_length=300, default="openid email profile")
    username_claim = models.CharField(_("claim met de gebruikersnaam"), max_length=100,
                                      default="preferred_username")
    email_claim = models.CharField(_("claim met het e-mailadres"), max_length=100, default="email", blank=True)
    first_name_claim = models.CharField(_("claim met de voornaam"), max_length=100, default="given_name",
                                        blank=True)
    last_name_claim = models.CharField(_("claim met de achternaam"), max_length=100, default="family_name",
                                       blank=True)
    organisation_claim = models.CharField(
        _("claim met de organisatie"), max_length=100, blank=True,
        help_text=_("Leeg: niet gecontroleerd. Anders moet deze claim de waarde hieronder hebben "
                    "(bijvoorbeeld 'tid' bij Entra ID)."),
    )
    organisation_claim_value = models.CharField(_("verwachte waarde van de organisatieclaim"), max_length=255,
                                                blank=True)
    roles_claim = models.CharField(_("claim met rollen of groepen"), max_length=100, default="roles",
                                   help_text=_("Bijvoorbeeld 'roles' (Entra ID, Keycloak) of 'groups' (ADFS)."))
    required_claims = models.CharField(
        _("verplichte claims"), max_length=300, blank=True, default="email",
        help_text=_("Gescheiden door spaties. Ontbreekt er een, dan wordt het inloggen geweigerd."),
    )
    mfa_amr_values = models.CharField(
        _("amr-waarden die als tweede factor gelden"), max_length=300, default="mfa otp hwk swk",
        help_text=_("Gescheiden door spaties. Bevat de amr-claim een ervan, dan is de tweede factor van "
                    "de provider voldoende."),
    )
    mfa_acr_values = models.CharField(
        _("acr-waarden die als tweede factor gelden"), max_length=500, blank=True,
        help_text=_("Gescheiden door spaties, bijvoorbeeld een LoA-niveau van uw provider."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("identiteitsprovider (single sign-on)")
        verbose_name_plural = _("identiteitsproviders (single sign-on)")

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        from django.conf import settings

        if self.issuer and not self.issuer.startswith("https://") and not settings.SSO_ALLOW_HTTP:
            raise ValidationError({"issuer": _("De issuer moet met https:// beginnen.")})
        if self.organisation_claim and not self.organisation_claim_value:
            raise ValidationError({"organisation_claim_value": _("Geef de verwachte waarde van de organisatieclaim.")})
        if self.client_secret_env and not self.client_secret_env.replace("_", "").isalnum():
            raise ValidationError({"client_secret_env": _("Alleen letters, cijfers en underscores.")})

    @property
    def client_secret(self) -> str:
        import os

        return os.environ.get(self.client_secret_env, "")

    @property
    def scope_list(self) -> list[str]:
        scopes = _space_separated(self.scopes)
        return scopes if "openid" in scopes else ["openid", *scopes]

    @property
    def required_claim_list(self) -> list[str]:
        return _space_separated(self.required_claims)

    @property
    def mfa_amr_list(self) -> list[str]:
        return _space_separated(self.mfa_amr_values)

    @property
    def mfa_acr_list(self) -> list[str]:
        return _space_separated(self.mfa_acr_values)


class IdentityProviderRole(models.Model):
    """A value of the provider's roles claim that grants a Privacyregie role."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="role_mappings")
    claim_value = models.CharField(_("waarde in de claim"), max_length=255)
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)

    class Meta:
        verbose_name = _("rol uit de identiteitsprovider")
        verbose_name_plural = _("rollen uit de identiteitsprovider")
        constraints = [models.UniqueConstraint(fields=["provider", "claim_value", "role"],
                                               name="uniq_idp_role_mapping")]

    def __str__(self):
        return f"{self.claim_value} → {self.get_role_display()}"


class ExternalIdentity(models.Model):
    """Links a user to the subject ("sub") the identity provider knows them by."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(max_length=255)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="external_identity")
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account bij de identiteitsprovider")
        verbose_name_plural = _("accounts bij de identiteitsprovider")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="uniq_external_identity")]

    def __str__(self):
        return f"{self.provider}: {self.subject}"


class IdentityProviderDevice(Device):
    """The identity provider's own second factor: marks a session as verified (django-otp) when the
    provider's ``amr``/``acr`` claims say it did MFA (``core.sso``).

    It never accepts a code (``verify_token`` always fails) and does not count as the user's own second
    factor (``core.sso.has_own_second_factor``): without the provider's MFA the user still needs TOTP.
    """

    class Meta:
        verbose_name = _("tweede factor van de identiteitsprovider")

    def verify_token(self, token):
        return False


def _unread_count(recipient_column: str) -> RawSQL:
    """The number of unread notifications of the user in ``recipient_column`` (a column of the outer query), as
    plain SQL: the same subquery built by the ORM costs more to compile than to run."""
    notifications = Notification._meta.db_table
    return RawSQL(f'SELECT COUNT(*) FROM "{notifications}" n WHERE n."recipient_id" = {recipient_column} '  # noqa: S608, S611
                  'AND n."read_at" IS NULL', (), output_field=models.IntegerField())


def _roles_with_organisation(user_id, organisation_id):
    """A user's role assignments in an organisation, with the organisation and the user's number of unread
    notifications (``User._load_roles``). The count as plain SQL (table names from the models, no input):
    the same subquery built by the ORM costs more to compile than to run."""
    unread = _unread_count(f'"{RoleAssignment._meta.db_table}"."user_id"')
    return (RoleAssignment.objects.filter(user_id=user_id, organisation_id=organisation_id)
            .select_related("organisation").order_by("pk").annotate(unread=unread))


_ROLES_WITH_ORGANISATION = PreparedQuery(
    _roles_with_organisation,
    user_id=(RoleAssignment._meta.get_field("user").target_field, -917_371),
    organisation_id=(RoleAssignment._meta.get_field("organisation").target_field, -917_372),
)


def _user_with_roles(pk):
    """The user with this id (``ModelBackend.get_user``'s query) with, in the same statement, their
    organisation, their roles in it (in the order granted) and their number of unread notifications: what
    every page asks first (the access policy the roles, the shell the organisation and the count). Plain SQL
    subqueries (table names from the models, no input); ``_load_roles`` asks the same of a user loaded
    otherwise."""
    from django.db import connection

    users, assignments = User._meta.db_table, RoleAssignment._meta.db_table
    if connection.vendor == "postgresql":
        roles_sql = (f'SELECT string_agg(ra."role", \',\' ORDER BY ra."id") FROM "{assignments}" ra '  # noqa: S608
                     f'WHERE ra."user_id" = "{users}"."id" AND ra."organisation_id" = "{users}"."organisation_id"')
    else:  # SQLite keeps the order of the inner query
        roles_sql = (f'SELECT group_concat("role", \',\') FROM (SELECT ra."role" FROM "{assignments}" ra '  # noqa: S608
                     f'WHERE ra."user_id" = "{users}"."id" AND ra."organisation_id" = "{users}"."organisation_id" '
                     'ORDER BY ra."id")')
    return (User._default_manager.filter(pk=pk).select_related("organisation").order_by("pk")
            .annotate(identity_roles=RawSQL(roles_sql, (), output_field=models.TextField()),  # noqa: S611
                      identity_unread=_unread_count(f'"{users}"."id"'),
                      identity_devices=_confirmed_devices(f'"{users}"."id"', connection.vendor)))


def device_models() -> list:
    """Every kind of second-factor device (django-otp's ``Device`` subclasses: TOTP, backup codes, the
    identity provider's)."""
    from django.apps import apps

    return sorted((m for m in apps.get_models() if issubclass(m, Device)), key=lambda m: m._meta.label_lower)


def _confirmed_devices(user_column: str, vendor: str) -> RawSQL:
    """The persistent ids (django-otp's ``Device.persistent_id``, ``<app>.<model>/<id>``) of the confirmed
    devices of the user in ``user_column``, comma-separated, or NULL: what django-otp's middleware checks of
    the session's device (its owner, its confirmation), asked with the user (``backends``). Plain SQL (labels
    and table names from the models, no input)."""
    select = ("SELECT '{label}/' || CAST(d.\"id\" AS TEXT) AS persistent_id FROM \"{table}\" d "
              'WHERE d."user_id" = {user} AND d."confirmed"')
    rows = " UNION ALL ".join(select.format(label=m._meta.label_lower, table=m._meta.db_table, user=user_column)
                              for m in device_models())
    joined = "string_agg(persistent_id, ',')" if vendor == "postgresql" else "group_concat(persistent_id, ',')"
    return RawSQL(f"SELECT {joined} FROM ({rows}) devices", (), output_field=models.TextField())  # noqa: S608, S611


_USER_WITH_ROLES = PreparedQuery(_user_with_roles, pk=(User._meta.pk, -917_373))


def user_with_roles(pk) -> User | None:
    """The user with this id, or ``None``, with their organisation, roles, unread count and the persistent ids
    of their confirmed second-factor devices (``confirmed_devices``) already loaded (one statement per
    request: ``core.backends``). Nothing of it is kept beyond this instance."""
    from .logging import current_trace_id

    found = _USER_WITH_ROLES.run(pk=pk)
    if not found:
        return None
    user = found[0]
    user.confirmed_devices = frozenset(user.identity_devices.split(",")) if user.identity_devices else frozenset()
    if user.organisation_id is not None:
        user._roles_cache = user.identity_roles.split(",") if user.identity_roles else []
        user._shell_unread = (user.identity_unread or 0, current_trace_id())
    return user

