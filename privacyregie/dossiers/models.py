"""Residents, cases, case membership, notes, documents, consents, break-the-glass and the
authorisation review (R1, R4, R5, R7).

Never query residents or case contents around the privacy kernel: lists use
``Case.objects.visible_to(user)``, every opened object passes ``kernel.services.access``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.bsn import validate_stored_bsn
from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import Domain, Organisation, OrganisationOwnedQuerySet, Team


def validate_bsn(value: str) -> None:
    """The stored BSN is the canonical form of the one BSN rule (``core.bsn``)."""
    validate_stored_bsn(value)


class Confidentiality(models.IntegerChoices):
    """The ordered ZGW confidentiality scale."""

    PUBLIC = 1, _("openbaar")
    RESTRICTED_PUBLIC = 2, _("beperkt openbaar")
    INTERNAL = 3, _("intern")
    CASE_CONFIDENTIAL = 4, _("zaakvertrouwelijk")
    CONFIDENTIAL = 5, _("vertrouwelijk")
    HIGHLY_CONFIDENTIAL = 6, _("confidentieel")
    SECRET = 7, _("geheim")
    TOP_SECRET = 8, _("zeer geheim")


class Resident(models.Model):
    uuid = public_id_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    address = models.CharField(_("adres"), max_length=250, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        constraints = [models.UniqueConstraint(fields=["organisation", "bsn"], name="uniq_resident_bsn")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def log_label(self):
        return f"inwoner {self.uuid}"

    def clean(self):
        validate_bsn(self.bsn)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases this user may see in lists and search (need-to-know, R1).

        A case is visible when it belongs to the user's organisation AND
        (a) the user is a member of the case, or
        (b) the user holds an emergency (break-the-glass) access to it that has not expired, or
        (c) the user leads the team the case belongs to (metadata and assignments only;
            the kernel refuses notes and documents to a lead who is not a member).
        Nobody else sees any case: not other teams, not other roles, not other organisations.
        """
        if not getattr(user, "is_authenticated", False) or not getattr(user, "organisation_id", None):
            return self.none()
        now = timezone.now()
        member = Q(memberships__user=user, memberships__revoked_at__isnull=True)
        emergency = Q(break_glass_accesses__user=user, break_glass_accesses__expires_at__gt=now)
        lead = Q(team__memberships__user=user, team__memberships__is_lead=True)
        condition = member | emergency
        if "dossiers.lead_team" in user.privacy_permissions:
            condition |= lead
        if not ({"dossiers.work_cases", "dossiers.lead_team"} & user.privacy_permissions):
            return self.none()
        return self.filter(organisation_id=user.organisation_id).filter(condition).distinct()


class Case(models.Model):
    class Status(models.TextChoices):
        INTAKE = "aanmelding", _("aanmelding")
        ACTIVE = "in_behandeling", _("in behandeling")
        CLOSED = "afgesloten", _("afgesloten")

    uuid = public_id_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("zaaknummer"), max_length=30)
    title = models.CharField(_("omschrijving"), max_length=200)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team"))
    domain = models.CharField(_("domein"), max_length=20, choices=Domain.choices)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"), choices=Confidentiality.choices, default=Confidentiality.CONFIDENTIAL
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INTAKE)
    processing_activity = models.CharField(_("verwerkingsactiviteit"), max_length=200)
    statutory_basis = models.CharField(
        _("wettelijke taak (grondslag)"), max_length=200, blank=True,
        help_text=_("Leeg als er geen wettelijke taak is: dan is toestemming van de inwoner nodig."),
    )
    opened_on = models.DateField(_("geopend op"), default=timezone.localdate)
    residents = models.ManyToManyField(Resident, through="CaseResident", related_name="cases")

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-opened_on", "reference"]
        constraints = [models.UniqueConstraint(fields=["organisation", "reference"], name="uniq_case_reference")]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    @property
    def log_label(self):
        return f"casus {self.reference}"

    def clean(self):
        if self.team_id and self.team.organisation_id != self.organisation_id:
            raise ValidationError({"team": _("Het team hoort niet bij deze organisatie.")})

    def subject_bsns(self) -> tuple[str, ...]:
        return tuple(self.case_residents.values_list("resident__bsn", flat=True))


class CaseResident(models.Model):
    class Role(models.TextChoices):
        CLIENT = "client", _("cliënt")
        PARENT = "ouder", _("ouder / verzorger")
        HOUSEHOLD = "gezinslid", _("gezinslid")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_residents")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.CLIENT)

    class Meta:
        verbose_name = _("inwoner in casus")
        verbose_name_plural = _("inwoners in casussen")
        constraints = [models.UniqueConstraint(fields=["case", "resident"], name="uniq_case_resident")]


class CaseMembership(models.Model):
    class Role(models.TextChoices):
        LEAD = "regie", _("regievoerder")
        INVOLVED = "betrokken", _("betrokken")

    uuid = public_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships")
    role = models.CharField(_("rol in de casus"), max_length=20, choices=Role.choices, default=Role.INVOLVED)
    assigned_at = models.DateTimeField(_("toegewezen op"), default=timezone.now)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("betrokkenheid bij casus")
        verbose_name_plural = _("betrokkenheden bij casussen")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], condition=Q(revoked_at__isnull=True), name="uniq_active_case_member")
        ]

    def clean(self):
        if self.user_id and self.case_id and self.user.organisation_id != self.case.organisation_id:
            raise ValidationError(_("Alleen medewerkers van de eigen organisatie kunnen aan een casus worden toegevoegd."))


