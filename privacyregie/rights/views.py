"""Pages of residents' requests: the public form and follow-up (no login), the privacy officer's overview,
registration, and handling (identity, extension, acting, answering, letter).

Thin: forms validate, ``services`` decide. A request is looked up within the user's organisation (another
organisation's id is a 404). The public pages show no personal data and answer the same for a BSN the
organisation does not hold. Resident data shown while handling passes the kernel (purpose: the request).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import once
from privacyregie.core.access import has_permission, public, requires
from privacyregie.core.files import download_response
from privacyregie.core.forms import apply_errors
from privacyregie.core.models import Organisation
from privacyregie.core.security import client_ip
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import access

from . import deadlines, letters, services
from .forms import (
    AnswerForm,
    ExtensionForm,
    FollowUpForm,
    HandlerForm,
    IdentityForm,
    PublicRequestForm,
    RectificationForm,
    RegisterForm,
    RestrictionForm,
)
from .models import RequestKind, Restriction

HANDLE = "rights.handle_requests"
VIEW = "rights.view_requests"


def clock(request_obj, now=None) -> dict:
    """The deadline clock of a request: date, words and state (the state is never shown by colour alone)."""
    if not request_obj.is_open:
        return {"due": request_obj.deadline, "text": _("gestopt: beantwoord") if request_obj.answered_at else "",
                "state": "stopped"}
    return {"due": request_obj.deadline, "text": deadlines.clock_text(request_obj.deadline, now),
            "state": deadlines.clock_state(request_obj.deadline, now),
            "days": deadlines.days_left(request_obj.deadline, now)}


# --- public: the web form and the follow-up page --------------------------------------------------

def _public_org(slug) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def _source(request) -> str:
    return f"ip:{client_ip(request) or 'onbekend'}"


@public
def public_form(request, organisation):
    """A resident (or their representative) submits a request without logging in."""
    org = _public_org(organisation)
    form = PublicRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        token = once.redeem(request, "rights_public_request")
        if token == once.USED:
            messages.info(request, _("Dit verzoek was al verstuurd; het is niet dubbel ingediend. Bewaar het "
                                     "ontvangstnummer en de volgcode die u toen kreeg."))
            return redirect("rights:public_follow_up", organisation=org.slug)
        if token == once.MISSING:
            form.add_error(None, _("Dit formulier kon niet worden verwerkt: het formulierkenmerk ontbrak of was "
                                   "verlopen. Er is niets opgeslagen. Verstuur het formulier opnieuw."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                receipt = services.submit_public(
                    org, source=_source(request), kind=data["kind"], requester_name=data["requester_name"],
                    bsn=data["bsn"], requester_contact=data["requester_contact"], description=data["description"],
                    representative_name=data["representative_name"],
                    representative_authority=data["representative_authority"], honeypot=data["website"])
            except services.Throttled:
                form.add_error(None, _("Er zijn vanaf uw verbinding te veel verzoeken tegelijk ingediend. Probeer het "
                                       "over een uur opnieuw, of neem contact op met de gemeente."))
                status = 429
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                due = deadlines.answer_due(receipt.request.received_at) if receipt.request else None
                return render(request, "rights/public_receipt.html", {
                    "org": org, "reference": receipt.reference, "code": receipt.follow_up_code, "due": due})
        if form.errors and status == 200:
            status = 400
    return render(request, "rights/public_form.html", {
        "org": org, "form": form, "form_token": once.issue_token(request, "rights_public_request")}, status=status)


@public
def public_follow_up(request, organisation):
    """Receipt number + code: status and deadline of the request, no personal data."""
    org = _public_org(organisation)
    form = FollowUpForm(request.POST or None)
    found, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            found = services.follow_up(org, form.cleaned_data["reference"], form.cleaned_data["code"],
                                       source=_source(request))
        except services.Throttled:
            form.add_error(None, _("Te veel pogingen. Probeer het over een kwartier opnieuw."))
            status = 429
        else:
            if found is None:
                form.add_error(None, _("Deze combinatie van ontvangstnummer en volgcode kennen wij niet. Controleer "
                                       "beide en probeer het opnieuw."))
                status = 400
    return render(request, "rights/public_follow_up.html", {
        "org": org, "form": form, "found": found, "clock": clock(found) if found else None}, status=status)


# --- the privacy officer's overview ----------------------------------------------------------------

@requires(HANDLE, VIEW, any_of=True)
def overview(request):
    org = request.user.organisation
    rows = [{"sr": r, "clock": clock(r)} for r in services.open_requests(org)]
    stats = services.statistics(org)
    kinds = RequestKind.choices
    table = [{"quarter": q, "cells": [per_kind.get(k, {}) for k, _label in kinds],
              "total": sum(c.get("received", 0) for c in per_kind.values())} for q, per_kind in stats.items()]
    return render(request, "rights/overview.html", {
        "rows": rows, "overdue": [r for r in rows if r["clock"]["state"] == "overdue"],
        "table": table, "kinds": kinds, "can_handle": has_permission(request.user, HANDLE),
        "public_url_slug": org.slug if org else ""})


@requires(HANDLE)
def register(request):
    from django.utils import timezone

    initial = {"received_at": timezone.localtime(timezone.now(), deadlines.AMSTERDAM).replace(second=0, microsecond=0)}
    form = RegisterForm(request.POST or None, initial=initial)
    if request.method == "POST":
        token = once.redeem(request, "rights_register")
        if token == once.USED:
            messages.info(request, _("Dit verzoek was al geregistreerd; er is niets dubbel vastgelegd."))
            return redirect("rights:overview")
        if token == once.MISSING:
            form.add_error(None, _("Het formulierkenmerk ontbrak of was verlopen. Er is niets opgeslagen."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                sr = services.register_request(
                    request.user, kind=data["kind"], channel=data["channel"], received_at=data["received_at"],
                    requester_name=data["requester_name"], requester_contact=data["requester_contact"],
                    bsn=data["bsn"], description=data["description"], representative_name=data["representative_name"],
                    representative_authority=data["representative_authority"],
                    representative_evidence=data["representative_evidence"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Verzoek %(ref)s geregistreerd; antwoord uiterlijk %(due)s.") % {
                    "ref": sr.reference, "due": sr.due_on.strftime("%d-%m-%Y")})
                return redirect("rights:detail", uuid=sr.uuid)
    return render(request, "rights/register.html", {"form": form, "form_token": once.issue_token(request,
                                                                                                "rights_register")})


def _detail_context(request, sr, **forms):
    resident = None
    if sr.resident is not None and sr.is_open:
        access(request, Action.VIEW, sr.resident, Purpose.SUBJECT_REQUEST)  # logged, purpose: the request
        resident = sr.resident
    context = {
        "sr": sr, "clock": clock(sr), "resident": resident, "events": sr.events.select_related("actor"),
        "rectifications": sr.rectifications.all(), "restrictions": sr.restrictions.all(),
        "extension_deadline": deadlines.extension_deadline(sr.received_at),
        "identity_form": IdentityForm(), "extension_form": ExtensionForm(initial={"sent_on": deadlines.today_local()}),
        "answer_form": AnswerForm(), "rectification_form": RectificationForm(), "restriction_form": RestrictionForm(),
        "handler_form": HandlerForm(organisation=sr.organisation, initial={"handler": sr.handler_id}),
        "extension_open": sr.is_open and not sr.extended_due_on
        and deadlines.today_local() <= deadlines.extension_deadline(sr.received_at),
    }
    context.update(forms)
    return context


@requires(HANDLE)
def detail(request, uuid):
    sr = services.get_request(request.user, uuid)
    return render(request, "rights/detail.html", _detail_context(request, sr))


def _act(request, uuid, form_class, name, perform, success):
    """POST a handling form: on success a message and back to the request; on error the page with the error."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sr = services.get_request(request.user, uuid)
    form = form_class(request.POST, **({"organisation": sr.organisation} if form_class is HandlerForm else {}))
    if form.is_valid():
        try:
            perform(sr, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("rights:detail", uuid=sr.uuid)
    return render(request, "rights/detail.html", _detail_context(request, sr, **{name: form}), status=400)


@requires(HANDLE)
def identity(request, uuid):
    return _act(request, uuid, IdentityForm, "identity_form", lambda sr, d: services.verify_identity(
        request, sr, method=d["method"], bsn=d["bsn"]), _("De identiteitscontrole is vastgelegd."))


@requires(HANDLE)
def extend(request, uuid):
    return _act(request, uuid, ExtensionForm, "extension_form", lambda sr, d: services.extend(
        request, sr, months=d["months"], reason=d["reason"], sent_on=d["sent_on"]), _("De termijn is verlengd."))


@requires(HANDLE)
def assign(request, uuid):
    return _act(request, uuid, HandlerForm, "handler_form", lambda sr, d: services.assign_handler(
        request.user, sr, d["handler"]), _("De behandelaar is vastgelegd."))


@requires(HANDLE)
def rectify(request, uuid):
    return _act(request, uuid, RectificationForm, "rectification_form", lambda sr, d: services.rectify(
        request, sr, field=d["field"], new_value=d["new_value"]), _("Het gegeven is gecorrigeerd; oude en nieuwe "
                                                                   "waarde zijn vastgelegd."))


@requires(HANDLE)
def restrict(request, uuid):
    return _act(request, uuid, RestrictionForm, "restriction_form", lambda sr, d: services.restrict(
        request, sr, reason=d["reason"]), _("De verwerking is beperkt."))


@requires(HANDLE)
def answer(request, uuid):
    return _act(request, uuid, AnswerForm, "answer_form", lambda sr, d: services.answer_request(
        sr, request.user, outcome=d["outcome"], reasoning=d["reasoning"]),
        _("Het besluit is vastgelegd; de termijn is gestopt. Download de brief en verstuur die."))


@requires(HANDLE)
@require_POST
def erase(request, uuid):
    sr = services.get_request(request.user, uuid)
    try:
        result = services.erase(request, sr)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.erased:
            messages.success(request, _("Gewist: %(refs)s.") % {"refs": ", ".join(result.erased)})
        for reference, reason in result.refused:
            messages.warning(request, _("Niet gewist: %(ref)s. %(reason)s") % {"ref": reference, "reason": reason})
    return redirect("rights:detail", uuid=sr.uuid)


@requires(HANDLE)
@require_POST
def lift(request, uuid, restriction_uuid):
    sr = services.get_request(request.user, uuid)
    restriction = get_object_or_404(Restriction, uuid=restriction_uuid, request=sr)
    try:
        services.lift_restriction(request.user, restriction)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De beperking is opgeheven."))
    return redirect("rights:detail", uuid=sr.uuid)


@requires(HANDLE)
def letter(request, uuid):
    sr = services.get_request(request.user, uuid)
    pdf = letters.letter_pdf(sr)
    return download_response(pdf, f"besluit-{sr.reference}.pdf", "application/pdf")
