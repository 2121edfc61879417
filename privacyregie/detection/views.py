"""The privacy officer's pages for alerts of suspicious access: list, detail with evidence,
assessment, conversion to a data breach, and the rules' thresholds. Thin: logic in services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core.access import requires

from . import services
from .forms import AssessmentForm, SettingsForm
from .models import Alert, Assessment, DetectionRun


@requires("detection.view_alerts")
def alert_list(request):
    status = request.GET.get("status", "open")
    alerts = Alert.objects.filter(organisation=request.user.organisation)
    if status in Assessment.values:
        alerts = alerts.filter(assessment=status)
    else:
        status = "alle"
    page = Paginator(alerts, 50).get_page(request.GET.get("pagina"))
    return render(request, "detection/list.html", {
        "page": page, "status": status, "statuses": [("open", _("te beoordelen")), ("terecht", _("terecht")),
                                                     ("onterecht", _("onterecht")), ("alle", _("alle"))],
        "last_run": DetectionRun.objects.filter(organisation=request.user.organisation).first(),
    })


def _alert(request, uuid):
    return get_object_or_404(Alert.objects.select_related("assessed_by", "incident"), uuid=uuid,
                             organisation=request.user.organisation)


def _detail(request, alert, form=None, status=200):
    return render(request, "detection/detail.html", {
        "alert": alert, "explanation": services.explanation(alert), "entries": services.evidence(request, alert),
        "form": form or AssessmentForm(), "can_assess": "detection.assess" in request.user.privacy_permissions,
        "can_convert": {"detection.assess", "incidents.report"} <= request.user.privacy_permissions,
        "now": timezone.now(),
    }, status=status)


@requires("detection.view_alerts")
def alert_detail(request, uuid):
    return _detail(request, _alert(request, uuid))


@requires("detection.assess")
@require_POST
def alert_assess(request, uuid):
    alert = _alert(request, uuid)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.assess(request.user, alert, form.cleaned_data["verdict"], form.cleaned_data["comment"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("De beoordeling is vastgelegd."))
            return redirect("detection:detail", uuid=alert.uuid)
    return _detail(request, alert, form, status=400)


@requires("detection.assess", "incidents.report")
@require_POST
def alert_to_breach(request, uuid):
    alert = _alert(request, uuid)
    try:
        incident = services.convert_to_breach(request.user, alert)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("detection:detail", uuid=alert.uuid)
    messages.success(request, _("Het datalek %(nr)s is aangemaakt.") % {"nr": incident.receipt_number})
    return redirect("detection:detail", uuid=alert.uuid)


@requires("detection.configure")
def settings_page(request):
    current = services.settings_for(request.user.organisation)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            saved.updated_at, saved.updated_by = timezone.now(), request.user
            saved.save()
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("detection:settings")
        return render(request, "detection/settings.html", {"form": form, "current": current}, status=400)
    return render(request, "detection/settings.html", {"form": form, "current": current})
