"""Export of the register: CSV, XLSX, JSON (own format and VNG/Logius field layout) and PDF.

The CSV/XLSX layout is the import template, in the user's language (``layout``: Dutch headings,
choices as labels, periods in words): an exported file imports back to the same register. CSV and
XLSX are written by ``core.exports`` (formula injection neutralised, characters XLSX cannot hold
replaced); the XLSX has drop-down lists for the choices, like the template.
"""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core import exports
from privacyregie.core.pdf import html_to_pdf

from . import layout
from .models import (
    VERSION_FIELDS,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessorActivity,
)

BOOLEAN_FIELDS = layout.BOOLEAN_FIELDS


def activity_rows(organisation, progress=None) -> list[dict]:
    """The current version of every activity, one dict per activity, values as the spreadsheet shows them."""
    activities = ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("versions")
    total = len(activities)
    rows = []
    for done, activity in enumerate(activities, start=1):
        version = activity.current
        if version is not None:
            rows.append({field: layout.to_cell(field, getattr(version, field)) for field in VERSION_FIELDS})
        if progress is not None:
            progress(done, total)
    return rows


def to_csv(organisation, progress=None) -> bytes:
    return exports.csv_bytes(layout.headings(),
                             ([row[f] for f in VERSION_FIELDS] for row in activity_rows(organisation, progress)))


def activity_sheet(rows, *, input_rows: int = 1000) -> exports.Sheet:
    """The activities as a sheet to fill in: Dutch headings with a note, drop-down lists for every choice."""
    choices = {}
    for index, field in enumerate(VERSION_FIELDS):
        if field in layout.CHOICES:
            choices[index] = layout.choice_labels(field)
        elif field in BOOLEAN_FIELDS:
            choices[index] = layout.yes_no()
    notes = [_note(field) for field in VERSION_FIELDS]
    widths = [40 if field in ("name", "purposes", "legal_basis", "security_measures") else 24 for field in VERSION_FIELDS]
    return exports.Sheet(_("verwerkingsactiviteiten"), layout.headings(), ([row[f] for f in VERSION_FIELDS] for row in rows),
                         choices=choices, notes=notes, widths=widths, input_rows=max(input_rows, len(rows) + 100))


def _note(field) -> str:
    text = str(layout.EXPLANATIONS[field])
    if field in layout.CHOICES:
        text += " " + _("Toegestaan: %(ok)s.") % {"ok": "; ".join(layout.choice_labels(field))}
    elif field in BOOLEAN_FIELDS:
        text += " " + _("Toegestaan: ja; nee.")
    return text


def to_xlsx(organisation, progress=None) -> bytes:
    partners = ChainPartner.objects.filter(organisation=organisation).prefetch_related("agreements")
    rows = activity_rows(organisation, progress)
    return exports.xlsx_bytes(
        activity_sheet(rows),
        exports.Sheet("ketenpartners", ["naam", "soort", "rol", "oin", "kvk", "overeenkomsten"],
                      ([p.name, p.kind, p.role, p.oin, p.kvk_number,
                        "; ".join(f"{a.title} ({a.effective_status()})" for a in p.agreements.all())]
                       for p in partners)),
    )


def example_row() -> dict:
    """The template's example row: a complete activity in force, as people would write it."""
    values = {
        "name": _("Voorbeeld: aanvraag maatwerkvoorziening Wmo"), "status": "in_gebruik",
        "controller": _("College van burgemeester en wethouders"), "controller_address": _("Postbus 1, 1000 AA Plaats"),
        "controller_contact": "privacy@gemeente.example", "dpo_contact": _("FG, fg@gemeente.example"),
        "purposes": _("Beoordelen van en besluiten op een aanvraag voor een maatwerkvoorziening."),
        "legal_basis": "publieke_taak", "legal_article": _("art. 2.3.2 en 2.3.5 Wmo 2015"), "responsible_body": "college",
        "data_subject_categories": _("aanvragers, mantelzorgers"),
        "personal_data_categories": _("NAW-gegevens, BSN, gezondheidsgegevens"),
        "special_categories": True, "criminal_data": False, "uses_bsn": True,
        "recipients": _("zorgaanbieders"), "no_recipients": False, "transfers_outside_eea": "geen",
        "third_country_transfers": "", "transfer_safeguards": "", "retention_period": "P15Y",
        "retention_explanation": _("Selectielijst gemeenten"), "retention_start_event": _("einde van de voorziening"),
        "security_measures": _("Toegang op rol en team, logging, versleuteling."), "processors": _("leverancier zaaksysteem"),
        "dpia_required": True, "dpia_link": "https://intranet.gemeente.example/dpia/wmo",
    }
    return {field: layout.to_cell(field, values[field]) for field in VERSION_FIELDS}


