"""The notification to the AP (art. 33) and informing residents (art. 34).

The draft follows the sections of the AP's online data-breach form, encoded once in
``ap_form``; the page, the PDF and the JSON are generated from it, so the handler can
paste each section into the form. Submitting after the 72-hour deadline requires the
reason for the delay; a preliminary notification is completed by a supplement. The
draft never names the reporter of the incident.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.pdf import html_to_pdf

from . import ap_form
from .assessment import category_labels
from .deadlines import local
from .handling import art34_ground_errors, log
from .models import ApNotification, ApSupplement, BreachAssessment, Incident, ResidentInformation, YesNoUnknown
from .reporting import CLOCK_SKEW

SCHEMA_VERSION = ap_form.SCHEMA_VERSION
DRAFT_FIELDS = ("organisation_address", "contact_name", "contact_function", "contact_email", "contact_phone",
                "prior_measures", "follow_up", "cross_border", "cross_border_countries", "other_authorities_informed",
                "other_authorities")


def notification_for(incident: Incident) -> ApNotification:
    notification, _created = ApNotification.objects.get_or_create(incident=incident)
    return notification


def previous_address(incident: Incident) -> str:
    """The organisation's address as given in its most recent other notification (to prefill the draft)."""
    previous = (ApNotification.objects.filter(incident__organisation_id=incident.organisation_id)
                .exclude(incident=incident).exclude(organisation_address="").order_by("-pk").first())
    return previous.organisation_address if previous else ""


def _fmt(moment) -> str:
    return f"{local(moment):%d-%m-%Y %H:%M}" if moment else ""


def draft_sections(incident: Incident) -> list[dict]:
    """Ordered sections with (label, text) fields, as in the AP's form (see ``ap_form``)."""
    return ap_form.sections(incident)


def draft_json(incident: Incident) -> dict:
    """The same content as the page and the PDF, machine-readable (``ap_form.SCHEMA_VERSION``)."""
    return ap_form.as_json(incident)


def draft_saved(incident: Incident) -> bool:
    """Whether the notification form (contact person, address, ...) has been saved at least once."""
    return ApNotification.objects.filter(incident=incident).exists()


def draft_pdf(incident: Incident) -> bytes:
    """The draft as PDF; refused (ValidationError) until the notification form has been saved, so
    that no PDF without a contact person goes out."""
    if not draft_saved(incident):
        raise ValidationError(_("Vul eerst de gegevens voor de melding in (onder andere de contactpersoon) en sla "
                                "ze op. Daarna kunt u het concept downloaden."))
    html = render_to_string("incidents/ap_draft_pdf.html", {
        "incident": incident, "sections": draft_sections(incident), "generated_at": timezone.now(),
    })
    return html_to_pdf(html)


def validate_draft(fields: dict) -> dict[str, str]:
    errors = {}
    for name in ("cross_border", "other_authorities_informed"):
        if fields.get(name) and fields[name] not in YesNoUnknown.values:
            errors[name] = _("Kies ja, nee of nog niet bekend.")
    if fields.get("cross_border") == YesNoUnknown.YES and not (fields.get("cross_border_countries") or "").strip():
        errors["cross_border_countries"] = _("Vul in in welke landen de betrokkenen wonen.")
    if (fields.get("other_authorities_informed") == YesNoUnknown.YES
            and not (fields.get("other_authorities") or "").strip()):
        errors["other_authorities"] = _("Vul in welke toezichthouders zijn ingelicht.")
    return errors


def save_draft(incident: Incident, user, **fields) -> ApNotification:
    notification = notification_for(incident)
    merged = {name: fields.get(name, getattr(notification, name)) for name in DRAFT_FIELDS}
    errors = validate_draft(merged)
    if errors:
        raise ValidationError(errors)
    for name in DRAFT_FIELDS:
        setattr(notification, name, (merged[name] or "").strip())
    notification.save()
    log(incident, _("Concept-melding aan de AP bijgewerkt."), user)
    return notification


