"""Pages for reporting, following up and handling incidents, and the breach register.

Thin: forms validate input, services do the work. Every incident is looked up within
the user's organisation (another organisation's id is a 404). The report and
follow-up views never store who is asking when the report is anonymous.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import exports, once
from privacyregie.core.access import has_permission, requires
from privacyregie.core.files import download_encrypted, download_response
from privacyregie.core.forms import apply_errors, error_messages, run_form_action
from privacyregie.core.listing import Row, label, labels

from . import handling, notification_ap, register, reporting
from .deadlines import format_time_left, iso_local
from .forms import (
    ApDraftForm,
    ApSubmitForm,
    Art34GroundForm,
    AssessmentForm,
    CloseForm,
    FollowUpForm,
    MeasureForm,
    MemberForm,
    PaperReportForm,
    ProcessorReportForm,
    ReportForm,
    ResidentInformationForm,
    TextForm,
    TimelineForm,
    TriageForm,
    WithdrawForm,
)
from .models import ApNotification, BreachAssessment, Incident, IncidentType, Measure, ReporterVisibility, Status
from .services import open_breaches, origins_of
from .statistics import recent_quarters, scorecard_figures

HANDLE = "incidents.handle"


def _incident(request, uuid) -> Incident:
    return get_object_or_404(
        Incident.objects.select_related("assessment", "ap_notification", "reporter", "organisation"),
        uuid=uuid, organisation=request.user.organisation,
    )


def _clock(incident):
    deadline = incident.notification_deadline
    if deadline is None:
        return None
    return {"deadline": deadline, "iso": iso_local(deadline), "left": format_time_left(deadline),
            "running": incident.clock_running, "late": deadline < timezone.now()}


# --- reporting -----------------------------------------------------------------------------------

def _form_not_fresh(form) -> None:
    """A POST without a valid one-time token: nothing is created; the form comes back (with the
    person's input and a fresh token) saying why."""
    form.add_error(None, _("Dit formulier kon niet worden verwerkt: het formulierkenmerk ontbrak of was verlopen. "
                           "Er is niets opgeslagen. Controleer de gegevens en verstuur het formulier opnieuw."))


def _show_receipt(request, receipt, anonymous):
    # Post-redirect-get: the receipt has its own GET page; the follow-up code travels there
    # encrypted in the session and is removed when shown (only its hash is stored).
    once.stash(request, "incident_receipt", {"number": receipt.receipt_number, "code": receipt.follow_up_code,
                                             "anonymous": anonymous})
    return redirect("incidents:receipt")


@requires("incidents.report")
def report(request):
    """Report an incident: as an employee, or as processor when the user is external (AVG art. 33(2))."""
    as_processor = reporting.reports_as_processor(request.user)
    initial = {"discovered_at": timezone.localtime().replace(second=0, microsecond=0)}
    if as_processor:
        initial["supplier_name"] = reporting.last_processor_name(request.user)
    form_class = ProcessorReportForm if as_processor else ReportForm
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    token = once.redeem(request, "incident_report") if request.method == "POST" else None
    if token == once.USED:
        messages.info(request, _("Deze melding was al verstuurd; er is niets dubbel gemeld."))
        return redirect("incidents:receipt")
    if token == once.MISSING:
        _form_not_fresh(form)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = reporting.report_by_user(
                request.user, type=data["type"], title=data["title"], description=data["description"],
                discovered_at=data["discovered_at"], occurred_at=data["occurred_at"],
                data_involved=data["data_involved"], affected_description=data["affected_description"],
                still_ongoing=data["still_ongoing"], visibility=data["visibility"],
                supplier_name=data.get("supplier_name", ""), attachments=data["attachments"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            anonymous = data["visibility"] == ReporterVisibility.ANONYMOUS
            return _show_receipt(request, receipt, anonymous)
    return render(request, "incidents/report.html", {"form": form, "as_processor": as_processor,
                                                     "form_token": once.issue_token(request, "incident_report")})


@requires("incidents.report")
def receipt(request):
    """The receipt of a report, at its own address: shown once; a refresh creates and reveals nothing."""
    shown = once.take(request, "incident_receipt")
    return render(request, "incidents/receipt.html", {"shown": shown, "anonymous": bool(shown and shown["anonymous"])})


@requires(HANDLE)
def report_paper(request):
    form = PaperReportForm(request.POST or None, request.FILES or None)
    token = once.redeem(request, "incident_report_paper") if request.method == "POST" else None
    if token == once.USED:
        messages.info(request, _("Deze melding was al geregistreerd; er is niets dubbel vastgelegd."))
        return redirect("incidents:dashboard")
    if token == once.MISSING:
        _form_not_fresh(form)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = reporting.report_incident(
                request.user.organisation, type=data["type"], title=data["title"], description=data["description"],
                discovered_at=data["discovered_at"], occurred_at=data["occurred_at"],
                data_involved=data["data_involved"], affected_description=data["affected_description"],
                still_ongoing=data["still_ongoing"], visibility=data["visibility"], source=data["source"],
                reporter_name=data["reporter_name"], supplier_name=data["supplier_name"],
                registered_by=request.user, attachments=data["attachments"], received_at=data["received_at"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if receipt.follow_up_code:
                return _show_receipt(request, receipt, True)
            messages.success(request, _("Melding %(nr)s geregistreerd.") % {"nr": receipt.receipt_number})
            return redirect("incidents:detail", uuid=receipt.incident.uuid)
    return render(request, "incidents/report.html", {
        "form": form, "paper": True, "form_token": once.issue_token(request, "incident_report_paper")})


@requires("incidents.report")
def mine(request):
    incidents = Incident.objects.filter(organisation=request.user.organisation, reporter=request.user)
    return render(request, "incidents/mine.html", {
        "incidents": incidents, "involved": handling.involved_incidents(request.user),
    })


@requires("incidents.report")
def involved_detail(request, uuid):
    """Read-only view for working-group members and measure owners (no reporter unless named)."""
    incident = get_object_or_404(handling.involved_incidents(request.user), uuid=uuid)
    return render(request, "incidents/involved_detail.html", {
        "incident": incident, "reporter": reporting.reporter_label(incident, viewer_is_handler=False),
        "measures": incident.measures.select_related("owner"), "members": incident.working_group.select_related("user"),
        "timeline": incident.timeline.select_related("author"), "clock": _clock(incident),
        "is_handler": has_permission(request.user, HANDLE),
    })


@requires("incidents.report")
def follow_up(request):
    """Receipt number + code → status of an anonymous report; never linked to the visitor."""
    form = FollowUpForm(request.POST or None)
    incident, extra_form, status = None, None, 200
    if request.method == "POST" and form.is_valid():
        number, code = form.cleaned_data["receipt_number"], form.cleaned_data["code"]
        try:
            incident = reporting.follow_up(request.user.organisation, number, code, source=f"user:{request.user.pk}")
        except reporting.FollowUpThrottled as throttled:
            status = 429
            if throttled.retry_after <= reporting.FOLLOW_UP_OVERALL_WINDOW:
                form.add_error(None, _("Er wordt nu te vaak een melding opgevraagd. Probeer het over een minuut opnieuw."))
            else:
                form.add_error(None, _("Te veel pogingen. Probeer het over een kwartier opnieuw."))
        else:
            if incident is None:
                form.add_error(None, _("Deze combinatie van ontvangstnummer en volgcode is niet bekend."))
            elif request.POST.get("text") is not None:
                token = once.redeem(request, "incident_follow_up_text")
                extra_form = TextForm(request.POST)
                if token == once.USED:
                    messages.info(request, _("Deze aanvulling was al toegevoegd; er is niets dubbel vastgelegd."))
                    extra_form = TextForm()
                elif token == once.MISSING:
                    _form_not_fresh(extra_form)
                elif extra_form.is_valid():
                    reporting.add_anonymous_information(incident, extra_form.cleaned_data["text"])
                    messages.success(request, _("Uw aanvulling is toegevoegd."))
                    extra_form = TextForm()
            if incident is not None and extra_form is None:
                extra_form = TextForm()
    context = {"form": form, "incident": incident, "extra_form": extra_form}
    if incident is not None:
        context["form_token"] = once.issue_token(request, "incident_follow_up_text")
    return render(request, "incidents/follow_up.html", context, status=status)


# --- dashboard and detail ------------------------------------------------------------------------

@requires(HANDLE)
def dashboard(request):
    organisation_id = request.user.organisation_id  # the shell loads the organisation (with its own count)
    status = request.GET.get("status", "open")
    incidents = Incident.objects.filter(organisation_id=organisation_id)
    if status == "open":
        incidents = incidents.exclude(status=Status.CLOSED)
    elif status in Status.values:
        incidents = incidents.filter(status=status)
    breaches = [{"incident": i, "clock": _clock(i)} for i in open_breaches(organisation_id)]
    return render(request, "incidents/dashboard.html", {
        "breaches": breaches, "incidents": _dashboard_rows(incidents[:200]), "status": status,
        "statuses": Status.choices,
    })


DASHBOARD_COLUMNS = ("id", "uuid", "receipt_number", "type", "is_breach", "title", "reported_at", "status")


def _dashboard_rows(incidents) -> list[Row]:
    """The list's incidents as plain values with their labels (one translation per label, not per row)."""
    types, statuses = labels(Incident, "type"), labels(Incident, "status")
    rows = [Row(values) for values in incidents.values(*DASHBOARD_COLUMNS)]
    for row in rows:
        row["type_label"], row["status_label"] = label(types, row["type"]), label(statuses, row["status"])
    return rows


@requires(HANDLE)
def detail(request, uuid):
    incident = _incident(request, uuid)
    org = request.user.organisation
    initial = {"type": incident.type, "awareness_at": incident.controller_awareness_at,
               "is_breach": "ja" if incident.is_breach else ("nee" if incident.is_breach is False else None),
               "reasoning": incident.triage_reasoning}
    return render(request, "incidents/detail.html", {
        "incident": incident, "clock": _clock(incident),
        "reporter": reporting.reporter_label(incident, viewer_is_handler=True),
        "assessment": getattr(incident, "assessment", None),
        "notification": getattr(incident, "ap_notification", None),
        "triage_form": TriageForm(initial=initial),
        "member_form": MemberForm(organisation=org), "timeline_form": TimelineForm(),
        "measure_form": MeasureForm(organisation=org), "close_form": CloseForm(),
        "undecided": handling.undecided_measures(incident).count(),
        "timeline": incident.timeline.select_related("author"),
        "measures": incident.measures.select_related("owner"),
        "members": incident.working_group.select_related("user"),
        "origins": origins_of(incident),
    })


def _post_action(request, uuid, form_class, action, success, form_kwargs=None, back="incidents:detail"):
    """Validate a small form of an incident's page and run a service; errors become messages. Back to ``back``."""
    incident = _incident(request, uuid)
    form = form_class(request.POST, **(form_kwargs or {}))
    run_form_action(request, form, lambda data: action(incident, data), success, labelled=True)
    return redirect(back, uuid=incident.uuid)


@require_POST
@requires(HANDLE)
def triage(request, uuid):
    return _post_action(request, uuid, TriageForm, lambda i, d: handling.triage(
        i, request.user, type=d["type"], is_breach=d["is_breach"], awareness_at=d["awareness_at"],
        reasoning=d["reasoning"]), _("Beoordeling opgeslagen."))


@require_POST
@requires(HANDLE)
def add_member(request, uuid):
    return _post_action(request, uuid, MemberForm, lambda i, d: handling.add_member(
        i, request.user, d["user"], d["role"]), _("Werkgroeplid toegevoegd."),
        {"organisation": request.user.organisation})


@require_POST
@requires(HANDLE)
def add_event(request, uuid):
    return _post_action(request, uuid, TimelineForm, lambda i, d: handling.add_timeline_event(
        i, request.user, d["text"], d["at"]), _("Gebeurtenis toegevoegd."))


@require_POST
@requires(HANDLE)
def add_measure(request, uuid):
    return _post_action(request, uuid, MeasureForm, lambda i, d: handling.save_measure(
        i, request.user, **d), _("Maatregel toegevoegd."), {"organisation": request.user.organisation})


@requires(HANDLE)
def edit_measure(request, uuid, measure_uuid):
    incident = _incident(request, uuid)
    measure = get_object_or_404(Measure, uuid=measure_uuid, incident=incident)
    initial = {"kind": measure.kind, "description": measure.description, "owner": measure.owner,
               "due_date": measure.due_date, "status": measure.status, "evidence": measure.evidence}
    form = MeasureForm(request.POST or None, initial=initial, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            handling.save_measure(incident, request.user, measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Maatregel bijgewerkt."))
            return redirect("incidents:detail", uuid=incident.uuid)
    return render(request, "incidents/measure_form.html", {"incident": incident, "form": form, "measure": measure})


@require_POST
@requires(HANDLE)
def close(request, uuid):
    return _post_action(request, uuid, CloseForm, lambda i, d: handling.close(
        i, request.user, d["lessons_learned"]), _("Incident afgesloten."))


@require_POST
@requires(HANDLE)
def reopen(request, uuid):
    incident = _incident(request, uuid)
    if incident.status != Status.CLOSED:
        messages.error(request, _("Alleen een afgesloten incident kan worden heropend."))
    else:
        handling.reopen(incident, request.user)
        messages.success(request, _("Incident heropend."))
    return redirect("incidents:detail", uuid=incident.uuid)


@requires(HANDLE)
def attachment(request, uuid, attachment_uuid):
    incident = _incident(request, uuid)
    att = get_object_or_404(incident.attachments, uuid=attachment_uuid)
    try:  # a file that fails authentication is refused by core.middleware.FileIntegrityMiddleware
        return download_encrypted(att.storage_name, att.name, att.content_type)
    except FileNotFoundError as exc:
        raise Http404 from exc


# --- assessment, AP notification, residents ------------------------------------------------------

@requires(HANDLE)
def assess(request, uuid):
    incident = _incident(request, uuid)
    if not incident.is_breach:
        messages.error(request, _("Beoordeel het incident eerst als datalek."))
        return redirect("incidents:detail", uuid=incident.uuid)
    assessment = getattr(incident, "assessment", None) or BreachAssessment(incident=incident)
    initial = {f: getattr(assessment, f) for f in (
        "natures", "data_categories", "records_count", "affected_min", "affected_max", "affected_groups", "protection",
        "protection_details", "vulnerable_groups", "consequences", "decided_risk", "decision_reasoning")}
    initial.update(still_ongoing=incident.still_ongoing, ended_at=incident.ended_at)
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            handling.assess(incident, request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Beoordeling opgeslagen."))
            return redirect("incidents:assess", uuid=incident.uuid)
    return render(request, "incidents/assess.html", {"incident": incident, "form": form, "assessment": assessment,
                                                      "clock": _clock(incident)})


@requires(HANDLE)
def ap_draft(request, uuid):
    incident = _incident(request, uuid)
    if not incident.is_breach:
        raise Http404
    notification = getattr(incident, "ap_notification", None) or ApNotification(incident=incident)
    initial = {f: getattr(notification, f) for f in notification_ap.DRAFT_FIELDS}
    initial["contact_name"] = initial["contact_name"] or request.user.get_full_name()
    initial["contact_email"] = initial["contact_email"] or request.user.email
    initial["organisation_address"] = initial["organisation_address"] or notification_ap.previous_address(incident)
    form = ApDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notification_ap.save_draft(incident, request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Concept opgeslagen."))
            if request.POST.get("then") == "pdf":  # saving is part of downloading: never a PDF without contact
                return redirect("incidents:ap_pdf", uuid=incident.uuid)
            return redirect("incidents:ap_draft", uuid=incident.uuid)
    incident.refresh_from_db()
    return render(request, "incidents/ap_draft.html", {
        "incident": incident, "notification": notification, "form": form,
        "sections": notification_ap.draft_sections(incident), "clock": _clock(incident),
        "saved": notification.pk is not None,
        "submit_form": ApSubmitForm(initial={"submitted_at": timezone.localtime().replace(second=0, microsecond=0)}),
        "supplement_form": TextForm(), "withdraw_form": WithdrawForm(),
    })


@requires(HANDLE)
def ap_pdf(request, uuid):
    incident = _incident(request, uuid)
    if not incident.is_breach:
        raise Http404
    try:
        pdf = notification_ap.draft_pdf(incident)
    except ValidationError as exc:  # an unsaved draft: back to the form, which says what to do first
        error_messages(request, exc)
        return redirect("incidents:ap_draft", uuid=incident.uuid)
    return download_response(pdf, f"ap-melding-{incident.receipt_number}.pdf", "application/pdf")


@requires(HANDLE)
def ap_json(request, uuid):
    incident = _incident(request, uuid)
    if not incident.is_breach:
        raise Http404
    response = JsonResponse(notification_ap.draft_json(incident), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = content_disposition_header(True, f"ap-melding-{incident.receipt_number}.json")
    return response


def _ap_action(request, uuid, form_class, action, success):
    return _post_action(request, uuid, form_class, action, success, back="incidents:ap_draft")


@require_POST
@requires(HANDLE)
def ap_submit(request, uuid):
    return _ap_action(request, uuid, ApSubmitForm, lambda i, d: notification_ap.submit(i, request.user, **d),
                      _("Melding aan de AP vastgelegd."))


@require_POST
@requires(HANDLE)
def ap_supplement(request, uuid):
    return _ap_action(request, uuid, TextForm, lambda i, d: notification_ap.add_supplement(i, request.user, d["text"],
                                                                                     d["completes"]),
                      _("Aanvulling vastgelegd."))


@require_POST
@requires(HANDLE)
def ap_withdraw(request, uuid):
    return _ap_action(request, uuid, WithdrawForm, lambda i, d: notification_ap.withdraw(i, request.user, d["reason"]),
                      _("Melding ingetrokken."))


@requires(HANDLE)
def residents(request, uuid):
    incident = _incident(request, uuid)
    if not incident.is_breach:
        raise Http404
    letter = notification_ap.resident_letter(incident)
    form = ResidentInformationForm(request.POST or None, initial={"message": letter})
    if request.method == "POST" and form.is_valid():
        try:
            notification_ap.record_resident_information(incident, request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Vastgelegd."))
            return redirect("incidents:residents", uuid=incident.uuid)
    return render(request, "incidents/residents.html", {
        "incident": incident, "form": form, "letter": letter, "records": incident.resident_information.all(),
        "assessment": getattr(incident, "assessment", None), "ground_form": Art34GroundForm(),
    })


@require_POST
@requires(HANDLE)
def residents_ground(request, uuid):
    incident = _incident(request, uuid)
    if not incident.is_breach:
        raise Http404
    form = Art34GroundForm(request.POST)
    run_form_action(request, form, lambda data: notification_ap.record_art34_ground(incident, request.user, **data),
                    _("Grond vastgelegd."), labelled=True)
    return redirect("incidents:residents", uuid=incident.uuid)


# --- register and statistics ---------------------------------------------------------------------

def _register_filters(request):
    year = request.GET.get("jaar", "")
    return {
        "year": int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
        "notified": request.GET.get("gemeld") if request.GET.get("gemeld") in ("ja", "nee") else None,
        "risk": request.GET.get("risico") if request.GET.get("risico") in BreachAssessment.Risk.values else None,
        "status": request.GET.get("status") if request.GET.get("status") in Status.values else None,
    }


@requires("incidents.view_register")
def breach_register(request):
    filters = _register_filters(request)
    rows = register.breaches(request.user.organisation, **filters)
    return render(request, "incidents/register.html", {
        "rows": [(i, register.row(i)) for i in rows], "columns": register.columns(), "filters": filters,
        "risks": BreachAssessment.Risk.choices, "statuses": Status.choices, "query": request.GET.urlencode(),
        "can_handle": has_permission(request.user, HANDLE),
    })


@requires("incidents.view_register")
def register_export(request, fmt):
    org = request.user.organisation
    rows = list(register.breaches(org, **_register_filters(request)))
    if fmt == "csv":
        data, ctype = register.export_csv(rows), exports.CSV_CONTENT_TYPE
    elif fmt == "xlsx":
        data, ctype = register.export_xlsx(rows), exports.XLSX_CONTENT_TYPE
    elif fmt == "pdf":
        data, ctype = register.export_pdf(org, rows), "application/pdf"
    else:
        raise Http404
    return download_response(data, f"register-datalekken.{fmt}", ctype)


@requires("incidents.view_register")
def statistics(request):
    org = request.user.organisation
    quarters = [(label, scorecard_figures(org, start, end)) for label, start, end in recent_quarters(4)]
    return render(request, "incidents/statistics.html", {"quarters": quarters, "types": IncidentType.choices})

