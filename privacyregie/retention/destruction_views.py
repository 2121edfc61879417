"""Pages of destruction: the proposals (vernietigingslijsten) with their status and what is due, one
proposal with its items, approvals and history, the certificate download, and the legal holds.

Thin: ``destruction`` decides and writes (and logs through the kernel); a refusal is shown as a Dutch
message and changed nothing. Every change is a POST followed by a redirect. A proposal of another
organisation is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from privacyregie.core.access import has_permission, requires
from privacyregie.core.files import download_response
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import AccessDenied, access, write_pending_denial

from . import destruction
from .certificate import certificate_pdf, term_in_words
from .destruction_forms import ApproveForm, ExcludeForm, ExecuteForm, HoldForm, RejectForm
from .models import DestructionCertificate, DestructionProposal, LegalHold, ProposalStatus

VIEW = "retention.view_destruction"
PROPOSE = "retention.propose_destruction"
APPROVE = "retention.approve_destruction"
HOLDS = "retention.manage_holds"


def _proposal(request, uuid) -> DestructionProposal:
    return get_object_or_404(DestructionProposal.objects.select_related("created_by", "executed_by"), uuid=uuid,
                             organisation_id=request.user.organisation_id)


def _errors(request, error: ValidationError | AccessDenied) -> None:
    if isinstance(error, AccessDenied):
        write_pending_denial(error)  # the kernel's refusal, logged although the transaction rolled back
        messages.error(request, str(error))
        return
    for text in error.messages:
        messages.error(request, text)


@requires(VIEW)
def proposals(request):
    organisation = request.user.organisation
    return render(request, "retention/destruction_list.html", {
        "proposals": DestructionProposal.objects.filter(organisation=organisation).select_related("created_by")
        .prefetch_related("approvals"),
        "due": destruction.due_for_destruction(organisation),
        "may_propose": has_permission(request.user, PROPOSE),
        "awaiting": {p.pk for p in destruction.awaiting_approval_of(request.user)},
    })


@require_POST
@requires(PROPOSE)
def draw_up(request):
    try:
        proposal = destruction.draw_up(request)
    except (ValidationError, AccessDenied) as error:
        _errors(request, error)
        return redirect("retention:destruction_list")
    messages.success(request, destruction.drawn_up_message(proposal))
    return redirect("retention:destruction_detail", uuid=proposal.uuid)


@requires(VIEW)
def proposal_detail(request, uuid):
    proposal = _proposal(request, uuid)
    items = list(proposal.items.select_related("result", "case").order_by("case_reference"))
    for item in items:
        item.term_words = term_in_words(item.result)
    if proposal.status != ProposalStatus.EXECUTED:
        try:  # the list shows case references and pseudonyms: a consultation for accountability
            for item in items:
                if item.case_id:
                    access(request, Action.VIEW, item, Purpose.ACCOUNTABILITY)
        except AccessDenied as denied:
            write_pending_denial(denied)
            raise PermissionDenied(str(denied)) from denied
    user = request.user
    open_capacities = [c for c in destruction.capacities_of(user)
                       if c not in {a.capacity for a in proposal.approvals.all()}]
    may_approve = (has_permission(user, APPROVE) and proposal.status == ProposalStatus.DRAFT and bool(open_capacities)
                   and proposal.created_by_id != user.pk and not proposal.approvals.filter(user=user).exists())
    return render(request, "retention/destruction_detail.html", {
        "proposal": proposal, "items": items,
        "approvals": proposal.approvals.select_related("user").order_by("at"),
        "events": proposal.events.select_related("actor"),
        "may_approve": may_approve,
        "approve_form": ApproveForm(initial={"capacity": open_capacities[0] if open_capacities else ""}),
        "open_capacities": open_capacities,
        "may_execute": has_permission(user, PROPOSE) and proposal.status == ProposalStatus.APPROVED,
        "may_exclude": has_permission(user, PROPOSE) and proposal.status in (ProposalStatus.DRAFT,
                                                                               ProposalStatus.APPROVED),
        "execute_form": ExecuteForm(), "exclude_form": ExcludeForm(),
        "may_reject": destruction.may_reject(user, proposal), "reject_form": RejectForm(),
        "certificate": getattr(proposal, "certificate", None) if proposal.status == ProposalStatus.EXECUTED else None,
    })


@require_POST
@requires(APPROVE)
def approve(request, uuid):
    proposal = _proposal(request, uuid)
    form = ApproveForm(request.POST)
    try:
        destruction.approve(request, proposal, form.data.get("capacity") or None)
        messages.success(request, destruction.approved_message(proposal))
    except (ValidationError, AccessDenied) as error:
        _errors(request, error)
    return redirect("retention:destruction_detail", uuid=proposal.uuid)


@require_POST
@requires(APPROVE)
def reject(request, uuid):
    proposal = _proposal(request, uuid)
    try:
        destruction.reject(request, proposal, RejectForm(request.POST).data.get("reason", ""))
        messages.success(request, destruction.rejected_message(proposal))
    except (ValidationError, AccessDenied) as error:
        _errors(request, error)
    return redirect("retention:destruction_detail", uuid=proposal.uuid)


@require_POST
@requires(PROPOSE)
def execute(request, uuid):
    proposal = _proposal(request, uuid)
    form = ExecuteForm(request.POST)
    if not form.is_valid():
        _errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
        return redirect("retention:destruction_detail", uuid=proposal.uuid)
    try:
        destruction.execute(request, proposal)
        messages.success(request, destruction.executed_message(proposal))
    except (ValidationError, AccessDenied) as error:
        _errors(request, error)
    return redirect("retention:destruction_detail", uuid=proposal.uuid)


@require_POST
@requires(PROPOSE)
def exclude(request, uuid, reference):
    proposal = _proposal(request, uuid)
    item = get_object_or_404(proposal.items, case_reference=reference)  # a case number is once on a list
    form = ExcludeForm(request.POST)
    try:
        destruction.exclude_item(request, item, form.data.get("reason", ""))
        messages.success(request, destruction.excluded_message(item))
    except (ValidationError, AccessDenied) as error:
        _errors(request, error)
    return redirect("retention:destruction_detail", uuid=proposal.uuid)


@requires(VIEW)
def certificate_download(request, uuid):
    proposal = _proposal(request, uuid)
    certificate = get_object_or_404(DestructionCertificate, proposal=proposal)
    return download_response(certificate_pdf(certificate), f"verklaring-van-vernietiging-{proposal.reference}.pdf",
                             "application/pdf")


@requires(HOLDS)
def holds(request):
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            destruction.place_hold(request, reason=form.cleaned_data["reason"],
                                   case_reference=form.cleaned_data["case_reference"], bsn=form.cleaned_data["bsn"])
            messages.success(request, destruction.hold_placed_message())
            return redirect("retention:destruction_holds")
        except (ValidationError, AccessDenied) as error:
            _errors(request, error)
    return render(request, "retention/destruction_holds.html", {
        "form": form, "holds": destruction.open_holds(request.user.organisation)})


@require_POST
@requires(HOLDS)
def lift_hold(request, uuid):
    hold = get_object_or_404(LegalHold, uuid=uuid, organisation_id=request.user.organisation_id)
    try:
        destruction.lift_hold(request, hold)
        messages.success(request, destruction.hold_lifted_message())
    except (ValidationError, AccessDenied) as error:
        _errors(request, error)
    return redirect("retention:destruction_holds")
