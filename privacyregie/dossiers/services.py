"""Operations on residents and case files that pages, API, demo and other apps call.

Every function that reads or changes personal data or case contents passes the privacy
kernel (``kernel.services.access``) in the same transaction as the change, so a change
without a log entry cannot happen. Bad input raises ``ValidationError`` (Dutch) and
changes nothing. Never returns a case or resident the user may not see.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacyregie.core import bsn as core_bsn
from privacyregie.core.categories import DataCategory, is_sensitive
from privacyregie.core.categories import labels as category_labels
from privacyregie.core.files import check_upload, read_encrypted, store_encrypted
from privacyregie.core.models import TeamMembership, User
from privacyregie.core.prepared import PreparedCount, PreparedQuery, PreparedRows
from privacyregie.kernel.policy import Action, Decision, LegalBasisKind, Purpose, decide
from privacyregie.kernel.services import (
    MIN_DEVIATION_MOTIVATION,
    AccessDenied,
    access,
    emergency_entries,
    write_pending_denial,
)
from privacyregie.register.services import covering_agreement

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
from .signals import consent_withdrawn

DOCUMENT_TYPES = ("pdf", "docx", "odt", "txt", "png", "jpg", "jpeg")


# --- need-to-know helpers ---------------------------------------------------------

def is_member(user, case) -> bool:
    return case.has_active_member(user)


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


def _page_case_queryset(*, uuid, organisation_id, user_id, now):
    """The case page's case query (``get_case_for_page``), as a queryset."""
    from privacyregie.register.models import ProcessingActivity, ProcessingActivityVersion
    from privacyregie.rights.models import Restriction

    activity = (ProcessingActivity.objects.filter(organisation_id=OuterRef(OuterRef("organisation_id")),
                                                  name=OuterRef(OuterRef("processing_activity")))
                .order_by("name", "pk").values("pk")[:1])
    version = (ProcessingActivityVersion.objects.filter(activity=Subquery(activity), valid_from__lte=now)
               .order_by("-valid_from", "-number").values("version_id")[:1])
    grant = (BreakGlassAccess.objects.filter(user_id=user_id, case=OuterRef("pk"), expires_at__gt=now)
             .order_by("-started_at").values("expires_at")[:1])
    # the first active restriction (AVG art. 18) on the case or one of its residents (rights.restriction)
    restriction = (Restriction.objects.filter(ended_at__isnull=True, organisation_id=OuterRef("organisation_id"))
                   .filter(Q(case_id=OuterRef("pk")) | Q(resident_id__in=CaseResident.objects.filter(
                       case_id=OuterRef(OuterRef("pk"))).values("resident_id")))
                   .order_by("started_at").values("pk")[:1])
    return (Case.objects.select_related("team", "retention__result__process_type")
            .annotate(page_version_id=Subquery(version), page_break_glass_until=Subquery(grant),
                      page_restriction_id=Subquery(restriction))
            .filter(uuid=uuid, organisation_id=organisation_id))


# compiled once per process: the stand-ins (a nil UUID, negative ids, a moment in 1901) never occur in the query
_PAGE_CASE = PreparedQuery(
    _page_case_queryset,
    uuid=(Case._meta.get_field("uuid"), UUID(int=0)),
    organisation_id=(Case._meta.get_field("organisation").target_field, -917_301),
    user_id=(BreakGlassAccess._meta.get_field("user").target_field, -917_302),
    now=(BreakGlassAccess._meta.get_field("expires_at"), datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)),
)


