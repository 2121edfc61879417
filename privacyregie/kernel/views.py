"""The privacy officer's pages: processing log, who consulted a resident, deviations, verification."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import exports
from privacyregie.core.access import requires
from privacyregie.core.files import download_response

from . import services
from .forms import LogFilterForm, SubjectForm
from .models import Deviation, VerificationRun
from .policy import Action
from .queries import filtered_entries


@requires("kernel.view_processing_log")
def log(request):
    form = LogFilterForm(request.GET or None)
    entries = filtered_entries(request.user.organisation)
    if form.is_bound and form.is_valid():
        entries = filtered_entries(request.user.organisation, **form.cleaned_data)
        if form.cleaned_data.get("bsn"):
            services.record_subject_lookup(request, form.cleaned_data["bsn"])
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(request, "kernel/log.html", {
        "form": form, "page": page, "last_run": VerificationRun.objects.first(),
    })


@requires("kernel.view_processing_log")
@require_POST
def verify(request):
    result = services.verify_and_record()
    if result.ok:
        text = _("Het verwerkingslogboek is intact: %(n)s regels gecontroleerd.") % {"n": result.entries_checked}
        messages.success(request, text)
    else:
        messages.error(request, _("Het verwerkingslogboek is NIET intact: %(problem)s") % {"problem": result.describe()})
    return redirect("kernel:log")


@requires("kernel.view_processing_log")
def subject(request):
    """Who consulted this resident: the answer to an access request (AVG art. 15)."""
    form = SubjectForm(request.GET or None)
    entries = None
    if form.is_bound and form.is_valid():
        bsn = form.cleaned_data["bsn"]
        entries = services.log_entries_for_subject(request.user.organisation, bsn).order_by("occurred_at", "id")
        export = request.GET.get("formaat")
        if export in ("csv", "pdf"):
            services.record_subject_lookup(request, bsn, Action.EXPORT)
            return _export(request, entries, export)
        services.record_subject_lookup(request, bsn)
    return render(request, "kernel/subject.html", {"form": form, "entries": entries})


def _rows(entries):
    tz = timezone.get_current_timezone()
    for e in entries:
        yield [
            timezone.localtime(e.occurred_at, tz).strftime("%d-%m-%Y %H:%M"), e.actor_username or e.application,
            e.get_action_display(), e.target_label or e.target_type, e.get_purpose_display(), e.get_legal_basis_display(),
            e.get_outcome_display(), _("ja") if e.emergency else _("nee"),
        ]


HEADERS = ["Tijdstip", "Door", "Handeling", "Gegeven", "Doel", "Grondslag", "Uitkomst", "Noodtoegang"]


def _export(request, entries, export):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if export == "csv":
        return exports.csv_response(f"inzage-verwerkingen-{stamp}.csv", [_(h) for h in HEADERS], _rows(entries))
    from weasyprint import HTML

    html = render_to_string("kernel/subject_pdf.html", {
        "rows": list(_rows(entries)), "headers": [_(h) for h in HEADERS],
        "organisation": request.user.organisation, "generated": timezone.localtime(),
    })
    return download_response(HTML(string=html).write_pdf(), f"inzage-verwerkingen-{stamp}.pdf", "application/pdf")


@requires("kernel.view_deviations")
def deviations(request):
    items = Deviation.objects.filter(organisation=request.user.organisation)
    page = Paginator(items, 50).get_page(request.GET.get("pagina"))
    return render(request, "kernel/deviations.html", {"page": page})
