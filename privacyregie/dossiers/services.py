"""Operations on residents and case files that pages, API, demo and other apps call.

Every function that reads or changes personal data or case contents passes the privacy
kernel (``kernel.services.access``) in the same transaction as the change, so a change
without a log entry cannot happen. Bad input raises ``ValidationError`` (Dutch) and
changes nothing. Never returns a case or resident the user may not see.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacyregie.core import bsn as core_bsn
from privacyregie.core.files import check_upload, read_encrypted, store_encrypted
from privacyregie.core.models import TeamMembership, User
from privacyregie.kernel.policy import Action, Purpose, decide
from privacyregie.kernel.services import access, emergency_entries

from .models import (
    AuthorisationReview,
    BreakGlassAccess,
    Case,
    CaseDocument,
    CaseMembership,
    CaseNote,
    CaseResident,
    Consent,
    EmergencySearch,
    Resident,
    ReviewItem,
)

DOCUMENT_TYPES = ("pdf", "docx", "odt", "txt", "png", "jpg", "jpeg")


# --- need-to-know helpers ---------------------------------------------------------

def is_member(user, case) -> bool:
    return case.memberships.filter(user=user, revoked_at__isnull=True).exists()


def active_break_glass(user, case, now=None):
    return BreakGlassAccess.objects.filter(user=user, case=case, expires_at__gt=now or timezone.now()).first()


def purpose_for(user, case) -> str:
    """The purpose of a case worker's access: case work as a member, emergency otherwise."""
    if is_member(user, case):
        return Purpose.CASE_WORK
    if active_break_glass(user, case):
        return Purpose.EMERGENCY
    return Purpose.CASE_WORK


def leads_team(user, team) -> bool:
    return "dossiers.lead_team" in user.privacy_permissions and team.memberships.filter(user=user, is_lead=True).exists()


def get_case(user, public_id) -> Case:
    """A case of the user's organisation by its public id (UUID); no access decision yet.

    A case of another organisation, a missing case and a malformed id all raise
    ``Case.DoesNotExist`` through the same single query, so neither the answer nor its
    timing tells another organisation's cases from cases that do not exist.
    """
    try:
        return Case.objects.select_related("team").get(uuid=public_id, organisation_id=user.organisation_id)
    except ValidationError as exc:
        raise Case.DoesNotExist from exc


def open_case(request, case, *, action=Action.VIEW, purpose=None):
    """Open a case's contents (members and break-the-glass users) or its metadata (team lead).

    A member may state the purpose (default: case work); a team lead always reads as team
    lead and a break-the-glass user always as emergency access.
    Returns ``(decision, contents_allowed)``; raises ``AccessDenied`` when neither is allowed.
    """
    user = request.user
    member = is_member(user, case)
    if leads_team(user, case.team) and not member and not active_break_glass(user, case):
        return access(request, action, case, Purpose.TEAM_LEAD), False
    return access(request, action, case, purpose if (purpose and member) else purpose_for(user, case)), True


def require_case_work(request, case, action=Action.UPDATE) -> None:
    """Refuse (logged, ``AccessDenied``) before showing a form or validating input on a case
    the user may not work on; allowed work itself is logged by the operation that does it."""
    purpose = purpose_for(request.user, case)
    if not decide(request.user, action, case, purpose).allowed:
        access(request, action, case, purpose)


# --- residents and cases --------------------------------------------------------------

def normalise_bsn(value: str) -> str:
    """The one BSN rule (``core.bsn``), raised as a field error of ``bsn``."""
    try:
        return core_bsn.normalise_bsn(value)
    except ValidationError as exc:
        raise ValidationError({"bsn": exc.messages}) from exc


