"""Residents' requests under AVG art. 15-22 (R27), with their deadlines (art. 12(3)), and restrictions (art. 18).

A ``SubjectRequest`` is registered whatever the channel (letter, counter, e-mail, phone, the public web
form). The resident is linked only after the identity check; the BSN typed in is never stored, only the
kernel's pseudonym of it, so that a request for a BSN the organisation does not hold reveals nothing.
No copy of an identity document is ever kept (Autoriteit Persoonsgegevens): only the method, who checked
and when. ``Restriction`` (art. 18) is enforced by the privacy kernel's ``decide()``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import OrganisationOwned


class RequestKind(models.TextChoices):
    ACCESS = "inzage", _("Inzage (art. 15)")
    WHO_CONSULTED = "wie_raadpleegde", _("Wie heeft mijn gegevens bekeken (art. 15)")
    RECTIFICATION = "rectificatie", _("Rectificatie (art. 16)")
    ERASURE = "wissing", _("Wissing (art. 17)")
    RESTRICTION = "beperking", _("Beperking van de verwerking (art. 18)")
    PORTABILITY = "overdraagbaarheid", _("Overdraagbaarheid (art. 20)")
    OBJECTION = "bezwaar", _("Bezwaar (art. 21)")


class Channel(models.TextChoices):
    LETTER = "brief", _("brief")
    COUNTER = "balie", _("balie")
    EMAIL = "email", _("e-mail")
    PHONE = "telefoon", _("telefoon")
    WEB_FORM = "webformulier", _("webformulier")


class IdentityMethod(models.TextChoices):
    COUNTER_ID_DOCUMENT = "balie_identiteitsbewijs", _("aan de balie met een identiteitsbewijs (geen kopie)")
    DIGID_PORTAL = "digid_portaal", _("via het gemeentelijk portaal met DigiD")
    ADDRESS_LETTER = "brief_bekend_adres", _("per brief naar het bekende adres")


class RepresentativeAuthority(models.TextChoices):
    NONE = "", _("geen: de inwoner zelf")
    PARENT = "ouder", _("ouder met gezag")
    GUARDIAN = "voogd", _("voogd")
    ADMINISTRATOR = "bewindvoerder", _("bewindvoerder")
    MENTOR = "mentor", _("mentor")
    CURATOR = "curator", _("curator")
    AUTHORISED = "gemachtigde", _("schriftelijk gemachtigde")


class RequestStatus(models.TextChoices):
    RECEIVED = "ontvangen", _("ontvangen")
    IN_PROGRESS = "in_behandeling", _("in behandeling")
    ANSWERED = "afgehandeld", _("afgehandeld")
    WITHDRAWN = "ingetrokken", _("ingetrokken")


class Outcome(models.TextChoices):
    NONE = "", _("nog geen besluit")
    GRANTED = "toegewezen", _("toegewezen")
    PARTLY_GRANTED = "deels_toegewezen", _("deels toegewezen")
    REFUSED = "afgewezen", _("afgewezen")
    NOT_HELD = "geen_gegevens", _("geen gegevens gevonden")


class SubjectRequest(OrganisationOwned):
    uuid = public_id_field()
    reference = models.CharField(_("ontvangstnummer"), max_length=30)
    kind = models.CharField(_("soort verzoek"), max_length=20, choices=RequestKind.choices)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    description = models.TextField(_("omschrijving van het verzoek"), blank=True)
    requester_name = models.CharField(_("naam van de verzoeker"), max_length=200)
    requester_contact = models.CharField(_("contactgegevens (adres of e-mail)"), max_length=300, blank=True)
    subject_pseudonym = models.CharField(_("pseudoniem van het BSN"), max_length=64, blank=True, db_index=True)
    resident = models.ForeignKey("dossiers.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="subject_requests", verbose_name=_("inwoner"))
    follow_up_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    # a representative (art. 12 with the civil law of authority)
    representative_name = models.CharField(_("naam van de vertegenwoordiger"), max_length=200, blank=True)
    representative_authority = models.CharField(_("bevoegdheid van de vertegenwoordiger"), max_length=20,
                                                choices=RepresentativeAuthority.choices, blank=True)
    representative_evidence = models.CharField(_("waaruit de bevoegdheid blijkt"), max_length=300, blank=True)
    # identity verification: method, who, when; never a copy of a document
    identity_method = models.CharField(_("identiteit vastgesteld via"), max_length=30,
                                       choices=IdentityMethod.choices, blank=True)
    identity_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("identiteit gecontroleerd door"))
    identity_checked_at = models.DateTimeField(_("identiteit gecontroleerd op"), null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("behandelaar"))
    # deadlines (art. 12(3)); computed by rights.deadlines, stored for queries
    due_on = models.DateField(_("uiterste antwoorddatum"))
    extended_due_on = models.DateField(_("verlengde antwoorddatum"), null=True, blank=True)
    extension_reason = models.TextField(_("reden van verlenging"), blank=True)
    extension_sent_on = models.DateField(_("verlenging aan verzoeker gemeld op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.RECEIVED)
    outcome = models.CharField(_("besluit"), max_length=20, choices=Outcome.choices, blank=True)
    decision_reasoning = models.TextField(_("motivering van het besluit"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verzoek van betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "reference"], name="uniq_request_reference")]

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display()})"

    @property
    def log_label(self):
        return f"verzoek {self.reference}"

    @property
    def deadline(self):
        """The date the answer is due: the extended date when extended, else one month (art. 12(3))."""
        return self.extended_due_on or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class RequestEvent(models.Model):
    """The request's history: every step, by whom and when (shown as a timeline, kept after answering)."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    kind = models.CharField(max_length=40)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Restriction(OrganisationOwned):
    """Restriction of processing (AVG art. 18) on a resident or a case. While active, the kernel refuses
    every action except storage and the handling of legal claims (art. 18(2))."""

    uuid = public_id_field()
    resident = models.ForeignKey("dossiers.Resident", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="restrictions", verbose_name=_("inwoner"))
    case = models.ForeignKey("dossiers.Case", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="restrictions", verbose_name=_("casus"))
    request = models.ForeignKey(SubjectRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="restrictions", verbose_name=_("verzoek"))
    reason = models.TextField(_("reden"))
    started_at = models.DateTimeField(_("ingegaan op"), default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    ended_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = _("beperking van de verwerking")
        verbose_name_plural = _("beperkingen van de verwerking")
        constraints = [models.CheckConstraint(
            condition=models.Q(resident__isnull=False) | models.Q(case__isnull=False), name="restriction_has_target")]

    @property
    def active(self) -> bool:
        return self.ended_at is None


class NoteReview(models.Model):
    """A case note reviewed for third parties' data before it goes into an access report (art. 15(4)):
    included as is, included with redactions (the redacted text is what the resident receives), or left out."""

    class Verdict(models.TextChoices):
        INCLUDE = "opnemen", _("opnemen")
        REDACT = "opnemen_geschoond", _("opnemen, geschoond")
        EXCLUDE = "weglaten", _("weglaten (rechten van anderen)")

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="note_reviews")
    note = models.ForeignKey("dossiers.CaseNote", on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("beoordeling"), max_length=20, choices=Verdict.choices)
    redacted_text = models.TextField(_("geschoonde tekst"), blank=True)
    redaction_reason = models.CharField(_("reden van schoning of weglaten"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "note"], name="uniq_note_review")]


class Rectification(models.Model):
    """A rectification (art. 16): which field of which resident, the old and the new value, by whom and when.
    Kept with the request as the accountability of the change (the resident's record holds only the new value)."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="rectifications")
    resident = models.ForeignKey("dossiers.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    field = models.CharField(_("gegeven"), max_length=50)
    old_value = models.CharField(_("oude waarde"), max_length=300, blank=True)
    new_value = models.CharField(_("nieuwe waarde"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    @property
    def field_label(self) -> str:
        from django.core.exceptions import FieldDoesNotExist

        from privacyregie.dossiers.models import Resident

        try:
            return str(Resident._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:  # a field that no longer exists still shows its name
            return self.field


class PublicAttempt(models.Model):
    """Rate limiting of the public web form and follow-up page (ADR 0065, after ADR 0041).

    ``key_hash`` is an HMAC of the source (the visitor's address) or of a receipt number, never both in
    one row, so no row links a visitor to a request. Purged by a job after the window."""

    class Kind(models.TextChoices):
        SUBMIT = "submit"
        FOLLOW_UP_FAILED = "follow_up_failed"
        FOLLOW_UP_OK = "follow_up_ok"

    key_hash = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
