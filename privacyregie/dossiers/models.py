"""Residents, cases, case membership, notes, documents, consents, break-the-glass and the
authorisation review (R1, R4, R5, R7).

Never query residents or case contents around the privacy kernel: lists use
``Case.objects.visible_to(user)``, every opened object passes ``kernel.services.access``.
"""

from __future__ import annotations

from itertools import chain

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.bsn import validate_stored_bsn
from privacyregie.core.categories import labels, validate_categories
from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import Domain, Organisation, OrganisationOwnedQuerySet, Team
from privacyregie.core.prepared import PreparedQuery


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

    # --- rows fetched once per request (``remember_rows``) -------------------------------------
    # A page that shows a case asks for its residents and its members several times: the kernel's
    # policy (membership, the residents as log subjects), the restriction check (the residents' ids)
    # and the page itself (the lists). ``remember_rows`` fetches both lists once and keeps them on this
    # instance, which lives for one request; without it every question asks the database, as before.

    def remember_rows(self) -> None:
        """Fetch the residents (also as ``case_residents.all()``) and the active members, one query each
        (compiled once per process, ``core.prepared.PreparedQuery``)."""
        residents = _CASE_RESIDENTS.run(case_id=self.pk)
        members = _CASE_MEMBERS.run(case_id=self.pk)
        for row in chain(residents, members):
            row._state.fields_cache["case"] = self
        cached = self.case_residents.all()  # as ``prefetch_related("case_residents")`` leaves it
        cached._result_cache, cached._prefetch_done = residents, True
        self.__dict__.setdefault("_prefetched_objects_cache", {})["case_residents"] = cached
        self._remembered_residents = residents
        self._remembered_members = members

    def forget_rows(self) -> None:
        self.__dict__.pop("_remembered_residents", None)
        self.__dict__.pop("_remembered_members", None)
        self.__dict__.pop("_remembered_facts", None)

    def remember_page_facts(self, user, *, register_version_id, break_glass_until, restriction_id) -> None:
        """Keep what the case page's query fetched with the case (``services.get_case_for_page``): the id of
        the register version in force of the case's processing activity ("" if none), the end of ``user``'s
        active break-the-glass access (None if none) and the id of the first active restriction on the case
        or its residents (None if none). Asked of this instance only, for that user."""
        self._remembered_facts = {"user_id": getattr(user, "pk", None),
                                  "register_version_id": str(register_version_id or ""),
                                  "break_glass_until": break_glass_until, "restriction_id": restriction_id}

    def remembered_restriction(self):
        """``(known, restriction_id)``: whether the first active restriction was remembered, and its id."""
        facts = self.__dict__.get("_remembered_facts")
        return (False, None) if facts is None else (True, facts["restriction_id"])

    @property
    def remembered_register_version_id(self):
        """The register version id remembered for this request ("" if none), else None (not remembered)."""
        facts = self.__dict__.get("_remembered_facts")
        return None if facts is None else facts["register_version_id"]

    def remembered_break_glass(self, user):
        """``(known, until)``: whether ``user``'s break-the-glass access was remembered, and its end (None:
        no active access)."""
        facts = self.__dict__.get("_remembered_facts")
        if facts is None or facts["user_id"] != getattr(user, "pk", None) or facts["user_id"] is None:
            return False, None
        return True, facts["break_glass_until"]

    @property
    def remembered_residents(self):
        """The case's residents (``CaseResident`` with ``resident``) if remembered, else None."""
        return self.__dict__.get("_remembered_residents")

    @property
    def remembered_members(self):
        """The case's active memberships (with ``user``) if remembered, else None."""
        return self.__dict__.get("_remembered_members")

    def subject_bsns(self) -> tuple[str, ...]:
        if self.remembered_residents is not None:
            return tuple(link.resident.bsn for link in self.remembered_residents)
        return tuple(self.case_residents.values_list("resident__bsn", flat=True))

    def resident_ids(self) -> set[int]:
        if self.remembered_residents is not None:
            return {link.resident_id for link in self.remembered_residents}
        return set(self.case_residents.values_list("resident_id", flat=True))

    def has_active_member(self, user) -> bool:
        if self.remembered_members is not None:
            return any(m.user_id == getattr(user, "pk", None) for m in self.remembered_members)
        return self.memberships.filter(user=user, revoked_at__isnull=True).exists()


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
    """A resident's consent (R5, AVG art. 6(1)(a), 7): to which partners of the register, for which data
    categories and purpose; written (with the signed document) or oral (who recorded it, when, in which
    conversation); valid from/until. Withdrawal (art. 7(3)) takes effect at once: the moment is stored
    to the second, and from then on the consent is no basis for new shares or for open access."""

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
    partners = models.ManyToManyField("register.ChainPartner", blank=True, related_name="consents",
                                      verbose_name=_("aan wie (ketenpartners)"))
    data_categories = models.JSONField(_("gegevenscategorieën"), default=list, blank=True,
                                       validators=[validate_categories])
    recipient_note = models.CharField(
        _("ontvanger (oude vrije tekst)"), max_length=200, blank=True,
        help_text=_("De ontvanger zoals die vóór de koppeling aan het register was vastgelegd en niet aan een "
                    "ketenpartner kon worden gekoppeld."))
    given_on = models.DateField(_("gegeven op"))
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    # written: the signed document, encrypted (core.files)
    document_name = models.CharField(_("document"), max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_storage = models.CharField(max_length=64, blank=True, editable=False)
    # oral: in which conversation (who and when: recorded_by, recorded_at)
    conversation = models.CharField(_("in welk gesprek"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    # withdrawal (AVG art. 7(3))
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("ingetrokken door"))
    withdrawal_form = models.CharField(_("hoe ingetrokken"), max_length=20, choices=Form.choices, blank=True)
    withdrawal_note = models.CharField(_("toelichting intrekking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                                   name="consent_valid_until_after_from"),
            models.CheckConstraint(condition=Q(form__in=["schriftelijk", "mondeling"]), name="consent_form_known"),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_form=""),
                                   name="consent_withdrawal_says_how"),
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.given_on:%d-%m-%Y}: {self.scope}"

    @property
    def log_label(self):
        return f"toestemming {self.uuid}"

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("De einddatum ligt vóór de ingangsdatum.")
        if self.given_on and self.valid_from and self.valid_from < self.given_on:
            errors["valid_from"] = _("Een toestemming geldt niet vóór de dag waarop zij is gegeven.")
        if self._state.adding and self.form == self.Form.WRITTEN and not self.document_name:
            errors["document"] = _("Voeg bij een schriftelijke toestemming het getekende document toe.")
        if self._state.adding and self.form == self.Form.ORAL and not self.conversation.strip():
            errors["conversation"] = _("Beschrijf in welk gesprek de mondelinge toestemming is gegeven.")
        if self.withdrawn_at and not self.withdrawal_form:
            errors["withdrawal_form"] = _("Leg vast hoe de toestemming is ingetrokken.")
        if errors:
            raise ValidationError(errors)

    def is_valid_at(self, moment=None) -> bool:
        """In force at that moment: within its dates and not withdrawn (a withdrawal counts to the second)."""
        moment = moment or timezone.now()
        day = timezone.localdate(moment)
        return (self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
                and (self.withdrawn_at is None or moment < self.withdrawn_at))

    def covers(self, partner, categories) -> bool:
        """Names this partner and every category, for sharing."""
        return (self.purpose == "gegevensdeling" and set(categories) <= set(self.data_categories)
                and any(p.pk == partner.pk for p in self.partners.all()))

    def data_category_labels(self) -> list[str]:
        return labels(self.data_categories)


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


# the rows ``Case.remember_rows`` fetches; the stand-in case id (negative) never occurs in the queries
_CASE_RESIDENTS = PreparedQuery(
    lambda case_id: CaseResident.objects.select_related("resident").filter(case_id=case_id).order_by("pk"),
    case_id=(CaseResident._meta.get_field("case").target_field, -917_311))
_CASE_MEMBERS = PreparedQuery(
    lambda case_id: CaseMembership.objects.filter(case_id=case_id, revoked_at__isnull=True)
    .select_related("user").order_by("pk"),
    case_id=(CaseMembership._meta.get_field("case").target_field, -917_312))