def get_case_for_page(user, public_id) -> Case:
    """``get_case`` for the case page: the same single query, which also brings what the page and the
    kernel's policy would otherwise ask one query each for (no decision is taken here):

    * the id of the version in force of the register's processing activity the case names
      (``policy.register_version``),
    * the end of the user's active break-the-glass access to the case, if any (the page's banner and
      ``policy.active_emergency``),
    * the case's retention record with its selection-list result (the retention panel),
    * the first active restriction of processing on the case or its residents, if any (the kernel's
      restriction check, ``rights.restriction``; only a restricted case asks for the restriction's details).

    The values are kept on this instance only (``Case.remember_page_facts``), which lives for one request.
    """
    try:
        found = _PAGE_CASE.run(uuid=public_id, organisation_id=user.organisation_id, user_id=user.pk,
                               now=timezone.now())
    except ValidationError as exc:  # a malformed id
        raise Case.DoesNotExist from exc
    if not found:
        raise Case.DoesNotExist("Case matching query does not exist.")
    case = found[0]
    case.remember_page_facts(user, register_version_id=case.page_version_id,
                             break_glass_until=case.page_break_glass_until,
                             restriction_id=case.page_restriction_id)
    return case


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
    if member:  # purpose_for would ask the membership again
        return access(request, action, case, purpose or Purpose.CASE_WORK), True
    return access(request, action, case, purpose_for(user, case)), True


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


CONSENT_DOCUMENT_TYPES = ("pdf", "docx", "odt", "png", "jpg", "jpeg")


def _categories(data_categories) -> list[str]:
    """The chosen category codes, each once, in the vocabulary's order; unknown codes are bad input."""
    chosen = [str(c) for c in (data_categories or ())]
    unknown = sorted(set(chosen) - set(DataCategory.values))
    if unknown:
        raise ValidationError({"data_categories": _("Onbekende gegevenscategorie: %(codes)s.") % {
            "codes": ", ".join(unknown)}})
    return [c for c in DataCategory.values if c in chosen]


@transaction.atomic
def record_consent(request, case, *, resident, form, scope, given_on, partners=(), data_categories=(),
                   purpose=Purpose.SHARING, valid_from=None, valid_until=None, document=None,
                   conversation: str = "") -> Consent:
    """Record a resident's consent (R5) for the named partners of the register and data categories.

    Written: the signed document is checked (``core.files.check_upload``) and stored encrypted, only after
    the kernel allowed the change. Oral: the conversation in which it was given; who recorded it and when
    are the user and the moment. Bad input raises ``ValidationError`` and records nothing.
    """
    if not case.case_residents.filter(resident=resident).exists():
        raise ValidationError(_("Deze inwoner hoort niet bij de casus."))
    partners = list(partners or ())
    if any(p.organisation_id != case.organisation_id for p in partners):
        raise ValidationError({"partners": _("Kies ketenpartners uit het eigen verwerkingsregister.")})
    categories = _categories(data_categories)
    if purpose == Purpose.SHARING and not partners:
        raise ValidationError({"partners": _("Kies aan welke ketenpartner(s) de inwoner toestemming geeft.")})
    if purpose == Purpose.SHARING and not categories:
        raise ValidationError({"data_categories": _("Kies voor welke gegevens de toestemming geldt.")})
    checked = None
    if form == Consent.Form.WRITTEN:
        if document is None:
            raise ValidationError({"document": _("Voeg bij een schriftelijke toestemming het getekende document toe.")})
        checked = check_upload(document, allowed=CONSENT_DOCUMENT_TYPES)
    consent = Consent(organisation_id=case.organisation_id, resident=resident, case=case, form=form,
                      purpose=purpose, scope=scope, data_categories=categories, given_on=given_on,
                      valid_from=valid_from or given_on, valid_until=valid_until,
                      conversation=(conversation or "").strip() if form == Consent.Form.ORAL else "",
                      recorded_by=request.user, recorded_at=timezone.now())
    if checked is not None:
        consent.document_name, consent.document_content_type = checked.name, checked.content_type
        consent.document_sha256 = checked.sha256
    consent.full_clean(exclude=["document_storage"])
    consent.save()
    consent.partners.set(partners)
    access(request, Action.CREATE, consent, purpose_for(request.user, case))
    if checked is not None:
        consent.document_storage = store_encrypted(checked.data)  # only after the kernel allowed it
        consent.save(update_fields=["document_storage"])
    return consent


