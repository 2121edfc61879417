"""Pages of the exchange: share from a case (or without one), the exchange page for both sides,
download, answer, forward and revoke, and the lists "shared with me" / "sent by me".

Thin: forms validate, ``services`` checks, decides (kernel) and logs. An exchange of another
organisation, or an id that does not exist, is a 404; an exchange the user may not open is
refused (403) with the kernel's reason, and the refusal is logged.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core import once
from privacyregie.core.access import requires
from privacyregie.core.files import discard_staged, download_response, stage, unstage
from privacyregie.core.forms import apply_errors, error_messages, run_form_action
from privacyregie.kernel.policy import Action
from privacyregie.kernel.services import AccessDenied, write_pending_denial

from . import ports, services
from .forms import AnswerForm, ForwardForm, PartnerForm, ShareForm
from .models import Exchange, ExchangeFile

SHARE = "exchange.share"
RECEIVE = "exchange.receive"


def _refused(request, denied: AccessDenied, status=403):
    write_pending_denial(denied)
    return render(request, "exchange/refused.html", {"reason": str(denied)}, status=status)


def _exchange(request, uuid) -> Exchange:
    try:
        return services.get_exchange(request.user, uuid)
    except Exchange.DoesNotExist as exc:
        raise Http404 from exc


def _case(request):
    public_id = request.GET.get("casus") or request.POST.get("casus")
    if not public_id:
        return None
    from privacyregie.dossiers.models import Case
    from privacyregie.dossiers.services import get_case

    try:
        return get_case(request.user, public_id)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _staged_uploads(request, token):
    payload = unstage(token, owner=str(request.user.pk)) if token else None
    return [SimpleUploadedFile(name, base64.b64decode(data)) for name, data in (payload or [])]


def _stage_uploads(request, uploads) -> str:
    files = []
    for upload in uploads:
        upload.seek(0)
        files.append((upload.name, base64.b64encode(upload.read()).decode()))
    return stage(files, owner=str(request.user.pk)) if files else ""


@requires(SHARE, RECEIVE, any_of=True)
def inbox(request):
    if ports.is_external(request.user):
        return render(request, "exchange/shared_with_me.html", {"exchanges": services.shared_with(request.user)})
    return render(request, "exchange/sent.html", {"exchanges": services.sent_by(request.user)})


@requires(SHARE)
def share(request):
    """Share from a case (``?casus=<uuid>``) or without personal data: partner first, then the message."""
    case = _case(request)
    if case is not None:
        from privacyregie.dossiers.services import require_case_work

        try:
            require_case_work(request, case, Action.SHARE)
        except AccessDenied as denied:
            return _refused(request, denied)
    partner_form = PartnerForm(request.GET if "partner" in request.GET else None, user=request.user)
    partner = partner_form.cleaned_data["partner"] if partner_form.is_bound and partner_form.is_valid() else None
    context = {"case": case, "partner_form": partner_form, "partner": partner}
    if partner is None:
        return render(request, "exchange/share.html", context)
    needs_deviation = case is not None and not case.statutory_basis
    findings = []
    form = ShareForm(request.POST or None, request.FILES or None, partner=partner, case=case,
                     needs_deviation=needs_deviation, findings="confirm_findings" in request.POST)
    token = once.redeem(request, "exchange_share") if request.method == "POST" else None
    if token == once.USED:
        messages.info(request, _("Dit was al gedeeld; er is niets dubbel verstuurd."))
        return redirect("exchange:inbox")
    if token == once.MISSING:
        form.is_valid()
        form.add_error(None, _("Dit formulier kon niet worden verwerkt: het formulierkenmerk ontbrak of was verlopen. "
                               "Er is niets gedeeld. Controleer de gegevens en verstuur het formulier opnieuw."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uploads = data["files"] or _staged_uploads(request, data.get("staged"))
        try:
            exchange = services.create_exchange(
                request, partner=partner, case=case, subject=data["subject"], text=data["text"],
                recipients=list(data["recipients"]), invite_emails=[data["invite_email"]] if data["invite_email"] else [],
                data_categories=data.get("data_categories") or [], uploads=uploads,
                confirmed=data.get("confirm_findings", False), deviation_motivation=data.get("deviation_motivation", ""),
                days=data["days"])
        except services.NeedsConfirmation as pending:
            findings = pending.findings
            bound = request.POST.copy()
            bound["staged"] = _stage_uploads(request, uploads)
            form = ShareForm(bound, partner=partner, case=case, needs_deviation=needs_deviation, findings=True)
            form.is_valid()
            apply_errors(form, pending)
        except AccessDenied as denied:
            write_pending_denial(denied)
            form.add_error(None, str(denied))
            if not needs_deviation and case is not None:
                form = _with_deviation(request, partner, case, str(denied))
                needs_deviation = True
        except ValidationError as error:
            apply_errors(form, error)
        else:
            discard_staged(data.get("staged") or "")
            messages.success(request, _("Gedeeld met %(partner)s. De ontvangers krijgen een e-mail zonder inhoud, "
                                        "met alleen een link.") % {"partner": partner.name})
            return redirect("exchange:detail", uuid=exchange.uuid)
    context.update({"form": form, "findings": findings, "form_token": once.issue_token(request, "exchange_share")})
    return render(request, "exchange/share.html", context, status=400 if form.errors else 200)


def _with_deviation(request, partner, case, reason):
    form = ShareForm(request.POST, partner=partner, case=case, needs_deviation=True,
                     findings="confirm_findings" in request.POST)
    form.is_valid()
    form.add_error(None, reason)
    return form


@requires(SHARE, RECEIVE, any_of=True)
def detail(request, uuid):
    exchange = _exchange(request, uuid)
    try:
        decision = services.open_exchange(request, exchange)
    except AccessDenied as denied:
        return _refused(request, denied)
    external = ports.is_external(request.user)
    context = {
        "exchange": exchange, "decision": decision, "external": external,
        "exchange_messages": services.messages_of(exchange),
        "answer_form": AnswerForm(), "is_open": exchange.is_open(),
        "categories": exchange.data_categories,
    }
    if not external:
        context["recipients"] = exchange.recipients.select_related("user")
        context["forward_form"] = ForwardForm(partner=exchange.partner)
    return render(request, "exchange/detail.html", context)


@requires(SHARE, RECEIVE, any_of=True)
def download(request, uuid, file_uuid):
    exchange = _exchange(request, uuid)
    try:
        file = services.find_file(exchange, file_uuid)
    except ExchangeFile.DoesNotExist as exc:
        raise Http404 from exc
    try:
        data = services.read_file(request, file)
    except AccessDenied as denied:
        return _refused(request, denied)
    except services.FileUnavailable:
        return render(request, "exchange/refused.html", {"reason": _(
            "Dit bestand kan niet veilig worden geopend: de versleutelde inhoud is beschadigd of gewijzigd. Het is "
            "niet geleverd. De beveiligingsfunctionaris is op de hoogte gebracht.")}, status=409)
    return download_response(data, file.file_name, file.content_type)


@require_POST
@requires(SHARE, RECEIVE, any_of=True)
def answer(request, uuid):
    exchange = _exchange(request, uuid)
    form = AnswerForm(request.POST, request.FILES)
    return _act(request, exchange, form, _("Uw bericht is verstuurd."), lambda data: services.answer(
        request, exchange, text=data["text"], uploads=data["files"], confirmed=data["confirm_findings"]))


@require_POST
@requires(SHARE)
def forward(request, uuid):
    exchange = _exchange(request, uuid)
    form = ForwardForm(request.POST, partner=exchange.partner)
    return _act(request, exchange, form, _("De uitwisseling is doorgestuurd."), lambda data: services.forward(
        request, exchange, recipient=data["recipient"], email=data["email"]))


def _act(request, exchange, form, success: str, action):
    """Run ``action(cleaned_data)`` for a valid form and go back to the exchange: its success message, the
    refusal page when the kernel refuses, or the form's and the service's Dutch errors as messages."""
    try:
        run_form_action(request, form, action, success)
    except AccessDenied as denied:
        return _refused(request, denied)
    return redirect("exchange:detail", uuid=exchange.uuid)


@require_POST
@requires(SHARE)
def revoke(request, uuid):
    exchange = _exchange(request, uuid)
    try:
        services.revoke_exchange(request, exchange)
    except AccessDenied as denied:
        return _refused(request, denied)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("De uitwisseling is ingetrokken. De ontvangers hebben geen toegang meer."))
    return redirect("exchange:detail", uuid=exchange.uuid)