def template_xlsx() -> bytes:
    """The import template: headings, one example row, drop-down lists, and a sheet "Toelichting"."""
    general = [_("Algemeen"), _("Vul op het eerste blad één rij in per verwerkingsactiviteit en laat de kolomkoppen "
                                "staan. Rij 2 is een voorbeeld: vervang of verwijder die. Een activiteit met een naam "
                                "die al in het register staat, krijgt een nieuwe versie."), ""]
    explanation = exports.Sheet(
        _("Toelichting"), [_("Kolom"), _("Toelichting"), _("Toegestane waarden")],
        [general] + [[layout.heading(field), str(layout.EXPLANATIONS[field]),
                      "; ".join(layout.choice_labels(field)) if field in layout.CHOICES
                      else ("; ".join(layout.yes_no()) if field in BOOLEAN_FIELDS else "")] for field in VERSION_FIELDS],
        widths=[36, 80, 60])
    return exports.xlsx_bytes(activity_sheet([example_row()]), explanation)


def template_csv() -> bytes:
    return exports.csv_bytes(layout.headings(), [[example_row()[f] for f in VERSION_FIELDS]])


def full_register(organisation) -> dict:
    """Everything linked: activities with all versions, partners with agreements, the landscape."""
    return {
        "organisatie": organisation.name,
        "geexporteerd_op": timezone.localtime().isoformat(),
        "verwerkingsactiviteiten": [
            {"naam": a.name, "versies": [
                {"versie": v.number, "versie_id": str(v.version_id), "geldig_vanaf": v.valid_from.isoformat(),
                 **{f: getattr(v, f) for f in VERSION_FIELDS}} for v in a.versions.order_by("number")]}
            for a in ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("versions")
        ],
        "ketenpartners": [
            {"naam": p.name, "soort": p.kind, "rol": p.role, "oin": p.oin, "kvk": p.kvk_number,
             "overeenkomsten": [{"titel": a.title, "soort": a.kind, "status": a.effective_status(),
                                 "ingang": a.starts_on and a.starts_on.isoformat(),
                                 "einde": a.ends_on and a.ends_on.isoformat()} for a in p.agreements.all()]}
            for p in ChainPartner.objects.filter(organisation=organisation).prefetch_related("agreements")
        ],
        "verwerkingen_in_opdracht": processor_register(organisation)["verwerkingen"],
        "applicaties": [
            {"naam": s.name, "leverancier": s.supplier.name if s.supplier_id else "", "hosting": s.hosting,
             "eigenaar": s.owner,
             "koppelingen": [{"naar": link.target.name, "protocol": link.protocol, "versleuteld": link.encrypted}
                             for link in s.outgoing_links.select_related("target")]}
            for s in InformationSystem.objects.filter(organisation=organisation).select_related("supplier")
        ],
    }


def to_json(organisation) -> bytes:
    return json.dumps(full_register(organisation), ensure_ascii=False, indent=2, default=str).encode()


def vng_activity(version) -> dict:
    """One activity in the field layout of the VNG 'Verwerkingsactiviteiten' API (see docs/register.md)."""
    return {
        "url": "", "uuid": str(version.version_id), "id": str(version.activity_id), "naam": version.name,
        "omschrijving": version.purposes, "status": "definitief", "doel": version.purposes,
        "vestigingsadres": version.controller_address, "naamVerwerkingsverantwoordelijke": version.controller,
        "contactgegevensVerwerkingsverantwoordelijke": version.controller_contact,
        "contactgegevensFunctionarisGegevensbescherming": version.dpo_contact,
        "grondslagen": [{"omschrijving": version.get_legal_basis_display(), "wetsartikel": version.legal_article}],
        "categorieenBetrokkenen": [c.strip() for c in version.data_subject_categories.split(",") if c.strip()],
        "categorieenPersoonsgegevens": [c.strip() for c in version.personal_data_categories.split(",") if c.strip()],
        "bijzonderePersoonsgegevens": version.special_categories, "strafrechtelijkeGegevens": version.criminal_data,
        "burgerservicenummer": version.uses_bsn,
        "ontvangers": [c.strip() for c in version.recipients.split(",") if c.strip()],
        "geenOntvangers": version.no_recipients,
        # an unanswered transfers question stays null: it is not "no transfers"
        "doorgifteBuitenEer": {"wel": True, "geen": False}.get(version.transfers_outside_eea),
        "doorgifteLanden": version.third_country_transfers, "waarborgen": version.transfer_safeguards,
        "bewaartermijn": version.retention_period, "bewaartermijnToelichting": version.retention_explanation,
        "beveiligingsmaatregelen": version.security_measures, "verwerkers": version.processors,
        "dpiaVerplicht": version.dpia_required, "dpia": version.dpia_link,
        "verantwoordelijkBestuursorgaan": version.get_responsible_body_display(),
        "registerstatus": version.status,
        "versie": version.number, "beginGeldigheid": version.valid_from.date().isoformat(),
    }