def read_consent_document(request, consent: Consent) -> bytes:
    """The signed consent document, after the kernel allowed and logged the consultation."""
    if not consent.document_storage:
        raise Consent.DoesNotExist
    with transaction.atomic():
        access(request, Action.VIEW, consent, purpose_for(request.user, consent.case))
    return read_encrypted(consent.document_storage)


@transaction.atomic
def withdraw_consent(request, consent: Consent, *, how=Consent.Form.ORAL, note: str = "", at=None) -> Consent:
    """Withdraw a consent (AVG art. 7(3)); it takes effect at once, to the second.

    The withdrawal is logged through the kernel, and ``signals.consent_withdrawn`` is sent in the same
    transaction, so open access to shares that relied on it ends with it.
    """
    at = at or timezone.now()
    if consent.withdrawn_at:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    if how not in Consent.Form.values:
        raise ValidationError({"how": _("Kies hoe de inwoner de toestemming heeft ingetrokken.")})
    if timezone.localdate(at) < consent.given_on:
        raise ValidationError(_("De datum van intrekken ligt vóór de datum waarop de toestemming is gegeven."))
    access(request, Action.UPDATE, consent, purpose_for(request.user, consent.case),
           label=f"intrekking {consent.log_label}")
    consent.withdrawn_at, consent.withdrawn_by = at, request.user
    consent.withdrawal_form, consent.withdrawal_note = how, (note or "").strip()[:300]
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_form", "withdrawal_note"])
    consent_withdrawn.send(sender=Consent, consent=consent)
    return consent


# --- which shares rely on a consent ------------------------------------------------------------------

_CONSENT_USAGE = []


def register_consent_usage(provider) -> None:
    """Register ``provider(consent) -> list[(label, url)]``: the shares of another capability that rely on
    a consent, shown per consent on the case page (exchange registers one).

    A provider may also offer ``provider.many(consents) -> {consent.pk: [(label, url)]}``, which answers
    for all consents of a page at once (one query instead of one per consent)."""
    if provider not in _CONSENT_USAGE:
        _CONSENT_USAGE.append(provider)


def consent_usage(consent) -> list[tuple[str, str]]:
    return [item for provider in _CONSENT_USAGE for item in provider(consent)]


def partner_list(organisation_id) -> list:
    """The organisation's chain partners (``register.services.partner_choices``) as a list, once per page."""
    return _PARTNERS.run(organisation_id=organisation_id)


def consents_with_partners(case, partners) -> list:
    """The case's consents (with resident, recorder and withdrawer) and each consent's partners as
    ``consent.partner_list`` (by name), in one query: the partners' ids come in the same rows (one row per
    consent and partner) and are looked up in ``partners``, the organisation's chain partners the page
    fetched anyway. A partner not among them (none should be) is fetched."""
    from privacyregie.register.models import ChainPartner

    consents, partner_ids = {}, {}
    for row in _CASE_CONSENTS.run(case_id=case.pk):
        consent = consents.setdefault(row.pk, row)
        ids = partner_ids.setdefault(row.pk, [])
        if row.partner_pk is not None:
            ids.append(row.partner_pk)
    known = {p.pk: p for p in partners}  # in the database's order by name
    missing = {pk for ids in partner_ids.values() for pk in ids if pk not in known}
    if missing:
        known.update((p.pk, p) for p in ChainPartner.objects.filter(pk__in=missing))  # after the others
    position = {pk: i for i, pk in enumerate(known)}
    for pk, consent in consents.items():
        consent._state.fields_cache["case"] = case
        consent.partner_list = [known[i] for i in sorted(set(partner_ids[pk]), key=position.__getitem__)]
    return list(consents.values())


def case_notes(case) -> list:
    """The case's notes with their authors, newest first (the case page; the caller has passed the kernel)."""
    notes = _CASE_NOTES.run(case_id=case.pk)
    for note in notes:
        note._state.fields_cache["case"] = case
    return notes


