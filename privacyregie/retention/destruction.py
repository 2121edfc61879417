"""Destruction of cases past their retention term (Archiefwet 1995 art. 3 and 5; Selectielijst gemeenten
en intergemeentelijke organen 2020; Archiefbesluit 1995 art. 6-8: a destruction list, its approval, and a
declaration of destruction that is kept).

Flow: ``draw_up`` lists what has passed its term (a case under a legal hold is put on the list as
excluded, with the reason) -> ``approve`` by the privacy officer AND the information manager / archivist,
two different people, neither of them the one who drew it up (or ``reject`` by one of them, with the
reason: its cases are due again for a new list) -> ``execute`` once: the holds are checked again, the case
records are deleted in one transaction, and after it committed the stored files are shredded and the shred
keys of the cases and deleted residents destroyed (so backups become unreadable).
The certificate (``certificate.py``) names case references, counts and pseudonyms only.

Never deletes a processing-log entry: those keep only the pseudonym and stay verifiable. Never destroys a
case that is under a hold at the moment of execution. A refused step changes nothing and is logged (a
``DestructionEvent`` written after the rollback, and the application log).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core import shredding
from privacyregie.core.access import has_permission
from privacyregie.core.prepared import PreparedQuery
from privacyregie.core.roles import Role
from privacyregie.kernel.policy import Action, Decision, LegalBasisKind, Purpose, deny
from privacyregie.kernel.services import access, pseudonymise_bsn

from . import services
from .models import (
    CaseRetention,
    DestructionApproval,
    DestructionEvent,
    DestructionItem,
    DestructionProposal,
    LegalHold,
    ProposalStatus,
    Valuation,
)

log = logging.getLogger("privacyregie.retention.destruction")
Capacity = DestructionApproval.Capacity
CAPACITY_ROLES = {Capacity.PRIVACY_OFFICER: Role.PRIVACY_OFFICER, Capacity.ARCHIVIST: Role.INFORMATION_MANAGER}
LEGAL_BASIS = "Archiefwet 1995 art. 3 en 5; Selectielijst gemeenten en intergemeentelijke organen 2020"


class DestructionRefused(ValidationError):
    """A refused step of the destruction (Dutch message); nothing was changed and the refusal is logged."""


# --- what has passed its term ------------------------------------------------------------------------------

def _expired_fallback(organisation, today):
    """Cases whose recorded result says 'vernietigen' and whose term ended on or before ``today``."""
    found = []
    records = (CaseRetention.objects.filter(case__organisation=organisation, result__valuation=Valuation.DESTROY)
               .select_related("case", "result").order_by("term_starts_on", "case__reference"))
    for record in records:
        info = services.retention_of(record.case)
        if info and info.term_ends_on and info.term_ends_on <= today:
            found.append((record.case, info))
    return found


def expired_cases(organisation, today=None) -> list:
    """``[(case, RetentionInfo)]`` past their term: ``retention.services.expired_cases`` where it exists."""
    today = today or timezone.localdate()
    provider = getattr(services, "expired_cases", None)
    return list(provider(organisation, today) if provider else _expired_fallback(organisation, today))


def on_open_proposal(case_ids) -> set[int]:
    """The cases already on a proposal that is not executed or rejected (also when excluded there: once that
    list is executed, an excluded case is due again for the next one)."""
    return set(DestructionItem.objects.filter(
        case_id__in=case_ids,
        proposal__status__in=[ProposalStatus.DRAFT, ProposalStatus.APPROVED]).values_list("case_id", flat=True))


def due_for_destruction(organisation, today=None) -> list:
    """What the daily job lists: expired cases not yet on an open proposal."""
    cases = expired_cases(organisation, today)
    taken = on_open_proposal([case.pk for case, _info in cases])
    return [(case, info) for case, info in cases if case.pk not in taken]


def notify_due(organisation, count: int, today=None) -> list:
    """Tell the privacy officers and information managers / archivists of ``organisation`` that ``count`` cases
    are due and on no open list: once per organisation per day (``dedup_key`` with the local date), however
    often the job runs. Returns the notifications created."""
    from django.urls import reverse

    from privacyregie.core.services import notify, users_with_role

    today = today or timezone.localdate()
    recipients = {user.pk: user for role in CAPACITY_ROLES.values()
                  for user in users_with_role(organisation, role)}
    subject = _("%(n)s zaak/zaken klaar voor een vernietigingslijst") % {"n": count}
    body = _("De bewaartermijn van %(n)s zaak/zaken is verstreken en zij staan nog op geen open "
             "vernietigingslijst. Stel een vernietigingslijst op; niets wordt vernietigd zonder goedkeuring door de "
             "privacy officer en de informatiemanager of archivaris.") % {"n": count}
    return notify(sorted(recipients.values(), key=lambda u: u.pk), subject, body,
                  url=reverse("retention:destruction_list"),
                  dedup_key=f"retention-due-{organisation.pk}-{today.isoformat()}")


def all_holds(case) -> list[str]:
    """Every reason not to destroy ``case`` now: registered legal holds, open requests (providers), and
    shares or data rooms that are still open."""
    from privacyregie.datarooms import services as datarooms
    from privacyregie.exchange import services as exchange
    from privacyregie.kernel.policy import restriction_reason

    restricted = restriction_reason(case)
    restriction = [_("verwerking beperkt (AVG art. 18): %(reason)s") % {"reason": restricted}] if restricted else []
    return [*services.holds_for(case), *restriction, *exchange.destruction_holds(case),
            *datarooms.destruction_holds(case)]


# --- kernel rule: the destruction item is the target of the log entries ------------------------------------

def item_rule(user, action, item: DestructionItem, purpose) -> Decision:
    """Whoever may see destruction lists may read an item (case reference, result, pseudonyms); deleting
    it (the execution) needs ``retention.propose_destruction`` and an approved, not executed proposal."""
    subjects = item.case.subject_bsns() if item.case_id else ()
    if purpose != Purpose.ACCOUNTABILITY:
        return deny(_("Vernietigen gebeurt alleen voor verantwoording (Archiefwet)."), subjects=subjects)
    if action == Action.VIEW and has_permission(user, "retention.view_destruction"):
        allowed = True
    elif action in (Action.CREATE, Action.DELETE) and has_permission(user, "retention.propose_destruction"):
        allowed = action == Action.CREATE or item.proposal.status == ProposalStatus.APPROVED
    else:
        allowed = False
    if not allowed:
        return deny(_("U heeft niet de bevoegdheid voor deze handeling."), subjects=subjects)
    result = item.result.full_number if item.result_id else ""
    return Decision(True, _("vernietigingslijst %(ref)s") % {"ref": item.proposal.reference},
                    LegalBasisKind.STATUTORY_TASK, f"{LEGAL_BASIS}, resultaat {result}"[:300],
                    processing_activity=item.case.processing_activity if item.case_id else "", subjects=subjects)


def register_kernel_rule() -> None:
    from privacyregie.kernel.policy import register_target

    register_target(DestructionItem, item_rule)
    register_target(LegalHold, hold_rule)


def _hold_subjects(hold) -> tuple[str, ...]:
    if hold.case_id:
        return hold.case.subject_bsns()
    return (hold.resident.bsn,) if hold.resident_id else ()


def hold_rule(user, action, hold: LegalHold, purpose) -> Decision:
    """A legal hold is placed and lifted for legal claims (AVG art. 17(3)(e), 18(2)) by whoever manages holds."""
    subjects = _hold_subjects(hold)
    if purpose != Purpose.LEGAL_CLAIMS or not has_permission(user, "retention.manage_holds") \
            or action not in (Action.CREATE, Action.UPDATE, Action.VIEW):
        return deny(_("U heeft niet de bevoegdheid voor deze handeling."), subjects=subjects)
    return Decision(True, _("bewaarplicht wegens procedure"), LegalBasisKind.STATUTORY_TASK,
                    "AVG art. 17(3)(e) en 18(2): instellen, uitoefenen of onderbouwen van een rechtsvordering",
                    subjects=subjects)


# --- refusals ----------------------------------------------------------------------------------------------

def _event(proposal, kind, actor, detail="") -> DestructionEvent:
    return DestructionEvent.objects.create(proposal=proposal, kind=kind, actor=actor if getattr(actor, "pk", None)
                                           else None, detail=str(detail)[:500])


def _refusing(proposal, user, operation):
    """Run ``operation`` in a transaction; a refusal rolls it back, then is recorded and logged."""
    try:
        with transaction.atomic():
            return operation()
    except DestructionRefused as refusal:
        message = "; ".join(refusal.messages)
        log.warning("destruction refused: proposal %s, user %s: %s", proposal.reference,
                    getattr(user, "username", "?"), message)
        _event(proposal, DestructionEvent.Kind.REFUSED, user, message)
        raise


def _require(user, permission) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied(_("U heeft niet de bevoegdheid voor deze handeling."))


def _next_reference(organisation_id) -> str:
    year = timezone.localdate().year
    prefix = f"VL-{year}-"
    count = DestructionProposal.objects.filter(organisation_id=organisation_id, reference__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


# --- drawing up --------------------------------------------------------------------------------------------

def _pseudonyms(case) -> list[str]:
    return sorted({pseudonymise_bsn(bsn) for bsn in case.subject_bsns() if bsn})


@transaction.atomic
def draw_up(request, *, today=None) -> DestructionProposal:
    """A proposal (draft) with every case of the organisation past its term and not yet on an open proposal.
    A case under a hold is listed as excluded with the reason. Refused when nothing has passed its term."""
    user = request.user
    _require(user, "retention.propose_destruction")
    due = due_for_destruction(user.organisation, today)
    if not due:
        raise DestructionRefused(_("Er is geen zaak waarvan de bewaartermijn is verstreken en die nog niet op een "
                                   "vernietigingslijst staat."))
    proposal = DestructionProposal.objects.create(organisation=user.organisation, created_by=user,
                                                  reference=_next_reference(user.organisation_id))
    for case, info in due:
        holds = all_holds(case)
        item = DestructionItem.objects.create(
            proposal=proposal, case=case, case_reference=case.reference, result=info.result,
            term_started_on=info.term_starts_on, term_ended_on=info.term_ends_on,
            documents_count=case.documents.count(), subject_pseudonyms=_pseudonyms(case),
            excluded_reason="; ".join(holds)[:300])
        access(request, Action.CREATE, item, Purpose.ACCOUNTABILITY)
    included = proposal.items.filter(excluded_reason="").count()
    _event(proposal, DestructionEvent.Kind.DRAWN_UP, user,
           _("%(n)s zaak/zaken voorgesteld, %(x)s uitgezonderd") % {"n": included, "x": len(due) - included})
    return proposal


def exclude_item(request, item: DestructionItem, reason: str) -> DestructionItem:
    """Take a case off a proposal that is not executed (destroying less never needs a new approval)."""
    user = request.user
    _require(user, "retention.propose_destruction")
    proposal = item.proposal
    reason = (reason or "").strip()

    def operation():
        locked = DestructionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == ProposalStatus.EXECUTED:
            raise DestructionRefused(_("Deze vernietigingslijst is al uitgevoerd; er valt niets meer uit te zonderen."))
        if locked.status == ProposalStatus.REJECTED:
            raise DestructionRefused(_("Deze vernietigingslijst is afgewezen; er valt niets meer uit te zonderen."))
        if not reason:
            raise DestructionRefused(_("Geef de reden waarom deze zaak niet wordt vernietigd."))
        item.excluded_reason = reason[:300]
        item.save(update_fields=["excluded_reason"])
        _event(locked, DestructionEvent.Kind.EXCLUDED, user, f"{item.case_reference}: {reason}")
        return item

    return _refusing(proposal, user, operation)


# --- approval ----------------------------------------------------------------------------------------------

def capacities_of(user) -> list[str]:
    roles = set(getattr(user, "roles", []) or [])
    return [capacity for capacity, role in CAPACITY_ROLES.items() if role in roles]


def awaiting_approval_of(user):
    """Draft proposals of the user's organisation that still need an approval in a capacity the user holds,
    that the user did not draw up and has not approved yet (the start-page panel)."""
    capacities = capacities_of(user)
    if not capacities or not has_permission(user, "retention.approve_destruction"):
        return DestructionProposal.objects.none()
    proposals = _AWAITING_APPROVAL.run(organisation_id=user.organisation_id, user_id=user.pk)
    if proposals:
        prefetch_related_objects(proposals, "approvals")
    return [p for p in proposals if set(capacities) - {a.capacity for a in p.approvals.all()}]


def _awaiting_approval_queryset(organisation_id, user_id):
    """Draft proposals of the organisation not drawn up nor yet approved by this user."""
    return (DestructionProposal.objects.filter(organisation_id=organisation_id, status=ProposalStatus.DRAFT)
            .exclude(created_by_id=user_id).exclude(approvals__user_id=user_id))


# compiled once per process (core.prepared): every start page of an approver asks it
_AWAITING_APPROVAL = PreparedQuery(
    _awaiting_approval_queryset,
    organisation_id=(DestructionProposal._meta.get_field("organisation").target_field, -917_401),
    user_id=(DestructionProposal._meta.get_field("created_by").target_field, -917_402))


def approve(request, proposal: DestructionProposal, capacity: str | None = None) -> DestructionApproval:
    """Approve in one capacity (privacy officer, or information manager / archivist). Refused: one's own
    proposal, a second approval by the same person (in the other capacity), a capacity the user does not
    hold or that is already filled, and a proposal that is no longer a draft."""
    user = request.user
    _require(user, "retention.approve_destruction")

    def operation():
        locked = DestructionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.DRAFT:
            raise DestructionRefused(_("Deze vernietigingslijst is %(status)s en kan niet meer worden goedgekeurd.")
                                     % {"status": locked.get_status_display()})
        if locked.created_by_id == user.pk:
            raise DestructionRefused(_("U hebt deze vernietigingslijst zelf opgesteld en kunt haar niet goedkeuren. "
                                       "Twee anderen keuren haar goed: de privacy officer en de informatiemanager "
                                       "of archivaris."))
        done = {a.capacity: a for a in locked.approvals.select_related("user")}
        if any(a.user_id == user.pk for a in done.values()):
            raise DestructionRefused(_("U hebt deze vernietigingslijst al goedgekeurd. De tweede goedkeuring moet van "
                                       "iemand anders komen, ook als u beide functies vervult."))
        mine = capacities_of(user)
        chosen = capacity or next((c for c in mine if c not in done), None)
        if chosen not in Capacity.values or chosen not in mine:
            raise DestructionRefused(_("U kunt alleen goedkeuren als privacy officer of als informatiemanager of "
                                       "archivaris."))
        if chosen in done:
            raise DestructionRefused(_("De goedkeuring als %(capacity)s is al gegeven door %(name)s.") % {
                "capacity": Capacity(chosen).label, "name": done[chosen].user.get_full_name() or done[chosen].user})
        approval = DestructionApproval.objects.create(proposal=locked, user=user, capacity=chosen)
        _event(locked, DestructionEvent.Kind.APPROVED, user, str(Capacity(chosen).label))
        if set(Capacity.values) <= {*done, chosen}:
            locked.status = ProposalStatus.APPROVED
            locked.save(update_fields=["status"])
        proposal.refresh_from_db()
        return approval

    return _refusing(proposal, user, operation)


# --- rejection ---------------------------------------------------------------------------------------------

def may_reject(user, proposal) -> bool:
    """An approver (privacy officer, or information manager / archivist) may reject a list not executed."""
    return (has_permission(user, "retention.approve_destruction") and bool(capacities_of(user))
            and proposal.status in (ProposalStatus.DRAFT, ProposalStatus.APPROVED))


def reject(request, proposal: DestructionProposal, reason: str) -> DestructionProposal:
    """Reject a list that is not executed, with the reason (kept in the history). A rejected list cannot be
    approved or executed any more; its cases are due again for a new list (``on_open_proposal``). Refused
    (nothing changed, logged): no reason, a list already executed or rejected, a user who is no approver."""
    user = request.user
    _require(user, "retention.approve_destruction")
    reason = (reason or "").strip()

    def operation():
        locked = DestructionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status in (ProposalStatus.EXECUTED, ProposalStatus.REJECTED):
            raise DestructionRefused(_("Deze vernietigingslijst is %(status)s en kan niet meer worden afgewezen.")
                                     % {"status": locked.get_status_display()})
        if not capacities_of(user):
            raise DestructionRefused(_("U kunt alleen afwijzen als privacy officer of als informatiemanager of "
                                       "archivaris."))
        if not reason:
            raise DestructionRefused(_("Geef de reden waarom u deze vernietigingslijst afwijst."))
        locked.status = ProposalStatus.REJECTED
        locked.save(update_fields=["status"])
        _event(locked, DestructionEvent.Kind.REJECTED, user, reason)
        log.info("destruction list %s rejected by %s", locked.reference, user.username)
        proposal.refresh_from_db()
        return proposal

    return _refusing(proposal, user, operation)


# --- execution ---------------------------------------------------------------------------------------------

def _destroy_case(request, item: DestructionItem, shred_names: list, shred_groups: list) -> dict:
    """Delete one case with everything that hangs on it; returns the counts for the certificate."""
    from privacyregie.datarooms import services as datarooms
    from privacyregie.dossiers.models import CaseResident, Consent, Resident
    from privacyregie.exchange import services as exchange

    case = item.case
    access(request, Action.DELETE, item, Purpose.ACCOUNTABILITY)  # logged with the residents' pseudonyms
    resident_ids = list(case.case_residents.values_list("resident_id", flat=True))
    counts = {"notes": case.notes.count(), "documents": case.documents.count(),
              "memberships": case.memberships.count(), "consents": case.consents.count()}
    shred_names += [n for n in case.documents.values_list("storage_name", flat=True) if n]
    shred_names += [n for n in case.consents.values_list("document_storage", flat=True) if n]
    shares = exchange.destroy_for_case(case)
    rooms = datarooms.destroy_for_case(case)
    shred_names += shares["storage_names"] + rooms["storage_names"]
    shred_groups.append(f"case:{case.uuid}")
    case.delete()
    alone = list(Resident.objects.filter(pk__in=resident_ids).exclude(
        pk__in=CaseResident.objects.values("resident_id")))
    consents = Consent.objects.filter(resident__in=alone)
    counts["consents"] += consents.count()
    shred_names += [n for n in consents.values_list("document_storage", flat=True) if n]
    consents.delete()
    for resident in alone:
        shred_groups.append(f"resident:{resident.uuid}")
        resident.delete()
    counts.update(residents=len(alone), exchanges=shares["exchanges"], data_rooms=rooms["rooms"],
                  files=len(shred_names))
    return counts


def execute(request, proposal: DestructionProposal):
    """Execute an approved proposal once; returns the ``DestructionCertificate``. Refused (nothing changed,
    logged): not approved by both, already executed, or a case under a hold now."""
    from .certificate import issue_certificate

    user = request.user
    _require(user, "retention.propose_destruction")
    shred_names: list[str] = []
    shred_groups: list[str] = []

    def operation():
        locked = DestructionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == ProposalStatus.EXECUTED:
            when = timezone.localtime(locked.executed_at).strftime("%d-%m-%Y %H:%M") if locked.executed_at else ""
            raise DestructionRefused(_("Deze vernietigingslijst is al uitgevoerd (%(when)s). Nogmaals vernietigen kan "
                                       "niet.") % {"when": when})
        if locked.status == ProposalStatus.REJECTED:
            raise DestructionRefused(_("Deze vernietigingslijst is afgewezen en kan niet worden uitgevoerd. Stel zo "
                                       "nodig een nieuwe lijst op."))
        if locked.status != ProposalStatus.APPROVED or locked.approvals.count() < len(Capacity.values):
            raise DestructionRefused(_("Deze vernietigingslijst is nog niet door de privacy officer én de "
                                       "informatiemanager of archivaris goedgekeurd."))
        items = list(locked.items.filter(excluded_reason="").select_related("case", "result"))
        held = [(item.case_reference, reasons) for item in items if item.case_id and (reasons := all_holds(item.case))]
        if held:
            raise DestructionRefused(_("Niet vernietigd: er geldt een bewaarplicht voor %(cases)s. Zonder deze zaak "
                                       "uit of hef de bewaarplicht op.") % {
                "cases": "; ".join(f"{ref} ({', '.join(reasons)})" for ref, reasons in held)})
        counts = {}
        for item in items:
            if item.case_id is None:
                counts[item.case_reference] = {"already_gone": True}
                continue
            counts[item.case_reference] = _destroy_case(request, item, shred_names, shred_groups)
        locked.status, locked.executed_at, locked.executed_by = ProposalStatus.EXECUTED, timezone.now(), user
        locked.save(update_fields=["status", "executed_at", "executed_by"])
        certificate = issue_certificate(locked, counts)
        _event(locked, DestructionEvent.Kind.EXECUTED, user,
               _("%(n)s zaak/zaken vernietigd, %(f)s bestanden versnipperd") % {
                   "n": len(items), "f": len(shred_names)})
        shredding.shred_after_commit(list(shred_names), list(shred_groups))  # after commit, retried until done
        proposal.refresh_from_db()
        return certificate

    return _refusing(proposal, user, operation)


# --- legal holds registered by hand --------------------------------------------------------------------------

def _hold_label(hold) -> str:
    if hold.case_id:
        return f"bewaarplicht op casus {hold.case.reference}"
    return f"bewaarplicht op inwoner {hold.resident.uuid}"


def open_holds(organisation):
    return (LegalHold.objects.filter(organisation=organisation, lifted_at__isnull=True)
            .select_related("case", "resident", "placed_by").order_by("-placed_at"))


@transaction.atomic
def place_hold(request, *, reason: str, case_reference: str = "", bsn: str = "") -> LegalHold:
    """A legal hold on one case (by reference) or on every case of one resident (by BSN). An unknown
    reference or BSN gets one neutral message (no enumeration)."""
    from privacyregie.dossiers.models import Case, Resident
    from privacyregie.dossiers.services import normalise_bsn

    user = request.user
    _require(user, "retention.manage_holds")
    reason = (reason or "").strip()
    if not reason:
        raise DestructionRefused(_("Geef de reden van de bewaarplicht (klacht, bezwaar, rechtszaak)."))
    case = resident = None
    if case_reference.strip():
        case = Case.objects.filter(organisation_id=user.organisation_id, reference=case_reference.strip()).first()
    elif bsn.strip():
        try:
            number = normalise_bsn(bsn)
        except ValidationError:
            number = ""
        resident = Resident.objects.filter(organisation_id=user.organisation_id, bsn=number).first() if number else None
    if case is None and resident is None:
        raise DestructionRefused(_("Geen zaak of inwoner gevonden met dit zaaknummer of BSN in uw organisatie."))
    hold = LegalHold.objects.create(organisation_id=user.organisation_id, case=case, resident=resident,
                                    reason=reason[:300], placed_by=user)
    access(request, Action.CREATE, hold, Purpose.LEGAL_CLAIMS, label=_hold_label(hold))
    return hold


@transaction.atomic
def lift_hold(request, hold: LegalHold) -> LegalHold:
    _require(request.user, "retention.manage_holds")
    if hold.lifted_at is not None:
        raise DestructionRefused(_("Deze bewaarplicht is al opgeheven."))
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_at"])
    access(request, Action.UPDATE, hold, Purpose.LEGAL_CLAIMS, label=_hold_label(hold))
    return hold


# --- messages for pages and API --------------------------------------------------------------------------------

def drawn_up_message(proposal) -> str:
    return _("Vernietigingslijst %(ref)s is opgesteld. Zij wacht op goedkeuring door de privacy officer en de "
             "informatiemanager of archivaris.") % {"ref": proposal.reference}


def approved_message(proposal) -> str:
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.APPROVED:
        return _("Goedgekeurd. De vernietigingslijst is nu door beide functies goedgekeurd en kan worden uitgevoerd.")
    return _("Goedgekeurd. De tweede goedkeuring volgt nog.")


def executed_message(proposal) -> str:
    return _("Vernietigingslijst %(ref)s is uitgevoerd. De verklaring van vernietiging staat klaar.") % {
        "ref": proposal.reference}


def rejected_message(proposal) -> str:
    return _("Vernietigingslijst %(ref)s is afgewezen. De zaken erop kunnen op een nieuwe lijst komen.") % {
        "ref": proposal.reference}


def excluded_message(item) -> str:
    return _("Zaak %(ref)s wordt niet vernietigd.") % {"ref": item.case_reference}


def hold_placed_message() -> str:
    return _("De bewaarplicht is vastgelegd. Zolang zij geldt, wordt niets vernietigd.")


def hold_lifted_message() -> str:
    return _("De bewaarplicht is opgeheven.")
