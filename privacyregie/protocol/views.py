"""Pages of the privacy protocol in practice: report a bottleneck (staff, chain partners), my reports,
and for the privacy officer the list, one bottleneck (categorise, actions, close) and the reviews.

Thin: forms validate, ``services`` checks and saves. A bottleneck of another organisation, or an id
that does not exist, is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import once
from privacyregie.core.access import requires
from privacyregie.core.forms import apply_errors, error_messages, run_form_action

from . import services
from .forms import ActionForm, ActionUpdateForm, CategoriseForm, CloseForm, RedactForm, ReportForm, ReviewForm
from .models import Action, Bottleneck

REPORT = "protocol.report"
MANAGE = "protocol.manage"


def _bottleneck(request, uuid) -> Bottleneck:
    try:
        return Bottleneck.objects.get(organisation_id=request.user.organisation_id, uuid=uuid)
    except Bottleneck.DoesNotExist as exc:
        raise Http404 from exc


@requires(REPORT)
def report(request):
    ask = "confirm_no_resident" in request.POST
    form = ReportForm(request.POST or None, user=request.user, ask_confirmation=ask)
    findings = []
    token = once.redeem(request, "protocol_report") if request.method == "POST" else None
    if token == once.USED:
        messages.info(request, _("Dit knelpunt was al gemeld; er is niets dubbel opgeslagen."))
        return redirect("protocol:mine")
    if token == once.MISSING:
        form.is_valid()
        form.add_error(None, _("Dit formulier kon niet worden verwerkt: het formulierkenmerk ontbrak of was verlopen. "
                               "Er is niets opgeslagen. Verstuur het formulier opnieuw."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bottleneck = services.report_bottleneck(
                request.user, kind=data["kind"], process=data["process"], description=data["description"],
                suggestion=data["suggestion"], partner=data["partner"],
                confirmed=bool(data.get("confirm_no_resident")))
        except services.NeedsConfirmation as pending:
            findings = pending.findings
            bound = request.POST.copy()
            bound.pop("confirm_no_resident", None)
            form = ReportForm(bound, user=request.user, ask_confirmation=True)
            form.is_valid()
            form.add_error("confirm_no_resident", pending.messages[0])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Dank u. Uw knelpunt is geregistreerd onder nummer %(nr)s. De privacy officer "
                                        "bekijkt het.") % {"nr": bottleneck.number})
            return redirect("protocol:mine")
    return render(request, "protocol/report.html", {
        "form": form, "findings": findings, "form_token": once.issue_token(request, "protocol_report"),
        "external": services.is_external(request.user.roles)}, status=400 if form.errors else 200)


@requires(REPORT)
def mine(request):
    return render(request, "protocol/mine.html", {"bottlenecks": services.own_bottlenecks(request.user)})


@requires(MANAGE)
def overview(request):
    organisation = request.user.organisation
    status = request.GET.get("status", "")
    bottlenecks = services.bottlenecks_for(organisation)
    if status in Bottleneck.Status.values:
        bottlenecks = bottlenecks.filter(status=status)
    today = timezone.localdate()
    return render(request, "protocol/overview.html", {
        "bottlenecks": bottlenecks, "status": status, "statuses": Bottleneck.Status.choices,
        "overdue_actions": services.overdue_actions(organisation, today), "today": today})


@requires(MANAGE)
def detail(request, uuid):
    bottleneck = _bottleneck(request, uuid)
    organisation = request.user.organisation
    today = timezone.localdate()
    actions = list(bottleneck.actions.select_related("owner"))
    for action in actions:
        action.overdue = action.is_overdue(today)
        action.form = ActionUpdateForm(initial={"status": action.status, "result": action.result},
                                       prefix=f"a{action.pk}")
    categorise_form = CategoriseForm(organisation=organisation, initial={
        "themes": bottleneck.themes.all(), "requirements": bottleneck.requirements.all(),
        "note": bottleneck.assessment_note})
    return render(request, "protocol/detail.html", {
        "bottleneck": bottleneck, "actions": actions, "categorise_form": categorise_form,
        "action_form": ActionForm(organisation=organisation), "close_form": CloseForm(),
        "redact_form": RedactForm(initial={"description": bottleneck.description, "suggestion": bottleneck.suggestion},
                                  prefix="redact"),
        "linked": bottleneck.requirements.select_related("assessment", "requirement"),
        "history": bottleneck.history.select_related("history_user")[:20]})


def _post(request, uuid, form, run, success):
    bottleneck = _bottleneck(request, uuid)
    run_form_action(request, form, lambda data: run(bottleneck, data), success)
    return redirect("protocol:detail", uuid=bottleneck.uuid)


@require_POST
@requires(MANAGE)
def categorise(request, uuid):
    form = CategoriseForm(request.POST, organisation=request.user.organisation)
    return _post(request, uuid, form, lambda b, d: services.categorise(
        b, request.user, themes=d["themes"], requirements=d["requirements"], new_theme=d["new_theme"],
        note=d["note"]), _("De thema's en normen zijn vastgelegd."))


@require_POST
@requires(MANAGE)
def add_action(request, uuid):
    form = ActionForm(request.POST, organisation=request.user.organisation)
    return _post(request, uuid, form, lambda b, d: services.add_action(
        b, request.user, description=d["description"], owner=d["owner"], due_date=d["due_date"]),
        _("De actie is toegevoegd; de eigenaar heeft bericht gekregen."))


@require_POST
@requires(MANAGE)
def update_action(request, uuid, action_uuid):
    bottleneck = _bottleneck(request, uuid)
    try:
        action = bottleneck.actions.get(uuid=action_uuid)
    except Action.DoesNotExist as exc:
        raise Http404 from exc
    form = ActionUpdateForm(request.POST, prefix=f"a{action.pk}")
    return _post(request, uuid, form, lambda b, d: services.update_action(
        action, request.user, status=d["status"], result=d["result"]), _("De actie is bijgewerkt."))


@require_POST
@requires(MANAGE)
def close(request, uuid):
    return _post(request, uuid, CloseForm(request.POST), lambda b, d: services.close(
        b, request.user, resolution=d["resolution"]), _("Het knelpunt is afgehandeld."))


@require_POST
@requires(MANAGE)
def redact(request, uuid):
    return _post(request, uuid, RedactForm(request.POST, prefix="redact"), lambda b, d: services.redact(
        b, request.user, description=d["description"], suggestion=d["suggestion"]),
        _("De tekst is aangepast; de oude tekst is niet bewaard."))


@require_POST
@requires(MANAGE)
def reopen(request, uuid):
    bottleneck = _bottleneck(request, uuid)
    try:
        services.reopen(bottleneck, request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Het knelpunt is heropend."))
    return redirect("protocol:detail", uuid=bottleneck.uuid)


@requires(MANAGE)
def reviews(request):
    organisation = request.user.organisation
    form = ReviewForm(request.POST or None, organisation=organisation)
    token = once.redeem(request, "protocol_review") if request.method == "POST" else None
    if token == once.USED:
        messages.info(request, _("Deze evaluatie was al vastgelegd; er is niets dubbel opgeslagen."))
        return redirect("protocol:reviews")
    if token == once.MISSING:
        form.is_valid()
        form.add_error(None, _("Dit formulier kon niet worden verwerkt: het formulierkenmerk ontbrak of was verlopen. "
                               "Er is niets opgeslagen. Verstuur het formulier opnieuw."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.record_review(organisation, request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("De evaluatie van het privacyprotocol is vastgelegd."))
            return redirect("protocol:reviews")
    return render(request, "protocol/reviews.html", {
        "reviews": services.reviews_for(organisation), "form": form,
        "form_token": once.issue_token(request, "protocol_review")}, status=400 if form.errors else 200)
