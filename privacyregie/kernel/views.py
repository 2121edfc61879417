"""The privacy officer's pages: processing log, who consulted a resident, deviations, verification."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import exports
from privacyregie.core.access import requires
from privacyregie.core.files import download_response
from privacyregie.core.listing import CappedPaginator, widget_html
from privacyregie.core.pdf import render_pdf
from privacyregie.web.jinja import render_content

from . import otlp, services
from .forms import DeviationReviewForm, LogFilterForm, SubjectForm
from .logtable import log_rows
from .models import Deviation
from .policy import Action
from .queries import filtered_entries

# The log viewer counts at most this many entries, 20 pages of 50: a count costs the database a row read per
# entry counted (10,000 for one resident took longer than the page itself), and nobody pages further. Beyond
# it the page says there are more and to narrow the filters (the dates); the overview of everything about one
# resident (AVG art. 15) is the subject page and its export, which are not capped.
LOG_COUNT_CAP = 1_000
# The columns the log viewer shows: the page fetches only these, as plain values.
LOG_COLUMNS = ("id", "occurred_at", "actor_username", "application", "action", "target_type", "target_label",
               "subject_pseudonym", "purpose", "legal_basis", "legal_basis_detail", "outcome", "reason", "emergency",
               "origin")


@requires("kernel.view_processing_log")
def log(request):
    form = LogFilterForm(request.GET or None)
    organisation_id = request.user.organisation_id
    if form.is_bound and form.is_valid():
        filters = dict(form.cleaned_data)
        purpose = filters.pop("purpose", "")
        entries = filtered_entries(organisation_id, **filters)
        if filters.get("bsn"):
            lookup = Action.EXPORT if request.GET.get("formaat") == "otlp" else Action.VIEW
            services.record_subject_lookup(request, filters["bsn"], lookup, purpose=purpose)
    elif form.is_bound:
        entries = filtered_entries(organisation_id).none()
    else:
        entries = filtered_entries(organisation_id)
    if request.GET.get("formaat") == "otlp":
        return otlp_download(entries)
    paginator = CappedPaginator(entries.values(*LOG_COLUMNS), 50, cap=LOG_COUNT_CAP, count_column="organisation_id")
    page = paginator.get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    query["formaat"] = "otlp"
    # the content by Jinja2, in the usual shell (ADR 0134): a page opened on every look-up of a resident
    content = render_content("kernel/log_content.html", {
        "form": form, "fields": [(field, widget_html(field)) for field in form], "page": page, "rows": log_rows(page),
        "last_run": services.last_verification(), "otlp_query": query.urlencode(),
        "cap_shown": number_format(page.paginator.cap, force_grouping=True),
    }, request)
    return render(request, "kernel/log.html", {"content": content})


def otlp_download(entries):
    """The (filtered) log as OTLP JSON in the format of the Logboek dataverwerkingen standard."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    data = json.dumps(otlp.export(entries.order_by("occurred_at", "id")), cls=DjangoJSONEncoder).encode()
    return download_response(data, f"verwerkingslogboek-{stamp}.otlp.json", "application/json")


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
        entries = services.consultations_for_resident(request.user.organisation, bsn)
        export = request.GET.get("formaat")
        if export == "pdf" and not form.cleaned_data["reference"]:
            form.add_error("reference", _("Vul de naam of het kenmerk van de inwoner in: het overzicht is aan hen gericht."))
        elif export in ("csv", "pdf"):
            entries = list(entries)
            services.record_subject_lookup(request, bsn, Action.EXPORT)
            return _export(request, entries, export, form.cleaned_data["reference"])
        else:
            services.record_subject_lookup(request, bsn)
    return render(request, "kernel/subject.html", {"form": form, "entries": entries})


def _rows(entries):
    tz = timezone.get_current_timezone()
    actors = services.actor_descriptions(entries)
    for e in entries:
        basis = e.get_legal_basis_display() + (f" ({e.legal_basis_detail})" if e.legal_basis_detail else "")
        yield [
            timezone.localtime(e.occurred_at, tz).strftime("%d-%m-%Y %H:%M"), actors[e.pk],
            e.get_action_display(), e.target_label or e.target_type, e.get_purpose_display(), basis,
            e.get_outcome_display(), _("ja") if e.emergency else _("nee"), services.system_name(e),
            e.processing_activity,
        ]


HEADERS = ["Tijdstip", "Functie en team", "Handeling", "Gegeven", "Doel", "Grondslag", "Uitkomst", "Noodtoegang", "Systeem",
           "Verwerkingsactiviteit"]


def _export(request, entries, export, reference=""):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if export == "csv":
        return exports.csv_response(f"inzage-verwerkingen-{stamp}.csv", [_(h) for h in HEADERS], _rows(entries))
    pdf = render_pdf("kernel/subject_pdf.html", {
        "rows": list(_rows(entries)), "headers": [_(h) for h in HEADERS], "reference": reference,
        "organisation": request.user.organisation, "generated": timezone.localtime(),
    })
    return download_response(pdf, f"inzage-verwerkingen-{stamp}.pdf", "application/pdf")


@requires("kernel.view_deviations")
def deviations(request, bound=None):
    items = Deviation.objects.filter(organisation=request.user.organisation).select_related("reviewed_by")
    page = Paginator(items, 50).get_page(request.GET.get("pagina"))
    rows = [(d, bound if bound is not None and bound.prefix == f"d{d.pk}" else DeviationReviewForm(prefix=f"d{d.pk}"))
            for d in page]
    pending = services.open_deviations_count(request.user.organisation_id)
    return render(request, "kernel/deviations.html", {"page": page, "rows": rows, "pending": pending},
                  status=400 if bound is not None else 200)


@requires("kernel.view_deviations")
@require_POST
def deviation_review(request, pk):
    """The privacy officer judges a deviation (R4): 'terecht' or 'onterecht' with a comment."""
    deviation = get_object_or_404(Deviation, pk=pk, organisation=request.user.organisation)
    form = DeviationReviewForm(request.POST, prefix=f"d{deviation.pk}")
    if form.is_valid():
        try:
            services.review_deviation(request.user, deviation, form.cleaned_data["verdict"],
                                      form.cleaned_data["comment"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("kernel:deviations")
        else:
            messages.success(request, _("De beoordeling is vastgelegd."))
            return redirect("kernel:deviations")
    return deviations(request, bound=form)
