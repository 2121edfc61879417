"""Need-to-know rules for case files, registered with the privacy kernel (R1, R4).

* A case worker may act on a case only when a member, or during an emergency
  (break-the-glass) access that has not expired; that access is marked as emergency.
* A team lead sees the cases of their team: metadata and assignments, never notes,
  documents or residents unless also a member.
* Every other role sees no case contents at all.
* Emergency search (noodzoeken): a case worker with ``dossiers.break_glass`` may SEARCH the
  organisation's cases outside their own, only to read (``view``), only under purpose
  *noodtoegang*, only with a reason of at least ``BREAK_GLASS_MIN_REASON_LENGTH`` characters
  and at most ``EMERGENCY_SEARCH_MAX_PER_HOUR`` searches an hour. The decision is an emergency
  access (logged once per search, with the reason) and covers minimal metadata only: case
  reference, team and status. Contents, notes, documents and residents still need a member
  or a break-the-glass access. Everyone else is refused (and the refusal logged).
Legal basis: the statutory task of the case's processing activity; else a valid consent
of a resident of the case; else none (sharing then needs a motivated deviation).
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.kernel.policy import Action, Decision, LegalBasisKind, Purpose, deny

from .models import BreakGlassAccess, Case, CaseDocument, CaseNote, Consent, EmergencySearch, Resident

CONTENT_ACTIONS = {Action.VIEW, Action.CREATE, Action.UPDATE, Action.SHARE, Action.EXPORT}


def is_member(user, case) -> bool:
    return case.has_active_member(user)


def active_emergency(user, case) -> bool:
    known, until = case.remembered_break_glass(user)
    if known:  # fetched with the case moments ago (the case page), still compared with the clock
        return until is not None and until > timezone.now()
    return BreakGlassAccess.objects.filter(user=user, case=case, expires_at__gt=timezone.now()).exists()


def leads_team(user, team) -> bool:
    return "dossiers.lead_team" in user.privacy_permissions and team.memberships.filter(user=user, is_lead=True).exists()


def legal_basis(case, purpose) -> tuple[str, str]:
    """The statutory task of the case, else a valid consent covering the purpose, else none."""
    if case.statutory_basis:
        return LegalBasisKind.STATUTORY_TASK, case.statutory_basis
    now = timezone.now()
    today = timezone.localdate(now)
    for consent in (Consent.objects.filter(case=case, purpose=purpose, valid_from__lte=today)
                    .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=now))
                    .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))):
        return LegalBasisKind.CONSENT, _("toestemming (%(form)s) van %(date)s: %(scope)s") % {
            "form": consent.get_form_display(), "date": consent.given_on.strftime("%d-%m-%Y"), "scope": consent.scope,
        }
    return LegalBasisKind.NONE, ""


def register_version(case) -> tuple[str, str]:
    """The processing activity's name and the id of its version in force, from the register.

    Cases name their activity as text until the register's model can be linked; when the
    register capability is installed, the activity of the same name in the organisation's
    register supplies the version in force (logged with every decision).
    """
    remembered = case.remembered_register_version_id
    if remembered is not None:  # fetched with the case (``services.get_case_for_page``)
        return case.processing_activity, remembered
    try:
        activity_model = apps.get_model("register", "ProcessingActivity")
        from privacyregie.register.services import version_in_force
    except (LookupError, ImportError):
        return case.processing_activity, ""
    activity = activity_model.objects.filter(organisation_id=case.organisation_id,
                                             name=case.processing_activity).first()
    version = version_in_force(activity) if activity is not None else None
    return case.processing_activity, str(getattr(version, "version_id", "") or "")


def _content_rule(user, action, case, purpose, *, subjects) -> Decision:
    basis, detail = legal_basis(case, purpose)
    activity, version_id = register_version(case)
    common = {"legal_basis": basis, "legal_basis_detail": detail, "processing_activity": activity,
              "processing_activity_version_id": version_id, "subjects": subjects}
    if "dossiers.work_cases" in user.privacy_permissions and action in CONTENT_ACTIONS:
        if is_member(user, case):
            return Decision(True, _("betrokken bij de casus"), **common)
        if active_emergency(user, case):
            return Decision(True, _("noodtoegang"), emergency=True, **common)
    return deny(_("U bent niet betrokken bij deze casus. Alleen betrokken medewerkers zien de inhoud (need-to-know)."),
                processing_activity=case.processing_activity, subjects=subjects)


def case_rule(user, action, case: Case, purpose) -> Decision:
    subjects = case.subject_bsns()
    if purpose == Purpose.TEAM_LEAD and action in (Action.VIEW, Action.UPDATE) and leads_team(user, case.team):
        activity, version_id = register_version(case)
        return Decision(True, _("teamleider van het team (alleen gegevens over de casus en toewijzing)"),
                        LegalBasisKind.STATUTORY_TASK if case.statutory_basis else LegalBasisKind.NONE,
                        case.statutory_basis, processing_activity=activity, processing_activity_version_id=version_id)
    return _content_rule(user, action, case, purpose, subjects=subjects)


def note_rule(user, action, note: CaseNote, purpose) -> Decision:
    return _content_rule(user, action, note.case, purpose, subjects=note.case.subject_bsns())


def document_rule(user, action, document: CaseDocument, purpose) -> Decision:
    return _content_rule(user, action, document.case, purpose, subjects=document.case.subject_bsns())


def consent_rule(user, action, consent: Consent, purpose) -> Decision:
    if consent.case is None:
        return deny(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
    return _content_rule(user, action, consent.case, purpose, subjects=(consent.resident.bsn,))


def resident_rule(user, action, resident: Resident, purpose) -> Decision:
    now = timezone.now()
    cases = Case.objects.filter(case_residents__resident=resident)
    member_case = cases.filter(memberships__user=user, memberships__revoked_at__isnull=True).first()
    emergency_case = None if member_case else cases.filter(
        break_glass_accesses__user=user, break_glass_accesses__expires_at__gt=now).first()
    case = member_case or emergency_case
    if case is None or "dossiers.work_cases" not in user.privacy_permissions or action not in CONTENT_ACTIONS:
        return deny(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
    basis, detail = legal_basis(case, purpose)
    activity, version_id = register_version(case)
    return Decision(True, _("inwoner in een casus waarbij u betrokken bent"), basis, detail,
                    emergency=emergency_case is not None, processing_activity=activity,
                    processing_activity_version_id=version_id, subjects=(resident.bsn,))


EMERGENCY_SEARCH_BASIS = "AVG art. 6 lid 1 onder d en e (vitaal belang; taak van algemeen belang in een noodsituatie)"


def emergency_searches_last_hour(user, now=None, exclude=None) -> int:
    since = (now or timezone.now()) - timedelta(hours=1)
    searches = EmergencySearch.objects.filter(user=user, created_at__gt=since)
    if exclude is not None and exclude.pk:
        searches = searches.exclude(pk=exclude.pk)
    return searches.count()


def emergency_search_rule(user, action, search: EmergencySearch, purpose) -> Decision:
    """The one policy decision that lets a case worker look for a case outside their own."""
    subjects = (search.subject_bsn,) if search.subject_bsn else ()
    if "dossiers.break_glass" not in user.privacy_permissions or search.user_id != user.pk:
        return deny(_("Alleen een consulent met de bevoegdheid voor noodtoegang mag noodzoeken."), subjects=subjects)
    if action != Action.VIEW or purpose != Purpose.EMERGENCY:
        return deny(_("Noodzoeken kan alleen om te raadplegen, met het doel noodtoegang."), subjects=subjects)
    minimum = settings.BREAK_GLASS_MIN_REASON_LENGTH
    if len((search.reason or "").strip()) < minimum:
        return deny(_("Geef een reden van minimaal %(n)s tekens.") % {"n": minimum}, subjects=subjects)
    limit = settings.EMERGENCY_SEARCH_MAX_PER_HOUR
    if emergency_searches_last_hour(user, search.created_at, exclude=search) >= limit:
        return deny(_("U heeft het maximum van %(n)s noodzoekopdrachten per uur bereikt. Probeer het later opnieuw "
                      "of neem contact op met de privacy officer.") % {"n": limit}, subjects=subjects)
    return Decision(True, (_("noodzoeken (alleen zaaknummer, team en status); reden: %(reason)s")
                           % {"reason": search.reason.strip()})[:300],
                    LegalBasisKind.STATUTORY_TASK, EMERGENCY_SEARCH_BASIS, emergency=True,
                    processing_activity=_("Noodtoegang tot casussen sociaal domein"), subjects=subjects)


def register_rules():
    from privacyregie.kernel.policy import register_target

    register_target(Case, case_rule)
    register_target(CaseNote, note_rule)
    register_target(CaseDocument, document_rule)
    register_target(Consent, consent_rule)
    register_target(Resident, resident_rule)
    register_target(EmergencySearch, emergency_search_rule)
