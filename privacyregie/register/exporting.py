"""Export of the register: CSV, XLSX, JSON (own format and VNG/Logius field layout) and PDF.

The CSV/XLSX layout is also the import template (``importing.COLUMNS``). CSV and XLSX are written
by ``core.exports`` (formula injection neutralised, characters XLSX cannot hold replaced).
"""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils import timezone

from privacyregie.core import exports
from privacyregie.core.pdf import html_to_pdf

from .models import (
    VERSION_FIELDS,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessorActivity,
)

BOOLEAN_FIELDS = {"special_categories", "criminal_data", "uses_bsn", "dpia_required", "no_recipients"}


def activity_rows(organisation) -> list[dict]:
    rows = []
    for activity in ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("versions"):
        version = activity.current
        if version is None:
            continue
        row = {}
        for field in VERSION_FIELDS:
            value = getattr(version, field)
            row[field] = ("ja" if value else "nee") if field in BOOLEAN_FIELDS else value
        rows.append(row)
    return rows


def to_csv(organisation) -> bytes:
    return exports.csv_bytes(VERSION_FIELDS, ([row[f] for f in VERSION_FIELDS] for row in activity_rows(organisation)))


def to_xlsx(organisation) -> bytes:
    partners = ChainPartner.objects.filter(organisation=organisation).prefetch_related("agreements")
    return exports.xlsx_bytes(
        exports.Sheet("verwerkingsactiviteiten", VERSION_FIELDS,
                      ([row[f] for f in VERSION_FIELDS] for row in activity_rows(organisation))),
        exports.Sheet("ketenpartners", ["naam", "soort", "rol", "oin", "kvk", "overeenkomsten"],
                      ([p.name, p.kind, p.role, p.oin, p.kvk_number,
                        "; ".join(f"{a.title} ({a.effective_status()})" for a in p.agreements.all())]
                       for p in partners)),
    )


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
                                 "gegevenscategorieen": list(a.data_categories),
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
