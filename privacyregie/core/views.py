"""Account pages: two-factor login, enrolment, logout (everywhere), profile, roles
table, security events, notifications, the progress of one-off tasks. Thin views; logic lives in services."""

import base64

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from two_factor import views as tf_views

from . import services, sso, tasks
from .access import account, enrolment, public, requires
from .files import download_response
from .models import Notification, SecurityEvent, Task
from .roles import Role, permission_matrix
from .security import record_event


def _dutch_code_label(form):
    """The library names the code field "Token"; a user knows it as the code from the app."""
    for name in ("otp_token", "token"):
        if form is not None and name in getattr(form, "fields", {}):
            form.fields[name].label = _("Code uit de authenticator-app")
    return form


class LoginView(tf_views.LoginView):
    """django-two-factor-auth's login wizard; records failed second-factor attempts."""

    template_name = "two_factor/core/login.html"

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["identity_providers"] = sso.active_providers() if self.steps.current == "auth" else []
        return context

    def get_form(self, step=None, **kwargs):
        return _dutch_code_label(super().get_form(step, **kwargs))

    def render(self, form=None, **kwargs):
        if form is not None and form.is_bound and form.errors and self.steps.current in ("token", "backup"):
            user = self.get_user()
            record_event(self.request, SecurityEvent.Kind.OTP_FAILED, user=user or None,
                         username=getattr(user, "username", ""))
        return super().render(form, **kwargs)


login_view = public(LoginView.as_view())
class SetupView(tf_views.SetupView):
    """django-two-factor-auth's enrolment wizard; remembers that enrolment just finished."""

    success_url = "core:enrolment_done"

    def get_form(self, step=None, **kwargs):
        return _dutch_code_label(super().get_form(step, **kwargs))

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        self.request.session["just_enrolled"] = True
        return response


setup_view = enrolment(SetupView.as_view())
qr_view = enrolment(tf_views.QRGeneratorView.as_view())


@account
def enrolment_done(request):
    """After enrolment: show the recovery codes once and record the event."""
    if not request.session.pop("just_enrolled", False):
        return redirect("web:home")  # codes are shown once, right after enrolment; new ones via the profile
    record_event(request, SecurityEvent.Kind.OTP_ENROLLED)
    tokens = services.create_recovery_codes(request.user)
    return render(request, "core/enrolment_done.html", {"tokens": tokens})


@account
def recovery_codes(request):
    device = StaticDevice.objects.filter(user=request.user, name="backup").first()
    remaining = device.token_set.count() if device else 0
    tokens = None
    if request.method == "POST":
        tokens = services.create_recovery_codes(request.user)
        messages.success(request, _("Er zijn nieuwe herstelcodes gemaakt. De oude codes werken niet meer."))
    return render(request, "core/recovery_codes.html", {"tokens": tokens, "remaining": remaining})


sso_start = public(sso.StartView.as_view())
sso_callback = public(sso.CallbackView.as_view())


class SSOTokenForm(forms.Form):
    otp_token = forms.CharField(label=gettext_lazy("Code uit de authenticator-app"), max_length=16,
                                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


@enrolment
def sso_verify(request):
    """After single sign-on without the provider's MFA: Privacyregie's own second factor."""
    if request.user.is_verified():
        return redirect("web:home")
    if not sso.has_own_second_factor(request.user):
        return redirect("two_factor:setup")
    form = SSOTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["otp_token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect("web:home")
        record_event(request, SecurityEvent.Kind.OTP_FAILED)
        form.add_error("otp_token", _("Deze code klopt niet. Probeer het opnieuw."))
    return render(request, "core/sso_verify.html", {"form": form})


@public
@require_POST
def logout_view(request):
    provider = id_token = None
    if request.user.is_authenticated:
        record_event(request, SecurityEvent.Kind.LOGOUT)
        provider = sso.provider_from_session(request)
        id_token = request.session.get(sso.SESSION_ID_TOKEN)
    end_session = sso.end_session_url(request, provider, id_token)
    logout(request)
    if end_session:
        # RP-initiated logout: the identity provider ends its session too and sends the browser back.
        # A page (not a redirect): the CSP's form-action would stop a form's redirect to another origin.
        return render(request, "core/sso_logged_out.html", {"end_session_url": end_session,
                                                            "organisation": provider.organisation})
    messages.info(request, _("U bent uitgelogd."))
    return redirect("two_factor:login")


@account
@require_POST
def logout_everywhere(request):
    record_event(request, SecurityEvent.Kind.LOGOUT_EVERYWHERE)
    services.logout_everywhere(request.user)
    logout(request)
    messages.info(request, _("U bent op alle apparaten uitgelogd."))
    return redirect("two_factor:login")


@account
def profile(request):
    user = request.user
    context = {
        "memberships": user.team_memberships.select_related("team"),
        "has_device": sso.has_own_second_factor(user),
        "recent_events": SecurityEvent.objects.filter(user=user)[:10],
    }
    return render(request, "core/profile.html", context)


@requires("core.view_roles")
def roles(request):
    return render(request, "core/roles.html", {"roles": list(Role), "matrix": permission_matrix()})


@requires("core.view_security_events")
def security_events(request):
    events = SecurityEvent.objects.filter(organisation=request.user.organisation).select_related("user")
    kind = request.GET.get("soort", "")
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    return render(request, "core/security_events.html", {"page": page, "kinds": SecurityEvent.Kind.choices, "kind": kind})


@requires("core.view_pending_shreds")
def pending_shreds(request):
    from .shredding import pending_summary

    return render(request, "core/pending_shreds.html", {"summary": pending_summary()})


@account
def notifications(request):
    items = Notification.objects.filter(recipient=request.user)
    page = Paginator(items, 25).get_page(request.GET.get("pagina"))
    return render(request, "core/notifications.html", {"page": page})


@account
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(notification)
    return redirect(notification.url or "core:notifications")


# --- One-off tasks (core.tasks): progress of a large import or export, for its owner only ------------------


@account
def task_detail(request, public_id):
    """The progress of the user's own task; when it is done, on to its result (others get a 404)."""
    task = tasks.for_owner(public_id, request.user)
    if task.status == Task.Status.DONE and task.result_url:
        if task.message:
            messages.success(request, task.message)
        return redirect(task.result_url)
    return render(request, "core/task.html", {"task": task, "state": tasks.state(task),
                                              "title": tasks.title(task)})


@account
def task_status(request, public_id):
    """The task's progress as JSON, for the page's polling script."""
    task = tasks.for_owner(public_id, request.user)
    return JsonResponse(tasks.state(task))


@account
def task_download(request, public_id):
    """The file a finished task made (e.g. a large export), for its owner only, while it is kept."""
    task = tasks.for_owner(public_id, request.user)
    stored = tasks.result(task) if task.status == Task.Status.DONE else None
    if not stored or "data" not in stored:
        raise Http404
    return download_response(base64.b64decode(stored["data"]), stored["filename"], stored["content_type"])
