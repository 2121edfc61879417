"""Pages of external users (invitation, first visit, statement, shared with me) and the
municipal overview of the access given. Thin views; the rules live in ``services``."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core import once
from privacyregie.core.access import account, authenticated, public, requires
from privacyregie.core.models import SecurityEvent
from privacyregie.core.security import record_event

from . import services
from .forms import AccountForm, EmailCodeForm, StatementForm

SESSION_KEY = "external_invitation"
MANAGE = ("dossiers.work_cases", "kernel.view_processing_log")

_REFUSALS = {
    "unknown": (404, gettext_lazy("Deze uitnodiging bestaat niet of de link is niet compleet. Controleer de link in de e-mail.")),
    "used": (410, gettext_lazy("Deze uitnodiging is al gebruikt. Log in met het account dat u toen heeft ingesteld.")),
    "expired": (410, gettext_lazy(
        "Deze uitnodiging is verlopen. Vraag uw contactpersoon bij de gemeente om een nieuwe uitnodiging.")),
    "revoked": (410, gettext_lazy(
        "Deze uitnodiging is ingetrokken. Vraag uw contactpersoon bij de gemeente om een nieuwe uitnodiging.")),
    "no_session": (400, gettext_lazy("Open de link uit de uitnodiging opnieuw om verder te gaan.")),
}


def _refuse(request, invitation, state):
    services.refuse_invitation(request, invitation, state)
    status, message = _REFUSALS[state]
    request.session.pop(SESSION_KEY, None)
    return render(request, "external/invitation_invalid.html", {"message": message}, status=status)


@public
def invitation(request, token):
    """The link from the e-mail: checks the token, then continues on the first-visit page (token not in later URLs)."""
    found = services.find_invitation(token)
    if found is None:
        return _refuse(request, None, "unknown")
    state = found.state()
    if state != "open":
        return _refuse(request, found, state)
    if request.user.is_authenticated:
        return render(request, "external/invitation_invalid.html", {
            "message": _("U bent ingelogd. Log eerst uit en open de link daarna opnieuw.")}, status=409)
    request.session[SESSION_KEY] = {"id": found.pk, "confirmed": False}
    return redirect("external:first_visit")


@public
def first_visit(request):
    """Confirm the e-mail address with a code, then choose a name and password; TOTP enrolment follows."""
    from .models import Invitation

    held = request.session.get(SESSION_KEY) or {}
    found = Invitation.objects.select_related("organisation").filter(pk=held.get("id")).first()
    if found is None or request.user.is_authenticated:
        return _refuse(request, None, "no_session")
    if found.state() != "open":
        return _refuse(request, found, found.state())
    confirmed = bool(held.get("confirmed"))
    code_form = EmailCodeForm()
    account_form = AccountForm(invitation=found)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "send" and not confirmed:
            try:
                services.send_email_code(request, found)
                messages.success(request, _("We hebben een code gestuurd naar %(email)s.") % {"email": found.email})
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            return redirect("external:first_visit")
        if action == "verify" and not confirmed:
            code_form = EmailCodeForm(request.POST)
            if code_form.is_valid():
                try:
                    services.verify_email_code(request, found, code_form.cleaned_data["code"])
                except ValidationError as exc:
                    code_form.add_error("code", exc)
                else:
                    request.session[SESSION_KEY] = {"id": found.pk, "confirmed": True}
                    messages.success(request, _("Uw e-mailadres is bevestigd."))
                    return redirect("external:first_visit")
        elif action == "account" and confirmed:
            account_form = AccountForm(request.POST, invitation=found)
            if account_form.is_valid():
                data = account_form.cleaned_data
                try:
                    user = services.complete_first_visit(request, found, first_name=data["first_name"],
                                                         last_name=data["last_name"], password=data["password1"])
                except ValidationError as exc:
                    account_form.add_error(None, exc)
                else:
                    request.session.pop(SESSION_KEY, None)
                    if user is None:
                        messages.info(request, _("U heeft al een account. Log in; de nieuwe toegang staat klaar."))
                        return redirect("two_factor:login")
                    login(request, user, backend="privacyregie.core.backends.LocalAccountBackend")
                    messages.success(request, _("Uw account is aangemaakt. Stel nu uw tweede factor in."))
                    return redirect("two_factor:setup")
    return render(request, "external/first_visit.html", {
        "invitation": found, "confirmed": confirmed, "code_form": code_form, "account_form": account_form,
        "code_sent": bool(found.code_sent_at),
    })


@account
def statement(request):
    """The confidentiality statement (R23): an external user accepts the current version before any access."""
    current = services.current_statement()
    external = services.is_external(request.user)
    accepted = current is None or services.has_accepted_current_statement(request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    form = StatementForm()
    if request.method == "POST":
        if not external or current is None:
            raise PermissionDenied(_("Alleen externe gebruikers accepteren deze verklaring."))
        form = StatementForm(request.POST)
        if form.is_valid():
            services.accept_statement(request.user, current)
            messages.success(request, _("U heeft de geheimhoudingsverklaring geaccepteerd."))
            return redirect(next_url or "web:home")
    return render(request, "external/statement.html", {
        "statement": current, "external": external, "accepted": accepted, "form": form, "next": next_url,
    })


@authenticated
def shared(request):
    """Everything shared with this external user, per capability (exchange, data rooms)."""
    if not services.is_external(request.user):
        record_event(request, SecurityEvent.Kind.ACCESS_DENIED, detail="gedeeld-met-mij is voor externe gebruikers")
        raise PermissionDenied(_("Deze pagina is voor externe gebruikers van ketenpartners."))
    return render(request, "external/shared.html", {
        "sections": services.start_sections(request.user),
        "expiring": services.expiring_soon(request.user),
    })


@requires(*MANAGE, any_of=True)
def overview(request):
    """The access I gave to external users (the privacy officer: all of the organisation's)."""
    return render(request, "external/overview.html", {
        "grants": services.visible_grants(request.user)[:200],
        "invitations": services.visible_invitations(request.user)[:200],
        "now": timezone.now(),
    })


@requires(*MANAGE, any_of=True)
def grant_revoke(request, uuid):
    grant = get_object_or_404(services.visible_grants(request.user), uuid=uuid)
    if request.method == "POST":
        try:
            services.revoke(request, grant)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("De toegang van %(user)s is ingetrokken.") % {"user": grant.user})
        return redirect("external:overview")
    return render(request, "external/confirm_revoke.html", {"grant": grant})


