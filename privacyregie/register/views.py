"""Pages of the register: activities (versioned), partners, landscape, checks, import/export,
and the public privacy statement. Read with register.view, change with register.edit."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import exports, tasks
from privacyregie.core.access import public, requires
from privacyregie.core.files import discard_staged, download_encrypted, download_response, stage, unstage
from privacyregie.core.models import Organisation

from . import exporting, importing, services
from .art30 import RegisterStatus
from .forms import (
    ActivityVersionForm,
    AgreementForm,
    ControllerForm,
    ImportForm,
    LinkForm,
    PartnerForm,
    ProcessorActivityForm,
    SystemForm,
)
from .jobs import IMPORT_OWNER
from .landscape import inline_svg, needs_agreement
from .landscape import landscape_svg as render_landscape
from .models import (
    VERSION_FIELDS,
    Agreement,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessingActivityVersion,
    ProcessingController,
    ProcessorActivity,
    SystemLink,
)
from .nav import check_figures, forget_check_figures, remember_check_figures

VIEW, EDIT = "register.view", "register.edit"


def _activity(request, pk):
    return get_object_or_404(ProcessingActivity, pk=pk, organisation=request.user.organisation)


@requires(VIEW)
def index(request):
    rows = services.register_list_rows(request.user.organisation_id)
    can_edit = EDIT in request.user.privacy_permissions
    # the number on the button to the (live) checks page: the start page's figure, at most a minute old and
    # renewed by every change made here and by every visit of the checks page
    issue_count = check_figures(request.user)["all"] if can_edit else 0
    return render(request, "register/index.html", {"rows": rows, "can_edit": can_edit, "issue_count": issue_count})


@requires(EDIT)
def activity_create(request):
    form = ActivityVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ProcessingActivity.objects.filter(organisation=request.user.organisation, name=form.cleaned_data["name"]).exists():
            form.add_error("name", _("Er bestaat al een verwerkingsactiviteit met deze naam."))
        else:
            version = services.save_activity(request.user.organisation, form.cleaned_data, user=request.user,
                                             note=form.cleaned_data.get("change_note", ""))
            forget_check_figures(request.user.organisation_id)
            messages.success(request, _("Verwerkingsactiviteit vastgelegd (versie 1)."))
            return redirect("register:activity_detail", version.activity_id)
    return render(request, "register/activity_form.html", {"form": form, "activity": None})


@requires(VIEW)
def activity_detail(request, pk):
    activity = _activity(request, pk)
    version = activity.current
    fields = [(ProcessingActivityVersion._meta.get_field(f).verbose_name, _display(version, f)) for f in VERSION_FIELDS]
    return render(request, "register/activity_detail.html", {
        "activity": activity, "version": version, "fields": fields,
        "versions": activity.versions.order_by("-number"), "can_edit": EDIT in request.user.privacy_permissions,
    })


def _display(version, field):
    value = getattr(version, field)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if field == "retention_period":
        return version.retention_in_words() or "–"
    display = getattr(version, f"get_{field}_display", None)
    return (display() if display else value) or "–"


@requires(EDIT)
def activity_edit(request, pk):
    activity = _activity(request, pk)
    form = ActivityVersionForm(request.POST or None, initial=services.version_data(activity.current))
    if request.method == "POST" and form.is_valid():
        clash = ProcessingActivity.objects.filter(organisation=request.user.organisation, name=form.cleaned_data["name"])
        if clash.exclude(pk=activity.pk).exists():
            form.add_error("name", _("Er bestaat al een verwerkingsactiviteit met deze naam."))
        else:
            version = services.save_activity(request.user.organisation, form.cleaned_data, user=request.user,
                                             activity=activity, note=form.cleaned_data.get("change_note", ""))
            forget_check_figures(request.user.organisation_id)
            text = _("Nieuwe versie %(n)s vastgelegd; eerdere versies blijven leesbaar.") % {"n": version.number}
            messages.success(request, text)
            return redirect("register:activity_detail", activity.pk)
    return render(request, "register/activity_form.html", {"form": form, "activity": activity})


@requires(VIEW)
def version_detail(request, pk):
    version = get_object_or_404(ProcessingActivityVersion, pk=pk, activity__organisation=request.user.organisation)
    fields = [(ProcessingActivityVersion._meta.get_field(f).verbose_name, _display(version, f)) for f in VERSION_FIELDS]
    return render(request, "register/version_detail.html", {"version": version, "fields": fields})


@requires(VIEW)
def partners(request):
    items = ChainPartner.objects.filter(organisation=request.user.organisation).prefetch_related("agreements")
    today = timezone.localdate()
    rows = [(p, [(a, a.effective_status(today)) for a in p.agreements.all()]) for p in items]
    return render(request, "register/partners.html", {"rows": rows, "can_edit": EDIT in request.user.privacy_permissions})


@requires(VIEW)
def partner_detail(request, pk):
    partner = get_object_or_404(ChainPartner, pk=pk, organisation=request.user.organisation)
    today = timezone.localdate()
    agreements = [(a, a.effective_status(today), a.report_due_on()) for a in partner.agreements.prefetch_related("activities")]
    return render(request, "register/partner_detail.html", {"partner": partner, "agreements": agreements, "today": today,
                                                            "can_edit": EDIT in request.user.privacy_permissions})


@requires(VIEW)
def landscape(request):
    org = request.user.organisation
    systems = InformationSystem.objects.filter(organisation=org).select_related("supplier", "processor_agreement")
    links = SystemLink.objects.filter(organisation=org).select_related("source", "target")
    picture = inline_svg(render_landscape(org), _("Plaat van het applicatielandschap"))
    return render(request, "register/landscape.html", {
        "systems": [(s, needs_agreement(s)) for s in systems], "links": links, "picture": picture,
        "can_edit": EDIT in request.user.privacy_permissions,
    })


@requires(VIEW)
def landscape_svg(request):
    return HttpResponse(render_landscape(request.user.organisation), content_type="image/svg+xml")


@requires(VIEW)
def checks(request):
    issues = services.checks(request.user.organisation)
    remember_check_figures(request.user.organisation, issues)
    return render(request, "register/checks.html", {"issues": issues})


EXPORTS = {
    "csv": (exports.CSV_CONTENT_TYPE, "csv", exporting.to_csv),
    "xlsx": (exports.XLSX_CONTENT_TYPE, "xlsx", exporting.to_xlsx),
    "json": ("application/json", "json", exporting.to_json),
    "pdf": ("application/pdf", "pdf", exporting.to_pdf),
}
# the processor's register (art. 30(2)): ?register=verwerker, same formats
PROCESSOR_EXPORTS = {
    "csv": exporting.processor_to_csv, "xlsx": exporting.processor_to_xlsx, "json": exporting.processor_to_json,
    "pdf": exporting.processor_to_pdf,
}


def export_file(organisation, fmt: str, processor: bool, progress=None) -> tuple[bytes, str, str]:
    """(content, file name, content type) of an export of the register or the processor's register."""
    content_type, extension, producer = EXPORTS[fmt]
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = "register-verwerker" if processor else "verwerkingsregister"
    if processor:
        data = PROCESSOR_EXPORTS[fmt](organisation)
    elif fmt in ("csv", "xlsx"):
        data = producer(organisation, progress=progress)
    else:
        data = producer(organisation)
    return data, f"{name}-{stamp}.{extension}", content_type


