"""The handler's pages for the access report (AVG art. 15): preview, review notes, download PDF/JSON, send.

Thin views: everything is in ``rights.report``; every read passes the kernel there (purpose *verzoek van
betrokkene*). Only ``rights.handle_requests``; a request of another organisation is a 404.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core.access import requires

from . import report as reports
from .report_forms import NoteReviewForm, SendForm
from .services import get_request

HANDLE = "rights.handle_requests"


def _ready(request, subject_request):
    """The reason the report cannot be made (now): answered, no resident, identity not checked; or None."""
    if not subject_request.is_open:
        return _("Dit verzoek is afgehandeld. Het inzagerapport is niet meer op te vragen: de gegevens worden "
                 "alleen voor een open verzoek opnieuw geraadpleegd. Het verloop staat bij het verzoek.")
    if subject_request.resident_id is None or subject_request.identity_checked_at is None:
        return _("Stel eerst de identiteit van de verzoeker vast en koppel de inwoner. Daarna kunt u het "
                 "inzagerapport maken.")
    return None


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _prefix(note) -> str:
    return f"n{note.uuid.hex}"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@requires(HANDLE)
def report_page(request, uuid):
    subject_request = get_request(request.user, uuid)
    context = {"sr": subject_request, "not_ready": _ready(request, subject_request)}
    if not context["not_ready"]:
        context["report"] = reports.build_access_report(request, subject_request.resident,
                                                        subject_request=subject_request)
        context["send_form"] = SendForm()
    return render(request, "rights/report_page.html", context)


@requires(HANDLE)
def report_notes(request, uuid):
    subject_request = get_request(request.user, uuid)
    not_ready = _ready(request, subject_request)
    if not_ready:
        messages.error(request, not_ready)
        return redirect("rights:report", uuid=uuid)
    rows = reports.notes_for_review(request, subject_request.resident, subject_request)
    failed = {}
    if request.method == "POST":
        key = str(request.POST.get("note", ""))
        note = next((r["note"] for r in rows if str(r["note"].uuid) == key), None)
        if note is None:
            messages.error(request, _("Deze notitie hoort niet bij de inwoner van dit verzoek."))
            return redirect("rights:report_notes", uuid=uuid)
        form = NoteReviewForm(request.POST, prefix=_prefix(note))
        if form.is_valid():
            try:
                reports.review_note(request, subject_request, note, verdict=form.cleaned_data["verdict"],
                                    redacted_text=form.cleaned_data["redacted_text"],
                                    reason=form.cleaned_data["reason"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Beoordeling vastgelegd."))
                return redirect(f"{request.path}#notitie-{note.uuid}")
        failed[key] = form
    for row in rows:
        note, review = row["note"], row["review"]
        row["form"] = failed.get(str(note.uuid)) or NoteReviewForm(prefix=_prefix(note), initial={
            "verdict": review.verdict if review else "",
            "redacted_text": review.redacted_text if review and review.redacted_text else note.text,
            "reason": review.redaction_reason if review else ""})
    pending = sum(1 for r in rows if r["review"] is None)
    return render(request, "rights/report_notes.html", {"sr": subject_request, "rows": rows, "pending": pending},
                  status=400 if failed else 200)


def _download(request, uuid, fmt):
    subject_request = get_request(request.user, uuid)
    not_ready = _ready(request, subject_request)
    if not_ready:
        messages.error(request, not_ready)
        return redirect("rights:report", uuid=uuid)
    report = reports.build_access_report(request, subject_request.resident, subject_request=subject_request)
    if not report.ready_to_send:
        messages.error(request, _("Beoordeel eerst alle notities (%(n)s nog open).") % {"n": len(report.pending_notes)})
        return redirect("rights:report_notes", uuid=uuid)
    reports.record_production(request, report, subject_request.resident, fmt.upper())
    if fmt == "pdf":
        response = HttpResponse(reports.report_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(json.dumps(reports.report_json(report), ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"inzagerapport-{subject_request.reference}.{fmt}")
    return response


@requires(HANDLE)
def report_pdf(request, uuid):
    return _download(request, uuid, "pdf")


@requires(HANDLE)
def report_json(request, uuid):
    return _download(request, uuid, "json")


@require_POST
@requires(HANDLE)
def report_send(request, uuid):
    subject_request = get_request(request.user, uuid)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies hoe het rapport wordt verzonden en bevestig dat u het heeft gecontroleerd."))
        return redirect("rights:report", uuid=uuid)
    try:
        reports.send_report(request, subject_request, via=form.cleaned_data["via"])
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect("rights:report", uuid=uuid)
    messages.success(request, _("Het inzagerapport is verzonden en het verzoek is afgehandeld. De termijn is gestopt."))
    return redirect("rights:report", uuid=uuid)