@transaction.atomic
def create_case(request, *, team, title, domain, processing_activity, statutory_basis="", confidentiality=None,
                residents=(), reference="") -> Case:
    """Create a case in one of the user's teams, with the user as lead member and its residents.

    ``residents``: iterable of dicts with bsn, first_name, last_name, role (and optional fields).
    """
    user = request.user
    if team is None:
        raise ValidationError({"team": _("Een casus hoort bij een team. Kies een team.")})
    if team.organisation_id != user.organisation_id or not team.memberships.filter(user=user).exists():
        raise ValidationError({"team": _("U kunt alleen een casus aanmaken in een team waarvan u lid bent.")})
    case = Case(organisation_id=user.organisation_id, team=team, title=title, domain=domain,
                processing_activity=processing_activity, statutory_basis=statutory_basis,
                reference=reference or _next_reference(user.organisation_id))
    if confidentiality:
        case.confidentiality = confidentiality
    case.full_clean()
    case.save()
    CaseMembership.objects.create(case=case, user=user, role=CaseMembership.Role.LEAD, assigned_by=user)
    for spec in residents:
        add_resident(case, **spec)
    access(request, Action.CREATE, case, Purpose.CASE_WORK)
    return case


@transaction.atomic
def change_status(request, case, status: str) -> Case:
    if status not in Case.Status.values:
        raise ValidationError({"status": _("Kies een status uit de lijst.")})
    access(request, Action.UPDATE, case, purpose_for(request.user, case))
    case.status = status
    case.save(update_fields=["status"])
    return case


def _next_reference(organisation_id) -> str:
    year = timezone.localdate().year
    cases = Case.objects.filter(organisation_id=organisation_id)
    number = cases.filter(reference__startswith=f"C-{year}-").count() + 1
    while cases.filter(reference=f"C-{year}-{number:04d}").exists():
        number += 1
    return f"C-{year}-{number:04d}"


def add_resident(case, *, bsn, first_name, last_name, role=CaseResident.Role.CLIENT, **details) -> Resident:
    """Link a resident (found by BSN within the organisation, or created) to the case."""
    bsn = normalise_bsn(bsn)
    resident = Resident.objects.filter(organisation_id=case.organisation_id, bsn=bsn).first()
    if resident is None:
        resident = Resident(organisation_id=case.organisation_id, bsn=bsn, first_name=first_name,
                            last_name=last_name, **details)
        resident.full_clean()
        resident.save()
    CaseResident.objects.get_or_create(case=case, resident=resident, defaults={"role": role})
    return resident


def search_residents(user, query: str):
    """Residents in cases visible to the user whose BSN or name matches.

    A query with a digit in it is a BSN and follows the one BSN rule: a refused number raises
    ``ValidationError`` with its Dutch message (before any permission check, so the answer
    says nothing about who exists).

    "Does not exist" and "not yours" give the same (empty) answer: no enumeration.
    Team leads find nobody: resident data is not part of the metadata they may see.
    """
    query = (query or "").strip()
    bsn = core_bsn.normalise_bsn(query) if core_bsn.looks_like_bsn(query) else None
    if len(query) < 2 or "dossiers.work_cases" not in user.privacy_permissions:
        return Resident.objects.none()
    visible = Case.objects.visible_to(user).filter(
        Q(memberships__user=user, memberships__revoked_at__isnull=True)
        | Q(break_glass_accesses__user=user, break_glass_accesses__expires_at__gt=timezone.now())
    )
    residents = Resident.objects.filter(organisation_id=user.organisation_id, case_links__case__in=visible)
    if bsn is not None:
        residents = residents.filter(bsn=bsn)
    else:
        for word in query.split():
            residents = residents.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    links = CaseResident.objects.filter(case__in=visible).select_related("case").order_by("case__reference")
    return (residents.distinct().order_by("last_name", "first_name")
            .prefetch_related(Prefetch("case_links", queryset=links, to_attr="visible_links")))


def log_search_results(request, residents) -> list[Resident]:
    """Showing a search hit is a consultation: every resident shown passes the kernel."""
    shown = []
    for resident in residents:
        access(request, Action.VIEW, resident, Purpose.CASE_WORK)
        shown.append(resident)
    return shown


