"""Pages of the register of policy documents. Thin: forms validate, ``services`` applies the rules.

Every document is looked up within the user's organisation (another organisation's id is a 404).
The public privacy policy page is the only page without login: it serves the version in force of a
privacy policy the organisation chose to publish, and nothing else.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core.access import has_permission, public, requires
from privacyregie.core.files import download_encrypted
from privacyregie.core.models import Organisation

from . import services
from .forms import AdoptForm, BodiesForm, DocumentForm, NormLinkForm, ReviewForm, VersionForm
from .models import Body, Kind, PolicyDocument, PolicyVersion

VIEW, EDIT, CONFIGURE = "policies.view", "policies.edit", "policies.configure"


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _document(request, uuid) -> PolicyDocument:
    return get_object_or_404(services.documents_for(request.user.organisation), uuid=uuid)


def _requirements(organisation):
    from privacyregie.compliance.models import Requirement

    return (Requirement.objects.filter(assessable=True, framework__organisation__in=[organisation])
            | Requirement.objects.filter(assessable=True, framework__organisation__isnull=True)).select_related(
        "framework").order_by("framework__name", "order")


@requires(VIEW)
def index(request):
    rows = [services.describe(d) for d in services.documents_for(request.user.organisation)]
    return render(request, "policies/index.html", {"rows": rows, "can_edit": has_permission(request.user, EDIT)})


@requires(EDIT)
def create(request):
    organisation = request.user.organisation
    form = DocumentForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        municipalities = data.pop("municipalities")
        try:
            document = services.save_document(organisation, municipalities=municipalities, **data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Document '%(title)s' toegevoegd. Registreer nu de eerste versie.")
                             % {"title": document.title})
            return redirect("policies:detail", uuid=document.uuid)
    return render(request, "policies/document_form.html", {"form": form, "document": None})


@requires(EDIT)
def edit(request, uuid):
    document = _document(request, uuid)
    organisation = request.user.organisation
    form = DocumentForm(request.POST or None, organisation=organisation, initial=DocumentForm.initial_for(document))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        municipalities = data.pop("municipalities")
        try:
            services.save_document(organisation, document, municipalities=municipalities, **data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Document opgeslagen."))
            return redirect("policies:detail", uuid=document.uuid)
    return render(request, "policies/document_form.html", {"form": form, "document": document})


@requires(VIEW)
def detail(request, uuid):
    document = _document(request, uuid)
    can_edit = has_permission(request.user, EDIT)
    links = document.norm_links.select_related("requirement__framework").order_by("requirement__framework__name",
                                                                                 "requirement__order")
    context = {"info": services.describe(document), "document": document, "can_edit": can_edit,
               "versions": document.versions.select_related("created_by").order_by("-number"),
               "reviews": document.reviews.select_related("new_version", "recorded_by"),
               "links": links,
               "allowed_bodies": services.allowed_bodies(document.organisation, document.kind)}
    if can_edit:
        context.update(version_form=VersionForm(), adopt_form=AdoptForm(prefix="a"),
                       norm_form=NormLinkForm(requirements=_requirements(request.user.organisation)))
    return render(request, "policies/detail.html", context)


def _version_data(form) -> dict:
    data = form.cleaned_data
    return {"adopted_by": data.get("adopted_by") or "", "adopted_on": data.get("adopted_on"),
            "decision_reference": data.get("decision_reference") or "", "next_review_date": data.get("next_review_date")}


@requires(EDIT)
def add_version(request, uuid):
    document = _document(request, uuid)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.add_version(document, request.user, form.cleaned_data["file"],
                                               form.cleaned_data["summary"], **_version_data(form))
            except ValidationError as exc:
                _errors(request, exc)
            else:
                if version.adopted_on:
                    messages.success(request, _("Versie %(n)s is vastgesteld en geldt nu.") % {"n": version.number})
                else:
                    messages.success(request, _("Versie %(n)s is als concept geregistreerd.") % {"n": version.number})
                return redirect("policies:detail", uuid=document.uuid)
        else:
            _form_errors(request, form)
    return render(request, "policies/version_form.html", {"form": form, "document": document,
                                                          "allowed_bodies": services.allowed_bodies(
                                                              document.organisation, document.kind)})


def _version(document, version_uuid) -> PolicyVersion:
    return get_object_or_404(PolicyVersion, document=document, uuid=version_uuid)


@requires(VIEW)
def download(request, uuid, version_uuid):
    version = _version(_document(request, uuid), version_uuid)
    return download_encrypted(version.storage_name, version.file_name, version.content_type)


@requires(EDIT)
@require_POST
def adopt(request, uuid, version_uuid):
    document = _document(request, uuid)
    version = _version(document, version_uuid)
    form = AdoptForm(request.POST, prefix="a")
    if form.is_valid():
        try:
            services.adopt_version(version, **_version_data(form))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Versie %(n)s is vastgesteld en geldt nu.") % {"n": version.number})
    else:
        _form_errors(request, form)
    return redirect("policies:detail", uuid=document.uuid)


@requires(EDIT)
def review(request, uuid):
    document = _document(request, uuid)
    form = ReviewForm(request.POST or None, request.FILES or None, document=document)
    needs_confirmation = False
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_review(
                    document, request.user, data["outcome"], data["decided_on"], data["decided_by"], data["note"],
                    next_review_date=data["next_review_date"], successor=data["successor"], confirm=data["confirm"],
                    upload=data["file"], summary=data["note"], adopted_by=data["adopted_by"],
                    adopted_on=data["decided_on"], decision_reference=data["decision_reference"])
            except services.ConfirmationRequired as exc:
                needs_confirmation = True
                _errors(request, exc)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Herbeoordeling vastgelegd."))
                return redirect("policies:detail", uuid=document.uuid)
        else:
            _form_errors(request, form)
    return render(request, "policies/review_form.html", {"form": form, "document": document,
                                                         "info": services.describe(document),
                                                         "needs_confirmation": needs_confirmation})


@requires(EDIT)
@require_POST
def link_norm(request, uuid):
    document = _document(request, uuid)
    form = NormLinkForm(request.POST, requirements=_requirements(request.user.organisation))
    if form.is_valid():
        try:
            services.link_norm(document, form.cleaned_data["requirement"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Norm gekoppeld: het document telt nu als live bewijs."))
    else:
        _form_errors(request, form)
    return redirect("policies:detail", uuid=document.uuid)


@requires(EDIT)
@require_POST
def unlink_norm(request, uuid, requirement_id):
    document = _document(request, uuid)
    services.unlink_norm(document, requirement_id)
    messages.success(request, _("Koppeling met de norm verwijderd."))
    return redirect("policies:detail", uuid=document.uuid)


@requires(CONFIGURE)
def bodies(request):
    organisation = request.user.organisation
    if request.method == "POST":
        form = BodiesForm(request.POST)
        if form.is_valid():
            try:
                services.set_adopting_bodies(organisation, form.cleaned_data["kind"], form.cleaned_data["bodies"])
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Vaststellende organen voor %(kind)s opgeslagen.")
                                 % {"kind": Kind(form.cleaned_data["kind"]).label})
                return redirect("policies:bodies")
        else:
            messages.error(request, _("Kies ten minste één vaststellend orgaan."))
    rows = services.body_table(organisation)
    return render(request, "policies/bodies.html", {"rows": rows, "bodies": Body.choices})


@public
def public_policy(request, organisation):
    """The privacy policy in force, where the organisation publishes it (linked from the privacy statement)."""
    org = get_object_or_404(Organisation, slug=organisation)
    version = services.published_privacy_policy(org)
    if version is None:
        raise Http404
    return download_encrypted(version.storage_name, version.file_name, version.content_type, inline=True)