def to_vng_json(organisation) -> list[dict]:
    return [vng_activity(a.current) for a in ProcessingActivity.objects.filter(organisation=organisation)
            .prefetch_related("versions") if a.current is not None]


def to_pdf(organisation) -> bytes:
    activities = [a.current for a in ProcessingActivity.objects.filter(organisation=organisation)
                  .prefetch_related("versions") if a.current is not None]
    html = render_to_string("register/register_pdf.html", {
        "organisation": organisation, "activities": activities, "generated": timezone.localtime(),
        "partners": ChainPartner.objects.filter(organisation=organisation).prefetch_related("agreements"),
    })
    return html_to_pdf(html)


# --- The processor's register (art. 30(2)): one row per controller and category of processing ----

PROCESSOR_COLUMNS = [
    "controller", "controller_address", "controller_contact", "controller_representative", "controller_dpo_contact",
    "name", "status", "description", "processor_contact", "processor_dpo_contact", "transfers_outside_eea",
    "third_country_transfers", "transfer_safeguards", "security_measures",
]


def _processor_records(organisation):
    return ProcessorActivity.objects.filter(organisation=organisation).prefetch_related("controllers")


def processor_fields(record) -> list[tuple[str, str]]:
    """(label, value) of a record for pages and the PDF, in the order of art. 30(2)."""
    from .models import PROCESSOR_FIELDS

    shown = []
    for field in PROCESSOR_FIELDS:
        if field == "controllers":
            continue
        display = getattr(record, f"get_{field}_display", None)
        value = display() if display and getattr(record, field) else getattr(record, field)
        shown.append((record._meta.get_field(field).verbose_name, value or "–"))
    return shown


def processor_rows(organisation) -> list[dict]:
    rows = []
    for record in _processor_records(organisation):
        base = {c: getattr(record, c) for c in PROCESSOR_COLUMNS if not c.startswith("controller")}
        for controller in record.controllers.all() or [None]:
            rows.append({
                "controller": controller.name if controller else "",
                "controller_address": controller.address if controller else "",
                "controller_contact": controller.contact if controller else "",
                "controller_representative": controller.representative if controller else "",
                "controller_dpo_contact": controller.dpo_contact if controller else "", **base,
            })
    return rows


def processor_to_csv(organisation) -> bytes:
    return exports.csv_bytes(PROCESSOR_COLUMNS, ([row[c] for c in PROCESSOR_COLUMNS] for row in processor_rows(organisation)))


def processor_to_xlsx(organisation) -> bytes:
    return exports.xlsx_bytes(exports.Sheet("verwerker (art. 30 lid 2)", PROCESSOR_COLUMNS,
                                            ([row[c] for c in PROCESSOR_COLUMNS] for row in processor_rows(organisation))))


def processor_register(organisation) -> dict:
    return {
        "verwerker": organisation.name,
        "geexporteerd_op": timezone.localtime().isoformat(),
        "verwerkingen": [
            {"categorie": r.name, "status": r.status, "omschrijving": r.description,
             "contactgegevens_verwerker": r.processor_contact, "functionaris_gegevensbescherming": r.processor_dpo_contact,
             "verwerkingsverantwoordelijken": [
                 {"naam": c.name, "adres": c.address, "contactgegevens": c.contact, "vertegenwoordiger": c.representative,
                  "functionaris_gegevensbescherming": c.dpo_contact} for c in r.controllers.all()],
             "doorgifte_buiten_eer": {"wel": True, "geen": False}.get(r.transfers_outside_eea),
             "doorgifte_landen": r.third_country_transfers, "waarborgen": r.transfer_safeguards,
             "beveiligingsmaatregelen": r.security_measures}
            for r in _processor_records(organisation)
        ],
    }


def processor_to_json(organisation) -> bytes:
    return json.dumps(processor_register(organisation), ensure_ascii=False, indent=2).encode()


def processor_to_pdf(organisation) -> bytes:
    html = render_to_string("register/processor_pdf.html", {
        "organisation": organisation, "generated": timezone.localtime(),
        "records": [(r, processor_fields(r)) for r in _processor_records(organisation)],
    })
    return html_to_pdf(html)