def team_workload(user):
    """Per member of the teams the user leads: the number of open cases they are on (one query)."""
    teams = TeamMembership.objects.filter(user=user, is_lead=True).values("team_id")
    open_cases = Q(case_memberships__revoked_at__isnull=True) & ~Q(case_memberships__case__status=Case.Status.CLOSED)
    return (User.objects.filter(team_memberships__team_id__in=teams, team_memberships__is_lead=False,
                                organisation_id=user.organisation_id)
            .annotate(open_cases=Count("case_memberships", filter=open_cases, distinct=True))
            .order_by("first_name", "last_name").distinct())


# --- membership ---------------------------------------------------------------------------

@transaction.atomic
def assign_member(request, case, member: User, role=CaseMembership.Role.INVOLVED) -> CaseMembership:
    """A team lead (or a lead member) puts a colleague of the same organisation on the case."""
    user = request.user
    if member.organisation_id != case.organisation_id:
        raise ValidationError(_("Alleen medewerkers van de eigen organisatie kunnen aan een casus worden toegevoegd."))
    if "dossiers.work_cases" not in member.privacy_permissions:
        raise ValidationError(_("%(name)s heeft geen rol als consulent en kan niet aan een casus werken.") % {"name": member})
    if not member.team_memberships.filter(team=case.team).exists():
        raise ValidationError(_("%(name)s is geen lid van %(team)s.") % {"name": member, "team": case.team})
    purpose = Purpose.TEAM_LEAD if leads_team(user, case.team) else Purpose.CASE_WORK
    access(request, Action.UPDATE, case, purpose)
    if case.memberships.filter(user=member, revoked_at__isnull=True).exists():
        raise ValidationError(_("%(name)s is al betrokken bij deze casus.") % {"name": member})
    return CaseMembership.objects.create(case=case, user=member, role=role, assigned_by=user)


@transaction.atomic
def revoke_membership(request, membership: CaseMembership) -> None:
    case = membership.case
    purpose = Purpose.TEAM_LEAD if leads_team(request.user, case.team) else Purpose.CASE_WORK
    access(request, Action.UPDATE, case, purpose)
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["revoked_at"])


# --- notes, documents, consents ---------------------------------------------------------------

@transaction.atomic
def add_note(request, case, text: str) -> CaseNote:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf een notitie.")})
    note = CaseNote.objects.create(case=case, author=request.user, text=text)
    access(request, Action.CREATE, note, purpose_for(request.user, case))
    return note


@transaction.atomic
def add_document(request, case, title: str, uploaded) -> CaseDocument:
    checked = check_upload(uploaded, allowed=DOCUMENT_TYPES)
    document = CaseDocument(case=case, uploaded_by=request.user, title=(title or checked.name)[:200],
                            file_name=checked.name, content_type=checked.content_type, size=checked.size,
                            sha256=checked.sha256)
    document.save()  # first the row, so the log names the document; rolled back when refused
    access(request, Action.CREATE, document, purpose_for(request.user, case))
    document.storage_name = store_encrypted(checked.data)  # only after the kernel allowed it
    document.save(update_fields=["storage_name"])
    return document


def read_document(request, document: CaseDocument) -> bytes:
    """The decrypted content, after the kernel allowed and logged the consultation."""
    with transaction.atomic():
        access(request, Action.VIEW, document, purpose_for(request.user, document.case))
    return read_encrypted(document.storage_name)


@transaction.atomic
def record_consent(request, case, *, resident, form, scope, recipient, given_on,
                   purpose=Purpose.SHARING) -> Consent:
    if not case.case_residents.filter(resident=resident).exists():
        raise ValidationError(_("Deze inwoner hoort niet bij de casus."))
    consent = Consent(organisation_id=case.organisation_id, resident=resident, case=case, form=form,
                      purpose=purpose, scope=scope,
                      recipient=recipient, given_on=given_on, recorded_by=request.user)
    consent.full_clean()
    consent.save()
    access(request, Action.CREATE, consent, purpose_for(request.user, case))
    return consent