def case_documents(case) -> list:
    """The case's documents with who uploaded them, newest first (the case page; the caller has passed the
    kernel)."""
    documents = _CASE_DOCUMENTS.run(case_id=case.pk)
    for document in documents:
        document._state.fields_cache["case"] = case
    return documents


# the API's case contents (dossiers.api.case_contents): columns, not instances
_NOTE_COLUMNS = ("uuid", "author__username", "created_at", "text")
_DOCUMENT_COLUMNS = ("uuid", "title", "file_name", "content_type", "size", "sha256", "uploaded_at")
_CONSENT_COLUMNS = ("pk", "uuid", "resident__uuid", "form", "purpose", "scope", "recipient_note", "data_categories",
                    "given_on", "valid_from", "valid_until", "conversation", "withdrawn_at", "withdrawal_form",
                    "partners__name")
_NOTE_ROWS = PreparedRows(lambda case_id: CaseNote.objects.filter(case_id=case_id).values_list(*_NOTE_COLUMNS),
                          case_id=(CaseNote._meta.get_field("case").target_field, -917_331))
_DOCUMENT_ROWS = PreparedRows(
    lambda case_id: CaseDocument.objects.filter(case_id=case_id).values_list(*_DOCUMENT_COLUMNS),
    case_id=(CaseDocument._meta.get_field("case").target_field, -917_332))
_CONSENT_ROWS = PreparedRows(
    lambda case_id: Consent.objects.filter(case_id=case_id).values_list(*_CONSENT_COLUMNS)
    .order_by(*Consent._meta.ordering, "pk", "partners__name"),
    case_id=(Consent._meta.get_field("case").target_field, -917_333))


def case_content_rows(case) -> tuple[list, list, list]:
    """The case's notes, documents and consents as rows of columns (the API's contents; the caller has passed
    the kernel): notes ``_NOTE_COLUMNS`` newest first, documents ``_DOCUMENT_COLUMNS`` newest first, consents
    ``_CONSENT_COLUMNS`` one row per consent and partner (or one without a partner), by partner name."""
    return (_NOTE_ROWS.run(case_id=case.pk), _DOCUMENT_ROWS.run(case_id=case.pk),
            _CONSENT_ROWS.run(case_id=case.pk))


def _partners_queryset(organisation_id):
    from privacyregie.register.services import partner_choices

    return partner_choices(organisation_id)


# the case page's lists, compiled once per process (``core.prepared.PreparedQuery``); the stand-in ids (negative)
# never occur in the queries
_PARTNERS = PreparedQuery(_partners_queryset, organisation_id=(Case._meta.get_field("organisation").target_field,
                                                               -917_321))
_CASE_CONSENTS = PreparedQuery(
    lambda case_id: Consent.objects.filter(case_id=case_id).select_related("resident", "withdrawn_by", "recorded_by")
    .annotate(partner_pk=F("partners__pk")).order_by(*Consent._meta.ordering, "pk"),
    case_id=(Consent._meta.get_field("case").target_field, -917_322))
_CASE_NOTES = PreparedQuery(lambda case_id: CaseNote.objects.filter(case_id=case_id).select_related("author"),
                            case_id=(CaseNote._meta.get_field("case").target_field, -917_323))
_CASE_DOCUMENTS = PreparedQuery(
    lambda case_id: CaseDocument.objects.filter(case_id=case_id).select_related("uploaded_by"),
    case_id=(CaseDocument._meta.get_field("case").target_field, -917_324))


def consent_usages(consents) -> list[tuple[object, list[tuple[str, str]]]]:
    """``[(consent, usage)]`` for several consents, asking each provider once where it can."""
    consents = list(consents)
    usage = {consent.pk: [] for consent in consents}
    for provider in _CONSENT_USAGE:
        many = getattr(provider, "many", None)
        if many is not None:
            found = many(consents) if consents else {}
            for consent in consents:
                usage[consent.pk].extend(found.get(consent.pk, []))
        else:
            for consent in consents:
                usage[consent.pk].extend(provider(consent))
    return [(consent, usage[consent.pk]) for consent in consents]