@requires(VIEW)
def export(request):
    fmt = request.GET.get("formaat", "")
    processor = request.GET.get("register") == "verwerker"
    if fmt not in EXPORTS:
        raise Http404
    organisation = request.user.organisation
    if fmt in ("csv", "xlsx") and not processor and (
            ProcessingActivity.objects.filter(organisation=organisation).count() > settings.REGISTER_TASK_ROWS):
        task = tasks.start("register.export", user=request.user, payload={"format": fmt, "processor": processor},
                           return_url=reverse("register:index"))
        return redirect("core:task_detail", task.public_id)
    data, filename, content_type = export_file(organisation, fmt, processor)
    return download_response(data, filename, content_type)


@requires(VIEW)
def processors(request):
    """The processor's register (AVG art. 30(2)): what we process on behalf of which controllers."""
    org = request.user.organisation
    records = ProcessorActivity.objects.filter(organisation=org).prefetch_related("controllers")
    return render(request, "register/processors.html", {
        "records": [(r, exporting.processor_fields(r)) for r in records],
        "controllers": ProcessingController.objects.filter(organisation=org).prefetch_related("processing"),
        "can_edit": EDIT in request.user.privacy_permissions,
    })


@requires(VIEW)
def import_template(request):
    """The import template: Dutch headings, an example row, drop-down lists and a sheet "Toelichting"."""
    return download_response(exporting.template_xlsx(), "sjabloon-verwerkingsregister.xlsx", exports.XLSX_CONTENT_TYPE)


@requires(VIEW)
def import_template_csv(request):
    return download_response(exporting.template_csv(), "sjabloon-verwerkingsregister.csv", exports.CSV_CONTENT_TYPE)


SESSION_KEY = "register_import"


def _owner(request) -> str:
    return IMPORT_OWNER.format(pk=request.user.pk)


def _show_preview(request, form, report, token):
    previous = request.session.get(SESSION_KEY)
    if previous and previous != token:
        discard_staged(previous)
    request.session[SESSION_KEY] = token
    return render(request, "register/import.html", {"form": form, "report": report, "token": token})