@transaction.atomic
def withdraw_consent(request, consent: Consent, withdrawn_on=None) -> Consent:
    withdrawn_on = withdrawn_on or timezone.localdate()
    if consent.withdrawn_on:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(_("De datum van intrekken ligt vóór de datum waarop de toestemming is gegeven."))
    access(request, Action.UPDATE, consent, purpose_for(request.user, consent.case))
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    return consent


@transaction.atomic
def share_case(request, case, *, recipient: str, deviation_motivation: str = ""):
    """Record that the case summary was shared with a chain partner (R4).

    Allowed on a statutory task or a valid consent; otherwise only with a motivated
    deviation, which the kernel records for the privacy officer.
    """
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValidationError({"recipient": _("Vul in met wie u deelt.")})
    decision = access(request, Action.SHARE, case, Purpose.SHARING, deviation_motivation=deviation_motivation)
    CaseNote.objects.create(case=case, author=request.user,
                            text=_("Samenvatting gedeeld met %(recipient)s (grondslag: %(basis)s).") % {
                                "recipient": recipient, "basis": decision.legal_basis_detail or decision.legal_basis})
    return decision


# --- break-the-glass ----------------------------------------------------------------------------

def break_glass_duration_text() -> str:
    """How long an emergency access lasts, in words ("4 uur", "1 uur en 30 minuten"), from the setting."""
    minutes = int(settings.BREAK_GLASS_DURATION.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    hours_text = ngettext("%(n)s uur", "%(n)s uur", hours) % {"n": hours}
    minutes_text = ngettext("%(n)s minuut", "%(n)s minuten", rest) % {"n": rest}
    if hours and rest:
        return _("%(hours)s en %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}
    return hours_text if hours else minutes_text


@transaction.atomic
def start_break_glass(request, case, reason: str, *, user=None, now=None, search=None) -> BreakGlassAccess:
    """Emergency access to a case the user is not on: a reason, a limited time, a notified privacy officer.

    Starting grants the access; it reads nothing. The opening of the case that follows is the
    one consultation the kernel logs (as emergency access), so the log shows it once.
    """
    user = user or request.user
    reason = (reason or "").strip()
    minimum = settings.BREAK_GLASS_MIN_REASON_LENGTH
    if len(reason) < minimum:
        raise ValidationError({"reason": _("Geef een reden van minimaal %(n)s tekens.") % {"n": minimum}})
    if "dossiers.break_glass" not in user.privacy_permissions:
        raise ValidationError(_("U heeft niet de bevoegdheid voor noodtoegang."))
    if case.organisation_id != user.organisation_id:
        raise ValidationError(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
    now = now or timezone.now()
    grant = BreakGlassAccess.objects.create(organisation_id=case.organisation_id, case=case, user=user, reason=reason,
                                            started_at=now, expires_at=now + settings.BREAK_GLASS_DURATION,
                                            search=search)
    _notify_privacy_officers(grant)
    return grant


def emergency_trail(grant: BreakGlassAccess) -> list[dict]:
    """What was done during an emergency access, from the processing log (through the kernel);
    when the access was started from an emergency search, the trail begins with that search."""
    start = grant.started_at
    if grant.search is not None:
        start = min(start, grant.search.created_at)
    return emergency_entries(grant.organisation_id, grant.user_id, start, grant.expires_at)


# --- emergency search (noodzoeken) -----------------------------------------------------------------

EMERGENCY_SEARCH_MAX_RESULTS = 20


def _criteria(reference: str, bsn: str, name: str) -> str:
    """What kind of criteria a search used, for the log and the review; never the BSN or name itself."""
    parts = []
    if reference:
        parts.append(_("zaaknummer %(ref)s") % {"ref": reference})
    if bsn:
        parts.append(_("BSN"))
    if name:
        parts.append(_("naam"))
    return ", ".join(parts)[:200]


@transaction.atomic
def emergency_search(request, *, reason: str, reference: str = "", bsn: str = "", name: str = "",
                     user=None, now=None) -> EmergencySearch:
    """Search the organisation's cases outside one's own in an emergency (break-the-glass search).

    The reason comes first and is checked before anything is read or logged; then the kernel
    decides (``dossiers.policy.emergency_search_rule``: only ``dossiers.break_glass``, purpose
    *noodtoegang*, a rate limit) and logs the search once, as emergency access, with the reason.
    Only after that the cases are looked up; the search keeps their ids for the results page,
    which shows case reference, team and status only. Several criteria narrow the search (AND).
    Raises ``ValidationError`` for bad input (nothing logged) and ``AccessDenied`` when refused.
    """
    user = user or request.user
    reason = (reason or "").strip()
    minimum = settings.BREAK_GLASS_MIN_REASON_LENGTH
    if len(reason) < minimum:
        raise ValidationError({"reason": _("Geef een reden van minimaal %(n)s tekens.") % {"n": minimum}})
    reference = (reference or "").strip().upper()
    name = " ".join((name or "").split())
    bsn = normalise_bsn(bsn) if (bsn or "").strip() else ""
    if not (reference or bsn or name):
        raise ValidationError(_("Vul een zaaknummer, BSN of naam in om te zoeken."))
    if name and len(name) < 2:
        raise ValidationError({"name": _("Vul minimaal 2 tekens van de naam in.")})
    search = EmergencySearch(organisation_id=user.organisation_id, user=user, created_at=now or timezone.now(),
                             reason=reason, criteria=_criteria(reference, bsn, name))
    search.subject_bsn = bsn
    search.save()  # first the row, so the log names the search; rolled back when refused
    # logged at the search's own time, so the review's trail (from the search on) includes it
    access(request, Action.VIEW, search, Purpose.EMERGENCY, user=user, occurred_at=search.created_at)
    cases = Case.objects.filter(organisation_id=user.organisation_id)
    if reference:
        cases = cases.filter(reference__iexact=reference)
    if bsn or name:
        residents = Resident.objects.filter(organisation_id=user.organisation_id)
        if bsn:
            residents = residents.filter(bsn=bsn)
        for word in name.split():
            residents = residents.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        cases = cases.filter(case_residents__resident__in=residents)
    found = list(cases.distinct().order_by("reference").values_list("pk", flat=True)[:EMERGENCY_SEARCH_MAX_RESULTS])
    search.cases.set(found)
    return search


def emergency_searches_without_access(organisation_id, days: int = 30):
    """Emergency searches of the last ``days`` that no break-the-glass access followed, newest first,
    with the number of cases found: the privacy officer sees them beside the accesses to review."""
    since = timezone.now() - timedelta(days=days)
    return (EmergencySearch.objects.filter(organisation_id=organisation_id, created_at__gte=since, grants__isnull=True)
            .select_related("user").annotate(found=Count("cases", distinct=True)).order_by("-created_at"))


def rate_limited(user) -> bool:
    """Whether the user has used up their emergency searches of the past hour."""
    from .policy import emergency_searches_last_hour

    return emergency_searches_last_hour(user) >= settings.EMERGENCY_SEARCH_MAX_PER_HOUR


def get_emergency_search(user, public_id) -> EmergencySearch:
    """The user's own emergency search by its public id; anyone else's (or none) is ``DoesNotExist``."""
    try:
        return EmergencySearch.objects.get(uuid=public_id, user=user, organisation_id=user.organisation_id)
    except ValidationError as exc:
        raise EmergencySearch.DoesNotExist from exc


def emergency_search_expired(search: EmergencySearch, now=None) -> bool:
    return search.created_at + settings.EMERGENCY_SEARCH_VALID <= (now or timezone.now())


def emergency_search_results(search: EmergencySearch) -> list[dict]:
    """The minimal metadata the emergency search may show: case reference, team and status, and
    whether the user can already open the case (member, or a running break-the-glass access)."""
    user = search.user
    results = []
    for case in search.cases.select_related("team").order_by("reference"):
        results.append({"case": case, "reference": case.reference, "team": case.team.name,
                        "status": case.get_status_display(),
                        "open": is_member(user, case) or active_break_glass(user, case) is not None})
    return results


@transaction.atomic
def open_from_emergency_search(request, search: EmergencySearch, case_public_id, *, user=None, now=None):
    """Open a case found by an emergency search: starts break-the-glass with the search's own reason
    (kept on the server, never taken from the client), unless the user can already open it.

    Returns ``(case, grant)``; ``grant`` is None when no new access was needed."""
    user = user or request.user
    now = now or timezone.now()
    if search.user_id != user.pk:
        raise ValidationError(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
    if emergency_search_expired(search, now):
        raise ValidationError(_("Deze noodzoekopdracht is verlopen. Zoek opnieuw, met een reden."))
    try:
        case = search.cases.get(uuid=case_public_id)
    except (Case.DoesNotExist, ValidationError) as exc:
        raise ValidationError(_("Deze casus hoort niet bij de resultaten van uw noodzoekopdracht.")) from exc
    if is_member(user, case) or active_break_glass(user, case, now):
        return case, None
    return case, start_break_glass(request, case, search.reason, user=user, now=now, search=search)


def _notify_privacy_officers(grant: BreakGlassAccess) -> None:
    from privacyregie.core.services import notify

    officers = [u for u in User.objects.filter(organisation_id=grant.organisation_id, is_active=True)
                .prefetch_related("role_assignments") if "kernel.review_break_glass" in u.privacy_permissions]
    notify(officers, _("Noodtoegang tot casus %(ref)s") % {"ref": grant.case.reference},
           _("%(user)s heeft noodtoegang genomen tot casus %(ref)s. Reden: %(reason)s") % {
               "user": grant.user, "ref": grant.case.reference, "reason": grant.reason},
           url=reverse("dossiers:break_glass_reviews"), dedup_key=f"break-glass:{grant.pk}")


@transaction.atomic
def review_break_glass(user, grant: BreakGlassAccess, verdict: str, comment: str = "") -> BreakGlassAccess:
    comment = (comment or "").strip()
    if verdict not in (BreakGlassAccess.Review.APPROVED, BreakGlassAccess.Review.IMPROPER):
        raise ValidationError(_("Kies 'terecht' of 'onterecht'."))
    if verdict == BreakGlassAccess.Review.IMPROPER and not comment:
        raise ValidationError({"comment": _("Licht toe waarom de noodtoegang onterecht was.")})
    if grant.review != BreakGlassAccess.Review.PENDING:
        raise ValidationError(_("Deze noodtoegang is al beoordeeld."))
    grant.review, grant.review_comment = verdict, comment
    grant.reviewed_by, grant.reviewed_at = user, timezone.now()
    grant.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    return grant


# --- authorisation review (R7) ----------------------------------------------------------------

@transaction.atomic
def start_authorisation_review(user) -> AuthorisationReview:
    """A new round: one item per team membership and per active case membership of the organisation."""
    if AuthorisationReview.objects.filter(organisation_id=user.organisation_id, closed_at__isnull=True).exists():
        raise ValidationError(_("Er loopt al een autorisatiecontrole. Rond die eerst af."))
    review = AuthorisationReview.objects.create(organisation_id=user.organisation_id, started_by=user)
    items = [
        ReviewItem(review=review, team_id=m.team_id, kind=ReviewItem.Kind.TEAM, user_id=m.user_id,
                   team_membership_id=m.pk)
        for m in TeamMembership.objects.filter(team__organisation_id=user.organisation_id, is_lead=False)
    ]
    items += [
        ReviewItem(review=review, team_id=m.case.team_id, kind=ReviewItem.Kind.CASE, user_id=m.user_id,
                   case_membership=m)
        for m in CaseMembership.objects.filter(case__organisation_id=user.organisation_id, revoked_at__isnull=True)
        .select_related("case")
    ]
    ReviewItem.objects.bulk_create(items)
    return review


def open_review(organisation_id):
    return AuthorisationReview.objects.filter(organisation_id=organisation_id, closed_at__isnull=True).first()


def items_for_lead(user, review):
    teams = TeamMembership.objects.filter(user=user, is_lead=True).values("team_id")
    return review.items.filter(team_id__in=teams).select_related("team", "user", "case_membership__case")


@transaction.atomic
def decide_review_item(request, item: ReviewItem, decision: str) -> ReviewItem:
    user = request.user
    if item.review.closed_at:
        raise ValidationError(_("Deze autorisatiecontrole is al afgerond."))
    if not leads_team(user, item.team):
        raise ValidationError(_("Alleen de teamleider van %(team)s beoordeelt deze autorisatie.") % {"team": item.team})
    if decision not in (ReviewItem.Decision.CONFIRMED, ReviewItem.Decision.REVOKED):
        raise ValidationError(_("Kies 'bevestigen' of 'intrekken'."))
    if decision == ReviewItem.Decision.REVOKED:
        if item.kind == ReviewItem.Kind.TEAM:
            TeamMembership.objects.filter(pk=item.team_membership_id).delete()
        elif item.case_membership and item.case_membership.revoked_at is None:
            revoke_membership(request, item.case_membership)
    item.decision, item.decided_by, item.decided_at = decision, user, timezone.now()
    item.save(update_fields=["decision", "decided_by", "decided_at"])
    return item


def review_summary(review) -> dict:
    counts = {row["decision"]: row["n"] for row in review.items.values("decision").annotate(n=Count("id"))}
    total = sum(counts.values())
    done = counts.get(ReviewItem.Decision.CONFIRMED, 0) + counts.get(ReviewItem.Decision.REVOKED, 0)
    return {"total": total, "confirmed": counts.get(ReviewItem.Decision.CONFIRMED, 0),
            "revoked": counts.get(ReviewItem.Decision.REVOKED, 0), "open": counts.get(ReviewItem.Decision.OPEN, 0),
            "pct": round(100 * done / total, 1) if total else 100.0}


@transaction.atomic
def close_authorisation_review(user, review) -> AuthorisationReview:
    if review.closed_at:
        raise ValidationError(_("Deze autorisatiecontrole is al afgerond."))
    summary = review_summary(review)
    review.closed_at = timezone.now()
    review.outcome = _("%(total)s autorisaties: %(confirmed)s bevestigd, %(revoked)s ingetrokken, "
                       "%(open)s niet beoordeeld.") % summary
    review.save(update_fields=["closed_at", "outcome"])
    return review


# --- figures for the quarterly scorecard -----------------------------------------------------

def scorecard_figures(organisation, start, end) -> dict:
    grants = BreakGlassAccess.objects.filter(organisation=organisation, started_at__gte=start, started_at__lt=end)
    review = AuthorisationReview.objects.filter(organisation=organisation, started_at__lt=end).first()
    summary = review_summary(review) if review else None
    return {
        "break_glass_total": grants.count(),
        "break_glass_reviewed": grants.exclude(review=BreakGlassAccess.Review.PENDING).count(),
        "break_glass_improper": grants.filter(review=BreakGlassAccess.Review.IMPROPER).count(),
        "authorisation_review_completed": (review.closed_at is not None) if review else None,
        "authorisation_review_completion_pct": summary["pct"] if summary else None,
    }