# --- the sharing decision (R4, R11) -------------------------------------------------------------------

@dataclass(frozen=True)
class ShareDecision(Decision):
    """The kernel's decision on a share, with what it rests on: the agreement, the consent (if the basis is
    consent), the partner and the categories."""

    partner_id: int | None = None
    data_categories: tuple[str, ...] = ()
    agreement_id: int | None = None
    consent_id: int | None = None


def _date(day) -> str:
    return day.strftime("%d-%m-%Y")


def _consent_refusal(case, partner, categories, moment) -> str:
    """Why no consent of the case carries this share: of the consents for sharing, the one that came closest."""
    consents = list(Consent.objects.filter(case=case, purpose=Purpose.SHARING).prefetch_related("partners"))
    best_rank, best_text = -1, _("Er is geen wettelijke taak en geen toestemming van de inwoner voor het delen "
                                 "met %(partner)s.") % {"partner": partner.name}
    day = timezone.localdate(moment)
    for consent in consents:
        given = _date(consent.given_on)
        if not any(p.pk == partner.pk for p in consent.partners.all()):
            rank, text = 0, _("De toestemming van %(date)s noemt %(partner)s niet.") % {
                "date": given, "partner": partner.name}
        elif not set(categories) <= set(consent.data_categories):
            missing = [c for c in categories if c not in consent.data_categories]
            rank, text = 1, _("De toestemming van %(date)s geldt niet voor: %(categories)s.") % {
                "date": given, "categories": ", ".join(category_labels(missing)).lower()}
        elif consent.withdrawn_at and consent.withdrawn_at <= moment:
            rank, text = 2, _("De toestemming van %(date)s is ingetrokken op %(moment)s.") % {
                "date": given, "moment": timezone.localtime(consent.withdrawn_at).strftime("%d-%m-%Y %H:%M:%S")}
        elif consent.valid_from > day:
            rank, text = 2, _("De toestemming van %(date)s geldt pas vanaf %(from)s.") % {
                "date": given, "from": _date(consent.valid_from)}
        elif consent.valid_until and consent.valid_until < day:
            rank, text = 2, _("De toestemming van %(date)s gold tot en met %(until)s.") % {
                "date": given, "until": _date(consent.valid_until)}
        else:
            continue
        if rank > best_rank:
            best_rank, best_text = rank, text
    return best_text


def _sharing_basis(case, partner, categories, agreement, moment):
    """The legal basis of a share that the agreement covers: the statutory task of the case's activity, else a
    valid consent naming the partner and covering every category; ``(kind, detail, consent)``.

    Special (art. 9) and criminal (art. 10) categories pass on the statutory task only when the agreement
    names them; ``covering_agreement`` already demands that every category is named, this says so here too.
    """
    sensitive_named = all(c in agreement.data_categories for c in categories if is_sensitive(c))
    if case.statutory_basis and sensitive_named:
        return LegalBasisKind.STATUTORY_TASK, case.statutory_basis, None
    for consent in Consent.objects.filter(case=case, purpose=Purpose.SHARING).prefetch_related("partners"):
        if consent.is_valid_at(moment) and consent.covers(partner, categories):
            detail = _("toestemming (%(form)s) van %(date)s voor %(partner)s: %(scope)s") % {
                "form": consent.get_form_display(), "date": _date(consent.given_on), "partner": partner.name,
                "scope": consent.scope}
            return LegalBasisKind.CONSENT, detail, consent
    return LegalBasisKind.NONE, "", None


def share_label(case, partner, categories) -> str:
    return f"{case.log_label} → {partner.name} ({', '.join(categories)})"


