"""Pages of supplier remote access. Thin: every rule lives in ``services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import once
from privacyregie.core.access import requires

from . import services
from .forms import BreachReportForm, ConnectionLogForm, DecisionForm, RequestForm, WorkForm
from .models import AuthorisationAnswer, ConnectionLogImport, Phase

VIEWERS = ("suppliers.request_access", "suppliers.approve", "suppliers.manage")


def _visible(request, uuid):
    found = services.visible_requests(request.user).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


def _errors(request, exc):
    services.keep_refusal_logged(exc)
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


@requires(*VIEWERS, any_of=True)
def request_list(request):
    user = request.user
    items = list(services.visible_requests(user)[:200])
    now = timezone.now()
    return render(request, "suppliers/list.html", {
        "items": [(item, item.phase_label(now)) for item in items],
        "to_decide": services.to_decide(user),
        "to_confirm": services.to_confirm(user),
        "may_request": services.is_supplier(user) and services.systems_for(user).exists(),
    })


@requires("suppliers.request_access")
def request_create(request):
    systems = services.systems_for(request.user)
    form = RequestForm(request.POST or None, systems=systems)
    maximum = services.settings_for(request.user.organisation).max_window_hours
    token = once.redeem(request, "suppliers_request") if request.method == "POST" else None
    if token == once.USED:
        messages.info(request, _("Deze aanvraag was al verstuurd; er is niets dubbel aangevraagd."))
        return redirect("suppliers:list")
    if token == once.MISSING:
        form.add_error(None, _("Dit formulier kon niet worden verwerkt: het formulierkenmerk ontbrak of was "
                               "verlopen. Er is niets aangevraagd. Controleer de gegevens en verstuur het "
                               "formulier opnieuw."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_access(request, system=data["system"], purpose=data["purpose"],
                                              reference=data["reference"], starts_at=data["starts_at"],
                                              ends_at=data["ends_at"])
        except (ValidationError, PermissionDenied) as exc:
            services.keep_refusal_logged(exc)
            form.add_error(None, exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, _("Uw aanvraag is verstuurd naar de eigenaar van het systeem."))
            return redirect("suppliers:detail", uuid=created.uuid)
    return render(request, "suppliers/request_form.html", {
        "form": form, "maximum": maximum, "has_systems": systems.exists(),
        "form_token": once.issue_token(request, "suppliers_request")})


@requires(*VIEWERS, any_of=True)
def request_detail(request, uuid):
    item = _visible(request, uuid)
    user = request.user
    phase = item.phase()
    return render(request, "suppliers/detail.html", {
        "item": item, "phase": phase, "phase_label": item.phase_label(),
        "approvals": item.approvals.select_related("user"),
        "awaiting": services.awaiting(item) if phase == Phase.AWAITING else [],
        "decision_form": DecisionForm() if services.approver_role(user, item) else None,
        "work_form": WorkForm(initial={"work_done": item.work_done})
        if user.pk == item.requester_id and phase in (Phase.OPEN, Phase.CLOSED, Phase.RECORDED) else None,
        "may_confirm": user.pk == item.system.owner_id and phase == Phase.RECORDED,
        "may_withdraw": user.pk == item.requester_id and phase in (Phase.AWAITING, Phase.SCHEDULED),
        "sessions": item.sessions.all(),
    })


def _act(request, uuid, action, success: str):
    """Run ``action(item)`` on a request the user may see and go back to it: the success message, or the
    refusal or error as messages (a refusal's security event kept even when its transaction rolled back)."""
    item = _visible(request, uuid)
    try:
        action(item)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("suppliers:detail", uuid=uuid)


@require_POST
@requires("suppliers.approve")
def request_decide(request, uuid):
    form = DecisionForm(request.POST)

    def decide(item):
        if not form.is_valid():
            raise ValidationError(_("Kies goedkeuren of afwijzen."))
        services.decide(request, item, approve=form.cleaned_data["decision"] == "approve",
                        note=form.cleaned_data["note"])

    return _act(request, uuid, decide, _("Uw besluit is vastgelegd."))


@require_POST
@requires("suppliers.request_access")
def request_work(request, uuid):
    form = WorkForm(request.POST)

    def record(item):
        if not form.is_valid():
            raise ValidationError(_("Beschrijf wat u heeft gedaan."))
        services.record_work(request, item, form.cleaned_data["work_done"])

    return _act(request, uuid, record, _("Het werk is vastgelegd. De eigenaar bevestigt het."))


@require_POST
@requires("suppliers.approve")
def request_confirm(request, uuid):
    return _act(request, uuid, lambda item: services.confirm_work(request, item), _("Het werk is bevestigd."))


@require_POST
@requires("suppliers.request_access")
def request_withdraw(request, uuid):
    return _act(request, uuid, lambda item: services.withdraw(request, item), _("De aanvraag is ingetrokken."))


@requires("suppliers.manage")
def connection_log(request):
    form = ConnectionLogForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_connection_log(request, request.user.organisation, form.cleaned_data["file"],
                                                dry_run=form.cleaned_data["dry_run"])
        if result.ok and result.log is not None:
            messages.success(request, _("%(n)s sessies ingelezen; %(o)s buiten een goedgekeurd venster (gemeld als "
                                        "beveiligingsincident).") % {"n": result.imported, "o": result.out_of_window})
            return redirect("suppliers:connection_log")
    imports = ConnectionLogImport.objects.filter(organisation_id=request.user.organisation_id)[:20]
    return render(request, "suppliers/connection_log.html", {"form": form, "result": result, "imports": imports})


@requires("suppliers.manage")
def answers(request):
    items = AuthorisationAnswer.objects.filter(organisation_id=request.user.organisation_id)[:200]
    return render(request, "suppliers/answers.html", {"items": items})


@requires("suppliers.request_access")
def report_breach(request):
    from privacyregie.register.services import processor_agreements_of

    partner = services.partner_of(request.user)
    agreements = processor_agreements_of(partner) if partner else None
    form = BreachReportForm(request.POST or None, agreements=agreements, partner=partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = services.report_breach_as_processor(
                request.user, agreement=data.get("agreement"), supplier_name=data.get("supplier_name", ""),
                type="datalek", title=data["title"],
                description=data["description"], discovered_at=data["discovered_at"],
                occurred_at=data["occurred_at"], data_involved=data["data_involved"])
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Uw melding is ontvangen onder nummer %(nr)s. De gemeente beoordeelt haar "
                                        "direct; de termijn van 72 uur loopt vanaf nu.") % {"nr": receipt.receipt_number})
            return redirect("web:home")
    return render(request, "suppliers/report_breach.html", {"form": form, "partner": partner})
