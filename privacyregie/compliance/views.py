"""Pages of the compliance capability: frameworks, assessments (GAP), recommendations,
risks, the scorecard and the council reports.

Thin: forms validate, services do the work. Every object is looked up within the
user's organisation (another organisation's id is a 404); shared library frameworks
are visible to every organisation.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core.access import has_permission, requires
from privacyregie.core.files import download_encrypted, download_response

from . import assessments, frameworks, reports, risks, scorecard
from .forms import (
    ActionForm,
    AssessmentForm,
    EvidenceForm,
    FrameworkUploadForm,
    IndicatorForm,
    IndicatorValueForm,
    ItemForm,
    MeasureForm,
    ResponseForm,
    RiskForm,
)
from .models import (
    Assessment,
    Evidence,
    ManualIndicator,
    Recommendation,
    RecommendationAction,
    RequirementAssessment,
    Risk,
    SecurityMeasure,
)

VIEW = "compliance.view_reports"
EDIT = "compliance.edit_assessments"
RESPOND = "compliance.respond_recommendations"
INDICATORS = "compliance.manage_indicators"


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _assessment(request, pk) -> Assessment:
    return get_object_or_404(Assessment.objects.select_related("framework"), pk=pk,
                             organisation=request.user.organisation)


def _item(request, pk) -> RequirementAssessment:
    return get_object_or_404(RequirementAssessment.objects.select_related("assessment", "requirement__framework"),
                             pk=pk, assessment__organisation=request.user.organisation)


# Frameworks ---------------------------------------------------------------------------------

@requires(EDIT)
def framework_list(request):
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = request.FILES["file"]
        if upload.size > 5 * 1024 * 1024:
            messages.error(request, _("Het bestand is te groot (maximaal 5 MB)."))
        else:
            try:
                framework = frameworks.import_text(upload.read(), organisation=request.user.organisation)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Normenkader '%(name)s' geïmporteerd met %(n)s normen.")
                                 % {"name": framework.display_name, "n": framework.requirements.count()})
                return redirect("compliance:framework_detail", pk=framework.pk)
    items = frameworks.visible_frameworks(request.user.organisation)
    return render(request, "compliance/frameworks.html", {"frameworks": items, "form": form})


def _framework(request, pk):
    return get_object_or_404(frameworks.visible_frameworks(request.user.organisation), pk=pk)


@requires(EDIT)
def framework_detail(request, pk):
    framework = _framework(request, pk)
    requirements = framework.requirements.select_related("framework").order_by("order")
    return render(request, "compliance/framework_detail.html", {"framework": framework, "requirements": requirements})


@requires(EDIT)
def framework_export(request, pk):
    framework = _framework(request, pk)
    return download_response(frameworks.export_yaml(framework).encode(), f"{framework.ref_id or framework.pk}.yaml",
                             "application/yaml; charset=utf-8")


# Assessments --------------------------------------------------------------------------------

@requires(EDIT)
def assessment_list(request):
    organisation = request.user.organisation
    form = AssessmentForm(request.POST or None, frameworks=frameworks.visible_frameworks(organisation),
                          organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessments.create_assessment(organisation, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Beoordeling aangemaakt."))
            return redirect("compliance:assessment_detail", pk=assessment.pk)
    rows = [(a, assessments.summary(a)) for a in assessments.assessments_for(organisation)]
    return render(request, "compliance/assessments.html", {"rows": rows, "form": form})


@requires(EDIT)
def assessment_detail(request, pk):
    assessment = _assessment(request, pk)
    only_gap = request.GET.get("weergave") == "gap"
    items = assessments.gap(assessment) if only_gap else list(assessments.items(assessment))
    policy = reports.policies_call("live_evidence", request.user.organisation, [i.requirement_id for i in items],
                                   default={})
    for item in items:
        item.live = assessments.live_evidence(item.live_indicator)
        item.policy = policy.get(item.requirement_id)
    others = assessments.assessments_for(request.user.organisation).filter(
        framework=assessment.framework).exclude(pk=assessment.pk)
    return render(request, "compliance/assessment_detail.html", {
        "assessment": assessment, "items": items, "summary": assessments.summary(assessment), "only_gap": only_gap,
        "others": others})


@requires(EDIT)
def item_edit(request, pk):
    item = _item(request, pk)
    policy = reports.policies_call("live_evidence", request.user.organisation, [item.requirement_id],
                                   default={}).get(item.requirement_id)
    # live evidence proposes a status for a requirement not assessed yet; the assessor confirms or changes it
    proposed = policy.proposed_status if policy and item.status == "not_assessed" else None
    form = ItemForm(request.POST or None, instance=item, initial={"status": proposed} if proposed else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.update_item(item, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Beoordeling van norm %(ref)s opgeslagen.") % {"ref": item.requirement.ref_id})
            return redirect("compliance:assessment_detail", pk=item.assessment_id)
    return render(request, "compliance/item_form.html", {
        "item": item, "form": form, "evidence_form": EvidenceForm(),
        "live": assessments.live_evidence(item.live_indicator), "policy": policy, "proposed": proposed,
        "bottlenecks": _linked_bottlenecks(item),
        "can_open_bottlenecks": has_permission(request.user, "protocol.manage")})


def _linked_bottlenecks(item) -> list[dict]:
    """Bottlenecks in the privacy protocol linked to this norm (protocol.services), when that capability exists."""
    from importlib import import_module

    try:
        services = import_module("privacyregie.protocol.services")
    except ImportError:
        return []
    function = getattr(services, "bottlenecks_for_requirement", None)
    return function(item) if function else []


@requires(EDIT)
@require_POST
def evidence_upload(request, pk):
    item = _item(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            assessments.add_evidence(item, request.FILES["file"], request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Bewijsstuk toegevoegd."))
    else:
        messages.error(request, _("Kies een bestand."))
    return redirect("compliance:item_edit", pk=item.pk)


@requires(EDIT)
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk, item__assessment__organisation=request.user.organisation)
    return download_encrypted(evidence.storage_name, evidence.name, evidence.content_type)


@requires(EDIT)
@require_POST
def assessment_close(request, pk):
    assessment = _assessment(request, pk)
    try:
        assessments.close(assessment)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("De beoordeling is afgesloten en gerapporteerd."))
    return redirect("compliance:assessment_detail", pk=assessment.pk)


@requires(EDIT)
@require_POST
def assessment_new_version(request, pk):
    assessment = _assessment(request, pk)
    copy = assessments.new_version(assessment, period=request.POST.get("period", "").strip()[:50])
    messages.success(request, _("Nieuwe versie gemaakt; de gerapporteerde versie blijft ongewijzigd."))
    return redirect("compliance:assessment_detail", pk=copy.pk)


@requires(EDIT)
def assessment_compare(request, pk):
    assessment = _assessment(request, pk)
    other_pk = request.GET.get("met") or (assessment.previous_id or "")
    if not str(other_pk).isdigit():
        messages.error(request, _("Kies een beoordeling om mee te vergelijken."))
        return redirect("compliance:assessment_detail", pk=assessment.pk)
    other = _assessment(request, int(other_pk))
    try:
        rows = assessments.compare(other, assessment)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("compliance:assessment_detail", pk=assessment.pk)
    return render(request, "compliance/compare.html", {"assessment": assessment, "other": other, "rows": rows})


@requires(EDIT)
def assessment_history(request, pk):
    assessment = _assessment(request, pk)
    return render(request, "compliance/history.html", {
        "title": assessment.title, "back": ("compliance:assessment_detail", assessment.pk),
        "entries": assessments.history(assessment)})


# Recommendations ----------------------------------------------------------------------------

def _recommendation(request, pk) -> Recommendation:
    return get_object_or_404(Recommendation, pk=pk, organisation=request.user.organisation)


@requires(EDIT, RESPOND, any_of=True)
def recommendation_list(request):
    context = reports.recommendations_context(request.user.organisation)
    context.update(can_respond=has_permission(request.user, RESPOND), action_form=ActionForm())
    for recommendation in context["recommendations"]:
        recommendation.form = ResponseForm(instance=recommendation, prefix=f"r{recommendation.pk}")
    return render(request, "compliance/recommendations.html", context)


@requires(RESPOND)
@require_POST
def recommendation_respond(request, pk):
    recommendation = _recommendation(request, pk)
    form = ResponseForm(request.POST, instance=recommendation, prefix=f"r{recommendation.pk}")
    if form.is_valid():
        recommendation = form.save(commit=False)
        recommendation.responded_at = timezone.now()
        recommendation.save()
        messages.success(request, _("Reactie op aanbeveling %(n)s vastgelegd.") % {"n": recommendation.number})
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("compliance:recommendations")


@requires(EDIT, RESPOND, any_of=True)
@require_POST
def action_add(request, pk):
    recommendation = _recommendation(request, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        action = form.save(commit=False)
        action.recommendation = recommendation
        action.save()
        messages.success(request, _("Actie toegevoegd."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("compliance:recommendations")


@requires(EDIT, RESPOND, any_of=True)
def action_edit(request, pk):
    action = get_object_or_404(RecommendationAction.objects.select_related("recommendation"), pk=pk,
                               recommendation__organisation=request.user.organisation)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Voortgang van de actie opgeslagen."))
        return redirect("compliance:recommendations")
    history = assessments.record_history((action.history.all(), lambda r: r.description[:60]))
    return render(request, "compliance/action_form.html", {"action": action, "form": form, "entries": history})


@requires(EDIT, RESPOND, any_of=True)
def recommendation_history(request, pk):
    recommendation = _recommendation(request, pk)
    entries = assessments.record_history(
        (recommendation.history.all(), lambda r: _("Aanbeveling %(n)s") % {"n": r.number}),
        (RecommendationAction.history.filter(recommendation_id=recommendation.pk), lambda r: r.description[:60]),
    )
    return render(request, "compliance/history.html", {
        "title": _("Aanbeveling %(n)s") % {"n": recommendation.number}, "back": ("compliance:recommendations", None),
        "entries": entries})


# Risks --------------------------------------------------------------------------------------

@requires(EDIT)
def risk_list(request):
    organisation = request.user.organisation
    items = list(risks.risks_for(organisation))
    for risk in items:
        risk.level = risks.level(risk.score)
        risk.residual_level = risks.level(risk.residual_score)
        risk.level_label = risks.LEVEL_LABELS[risk.level]
        risk.residual_level_label = risks.LEVEL_LABELS[risk.residual_level]
    return render(request, "compliance/risks.html", {
        "risks": items, "inherent": risks.heat_map(items), "residual": risks.heat_map(items, residual=True),
        "plan": risks.security_plan(organisation), "levels": risks.LEVEL_LABELS})


@requires(EDIT)
def risk_edit(request, pk=None):
    organisation = request.user.organisation
    risk = get_object_or_404(Risk, pk=pk, organisation=organisation) if pk else Risk(organisation=organisation)
    form = RiskForm(request.POST or None, instance=risk, organisation=organisation)
    measure_form = MeasureForm(prefix="m")
    if request.method == "POST" and form.is_valid():
        try:
            risks.save_risk(form.save(commit=False))
            form.save_m2m()
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Risico opgeslagen."))
            return redirect("compliance:risks")
    entries = assessments.record_history(
        (risk.history.all(), lambda r: r.ref_id),
        (SecurityMeasure.history.filter(risk_id=risk.pk), lambda r: r.title[:60]),
    ) if risk.pk else []
    return render(request, "compliance/risk_form.html", {"risk": risk, "form": form, "measure_form": measure_form,
                                                         "entries": entries})


@requires(EDIT)
@require_POST
def measure_add(request, pk):
    risk = get_object_or_404(Risk, pk=pk, organisation=request.user.organisation)
    form = MeasureForm(request.POST, prefix="m")
    if form.is_valid():
        measure = form.save(commit=False)
        measure.risk, measure.organisation = risk, risk.organisation
        measure.save()
        messages.success(request, _("Maatregel toegevoegd aan het beveiligingsplan."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("compliance:risks")


# Scorecard and manual indicators ------------------------------------------------------------

@requires(EDIT)
@require_POST
def snapshot(request):
    quarter = scorecard.current_quarter()
    scorecard.take_snapshot(request.user.organisation, quarter)
    messages.success(request, _("Meting van %(q)s vastgelegd.") % {"q": quarter.label})
    return redirect("compliance:scorecard")


@requires(INDICATORS)
def indicators(request):
    organisation = request.user.organisation
    form = IndicatorForm(request.POST or None, prefix="i")
    if request.method == "POST" and "i-name" in request.POST and form.is_valid():
        indicator = form.save(commit=False)
        indicator.organisation = organisation
        indicator.save()
        messages.success(request, _("Indicator toegevoegd."))
        return redirect("compliance:indicators")
    items = ManualIndicator.objects.filter(organisation=organisation).prefetch_related("values")
    return render(request, "compliance/indicators.html", {"indicators": items, "form": form,
                                                          "value_form": IndicatorValueForm(prefix="v")})


@requires(INDICATORS)
@require_POST
def indicator_value(request, pk):
    indicator = get_object_or_404(ManualIndicator, pk=pk, organisation=request.user.organisation)
    form = IndicatorValueForm(request.POST, prefix="v")
    if form.is_valid():
        with transaction.atomic():
            indicator.values.update_or_create(year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"],
                                              defaults={"value": form.cleaned_data["value"],
                                                        "note": form.cleaned_data["note"]})
        messages.success(request, _("Kwartaalwaarde opgeslagen."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("compliance:indicators")


# Council reports ----------------------------------------------------------------------------

@requires(VIEW)
def report_index(request):
    organisation = request.user.organisation
    rows = [(a, assessments.summary(a)) for a in assessments.assessments_for(organisation)]
    return render(request, "compliance/reports.html", {"rows": rows})


@requires(VIEW)
def stoplight(request, pk):
    assessment = _assessment(request, pk)
    return render(request, "compliance/stoplight.html", reports.stoplight_context(assessment))


@requires(VIEW)
def stoplight_pdf(request, pk):
    assessment = _assessment(request, pk)
    return download_response(reports.stoplight_pdf(assessment), f"stoplichtrapportage-{assessment.pk}.pdf",
                             "application/pdf", inline=True)


@requires(VIEW)
def scorecard_report(request):
    context = reports.scorecard_context(request.user.organisation)
    context["can_snapshot"] = has_permission(request.user, EDIT)
    return render(request, "compliance/scorecard.html", context)


@requires(VIEW)
def scorecard_pdf(request):
    data = reports.pdf("compliance/scorecard_pdf.html", reports.scorecard_context(request.user.organisation))
    return download_response(data, "scorekaart.pdf", "application/pdf", inline=True)


@requires(VIEW)
def recommendations_report(request):
    return render(request, "compliance/recommendations_report.html",
                  reports.recommendations_context(request.user.organisation))


@requires(VIEW)
def recommendations_pdf(request):
    data = reports.pdf("compliance/recommendations_pdf.html", reports.recommendations_context(request.user.organisation))
    return download_response(data, "opvolging-aanbevelingen.pdf", "application/pdf", inline=True)