class CaseNote(models.Model):
    uuid = public_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("geschreven op"), default=timezone.now)
    text = models.TextField(_("notitie"))

    class Meta:
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        ordering = ["-created_at"]

    @property
    def organisation_id(self):
        return self.case.organisation_id


class CaseDocument(models.Model):
    uuid = public_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    title = models.CharField(_("titel"), max_length=200)
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-uploaded_at"]

    @property
    def organisation_id(self):
        return self.case.organisation_id

    @property
    def log_label(self):
        return f"document {self.uuid} van casus {self.case.reference}"


CONSENT_PURPOSES = [
    ("gegevensdeling", _("Gegevensdeling met ketenpartner")),
    ("casusbehandeling", _("Casusbehandeling")),
    ("toegang_beoordelen", _("Toegang tot ondersteuning beoordelen")),
]


class Consent(models.Model):
    """A resident's consent (R5): given in writing or orally, for what, to whom; withdrawn when."""

    class Form(models.TextChoices):
        WRITTEN = "schriftelijk", _("schriftelijk")
        ORAL = "mondeling", _("mondeling")

    uuid = public_id_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="consents")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", null=True, blank=True)
    form = models.CharField(_("vorm"), max_length=20, choices=Form.choices)
    purpose = models.CharField(_("doel"), max_length=30, choices=CONSENT_PURPOSES, default="gegevensdeling",
                               help_text=_("Het doel waarvoor de toestemming geldt; alleen dan telt zij als grondslag."))
    scope = models.CharField(_("waarvoor"), max_length=300)
    recipient = models.CharField(_("aan wie"), max_length=200)
    given_on = models.DateField(_("gegeven op"))
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on"]

    def is_valid_on(self, day) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class EmergencySearch(models.Model):
    """One emergency search (noodzoeken): a case worker with break-the-glass permission looks for a
    case outside their own, with a stated reason, under purpose *noodtoegang*.

    The row exists only when the kernel allowed the search (a refused search rolls back; its refusal
    is in the processing log). It keeps the reason (carried to the break-the-glass access that may
    follow), what kind of criteria were used (never the BSN or the name typed) and the cases found,
    so the results page and "Open met noodtoegang" work from the server's record, never from the
    client. The kernel's rule reads ``subject_bsn`` (not stored) to log the searched resident.
    """

    uuid = public_id_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_searches")
    created_at = models.DateTimeField(_("gezocht op"), default=timezone.now)
    reason = models.TextField(_("reden"))
    criteria = models.CharField(_("zoekgegevens"), max_length=200,
                                help_text=_("Soort zoekgegevens (zaaknummer, BSN, naam); nooit het BSN of de naam zelf."))
    cases = models.ManyToManyField(Case, related_name="+", blank=True, verbose_name=_("gevonden casussen"))

    class Meta:
        verbose_name = _("noodzoekopdracht")
        verbose_name_plural = _("noodzoekopdrachten")
        ordering = ["-created_at"]

    subject_bsn = ""  # the searched BSN while the kernel decides; never stored

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user}: {self.criteria}"

    @property
    def log_label(self):
        return f"noodzoekopdracht ({self.criteria})"


class BreakGlassAccess(models.Model):
    class Review(models.TextChoices):
        PENDING = "open", _("te beoordelen")
        APPROVED = "terecht", _("terecht")
        IMPROPER = "onterecht", _("onterecht")

    uuid = public_id_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses")
    reason = models.TextField(_("reden"))
    started_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    review = models.CharField(_("beoordeling"), max_length=20, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_comment = models.TextField(_("toelichting beoordeling"), blank=True)
    search = models.ForeignKey(EmergencySearch, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="grants", verbose_name=_("via noodzoekopdracht"))

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-started_at"]

    def is_active(self, now=None) -> bool:
        return self.expires_at > (now or timezone.now())


class AuthorisationReview(models.Model):
    """A periodic review round of team and case memberships (R7)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    outcome = models.TextField(_("uitkomst"), blank=True)

    class Meta:
        verbose_name = _("autorisatiecontrole")
        verbose_name_plural = _("autorisatiecontroles")
        ordering = ["-started_at"]


class ReviewItem(models.Model):
    class Kind(models.TextChoices):
        TEAM = "team", _("teamlidmaatschap")
        CASE = "casus", _("betrokkenheid bij casus")

    class Decision(models.TextChoices):
        OPEN = "open", _("nog niet beoordeeld")
        CONFIRMED = "bevestigd", _("bevestigd")
        REVOKED = "ingetrokken", _("ingetrokken")

    review = models.ForeignKey(AuthorisationReview, on_delete=models.CASCADE, related_name="items")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    team_membership_id = models.BigIntegerField(null=True, blank=True)
    case_membership = models.ForeignKey(CaseMembership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices, default=Decision.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("te controleren autorisatie")
        verbose_name_plural = _("te controleren autorisaties")
        ordering = ["team__name", "user__username", "kind"]
