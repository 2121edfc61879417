"""Pages of the case files: my cases, a case, the team page, search, break-the-glass,
its review list and the authorisation review (R1, R4, R5, R7).

Thin: forms validate, ``services`` decides and writes, the privacy kernel decides and
logs every opening of a case, note, document or resident. A case of another organisation
is a 404; a case of the own organisation the user is not on is refused (403) with the
kernel's reason and, for case workers, the break-the-glass option.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core.access import has_permission, requires
from privacyregie.core.files import download_response
from privacyregie.kernel.policy import Action
from privacyregie.kernel.services import AccessDenied, write_pending_denial
from privacyregie.web.formfields import kept_form_html, kept_widget_html
from privacyregie.web.jinja import render_content

from . import services
from .forms import (
    AssignForm,
    BreakGlassForm,
    BreakGlassReviewForm,
    CaseForm,
    ConsentForm,
    ConsentWithdrawForm,
    DocumentForm,
    EmergencySearchForm,
    NoteForm,
    ShareForm,
    StatusForm,
    consent_form_html,
)
from .models import (
    AuthorisationReview,
    BreakGlassAccess,
    Case,
    CaseDocument,
    CaseMembership,
    Consent,
    EmergencySearch,
    ReviewItem,
)

WORK = "dossiers.work_cases"
LEAD = "dossiers.lead_team"


def _case(request, uuid) -> Case:
    try:
        return services.get_case(request.user, uuid)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _refused(request, case, denied: AccessDenied):
    write_pending_denial(denied)  # a refusal inside a rolled-back transaction is still logged
    return render(request, "dossiers/refused.html", {
        "case": case, "reason": str(denied),
        "may_break_glass": has_permission(request.user, "dossiers.break_glass"),
    }, status=403)


def _apply_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@requires(WORK)
def my_cases(request):
    cases = (Case.objects.visible_to(request.user)
             .filter(memberships__user=request.user, memberships__revoked_at__isnull=True)
             .select_related("team").order_by("-opened_on", "reference"))
    grants = (BreakGlassAccess.objects.filter(user=request.user, expires_at__gt=timezone.now())
              .select_related("case", "case__team"))
    return render(request, "dossiers/my_cases.html", {"cases": cases, "grants": grants})


@requires(WORK)
def case_create(request):
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.create_case(
                request, team=data["team"], title=data["title"], domain=data["domain"],
                confidentiality=data["confidentiality"], processing_activity=data["processing_activity"],
                statutory_basis=data["statutory_basis"],
                residents=[{"bsn": data["bsn"], "first_name": data["first_name"], "last_name": data["last_name"],
                            "date_of_birth": data["date_of_birth"]}],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Casus %(ref)s is aangemaakt.") % {"ref": case.reference})
            return redirect("dossiers:case_detail", uuid=case.uuid)
    return render(request, "dossiers/case_form.html", {"form": form})


@requires(WORK, LEAD, any_of=True)
def case_detail(request, uuid):
    try:
        # with the case: the register version, the user's break-the-glass access, the retention record
        case = services.get_case_for_page(request.user, uuid)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    # the residents and members are asked for by the policy, the restriction check and this page: once
    case.remember_rows()
    try:
        decision, contents = services.open_case(request, case)
    except AccessDenied as denied:
        return _refused(request, case, denied)
    _known, grant_until = case.remembered_break_glass(request.user)
    context = {
        "case": case, "decision": decision, "contents": contents,
        "members": case.remembered_members,
        "grant_until": grant_until,
        "may_assign": services.leads_team(request.user, case.team),
    }
    if contents:
        # the organisation's chain partners: the consent form's choices and the names of the consents' partners
        partners = services.partner_list(case.organisation_id)
        context.update({
            "case_residents": case.remembered_residents,
            "notes": services.case_notes(case),
            "documents": services.case_documents(case),
            "consents": services.consent_usages(services.consents_with_partners(case, partners)),
            # the empty forms' markup: fixed per language, except the consent form's residents and partners
            # (the same withdrawal form under every consent: rendered once, not once per consent)
            "withdraw_fields": kept_form_html(ConsentWithdrawForm),
            "note_fields": kept_form_html(NoteForm), "document_fields": kept_form_html(DocumentForm),
            "consent_fields": consent_form_html(case, partners),
            "status_widget": kept_widget_html(StatusForm, "status", initial=case.status),
        })
    if context["may_assign"]:
        context["assign_form"] = AssignForm(case=case)
    # the content by Jinja2, in the usual shell (ADR 0134): the most opened page, rendered with less CPU
    content = render_content("dossiers/case_content.html", context, request)
    return render(request, "dossiers/case_detail.html", {"case": case, "content": content})


def _post_on_case(request, uuid, form_class, action, success, form_needs_case=False):
    case = _case(request, uuid)
    form = (form_class(request.POST, request.FILES, case=case) if form_needs_case
            else form_class(request.POST, request.FILES))
    try:
        services.require_case_work(request, case)
        if form.is_valid():
            action(case, form.cleaned_data)
            messages.success(request, success)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except AccessDenied as denied:
        return _refused(request, case, denied)
    return redirect("dossiers:case_detail", uuid=case.uuid)


@require_POST
@requires(WORK)
def note_create(request, uuid):
    return _post_on_case(request, uuid, NoteForm, lambda case, d: services.add_note(request, case, d["text"]),
                         _("De notitie is opgeslagen."))


@require_POST
@requires(WORK)
def status_change(request, uuid):
    return _post_on_case(request, uuid, StatusForm, lambda case, d: services.change_status(request, case, d["status"]),
                         _("De status is gewijzigd."))


@require_POST
@requires(WORK)
def document_upload(request, uuid):
    return _post_on_case(
        request, uuid, DocumentForm,
        lambda case, d: services.add_document(request, case, d["title"], d["file"]), _("Het document is toegevoegd."))


@requires(WORK)
def document_download(request, uuid):
    document = get_object_or_404(CaseDocument.objects.select_related("case"), uuid=uuid,
                                 case__organisation_id=request.user.organisation_id)
    try:
        data = services.read_document(request, document)
    except AccessDenied as denied:
        return _refused(request, document.case, denied)
    return download_response(data, document.file_name, document.content_type)


@require_POST
@requires(WORK)
def consent_create(request, uuid):
    def record(case, d):
        services.record_consent(request, case, resident=d["resident"], form=d["form"], scope=d["scope"],
                                partners=d["partners"], data_categories=d["data_categories"],
                                given_on=d["given_on"], valid_from=d["valid_from"], valid_until=d["valid_until"],
                                purpose=d["purpose"], document=d["document"], conversation=d["conversation"])

    return _post_on_case(request, uuid, ConsentForm, record, _("De toestemming is vastgelegd."), form_needs_case=True)


@require_POST
@requires(WORK)
def consent_withdraw(request, uuid):
    consent = get_object_or_404(Consent.objects.select_related("case"), uuid=uuid,
                                organisation_id=request.user.organisation_id)
    form = ConsentWithdrawForm(request.POST)
    try:
        services.require_case_work(request, consent.case)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.withdraw_consent(request, consent, how=form.cleaned_data["how"], note=form.cleaned_data["note"])
        messages.success(request, _("De toestemming is ingetrokken. Vanaf nu wordt niets meer op grond van deze "
                                    "toestemming gedeeld."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except AccessDenied as denied:
        return _refused(request, consent.case, denied)
    return redirect("dossiers:case_detail", uuid=consent.case.uuid)


@requires(WORK)
def consent_document(request, uuid):
    consent = get_object_or_404(Consent.objects.select_related("case"), uuid=uuid,
                                organisation_id=request.user.organisation_id, case__isnull=False)
    try:
        data = services.read_consent_document(request, consent)
    except AccessDenied as denied:
        return _refused(request, consent.case, denied)
    except Consent.DoesNotExist as exc:
        raise Http404 from exc
    return download_response(data, consent.document_name, consent.document_content_type)


@requires(WORK)
def case_share(request, uuid):
    case = _case(request, uuid)
    try:
        services.require_case_work(request, case, Action.SHARE)
    except AccessDenied as denied:
        return _refused(request, case, denied)
    form = ShareForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.share_case(request, case, partner=data["partner"],
                                           data_categories=data["data_categories"],
                                           deviation_motivation=data["deviation_motivation"])
        except ValidationError as error:
            _apply_errors(form, error)
        except AccessDenied as denied:
            write_pending_denial(denied)
            form.add_error(None, str(denied))
            return render(request, "dossiers/share.html", {"case": case, "form": form}, status=403)
        else:
            messages.success(request, _("Het delen is vastgelegd (grondslag: %(basis)s).") % {
                "basis": decision.legal_basis_detail or decision.legal_basis})
            return redirect("dossiers:case_detail", uuid=case.uuid)
    return render(request, "dossiers/share.html", {"case": case, "form": form})


@requires("dossiers.break_glass")
def break_glass(request, uuid):
    case = _case(request, uuid)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_break_glass(request, case, form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.warning(request, _("Noodtoegang gestart. De privacy officer is geïnformeerd en beoordeelt "
                                        "deze toegang."))
            return redirect("dossiers:case_detail", uuid=case.uuid)
    return render(request, "dossiers/break_glass.html", {"case": case, "form": form,
                                                         "duration": services.break_glass_duration_text()})


@require_POST
@requires(LEAD)
def case_assign(request, uuid):
    case = _case(request, uuid)
    form = AssignForm(request.POST, case=case)
    try:
        if form.is_valid():
            services.assign_member(request, case, form.cleaned_data["user"], form.cleaned_data["role"])
            messages.success(request, _("%(name)s is toegewezen.") % {"name": form.cleaned_data["user"]})
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except AccessDenied as denied:
        return _refused(request, case, denied)
    return redirect("dossiers:team")


@require_POST
@requires(LEAD)
def membership_revoke(request, uuid):
    membership = get_object_or_404(CaseMembership.objects.select_related("case__team"), uuid=uuid,
                                   case__organisation_id=request.user.organisation_id, revoked_at__isnull=True)
    try:
        services.revoke_membership(request, membership)
        messages.success(request, _("De betrokkenheid is ingetrokken."))
    except AccessDenied as denied:
        return _refused(request, membership.case, denied)
    return redirect("dossiers:team")


@requires(WORK)
def search(request):
    query = request.GET.get("q", "").strip()
    try:
        found = services.search_residents(request.user, query)[:50] if query else []
    except ValidationError as exc:
        return render(request, "dossiers/search.html", {"query": query, "results": [], "errors": exc.messages})
    results = services.log_search_results(request, found) if query else []
    return render(request, "dossiers/search.html", {"query": query, "results": results,
                                                    "may_break_glass": has_permission(request.user, "dossiers.break_glass")})


@requires("dossiers.break_glass")
def emergency_search(request):
    """Noodzoeken: the reason first, then the search; the kernel decides and logs it (POST-redirect-GET)."""
    form = EmergencySearchForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            search = services.emergency_search(request, reason=data["reason"], reference=data["reference"],
                                               bsn=data["bsn"], name=data["name"])
        except ValidationError as error:
            _apply_errors(form, error)
        except AccessDenied as denied:
            write_pending_denial(denied)  # the refused search rolled back; its refusal is logged
            form.add_error(None, str(denied))
            status = 429 if services.rate_limited(request.user) else 403
        else:
            return redirect("dossiers:emergency_search_results", uuid=search.uuid)
    return render(request, "dossiers/emergency_search.html", {
        "form": form, "duration": services.break_glass_duration_text()}, status=status)


@requires("dossiers.break_glass")
def emergency_search_results(request, uuid):
    try:
        search = services.get_emergency_search(request.user, uuid)
    except EmergencySearch.DoesNotExist as exc:
        raise Http404 from exc
    expired = services.emergency_search_expired(search)
    results = [] if expired else services.emergency_search_results(search)
    return render(request, "dossiers/emergency_search_results.html", {
        "search": search, "expired": expired, "results": results,
        "needs_emergency": any(not r["open"] for r in results), "duration": services.break_glass_duration_text(),
    })


@require_POST
@requires("dossiers.break_glass")
def emergency_search_open(request, uuid, case_uuid):
    try:
        search = services.get_emergency_search(request.user, uuid)
    except EmergencySearch.DoesNotExist as exc:
        raise Http404 from exc
    try:
        case, grant = services.open_from_emergency_search(request, search, case_uuid)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("dossiers:emergency_search_results", uuid=search.uuid)
    if grant is not None:
        messages.warning(request, _("Noodtoegang gestart met de reden van uw noodzoekopdracht. De privacy officer is "
                                    "geïnformeerd en beoordeelt deze toegang."))
    return redirect("dossiers:case_detail", uuid=case.uuid)


@requires(LEAD)
def team(request):
    teams = request.user.team_memberships.filter(is_lead=True).values("team_id")
    members = CaseMembership.objects.filter(revoked_at__isnull=True).select_related("user").order_by("assigned_at")
    cases = (Case.objects.visible_to(request.user).filter(team_id__in=teams).select_related("team")
             .prefetch_related(Prefetch("memberships", queryset=members, to_attr="active_members"))
             .order_by("team__name", "reference"))
    return render(request, "dossiers/team.html", {"cases": cases, "workload": services.team_workload(request.user)})


def _reviews_page(request, bound=None):
    """The review list; ``bound`` is the one form that came back with an error (kept as entered)."""
    grants = (BreakGlassAccess.objects.filter(organisation_id=request.user.organisation_id)
              .select_related("case", "user", "reviewed_by", "search"))
    pending = []
    for grant in grants:
        if grant.review != BreakGlassAccess.Review.PENDING:
            continue
        form = bound if bound is not None and bound.prefix == f"g{grant.uuid}" else BreakGlassReviewForm(
            prefix=f"g{grant.uuid}")
        pending.append((grant, form, services.emergency_trail(grant)))
    return render(request, "dossiers/break_glass_reviews.html", {
        "pending": pending, "done": [g for g in grants if g.review != BreakGlassAccess.Review.PENDING],
        "searches_without_access": services.emergency_searches_without_access(request.user.organisation_id),
    })


@requires("kernel.review_break_glass")
def break_glass_reviews(request):
    return _reviews_page(request)


@require_POST
@requires("kernel.review_break_glass")
def break_glass_review(request, uuid):
    grant = get_object_or_404(BreakGlassAccess, uuid=uuid, organisation_id=request.user.organisation_id)
    form = BreakGlassReviewForm(request.POST, prefix=f"g{grant.uuid}")
    if form.is_valid():
        try:
            services.review_break_glass(request.user, grant, form.cleaned_data["verdict"],
                                        form.cleaned_data["comment"])
        except ValidationError as error:
            if grant.review != BreakGlassAccess.Review.PENDING:  # already judged: no card to return to
                for text in error.messages:
                    messages.error(request, text)
                return redirect("dossiers:break_glass_reviews")
            _apply_errors(form, error)
        else:
            messages.success(request, _("De beoordeling is vastgelegd."))
            return redirect("dossiers:break_glass_reviews")
    return _reviews_page(request, bound=form)


@requires("kernel.start_authorisation_review", "kernel.confirm_authorisations", any_of=True)
def authorisation_reviews(request):
    user = request.user
    review = services.open_review(user.organisation_id)
    items = services.items_for_lead(user, review) if review and has_permission(user, "kernel.confirm_authorisations") else []
    all_items = (review.items.filter(decision=ReviewItem.Decision.OPEN).select_related("team", "user",
                 "case_membership__case") if review and has_permission(user, "kernel.start_authorisation_review")
                 else [])
    return render(request, "dossiers/authorisation_reviews.html", {
        "review": review, "summary": services.review_summary(review) if review else None, "items": items,
        "unconfirmed": all_items,
        "may_start": has_permission(user, "kernel.start_authorisation_review"),
        "history": AuthorisationReview.objects.filter(organisation_id=user.organisation_id, closed_at__isnull=False),
    })


@require_POST
@requires("kernel.start_authorisation_review")
def authorisation_review_start(request):
    try:
        services.start_authorisation_review(request.user)
        messages.success(request, _("De autorisatiecontrole is gestart. De teamleiders zijn aan zet."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("dossiers:authorisation_reviews")


@require_POST
@requires("kernel.start_authorisation_review")
def authorisation_review_close(request, pk):
    review = get_object_or_404(AuthorisationReview, pk=pk, organisation_id=request.user.organisation_id)
    try:
        services.close_authorisation_review(request.user, review)
        messages.success(request, _("De autorisatiecontrole is afgerond."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("dossiers:authorisation_reviews")


@require_POST
@requires("kernel.confirm_authorisations")
def authorisation_review_decide(request, pk):
    item = get_object_or_404(ReviewItem.objects.select_related("review", "team", "case_membership__case"), pk=pk,
                             review__organisation_id=request.user.organisation_id)
    try:
        services.decide_review_item(request, item, request.POST.get("decision", ""))
        messages.success(request, _("Uw besluit is vastgelegd."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except AccessDenied as denied:
        write_pending_denial(denied)
        messages.error(request, str(denied))
    return redirect("dossiers:authorisation_reviews")
