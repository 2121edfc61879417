"""Training and attestations of the organisation's own staff (issue 14 §1-2, R23, R24).

``Course`` is the training catalogue; ``Requirement`` makes a course mandatory for a role or a
team; a ``Completion`` records that one employee completed one course on a date, valid until a
date computed from the course's validity period. ``CodeOfConduct`` versions are acknowledged per
employee (``Acknowledgement``); ``Oath`` (ambtseed/belofte), ``IntegrityStatement`` and
``ConductCertificate`` (VOG: only its date, never the certificate) are one record per employee.

Nothing here ever holds residents' data. The confidentiality statement of externals lives in
``privacyregie.external`` and is only read through its services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import Organisation, OrganisationOwned
from privacyregie.core.roles import Role

DEFAULT_REMINDER_DAYS = 30


class PeopleSettings(models.Model):
    """Per organisation: whether a VOG is required, and how long before expiry a renewal reminder goes."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="people_settings",
                                        verbose_name=_("organisatie"))
    requires_vog = models.BooleanField(_("VOG verplicht voor medewerkers"), default=False)
    reminder_days = models.PositiveSmallIntegerField(_("herinnering (dagen voor verloop)"),
                                                     default=DEFAULT_REMINDER_DAYS)

    class Meta:
        verbose_name = _("instelling training en verklaringen")
        verbose_name_plural = _("instellingen training en verklaringen")

    def __str__(self):
        return str(self.organisation)


class Course(OrganisationOwned):
    """A training in the catalogue (privacy basics, security awareness, privacy protocol, phishing)."""

    uuid = public_id_field()
    code = models.SlugField(_("code"), max_length=50,
                            help_text=_("Korte code, ook gebruikt in de import van het e-learningplatform."))
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("geldigheid (maanden)"), default=12, help_text=_("0: blijft altijd geldig."))
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="uniq_course_code_per_org")]

    def __str__(self):
        return self.name


class Requirement(OrganisationOwned):
    """A course is mandatory for everyone with a role, or for every member of a team."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements",
                               verbose_name=_("training"))
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices, blank=True)
    team = models.ForeignKey("core.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))

    class Meta:
        verbose_name = _("verplichte training")
        verbose_name_plural = _("verplichte trainingen")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="") & models.Q(team__isnull=False))
                | (~models.Q(role="") & models.Q(team__isnull=True)),
                name="requirement_role_xor_team"),
            models.UniqueConstraint(fields=["course", "role", "team"], name="uniq_requirement"),
        ]

    def __str__(self):
        return f"{self.course} – {self.team or self.get_role_display()}"


class Completion(OrganisationOwned):
    """One employee completed one course on a date; valid until ``valid_until`` (None: no expiry)."""

    class Source(models.TextChoices):
        MANUAL = "handmatig", _("vastgelegd door teamleider of privacy officer")
        EVIDENCE = "bewijs", _("door de medewerker, met bewijs")
        IMPORT = "import", _("import e-learningplatform")

    uuid = public_id_field()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions",
                             verbose_name=_("medewerker"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions",
                               verbose_name=_("training"))
    completed_on = models.DateField(_("gevolgd op"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("vastgelegd door"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    evidence_file = models.CharField(max_length=64, blank=True, editable=False)  # core.files storage name
    evidence_name = models.CharField(_("bewijsstuk"), max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gevolgde training")
        verbose_name_plural = _("gevolgde trainingen")
        ordering = ["-completed_on"]
        indexes = [models.Index(fields=["user", "course", "-completed_on"])]
        constraints = [models.UniqueConstraint(fields=["user", "course", "completed_on"],
                                               name="uniq_completion_per_day")]

    def __str__(self):
        return f"{self.user} – {self.course} ({self.completed_on})"


class CodeOfConduct(OrganisationOwned):
    """One version of the organisation's code of conduct (gedragscode); the highest published counts."""

    version = models.PositiveIntegerField(_("versie"))
    text = models.TextField(_("tekst"))
    published_at = models.DateTimeField(_("geldig vanaf"), default=timezone.now)

    class Meta:
        verbose_name = _("versie gedragscode")
        verbose_name_plural = _("versies gedragscode")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["organisation", "version"], name="uniq_conduct_version")]

    def __str__(self):
        return f"{_('Gedragscode')} {self.version}"


class Acknowledgement(models.Model):
    """That an employee acknowledged one version of the code of conduct, and when (once per version)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="conduct_acknowledgements")
    version = models.ForeignKey(CodeOfConduct, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(_("bevestigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bevestiging gedragscode")
        verbose_name_plural = _("bevestigingen gedragscode")
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="uniq_conduct_acknowledgement")]

    def __str__(self):
        return f"{self.user} – {self.version}"


class _PerEmployee(OrganisationOwned):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("medewerker"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("vastgelegd door"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        abstract = True


class Oath(_PerEmployee):
    """The ambtseed or belofte an employee took, with date and witness."""

    class Kind(models.TextChoices):
        OATH = "eed", _("eed")
        PROMISE = "belofte", _("belofte")

    kind = models.CharField(_("eed of belofte"), max_length=10, choices=Kind.choices)
    taken_on = models.DateField(_("afgelegd op"))
    witness = models.CharField(_("afgelegd ten overstaan van"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ambtseed of belofte")
        verbose_name_plural = _("ambtseden en beloften")


class IntegrityStatement(_PerEmployee):
    """The integrity statement (integriteitsverklaring) an employee signed."""

    signed_on = models.DateField(_("ondertekend op"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integriteitsverklaring")
        verbose_name_plural = _("integriteitsverklaringen")


class ConductCertificate(_PerEmployee):
    """The date of an employee's certificate of good conduct (VOG). The certificate itself is never stored."""

    issued_on = models.DateField(_("datum VOG"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("VOG-datum")
        verbose_name_plural = _("VOG-datums")


class HomeAddress(_PerEmployee):
    """An employee's home address for the detection of suspicious access (look-ups of residents at one's
    own address), kept only as a keyed hash of postcode and house number (``detection.address``): never
    in the clear, never shown back. Entered by the employee or by the functional administrator."""

    address_key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("woonadres (alleen als sleutel)")
        verbose_name_plural = _("woonadressen (alleen als sleutel)")