def authorise_share(request, case, *, partner, data_categories, deviation_motivation: str = "") -> ShareDecision:
    """The sharing decision (R4, R11): may this case's data in these categories go to this partner, now?

    In this order: need-to-know (the kernel's policy, action SHARE, purpose SHARING); the partner's
    agreement covering the case's processing activity and every category (a missing, draft, expired or
    terminated agreement blocks: no deviation overrides it, ADR 0025); the legal basis (statutory task, or a
    valid consent naming the partner and covering every category); else a motivated deviation of at least
    ``MIN_DEVIATION_MOTIVATION`` characters, recorded for the privacy officer's review; else refused.
    Every outcome is one processing-log entry per resident naming the partner and categories; a refusal
    raises ``AccessDenied`` with a Dutch reason that says why.
    """
    if partner is None or partner.organisation_id != case.organisation_id:
        raise ValidationError({"partner": _("Kies een ketenpartner uit het eigen verwerkingsregister.")})
    categories = _categories(data_categories)
    if not categories:
        raise ValidationError({"data_categories": _("Kies welke gegevens u deelt.")})
    moment = timezone.now()
    motivation = (deviation_motivation or "").strip()
    found = {}

    def refine(decision):
        common = {"processing_activity": decision.processing_activity,
                  "processing_activity_version_id": decision.processing_activity_version_id,
                  "subjects": decision.subjects, "emergency": decision.emergency}
        agreement, why = covering_agreement(partner, case.processing_activity, categories,
                                            on=timezone.localdate(moment))
        if agreement is None:
            return Decision(False, why, **common)
        kind, detail, consent = _sharing_basis(case, partner, categories, agreement, moment)
        found.update(agreement=agreement, consent=consent)
        cover = _("%(kind)s '%(title)s'") % {"kind": agreement.get_kind_display(), "title": agreement.title}
        if kind == LegalBasisKind.NONE and len(motivation) < MIN_DEVIATION_MOTIVATION:
            why = _consent_refusal(case, partner, categories, moment)
            return Decision(False, _("%(why)s Zonder grondslag kunt u alleen delen met een gemotiveerde afwijking "
                                     "(minimaal %(n)s tekens), die de privacy officer beoordeelt.") % {
                                         "why": why, "n": MIN_DEVIATION_MOTIVATION}, **common)
        reason = _("Delen met %(partner)s toegestaan onder %(cover)s; %(who)s.") % {
            "partner": partner.name, "cover": cover, "who": decision.reason}
        return Decision(True, reason, kind, detail, **common)

    label = share_label(case, partner, categories)
    try:
        with transaction.atomic():
            decision = access(request, Action.SHARE, case, Purpose.SHARING, deviation_motivation=motivation,
                              refine=refine, label=label)
    except AccessDenied as denied:
        pending = list(denied.pending)
        write_pending_denial(denied)  # the refusal is logged even though this savepoint rolled back
        denied.pending = pending  # and again if the caller's transaction rolls back too (idempotent)
        raise
    agreement, consent = found.get("agreement"), found.get("consent")
    return ShareDecision(**{f.name: getattr(decision, f.name) for f in fields(Decision)},
                         partner_id=partner.pk, data_categories=tuple(categories),
                         agreement_id=agreement.pk if agreement else None, consent_id=consent.pk if consent else None)


def share_basis_still_valid(case, partner, data_categories, consent_id=None) -> bool:
    """Does an earlier share still have its basis now? The agreement must still cover it and, when it relied
    on a consent (``consent_id``: its key or public id), that consent must still be valid and cover it.
    Exchange asks this on every open of a share, so a withdrawal or an expiry ends access at once."""
    categories = list(data_categories or ())
    agreement, _why = covering_agreement(partner, case.processing_activity, categories)
    if agreement is None:
        return False
    if consent_id in (None, ""):
        return True
    key = "uuid" if not str(consent_id).isdigit() else "pk"
    try:
        consent = Consent.objects.prefetch_related("partners").get(case=case, **{key: consent_id})
    except (Consent.DoesNotExist, ValidationError, ValueError):
        return False
    return consent.is_valid_at() and consent.covers(partner, categories)


