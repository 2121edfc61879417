"""The notification to the AP (art. 33) and informing residents (art. 34).

``draft_sections`` follows the sections of the AP's online data-breach form (contact,
timeline, nature, personal data, affected people, measures taken, consequences,
follow-up), so the handler can paste each into the form; it is exported as PDF and as
structured JSON. Submitting after the 72-hour deadline requires the reason for the
delay. The draft never names the reporter of the incident.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .assessment import category_labels, nature_labels
from .deadlines import iso_local, local
from .handling import log
from .models import ApNotification, ApSupplement, Incident, ResidentInformation
from .reporting import CLOCK_SKEW

SCHEMA_VERSION = "privacyregie.ap-melding.v1"


def notification_for(incident: Incident) -> ApNotification:
    notification, _created = ApNotification.objects.get_or_create(incident=incident)
    return notification


def _fmt(moment) -> str:
    return f"{local(moment):%d-%m-%Y %H:%M}" if moment else ""


def draft_sections(incident: Incident) -> list[dict]:
    """Ordered sections with (label, value) fields, as in the AP's form."""
    a = getattr(incident, "assessment", None)
    n = getattr(incident, "ap_notification", None)
    org = incident.organisation
    sections = [
        {"key": "contact", "title": _("1. Contactgegevens"), "fields": [
            (_("Organisatie"), org.name), (_("OIN"), org.oin),
            (_("Contactpersoon"), n.contact_name if n else ""), (_("E-mail"), n.contact_email if n else ""),
            (_("Telefoon"), n.contact_phone if n else ""),
        ]},
        {"key": "timeline", "title": _("2. Tijdlijn"), "fields": [
            (_("Datum en tijd van het datalek"), _fmt(incident.occurred_at) or _("onbekend")),
            (_("Datum en tijd van ontdekking"), _fmt(incident.discovered_at)),
            (_("Moment van kennisname verwerkingsverantwoordelijke"), _fmt(incident.awareness_at)),
            (_("Uiterste meldtermijn (72 uur)"), _fmt(incident.notification_deadline)),
            (_("Duurt het datalek nog voort?"), _("ja") if incident.still_ongoing else _("nee")),
            (_("Reden van vertraging"), n.late_reason if n else ""),
        ]},
        {"key": "nature", "title": _("3. Aard van het datalek"), "fields": [
            (_("Samenvatting"), incident.title), (_("Wat is er gebeurd"), incident.description),
            (_("Aard van de inbreuk"), "; ".join(nature_labels(a.natures)) if a else ""),
            (_("Gemeld door verwerker"), incident.supplier_name or _("nee")),
        ]},
        {"key": "personal_data", "title": _("4. Persoonsgegevens"), "fields": [
            (_("Soorten persoonsgegevens"), "; ".join(category_labels(a.data_categories)) if a else ""),
            (_("Aantal records"), a.records_count if a and a.records_count is not None else _("onbekend")),
            (_("Gegevens onbegrijpelijk of versleuteld"), _("ja") if a and a.unintelligible else _("nee")),
        ]},
        {"key": "affected", "title": _("5. Betrokkenen"), "fields": [
            (_("Aantal betrokkenen (minimaal)"), a.affected_min if a and a.affected_min is not None else _("onbekend")),
            (_("Aantal betrokkenen (maximaal)"), a.affected_max if a and a.affected_max is not None else _("onbekend")),
            (_("Kwetsbare groepen"), _("ja") if a and a.vulnerable_groups else _("nee")),
            (_("Omschrijving"), incident.affected_description),
        ]},
        {"key": "measures", "title": _("6. Getroffen maatregelen"), "fields": [
            (_("Maatregelen"), (n.prior_measures if n and n.prior_measures else "\n".join(
                f"{m.get_kind_display()}: {m.description}" for m in incident.measures.all()))),
        ]},
        {"key": "consequences", "title": _("7. Gevolgen"), "fields": [
            (_("Mogelijke gevolgen voor betrokkenen"), a.consequences if a else ""),
            (_("Risico"), a.get_decided_risk_display() if a and a.decided_risk else ""),
            (_("Motivering"), a.decision_reasoning if a else ""),
        ]},
        {"key": "follow_up", "title": _("8. Vervolg"), "fields": [
            (_("Betrokkenen geïnformeerd"), _("ja") if incident.resident_information.exists() else (
                _("gepland") if a and a.inform_residents else _("nee"))),
            (_("Vervolgacties"), n.follow_up if n else ""),
            (_("Meldnummer AP"), n.ap_reference if n else ""),
        ]},
    ]
    return sections


