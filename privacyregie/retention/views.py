"""Pages of retention: the Selectielijst (read, load), the retention rules of a processing activity, and
a case's outcome. Thin: ``selectielijst`` imports, ``services`` decides (kernel for cases) and logs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core.access import requires
from privacyregie.kernel.services import AccessDenied, write_pending_denial
from privacyregie.register.models import ProcessingActivity

from . import selectielijst, services
from .forms import CaseOutcomeForm, RulesForm, UploadForm
from .models import CaseOutcome, ProcessType, SelectionList
from .rules import result_in_words, result_label, term_in_words

VIEW, EDIT, LOAD = "register.view", "register.edit", "retention.load_list"
CASE_WORK = "dossiers.work_cases"
OUTCOME_PREFIX = "bewaren"


@requires(VIEW)
def index(request):
    """The Selectielijst as imported: process types and their results, in words (filter: social domain)."""
    selection_list = services.current_selection_list()
    social = request.GET.get("domein") != "alle"
    chosen = request.GET.get("procestype", "")
    process_types = []
    if selection_list is not None:
        types = ProcessType.objects.filter(selection_list=selection_list).order_by("number")
        if chosen.isdigit():
            types = types.filter(number=int(chosen))
        for process_type in types:
            results = process_type.results.order_by("full_number")
            if social:
                results = results.filter(social_domain=True)
            rows = [(r, result_label(r), term_in_words(r)) for r in results]
            if rows:
                process_types.append((process_type, rows))
    activities = ProcessingActivity.objects.filter(organisation=request.user.organisation).order_by("name")
    return render(request, "retention/index.html", {
        "selection_list": selection_list, "lists": SelectionList.objects.order_by("-year"),
        "process_types": process_types, "social": social, "chosen": chosen,
        "all_types": ProcessType.objects.filter(selection_list=selection_list).order_by("number")
        if selection_list else [],
        "activities": activities, "can_load": LOAD in request.user.privacy_permissions,
    })


@requires(LOAD)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = selectielijst.import_uploaded(data["procestypen"].read(), data["resultaten"].read(),
                                                  year=data["year"], user=request.user,
                                                  source=f"{data['procestypen'].name}, {data['resultaten'].name}")
        except selectielijst.SelectionListError as error:
            form.add_error(None, _("Niets geladen: %(error)s") % {"error": error})
        else:
            messages.success(request, _("%(name)s geladen: %(new)s nieuw, %(changed)s gewijzigd, %(same)s "
                                        "ongewijzigd.") % {"name": report.selection_list.name, "new": report.created,
                                                           "changed": report.updated, "same": report.unchanged})
            if report.kept_unreferenced:
                messages.warning(request, _("Niet meer in de bron, maar in gebruik en daarom bewaard: %(list)s")
                                 % {"list": ", ".join(report.kept_unreferenced)})
            return redirect("retention:index")
    return render(request, "retention/upload.html", {"form": form}, status=400 if form.errors else 200)


def _activity(request, pk):
    return get_object_or_404(ProcessingActivity, pk=pk, organisation=request.user.organisation)


@requires(VIEW)
def rules(request, pk):
    """The results per outcome of the activity's current version; editable with register.edit."""
    activity = _activity(request, pk)
    version = activity.current
    if version is None:
        raise Http404
    can_edit = EDIT in request.user.privacy_permissions
    selection_list = services.current_selection_list()
    current = services.rules_for(version)
    form = None
    status = 200
    if can_edit and selection_list is not None:
        form = RulesForm(request.POST or None, selection_list=selection_list, rules=current)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.set_rules(version, form.results(), user=request.user,
                                       start_event=form.cleaned_data["start_event"])
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("De bewaarregels van versie %(n)s zijn opgeslagen.")
                                     % {"n": version.number})
                    return redirect("retention:rules", pk=activity.pk)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied(_("U kunt de bewaarregels niet wijzigen."))
    rows = [(label, current.get(outcome)) for outcome, label in CaseOutcome.choices]
    return render(request, "retention/rules.html", {
        "activity": activity, "version": version, "form": form, "can_edit": can_edit,
        "rows": [(label, rule, result_in_words(rule.result) if rule else "") for label, rule in rows],
        "selection_list": selection_list, "changes": services.rule_changes(version),
    }, status=status)


@require_POST
@requires(CASE_WORK)
def case_outcome(request, uuid):
    """Record a case's outcome and the date its term starts (kernel: the user must be allowed to change the
    case; a refusal is logged and shown)."""
    from privacyregie.dossiers.models import Case
    from privacyregie.dossiers.services import get_case, require_case_work

    try:
        case = get_case(request.user, uuid)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    try:
        require_case_work(request, case)  # refused (and logged) before any input is looked at
    except AccessDenied as denied:
        write_pending_denial(denied)
        return render(request, "retention/refused.html", {"case": case, "reason": str(denied)}, status=403)
    form = CaseOutcomeForm(request.POST, prefix=OUTCOME_PREFIX)
    back = reverse("dossiers:case_detail", kwargs={"uuid": case.uuid}) + "#bewaren"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        record = services.record_case_outcome(request, case, form.cleaned_data["outcome"],
                                              form.cleaned_data["term_starts_on"])
    except AccessDenied as denied:
        write_pending_denial(denied)
        return render(request, "retention/refused.html", {"case": case, "reason": str(denied)}, status=403)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    if record.result is None:
        messages.warning(request, _("Uitkomst vastgelegd, maar de verwerking '%(activity)s' noemt voor deze uitkomst "
                                    "geen resultaat uit de selectielijst. Vraag de privacy officer of "
                                    "informatiemanager dat aan te vullen.") % {"activity": case.processing_activity})
    else:
        messages.success(request, _("Uitkomst vastgelegd: %(result)s.") % {"result": result_in_words(record.result)})
    return redirect(back)