@transaction.atomic
def submit(incident: Incident, user, *, submitted_at, ap_reference: str, late_reason: str = "",
           preliminary: bool = False) -> ApNotification:
    """Record that the notification was submitted to the AP (time, reference, reason when late).

    ``preliminary``: submitted as a preliminary notification, to be completed by a supplement (art. 33(4)).
    """
    errors = {}
    if incident.awareness_at is None:
        errors["__all__"] = _("Het moment van kennisname ontbreekt; beoordeel het incident eerst als datalek.")
    if submitted_at is None:
        errors["submitted_at"] = _("Vul in wanneer de melding is ingediend.")
    elif submitted_at > timezone.now() + CLOCK_SKEW:
        errors["submitted_at"] = _("Het moment van indienen ligt in de toekomst.")
    elif incident.awareness_at and submitted_at < incident.awareness_at:
        errors["submitted_at"] = _("De melding kan niet vóór het moment van kennisname zijn ingediend.")
    if not (ap_reference or "").strip():
        errors["ap_reference"] = _("Vul het meldnummer van de AP in.")
    if (not errors and submitted_at > incident.notification_deadline and not (late_reason or "").strip()):
        errors["late_reason"] = _("De melding is na de termijn van 72 uur gedaan: vul de reden van de vertraging in.")
    if errors:
        raise ValidationError(errors)
    notification = notification_for(incident)
    notification.submitted_at = submitted_at
    notification.ap_reference = ap_reference.strip()
    notification.late_reason = (late_reason or "").strip()
    notification.preliminary = bool(preliminary)
    notification.save()
    log(incident, _("Gemeld aan de AP op %(at)s, meldnummer %(ref)s%(kind)s%(late)s.") % {
        "at": _fmt(submitted_at), "ref": notification.ap_reference,
        "kind": _(" (voorlopige melding)") if notification.preliminary else "",
        "late": (_(" (te laat: %(r)s)") % {"r": notification.late_reason}) if notification.late_reason else "",
    }, user)
    return notification