@requires(EDIT)
def import_register(request):
    """Check an upload (dry run). The preview is staged server-side; the session keeps only its token.

    A file with more rows than ``REGISTER_TASK_ROWS`` is checked by a background task with a progress
    page, which comes back here (``?taak=``) with the same preview.
    """
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = importing.read(form.cleaned_data["file"])
        except ValidationError as exc:
            report = importing.ImportReport(rows=[], file_errors=exc.messages)
        else:
            if len(rows) > settings.REGISTER_TASK_ROWS:
                task = tasks.start("register.import.check", user=request.user, payload={"rows": rows},
                                   total=len(rows), return_url=reverse("register:import"))
                return redirect("core:task_detail", task.public_id)
            report = importing.check(request.user.organisation, rows)
        return _show_preview(request, form, report, stage(report.as_payload(), _owner(request)))
    if request.GET.get("taak"):
        try:
            task = tasks.for_owner(request.GET["taak"], request.user)
        except (ValidationError, ValueError) as exc:
            raise Http404 from exc
        result = tasks.result(task) or {}
        stored = unstage(result.get("preview", ""), _owner(request))
        if stored is None:
            messages.error(request, _("De controle is verlopen. Upload het bestand opnieuw."))
            return redirect("register:import")
        return _show_preview(request, form, importing.ImportReport.from_payload(stored), result["preview"])
    return render(request, "register/import.html", {"form": form, "report": None})


@requires(EDIT)
@require_POST
def import_confirm(request):
    token = request.session.get(SESSION_KEY)
    stored = unstage(token, _owner(request)) if token and token == request.POST.get("token") else None
    if stored is None:
        messages.error(request, _("De controle is verlopen. Upload het bestand opnieuw."))
        return redirect("register:import")
    report = importing.ImportReport.from_payload(stored)
    only_valid = request.POST.get("alleen_goede") == "1"
    if len(report.valid) > settings.REGISTER_TASK_ROWS and not report.file_errors:
        del request.session[SESSION_KEY]  # the task owns the preview now
        task = tasks.start("register.import.apply", user=request.user, payload={"preview": token, "only_valid": only_valid},
                           total=len(report.valid), return_url=reverse("register:import"))
        return redirect("core:task_detail", task.public_id)
    try:
        written = importing.apply(request.user.organisation, report, user=request.user, only_valid=only_valid)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("register:import")
    discard_staged(token)
    del request.session[SESSION_KEY]
    forget_check_figures(request.user.organisation_id)
    messages.success(request, _("%(n)s verwerkingsactiviteiten geïmporteerd of bijgewerkt.") % {"n": written})
    return redirect("register:index")


# --- Public privacy statement (R6): no login ---------------------------------------------

def _public_org(slug):
    return get_object_or_404(Organisation, slug=slug)


def _published_privacy_policy(org):
    """The privacy policy in force that the organisation publishes (policies app), or None; never fails."""
    from importlib import import_module

    try:
        return import_module("privacyregie.policies.services").published_privacy_policy(org)
    except Exception:  # noqa: BLE001 - the public statement must render without the policy register
        return None


@public
def public_index(request, organisation):
    org = _public_org(organisation)
    activities = [a for a in ProcessingActivity.objects.filter(organisation=org).prefetch_related("versions")
                  if a.current and a.current.status == RegisterStatus.IN_FORCE]  # residents never see a concept
    return render(request, "register/public_index.html", {"org": org, "activities": activities,
                                                          "privacy_policy": _published_privacy_policy(org)})


@public
def public_statement(request, organisation, pk):
    org = _public_org(organisation)
    activity = get_object_or_404(ProcessingActivity, pk=pk, organisation=org)
    if activity.current is None or activity.current.status != RegisterStatus.IN_FORCE:
        raise Http404
    return render(request, "register/public_statement.html", {"org": org, "version": activity.current})


# --- Editing partners, agreements, applications and links ---------------------------------

EDITABLE = {
    "ketenpartner": (ChainPartner, PartnerForm, _("ketenpartner"), "register:partners"),
    "overeenkomst": (Agreement, AgreementForm, _("overeenkomst"), "register:partners"),
    "applicatie": (InformationSystem, SystemForm, _("applicatie"), "register:landscape"),
    "koppeling": (SystemLink, LinkForm, _("koppeling"), "register:landscape"),
    "opdrachtgever": (ProcessingController, ControllerForm, _("verwerkingsverantwoordelijke (opdrachtgever)"),
                      "register:processors"),
    "verwerking-in-opdracht": (ProcessorActivity, ProcessorActivityForm, _("verwerking in opdracht"),
                               "register:processors"),
}


@requires(EDIT)
def object_edit(request, kind, pk=None):
    if kind not in EDITABLE:
        raise Http404
    model, form_class, label, back = EDITABLE[kind]
    instance = get_object_or_404(model, pk=pk, organisation=request.user.organisation) if pk else None
    form = form_class(request.POST or None, request.FILES or None, instance=instance,
                      organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        forget_check_figures(request.user.organisation_id)
        messages.success(request, _("Opgeslagen."))
        return redirect(back)
    return render(request, "register/object_form.html", {"form": form, "label": label, "instance": instance, "back": back})


@requires(VIEW)
def agreement_document(request, pk):
    agreement = get_object_or_404(Agreement, pk=pk, organisation=request.user.organisation)
    if not agreement.document_storage:
        raise Http404
    return download_encrypted(agreement.document_storage, agreement.document_name or "document",
                              "application/octet-stream")
