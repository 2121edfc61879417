"""Who may open and change a data room, registered with the privacy kernel (R1, R10).

* A municipal user must be an active member of the room. When the room is linked to a case,
  the case's own need-to-know rule must allow the same action too (membership of a room
  never widens access to a case file; ADR 0063). The legal basis, the processing activity
  and the residents logged are then those of the case.
* An external user needs an active grant on the room (``external.has_active_grant``, given by
  the owner's invitation): expiry and revocation end access at the next request. The grant is
  the membership; the member row only shows them in the list.
* A closed room is read-only for everybody; only municipal members may still read it.
* On the room itself: VIEW opens it; UPDATE (add or remove a member) and SHARE (invite an
  external user) are for the room's owner. SHARE needs a legal basis like every share: the
  case's, or a motivated deviation for a room without a case. Documents may be added,
  changed and deleted by every member.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from privacyregie.kernel.policy import Action, Decision, LegalBasisKind, Purpose, decide, deny

from .models import DataRoom, DataRoomDocument

CHANGES = {Action.CREATE, Action.UPDATE, Action.DELETE, Action.SHARE}
ROOM_ACTIONS = {Action.VIEW} | CHANGES


def is_member(user, room: DataRoom) -> bool:
    return room.members.filter(user=user, removed_at__isnull=True).exists()


def _is_external(user) -> bool:
    from privacyregie.external.services import is_external

    return is_external(user)


def closed_reason(room: DataRoom) -> str:
    return _("Deze datakamer is gesloten op %(date)s. De inhoud is alleen nog te lezen en volgt de bewaartermijn "
             "van de casus; er kan niets meer worden gewijzigd.") % {"date": room.closes_on.strftime("%d-%m-%Y")}


def room_rule(user, action, room: DataRoom, purpose, *, manage: bool = False) -> Decision:
    if action not in ROOM_ACTIONS:
        return deny(_("Deze handeling is in een datakamer niet mogelijk."))
    if room.is_closed and action in CHANGES:
        return deny(closed_reason(room))
    not_member = _("U bent geen lid van deze datakamer. Alleen leden zien de inhoud.")
    if _is_external(user):
        from privacyregie.external.services import has_active_grant

        if room.is_closed or manage or not has_active_grant(user, room):
            return deny(not_member)
        return Decision(True, _("externe deelnemer met geldige toegang"), LegalBasisKind.NONE,
                        _("gedeeld via de datakamer"), processing_activity=_case_activity(room),
                        subjects=room.case.subject_bsns() if room.case_id else ())
    if not is_member(user, room):
        return deny(not_member)
    if manage and room.created_by_id != user.pk:
        return deny(_("Alleen de eigenaar van de datakamer beheert de leden."))
    if room.case_id is None:
        return Decision(True, _("lid van de datakamer"), LegalBasisKind.NONE, "")
    case_action = Action.VIEW if action == Action.VIEW else (Action.SHARE if action == Action.SHARE else Action.UPDATE)
    case_decision = decide(user, case_action, room.case, purpose)
    if not case_decision.allowed:
        return deny(_("De datakamer hoort bij casus %(ref)s en u bent niet (meer) betrokken bij die casus.")
                    % {"ref": room.case.reference}, subjects=case_decision.subjects,
                    processing_activity=case_decision.processing_activity)
    return Decision(True, _("lid van de datakamer en betrokken bij de casus"), case_decision.legal_basis,
                    case_decision.legal_basis_detail, case_decision.emergency, case_decision.processing_activity,
                    case_decision.processing_activity_version_id, case_decision.subjects)


def _case_activity(room) -> str:
    return room.case.processing_activity if room.case_id else ""


def data_room_rule(user, action, room: DataRoom, purpose) -> Decision:
    return room_rule(user, action, room, purpose, manage=action in (Action.UPDATE, Action.SHARE, Action.DELETE))


def document_rule(user, action, document: DataRoomDocument, purpose) -> Decision:
    return room_rule(user, action, document.room, purpose)


def purpose_for(user) -> str:
    return Purpose.SHARING if _is_external(user) else Purpose.CASE_WORK


def register_rules():
    from privacyregie.kernel.policy import register_target

    register_target(DataRoom, data_room_rule)
    register_target(DataRoomDocument, document_rule)