@transaction.atomic
def share_case(request, case, *, partner, data_categories, deviation_motivation: str = "") -> ShareDecision:
    """Record that the case summary was shared with a chain partner, after the sharing decision allowed it.

    The note names the partner, the categories and the basis; the real exchange of messages and files is
    the exchange capability's, on the same ``authorise_share``.
    """
    decision = authorise_share(request, case, partner=partner, data_categories=data_categories,
                               deviation_motivation=deviation_motivation)
    CaseNote.objects.create(case=case, author=request.user,
                            text=_("Samenvatting gedeeld met %(recipient)s (%(categories)s; grondslag: %(basis)s).") % {
                                "recipient": partner.name,
                                "categories": ", ".join(category_labels(decision.data_categories)).lower(),
                                "basis": decision.legal_basis_detail or decision.legal_basis})
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


def subject_facts(organisation) -> dict:
    """For the detection of suspicious access (``privacyregie.detection``), per resident known in the case
    files, by the pseudonym the processing log uses: ``(family-name key, team ids of their cases, ids of
    the members of those cases)``.

    The family name is returned only as a comparison key (``detection.rules.name_key``) for a background
    job; it is never shown. Reads no case contents."""
    from privacyregie.detection.rules import name_key
    from privacyregie.kernel.services import pseudonymise_bsn

    teams: dict[int, set] = {}
    for resident_id, team_id in CaseResident.objects.filter(case__organisation=organisation).values_list(
            "resident_id", "case__team_id"):
        teams.setdefault(resident_id, set()).add(team_id)
    members: dict[int, set] = {}
    for resident_id, user_id in CaseResident.objects.filter(case__organisation=organisation).values_list(
            "resident_id", "case__memberships__user_id"):
        if user_id is not None:
            members.setdefault(resident_id, set()).add(user_id)
    facts = {}
    for pk, bsn, last_name in Resident.objects.filter(organisation=organisation).values_list("pk", "bsn", "last_name"):
        try:
            pseudonym = pseudonymise_bsn(bsn)
        except ValidationError:
            continue
        facts[pseudonym] = (name_key(last_name), frozenset(teams.get(pk, ())), frozenset(members.get(pk, ())))
    return facts


def subject_address_keys(organisation) -> dict:
    """For the detection of suspicious access: per resident with a postcode and house number, by the
    pseudonym the processing log uses, the keyed hash of that address (``detection.address.address_key``).
    Only the comparison key leaves this function; the address is never returned or stored elsewhere."""
    from privacyregie.detection.address import address_key, house_number
    from privacyregie.kernel.services import pseudonymise_bsn

    keys = {}
    for bsn, address, postal_code in (Resident.objects.filter(organisation=organisation).exclude(postal_code="")
                                      .values_list("bsn", "address", "postal_code")):
        key = address_key(postal_code, house_number(address))
        if not key:
            continue
        try:
            keys[pseudonymise_bsn(bsn)] = key
        except ValidationError:
            continue
    return keys


# --- the start page's break-glass figures (every start page of a privacy officer or case worker) ------------

_PENDING_BREAK_GLASS = PreparedCount(
    lambda organisation_id: BreakGlassAccess.objects.filter(organisation_id=organisation_id,
                                                            review=BreakGlassAccess.Review.PENDING),
    organisation_id=(BreakGlassAccess._meta.get_field("organisation").target_field, -917_391))
_ACTIVE_BREAK_GLASS = PreparedCount(
    lambda user_id, now: BreakGlassAccess.objects.filter(user_id=user_id, expires_at__gt=now),
    user_id=(BreakGlassAccess._meta.get_field("user").target_field, -917_392),
    now=(BreakGlassAccess._meta.get_field("expires_at"), datetime(2000, 1, 2, 3, 4, 5, tzinfo=UTC)))


def pending_break_glass_reviews(organisation_id) -> int:
    """Emergency accesses of the organisation the privacy officer has still to review (R4)."""
    return _PENDING_BREAK_GLASS.run(organisation_id=organisation_id)


def active_break_glass_count(user) -> int:
    """The user's emergency accesses that have not expired yet."""
    return _ACTIVE_BREAK_GLASS.run(user_id=user.pk, now=timezone.now())