def add_supplement(incident: Incident, user, text: str, completes: bool = False) -> ApSupplement:
    """A follow-up notification (vervolgmelding); ``completes`` makes a preliminary notification complete."""
    notification = getattr(incident, "ap_notification", None)
    if notification is None or not notification.submitted_at:
        raise ValidationError(_("Een aanvulling kan pas na het indienen van de melding."))
    if notification.withdrawn_at:
        raise ValidationError(_("De melding is ingetrokken; een aanvulling is niet meer mogelijk."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Vul de aanvulling in.")})
    if completes and not notification.preliminary:
        raise ValidationError({"completes": _("De melding is als volledige melding ingediend; er is niets af te ronden.")})
    if completes and notification.completed_at:
        raise ValidationError({"completes": _("De voorlopige melding is al volledig gemaakt.")})
    supplement = ApSupplement.objects.create(notification=notification, text=text.strip(), completes=bool(completes))
    log(incident, _("Aanvulling op de AP-melding ingediend; de melding is nu volledig.") if completes
        else _("Aanvulling op de AP-melding ingediend."), user)
    return supplement


def withdraw(incident: Incident, user, reason: str) -> ApNotification:
    notification = getattr(incident, "ap_notification", None)
    if notification is None or not notification.submitted_at:
        raise ValidationError(_("Alleen een ingediende melding kan worden ingetrokken."))
    if notification.withdrawn_at:
        raise ValidationError(_("De melding is al ingetrokken."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Vul de reden van intrekking in.")})
    notification.withdrawn_at = timezone.now()
    notification.withdrawal_reason = reason.strip()
    notification.save()
    log(incident, _("AP-melding ingetrokken: %(r)s") % {"r": notification.withdrawal_reason}, user)
    return notification


def resident_letter(incident: Incident) -> str:
    """A letter to the residents in plain Dutch (B1), from the incident's facts."""
    a = getattr(incident, "assessment", None)
    categories = ", ".join(category_labels(a.data_categories)).lower() if a else ""
    measures = [m.description for m in incident.measures.exclude(status="afgewezen")]
    return render_to_string("incidents/resident_letter.txt", {
        "incident": incident, "organisation": incident.organisation, "categories": categories,
        "consequences": a.consequences if a else "", "measures": measures,
        "occurred": _fmt(incident.occurred_at or incident.discovered_at)[:10],
    }).strip()


def record_resident_information(incident: Incident, user, *, informed_at, method, group_description,
                                residents_count=None, message="", reason_not_individually="") -> ResidentInformation:
    """Art. 34: residents were informed, when, how, how many (not known for a public notice) and with what message."""
    errors = {}
    if informed_at is None:
        errors["informed_at"] = _("Vul in wanneer de betrokkenen zijn geïnformeerd.")
    elif informed_at > timezone.now() + CLOCK_SKEW:
        errors["informed_at"] = _("Dit tijdstip ligt in de toekomst.")
    if method not in ResidentInformation.Method.values:
        errors["method"] = _("Kies hoe de betrokkenen zijn geïnformeerd.")
    if not (group_description or "").strip():
        errors["group_description"] = _("Beschrijf wie er zijn geïnformeerd.")
    if residents_count is not None and residents_count < 0:
        errors["residents_count"] = _("Een aantal kan niet negatief zijn.")
    elif residents_count is None and method != ResidentInformation.Method.PUBLIC_NOTICE:
        errors["residents_count"] = _("Vul in hoeveel betrokkenen zijn geïnformeerd.")
    if not (message or "").strip():
        errors["message"] = _("Neem het bericht op waarmee de betrokkenen zijn geïnformeerd (bijv. de verstuurde brief).")
    if method == ResidentInformation.Method.PUBLIC_NOTICE and not (reason_not_individually or "").strip():
        errors["reason_not_individually"] = _(
            "Leg uit waarom de betrokkenen niet individueel zijn geïnformeerd (bijv. onevenredige inspanning).")
    if errors:
        raise ValidationError(errors)
    record = ResidentInformation.objects.create(
        incident=incident, informed_at=informed_at, method=method, group_description=group_description.strip(),
        residents_count=residents_count, message=message.strip(),
        reason_not_individually=(reason_not_individually or "").strip(), recorded_by=user,
    )
    log(incident, _("Betrokkenen geïnformeerd: %(g)s (%(m)s).") % {
        "g": record.group_description, "m": record.get_method_display()}, user)
    return record



@transaction.atomic
def record_art34_ground(incident: Incident, user, *, ground: str, reasoning: str) -> BreachAssessment:
    """Record why residents are not informed individually despite a high risk (art. 34(3) AVG)."""
    assessment = getattr(incident, "assessment", None)
    if assessment is None or not assessment.decided_at:
        raise ValidationError(_("Neem eerst een besluit over het risico van het datalek."))
    errors = {}
    if ground not in BreachAssessment.Art34Ground.values:
        errors["ground"] = _("Kies een grond uit art. 34 lid 3 AVG.")
    else:
        problem = art34_ground_errors(incident, assessment, ground)
        if problem:
            errors["ground"] = problem
    if not (reasoning or "").strip():
        errors["reasoning"] = _("Motiveer waarom deze grond van toepassing is.")
    if errors:
        raise ValidationError(errors)
    assessment.art34_ground = ground
    assessment.art34_reasoning = reasoning.strip()
    assessment.art34_recorded_at = timezone.now()
    assessment.save(update_fields=["art34_ground", "art34_reasoning", "art34_recorded_at"])
    log(incident, _("Betrokkenen niet individueel geïnformeerd, grond: %(g)s. %(r)s") % {
        "g": assessment.get_art34_ground_display(), "r": assessment.art34_reasoning}, user)
    return assessment
