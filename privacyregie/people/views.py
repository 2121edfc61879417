"""Pages of training and attestations. Thin views; the rules live in ``services``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from privacyregie.core import once
from privacyregie.core.access import has_permission, requires

from . import importing, services
from .forms import (
    AcknowledgeForm,
    AttestationForm,
    CompletionForm,
    CourseForm,
    EvidenceForm,
    HomeAddressForm,
    ImportForm,
    RequirementForm,
)
from .models import Completion, Course, Requirement

LEADS = ("people.view_team", "people.manage_training")
IMPORT_KEY = "people_import"


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@requires("core.use_app")
@require_http_methods(["GET", "POST"])
def mine(request):
    """Mijn trainingen en verklaringen: status, and recording a completion with evidence."""
    user = request.user
    form = EvidenceForm(organisation=user.organisation)
    if request.method == "POST":
        if not services.is_employee(user):
            raise Http404
        form = EvidenceForm(request.POST, request.FILES, organisation=user.organisation)
        if form.is_valid():
            try:
                services.record_completion(user=user, course=form.cleaned_data["course"],
                                           completed_on=form.cleaned_data["completed_on"],
                                           source=Completion.Source.EVIDENCE, recorded_by=user,
                                           evidence=form.cleaned_data["evidence"])
            except ValidationError as exc:
                form.add_error(None, _messages(exc))
            else:
                messages.success(request, _("De training is vastgelegd."))
                return redirect("people:mine")
    return render(request, "people/mine.html", {
        "employee": services.is_employee(user),
        "training": services.training_status(user),
        "attestations": services.attestation_status(user),
        "completions": Completion.objects.filter(user=user).select_related("course"),
        "pending": services.pending_conduct(user),
        "form": form,
    }, status=400 if request.method == "POST" else 200)


@requires("core.use_app")
@require_http_methods(["GET", "POST"])
def conduct(request):
    """The code of conduct in force; an employee acknowledges it (once per version)."""
    user = request.user
    version = services.current_conduct(user.organisation)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    form = AcknowledgeForm()
    status = 200
    if request.method == "POST":
        form = AcknowledgeForm(request.POST)
        if version is None or not services.is_employee(user):
            raise Http404
        if form.is_valid():
            try:
                services.acknowledge(user, version)
            except ValidationError as exc:
                messages.error(request, _messages(exc))
                return redirect("people:conduct")
            messages.success(request, _("U heeft de gedragscode bevestigd."))
            return redirect(next_url or "web:home")
        status = 400
    acknowledged = None
    if version is not None:
        acknowledged = version.acknowledgements.filter(user=user).first()
    return render(request, "people/conduct.html", {
        "version": version, "acknowledged": acknowledged, "employee": services.is_employee(user),
        "form": form, "next": next_url}, status=status)


@requires(*LEADS, any_of=True)
def team(request):
    """The team lead's overview of their own team; the privacy officer's of everyone."""
    user = request.user
    people = list(services.visible_employees(user))
    rows = []
    for person in people:
        training = services.training_status(person)
        rows.append({"user": person, "training": training,
                     "invalid": [f"{c.course.name} ({c.state})" for c in training.courses if not c.valid],
                     "outstanding": [str(a.label) for a in services.attestation_status(person) if a.outstanding]})
    externals = []
    if has_permission(user, "people.manage_training"):
        from privacyregie.core.models import User
        from privacyregie.core.roles import EXTERNAL_ROLES

        for person in User.objects.filter(organisation=user.organisation, is_active=True,
                                          role_assignments__role__in=list(EXTERNAL_ROLES)).distinct():
            externals.append({"user": person, "attestations": services.attestation_status(person)})
    coverage = None
    if has_permission(user, "people.manage_training"):
        now = timezone.now()
        coverage = services.scorecard_figures(user.organisation, now, now)
    return render(request, "people/team.html", {
        "rows": rows, "externals": externals, "teams": services.led_teams(user), "coverage": coverage,
        "everyone": has_permission(user, "people.manage_training")})


@requires(*LEADS, any_of=True)
@require_http_methods(["GET", "POST"])
def record(request):
    """Record a completion by hand."""
    user = request.user
    form = CompletionForm(request.POST or None, employees=services.visible_employees(user),
                          organisation=user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_completion(user=form.cleaned_data["user"], course=form.cleaned_data["course"],
                                       completed_on=form.cleaned_data["completed_on"],
                                       source=Completion.Source.MANUAL, recorded_by=user)
        except ValidationError as exc:
            form.add_error(None, _messages(exc))
        else:
            messages.success(request, _("De training is vastgelegd."))
            return redirect("people:team")
    return render(request, "people/form.html", {
        "form": form, "title": _("Training vastleggen"), "back": "people:team"},
        status=400 if request.method == "POST" else 200)


@requires("people.manage_training")
@require_http_methods(["GET", "POST"])
def attest(request):
    """Record an oath or promise, an integrity statement or a VOG date."""
    user = request.user
    form = AttestationForm(request.POST or None, employees=services.employees(user.organisation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == "oath":
                services.record_oath(user=data["user"], kind=data["oath_kind"], taken_on=data["on"],
                                     witness=data["witness"].strip(), recorded_by=user)
            elif data["kind"] == "integrity":
                services.record_integrity_statement(user=data["user"], signed_on=data["on"], recorded_by=user)
            else:
                services.record_vog(user=data["user"], issued_on=data["on"], recorded_by=user)
        except ValidationError as exc:
            form.add_error(None, _messages(exc))
        else:
            messages.success(request, _("De verklaring is vastgelegd."))
            return redirect("people:team")
    return render(request, "people/form.html", {
        "form": form, "title": _("Verklaring vastleggen"), "back": "people:team"},
        status=400 if request.method == "POST" else 200)


@requires("people.manage_training")
@require_http_methods(["GET", "POST"])
def catalogue(request):
    """The training catalogue and which trainings are mandatory for which role or team."""
    organisation = request.user.organisation
    course_form = CourseForm(prefix="c")
    requirement_form = RequirementForm(prefix="r", organisation=organisation)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "course":
            course_form = CourseForm(request.POST, prefix="c")
            course_form.instance.organisation = organisation
            if course_form.is_valid():
                if Course.objects.filter(organisation=organisation, code=course_form.cleaned_data["code"]).exists():
                    course_form.add_error("code", _("Deze code is al in gebruik."))
                else:
                    course_form.save()
                    messages.success(request, _("De training is toegevoegd."))
                    return redirect("people:catalogue")
        else:
            requirement_form = RequirementForm(request.POST, prefix="r", organisation=organisation)
            if requirement_form.is_valid():
                data = requirement_form.cleaned_data
                _req, created = Requirement.objects.get_or_create(
                    organisation=organisation, course=data["course"], role=data["role"] or "", team=data["team"])
                messages.success(request, _("De verplichting is vastgelegd.") if created
                                 else _("Deze verplichting bestond al."))
                return redirect("people:catalogue")
        status = 400
    return render(request, "people/catalogue.html", {
        "courses": Course.objects.filter(organisation=organisation).prefetch_related("requirements__team"),
        "course_form": course_form, "requirement_form": requirement_form}, status=status)


@requires("people.manage_training")
@require_http_methods(["GET", "POST"])
def import_completions(request):
    """Upload an e-learning export: a dry run first, then the import (all rows or nothing)."""
    organisation = request.user.organisation
    form, report, status = ImportForm(), None, 200
    if request.method == "POST" and request.POST.get("action") == "apply":
        payload = once.take(request, IMPORT_KEY)
        if payload is None:
            messages.error(request, _("De proefimport is verlopen. Upload het bestand opnieuw."))
            return redirect("people:import")
        try:
            with transaction.atomic():
                added = importing.apply(organisation, importing.ImportReport.from_payload(payload), user=request.user)
        except ValidationError as exc:
            messages.error(request, _messages(exc))
            return redirect("people:import")
        messages.success(request, _("%(n)s gevolgde trainingen geïmporteerd.") % {"n": added})
        return redirect("people:team")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = importing.parse(organisation, form.cleaned_data["file"])
            if report.ok:
                once.stash(request, IMPORT_KEY, report.as_payload())
            else:
                status = 400
        else:
            status = 400
    return render(request, "people/import.html", {"form": form, "report": report}, status=status)


@requires("core.use_app")
def evidence(request, uuid):
    """The evidence of a completion: for the employee and whoever may record for them."""
    from privacyregie.core.files import download_encrypted

    completion = get_object_or_404(Completion, uuid=uuid, organisation=request.user.organisation_id)
    if not completion.evidence_file:
        raise Http404
    if completion.user_id != request.user.pk and not services.may_record_for(request.user, completion.user):
        raise Http404
    return download_encrypted(completion.evidence_file, completion.evidence_name, completion.evidence_type)


@requires("core.use_app")
@require_http_methods(["GET", "POST"])
def home_address(request):
    """An employee's home address for the detection of suspicious access (look-ups of residents at one's own
    address): entered by the employee, or by the functional administrator for any employee; kept only as a
    keyed hash, never shown back (the page says only whether and when it was recorded)."""
    user = request.user
    manager = has_permission(user, "people.manage_training")
    if not (manager or services.is_employee(user)):
        raise Http404
    form = HomeAddressForm(request.POST or None, employees=services.employees(user.organisation) if manager else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_home_address(user=data.get("user") or user, postal_code=data["postal_code"],
                                         house_number=data["house_number"], recorded_by=user)
        except ValidationError as exc:
            form.add_error(None, _messages(exc))
        else:
            messages.success(request, _("Het woonadres is vastgelegd als onomkeerbare sleutel; het is niet meer in te zien."))
            return redirect("people:mine")
    return render(request, "people/home_address.html", {
        "form": form, "recorded_at": services.home_address_recorded(user), "manager": manager},
        status=400 if request.method == "POST" else 200)
