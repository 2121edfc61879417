"""The register of data breaches (art. 33(5) AVG): all breaches, notified or not.

Rows hold facts, effects, decision and measures, never the reporter. Exported as
XLSX, CSV (both through ``core.exports``) or PDF with the same columns.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core import exports

from .assessment import category_labels
from .deadlines import local
from .models import Incident


def breaches(organisation, *, year=None, notified=None, risk=None, status=None):
    qs = (Incident.objects.filter(organisation=organisation, is_breach=True)
          .select_related("assessment", "ap_notification").prefetch_related("measures", "resident_information")
          .order_by("-awareness_at"))
    if year:
        qs = qs.filter(awareness_at__year=year)
    if notified == "ja":
        qs = qs.filter(ap_notification__submitted_at__isnull=False)
    elif notified == "nee":
        qs = qs.exclude(ap_notification__submitted_at__isnull=False)
    if risk:
        qs = qs.filter(assessment__decided_risk=risk)
    if status:
        qs = qs.filter(status=status)
    return qs


def _fmt(moment):
    return f"{local(moment):%d-%m-%Y %H:%M}" if moment else ""


def columns():
    return [_("Ontvangstnummer"), _("Omschrijving"), _("Kennisname"), _("Uiterste meldtermijn"), _("Aard en gevolgen"),
            _("Persoonsgegevens"), _("Betrokkenen"), _("Risico"), _("Motivering besluit"), _("Gemeld aan AP"),
            _("Meldnummer AP"), _("Op tijd"), _("Reden vertraging"), _("Betrokkenen geïnformeerd"), _("Maatregelen"),
            _("Status")]


def row(incident: Incident) -> list[str]:
    a = getattr(incident, "assessment", None)
    n = getattr(incident, "ap_notification", None)
    affected = ""
    if a and (a.affected_min is not None or a.affected_max is not None):
        low = a.affected_min if a.affected_min is not None else "?"
        high = a.affected_max if a.affected_max is not None else "?"
        affected = str(low) if low == high else f"{low}–{high}"
    in_time = n.in_time if n else None
    return [
        incident.receipt_number, incident.title, _fmt(incident.awareness_at), _fmt(incident.notification_deadline),
        (a.consequences if a else "") or incident.description,
        ", ".join(category_labels(a.data_categories)) if a else "", affected,
        a.get_decided_risk_display() if a and a.decided_risk else "", a.decision_reasoning if a else "",
        _fmt(n.submitted_at) if n else "", n.ap_reference if n else "",
        "" if in_time is None else (_("ja") if in_time else _("nee")), n.late_reason if n else "",
        residents_informed(incident),
        "; ".join(f"{m.get_kind_display()}: {m.description} ({m.get_status_display()})" for m in incident.measures.all()),
        incident.get_status_display(),
    ]


def residents_informed(incident: Incident) -> str:
    """Art. 34 for the register: informed, not yet, or not on a recorded art. 34(3) ground (same as the AP draft)."""
    from .ap_form import ResidentsStatus, context, residents_status

    status = residents_status(context(incident))
    if status == ResidentsStatus.EXEMPT:
        return _("nee, art. 34 lid 3: %(g)s") % {"g": incident.assessment.get_art34_ground_display()}
    return {ResidentsStatus.INFORMED: _("ja"), ResidentsStatus.NOT_YET: _("nog niet (hoog risico)")}.get(
        status, _("nee (geen hoog risico)"))


def export_csv(incidents) -> bytes:
    return exports.csv_bytes(columns(), (row(i) for i in incidents))


def export_xlsx(incidents) -> bytes:
    return exports.xlsx_bytes(exports.Sheet(_("Datalekken"), columns(), (row(i) for i in incidents)))


def export_pdf(organisation, incidents) -> bytes:
    from weasyprint import HTML

    html = render_to_string("incidents/register_pdf.html", {
        "organisation": organisation, "columns": columns(), "rows": [row(i) for i in incidents],
        "generated_at": timezone.now(),
    })
    return HTML(string=html).write_pdf()