def draft_json(incident: Incident) -> dict:
    a = getattr(incident, "assessment", None)
    n = getattr(incident, "ap_notification", None)
    return {
        "schema": SCHEMA_VERSION,
        "receipt_number": incident.receipt_number,
        "organisation": {"name": incident.organisation.name, "oin": incident.organisation.oin},
        "contact": {"name": n.contact_name if n else "", "email": n.contact_email if n else "",
                    "phone": n.contact_phone if n else ""},
        "timeline": {
            "occurred_at": iso_local(incident.occurred_at), "discovered_at": iso_local(incident.discovered_at),
            "awareness_at": iso_local(incident.awareness_at),
            "notification_deadline": iso_local(incident.notification_deadline),
            "still_ongoing": incident.still_ongoing, "late_reason": n.late_reason if n else "",
        },
        "nature": {"summary": incident.title, "description": incident.description,
                   "natures": a.natures if a else [], "reported_by_processor": incident.supplier_name or None},
        "personal_data": {"categories": a.data_categories if a else [],
                          "records_count": a.records_count if a else None,
                          "unintelligible": a.unintelligible if a else False},
        "affected": {"min": a.affected_min if a else None, "max": a.affected_max if a else None,
                     "vulnerable_groups": a.vulnerable_groups if a else False,
                     "description": incident.affected_description},
        "measures": [{"kind": m.kind, "description": m.description, "status": m.status}
                     for m in incident.measures.all()],
        "prior_measures": n.prior_measures if n else "",
        "consequences": {"description": a.consequences if a else "", "risk": a.decided_risk if a else "",
                         "reasoning": a.decision_reasoning if a else ""},
        "follow_up": {"residents_informed": incident.resident_information.exists(),
                      "inform_residents": a.inform_residents if a else False,
                      "actions": n.follow_up if n else "", "ap_reference": n.ap_reference if n else "",
                      "submitted_at": iso_local(n.submitted_at) if n else None},
    }


def draft_pdf(incident: Incident) -> bytes:
    from weasyprint import HTML

    html = render_to_string("incidents/ap_draft_pdf.html", {
        "incident": incident, "sections": draft_sections(incident), "generated_at": timezone.now(),
    })
    return HTML(string=html).write_pdf()


def save_draft(incident: Incident, user, **fields) -> ApNotification:
    notification = notification_for(incident)
    for name in ("contact_name", "contact_email", "contact_phone", "prior_measures", "follow_up"):
        if name in fields:
            setattr(notification, name, (fields[name] or "").strip())
    notification.save()
    log(incident, _("Concept-melding aan de AP bijgewerkt."), user)
    return notification


@transaction.atomic
def submit(incident: Incident, user, *, submitted_at, ap_reference: str, late_reason: str = "") -> ApNotification:
    """Record that the notification was submitted to the AP (time, reference, reason when late)."""
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
    notification.save()
    log(incident, _("Gemeld aan de AP op %(at)s, meldnummer %(ref)s%(late)s.") % {
        "at": _fmt(submitted_at), "ref": notification.ap_reference,
        "late": (_(" (te laat: %(r)s)") % {"r": notification.late_reason}) if notification.late_reason else "",
    }, user)
    return notification


def add_supplement(incident: Incident, user, text: str) -> ApSupplement:
    notification = getattr(incident, "ap_notification", None)
    if notification is None or not notification.submitted_at:
        raise ValidationError(_("Een aanvulling kan pas na het indienen van de melding."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Vul de aanvulling in.")})
    supplement = ApSupplement.objects.create(notification=notification, text=text.strip())
    log(incident, _("Aanvulling op de AP-melding ingediend."), user)
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
                                residents_count=None, reason_not_individually="") -> ResidentInformation:
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
    if method == ResidentInformation.Method.PUBLIC_NOTICE and not (reason_not_individually or "").strip():
        errors["reason_not_individually"] = _(
            "Leg uit waarom de betrokkenen niet individueel zijn geïnformeerd (bijv. onevenredige inspanning).")
    if errors:
        raise ValidationError(errors)
    record = ResidentInformation.objects.create(
        incident=incident, informed_at=informed_at, method=method, group_description=group_description.strip(),
        residents_count=residents_count, reason_not_individually=(reason_not_individually or "").strip(),
        recorded_by=user,
    )
    log(incident, _("Betrokkenen geïnformeerd: %(g)s (%(m)s).") % {
        "g": record.group_description, "m": record.get_method_display()}, user)
    return record