@requires(*MANAGE, any_of=True)
def invitation_revoke(request, uuid):
    found = get_object_or_404(services.visible_invitations(request.user), uuid=uuid)
    if request.method == "POST":
        try:
            services.revoke_invitation(request, found)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("De uitnodiging aan %(email)s is ingetrokken.") % {"email": found.email})
        return redirect("external:overview")
    return render(request, "external/confirm_revoke.html", {"invitation": found})


@requires(*MANAGE, any_of=True)
def invitation_resend(request, uuid):
    """A new link for an open invitation (e.g. the e-mail bounced); the old link stops working.

    The POST carries a one-time form token: a double click sends one link, not two (the second
    would make the first useless).
    """
    found = get_object_or_404(services.visible_invitations(request.user), uuid=uuid)
    if request.method == "POST":
        token = once.redeem(request, f"invitation_resend:{found.uuid}")
        if token == once.USED:
            messages.info(request, _("De nieuwe link was al verstuurd; er is niets dubbel verstuurd."))
            return redirect("external:overview")
        if token == once.MISSING:
            messages.error(request, _("Dit formulier was verlopen. Bevestig opnieuw."))
            return redirect("external:invitation_resend", uuid=found.uuid)
        try:
            services.resend_invitation(request, found)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Er is een nieuwe link gestuurd naar %(email)s. De vorige link werkt niet meer.")
                             % {"email": found.email})
        return redirect("external:overview")
    return render(request, "external/confirm_resend.html", {
        "invitation": found, "form_token": once.issue_token(request, f"invitation_resend:{found.uuid}")})
