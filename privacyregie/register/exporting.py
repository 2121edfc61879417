"""Export of the register: CSV, XLSX, JSON (own format and VNG/Logius field layout) and PDF.

The CSV/XLSX layout is also the import template (``importing.COLUMNS``). CSV and XLSX are written
by ``core.exports`` (formula injection neutralised, characters XLSX cannot hold replaced).
"""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils import timezone

from privacyregie.core import exports

from .models import VERSION_FIELDS, ChainPartner, InformationSystem, ProcessingActivity

BOOLEAN_FIELDS = {"special_categories", "criminal_data", "uses_bsn", "dpia_required"}


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
                                 "ingang": a.starts_on and a.starts_on.isoformat(),
                                 "einde": a.ends_on and a.ends_on.isoformat()} for a in p.agreements.all()]}
            for p in ChainPartner.objects.filter(organisation=organisation).prefetch_related("agreements")
        ],
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
        "vestigingsadres": "", "naamVerwerkingsverantwoordelijke": version.controller,
        "contactgegevensFunctionarisGegevensbescherming": version.dpo_contact,
        "grondslagen": [{"omschrijving": version.get_legal_basis_display(), "wetsartikel": version.legal_article}],
        "categorieenBetrokkenen": [c.strip() for c in version.data_subject_categories.split(",") if c.strip()],
        "categorieenPersoonsgegevens": [c.strip() for c in version.personal_data_categories.split(",") if c.strip()],
        "bijzonderePersoonsgegevens": version.special_categories, "strafrechtelijkeGegevens": version.criminal_data,
        "burgerservicenummer": version.uses_bsn,
        "ontvangers": [c.strip() for c in version.recipients.split(",") if c.strip()],
        "doorgifteBuitenEer": bool(version.third_country_transfers), "waarborgen": version.third_country_transfers,
        "bewaartermijn": version.retention_period, "bewaartermijnToelichting": version.retention_explanation,
        "beveiligingsmaatregelen": version.security_measures, "verwerkers": version.processors,
        "dpiaVerplicht": version.dpia_required, "dpia": version.dpia_link,
        "verantwoordelijkBestuursorgaan": version.get_responsible_body_display(),
        "versie": version.number, "beginGeldigheid": version.valid_from.date().isoformat(),
    }


def to_vng_json(organisation) -> list[dict]:
    return [vng_activity(a.current) for a in ProcessingActivity.objects.filter(organisation=organisation)
            .prefetch_related("versions") if a.current is not None]


def to_pdf(organisation) -> bytes:
    from weasyprint import HTML

    activities = [a.current for a in ProcessingActivity.objects.filter(organisation=organisation)
                  .prefetch_related("versions") if a.current is not None]
    html = render_to_string("register/register_pdf.html", {
        "organisation": organisation, "activities": activities, "generated": timezone.localtime(),
        "partners": ChainPartner.objects.filter(organisation=organisation).prefetch_related("agreements"),
    })
    return HTML(string=html).write_pdf()
