"""Operations on data rooms. Every open, download and change passes the privacy kernel.

Documents are never overwritten: an upload adds a version, a rename or deletion is recorded
and can be undone, and a revert adds a new version whose bytes are exactly those of the earlier
one (its SHA-256 is checked against the stored blob before the version is written). Every change
appends a ``RoomEvent``. A closed room refuses every change (the kernel rule says why).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.files import (
    check_upload,
    clean_filename,
    download_encrypted,
    open_encrypted,
    store_encrypted,
)
from privacyregie.external import services as external
from privacyregie.kernel.policy import Action
from privacyregie.kernel.services import access

from .models import MAX_OPEN_DAYS, DataRoom, DataRoomDocument, DataRoomMember, DocumentVersion, RoomEvent
from .policy import closed_reason, is_member, purpose_for


def _event(room, kind, actor, *, document=None, version=None, detail="") -> RoomEvent:
    return RoomEvent.objects.create(room=room, kind=kind, actor=actor, document=document, version=version,
                                    detail=detail[:500])


def _check(request, action, target):
    return access(request, action, target, purpose_for(request.user))


# --- rooms ------------------------------------------------------------------------------------

def rooms_for(user):
    """The rooms the user is an active member of (external users: with an active grant too)."""
    if external.is_external(user):
        rooms = DataRoom.objects.filter(organisation_id=user.organisation_id, closed_at__isnull=True,
                                        pk__in=external.active_targets(user, DataRoom))
    else:
        rooms = DataRoom.objects.filter(organisation_id=user.organisation_id, members__user=user,
                                        members__removed_at__isnull=True).distinct()
    return rooms.select_related("case").order_by("closed_at", "closes_on", "title")


def get_room(user, uuid) -> DataRoom:
    """A room of the user's organisation (DoesNotExist otherwise: a 404, no enumeration)."""
    return DataRoom.objects.select_related("case", "created_by").get(uuid=uuid, organisation_id=user.organisation_id)


def validate_closes_on(closes_on) -> None:
    today = timezone.localdate()
    if closes_on is None:
        raise ValidationError({"closes_on": _("Vul de datum in waarop de datakamer sluit.")})
    if closes_on < today:
        raise ValidationError({"closes_on": _("De sluitdatum ligt in het verleden.")})
    if closes_on > today + timedelta(days=MAX_OPEN_DAYS):
        raise ValidationError({"closes_on": _("Een datakamer is ten hoogste een jaar open. Kies een eerdere datum.")})


@transaction.atomic
def create_room(request, *, title, purpose, closes_on, case=None) -> DataRoom:
    """Create a room with the creator as its first member (and owner). With a case, the creator
    must be involved in it (the kernel asks the case's rule)."""
    user = request.user
    if external.is_external(user):
        raise PermissionDenied(_("Externe gebruikers kunnen geen datakamer aanmaken."))
    validate_closes_on(closes_on)
    if case is not None and case.organisation_id != user.organisation_id:
        raise ValidationError(_("Deze casus bestaat niet."))
    room = DataRoom.objects.create(organisation_id=user.organisation_id, title=title.strip()[:200],
                                   purpose=purpose.strip(), case=case, created_by=user, closes_on=closes_on)
    DataRoomMember.objects.create(room=room, user=user, added_by=user)
    _check(request, Action.CREATE, room)  # rolled back with the room when refused
    _event(room, RoomEvent.Kind.CREATED, user, detail=room.title)
    return room


def open_room(request, room: DataRoom):
    """Log the opening of a room (kernel) and return its decision."""
    with transaction.atomic():
        return _check(request, Action.VIEW, room)


def open_document(request, document: DataRoomDocument):
    """Log the opening of a document (e.g. its confirmation page) and return the kernel's decision."""
    with transaction.atomic():
        return _check(request, Action.VIEW, document)


def room_contents(room: DataRoom) -> dict:
    """What the room page shows; call only after ``open_room`` allowed it."""
    documents = list(room.documents.prefetch_related("versions__uploaded_by", "versions__restored_from")
                     .select_related("deleted_by"))
    return {
        "documents": [d for d in documents if d.deleted_at is None],
        "deleted_documents": [d for d in documents if d.deleted_at is not None],
        "members": room.members.filter(removed_at__isnull=True).select_related("user", "added_by"),
        "events": room.events.select_related("actor", "document", "version"),
    }


# --- documents and versions -----------------------------------------------------------------------

def _require_open(room: DataRoom) -> None:
    if room.is_closed:
        raise ValidationError(closed_reason(room))


def _next_number(document) -> int:
    return (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def upload_document(request, room: DataRoom, uploaded, *, name: str = "") -> DataRoomDocument:
    """A new document with its first version (the upload is checked by ``core.files.check_upload``)."""
    checked = check_upload(uploaded)
    document = DataRoomDocument.objects.create(room=room, name=clean_filename(name or checked.name)[:200])
    _check(request, Action.CREATE, document)
    version = _store_version(request, document, checked)
    _event(room, RoomEvent.Kind.UPLOADED, request.user, document=document, version=version, detail=document.name)
    return document


def _store_version(request, document, checked, restored_from=None) -> DocumentVersion:
    storage_name = restored_from.storage_name if restored_from is not None else store_encrypted(checked.data)
    return DocumentVersion.objects.create(
        document=document, number=_next_number(document), file_name=checked.name if checked else restored_from.file_name,
        content_type=checked.content_type if checked else restored_from.content_type,
        size=checked.size if checked else restored_from.size, sha256=checked.sha256 if checked else restored_from.sha256,
        storage_name=storage_name, uploaded_by=request.user, restored_from=restored_from,
    )


def _lock(document: DataRoomDocument) -> DataRoomDocument:
    return DataRoomDocument.objects.select_for_update().select_related("room").get(pk=document.pk)


@transaction.atomic
def add_version(request, document: DataRoomDocument, uploaded) -> DocumentVersion:
    document = _lock(document)
    _check(request, Action.UPDATE, document)
    if document.deleted_at is not None:
        raise ValidationError(_("Dit document is verwijderd. Zet het eerst terug."))
    checked = check_upload(uploaded)
    version = _store_version(request, document, checked)
    _event(document.room, RoomEvent.Kind.NEW_VERSION, request.user, document=document, version=version,
           detail=_("versie %(n)s: %(file)s") % {"n": version.number, "file": version.file_name})
    return version


@transaction.atomic
def rename_document(request, document: DataRoomDocument, new_name: str) -> DataRoomDocument:
    document = _lock(document)
    _check(request, Action.UPDATE, document)
    new_name = clean_filename(new_name or "", default="")[:200]
    if not new_name:
        raise ValidationError(_("Vul een naam in."))
    if new_name == document.name:
        raise ValidationError(_("De nieuwe naam is gelijk aan de huidige naam."))
    old = document.name
    document.name = new_name
    document.save(update_fields=["name"])
    _event(document.room, RoomEvent.Kind.RENAMED, request.user, document=document,
           detail=_("van “%(old)s” naar “%(new)s”") % {"old": old, "new": new_name})
    return document


@transaction.atomic
def delete_document(request, document: DataRoomDocument) -> DataRoomDocument:
    """Mark a document deleted; its versions stay and ``undelete_document`` brings it back."""
    document = _lock(document)
    _check(request, Action.DELETE, document)
    if document.deleted_at is not None:
        raise ValidationError(_("Dit document is al verwijderd."))
    document.deleted_at, document.deleted_by = timezone.now(), request.user
    document.save(update_fields=["deleted_at", "deleted_by"])
    _event(document.room, RoomEvent.Kind.DELETED, request.user, document=document, detail=document.name)
    return document


@transaction.atomic
def undelete_document(request, document: DataRoomDocument) -> DataRoomDocument:
    document = _lock(document)
    _check(request, Action.UPDATE, document)
    if document.deleted_at is None:
        raise ValidationError(_("Dit document is niet verwijderd."))
    document.deleted_at, document.deleted_by = None, None
    document.save(update_fields=["deleted_at", "deleted_by"])
    _event(document.room, RoomEvent.Kind.UNDELETED, request.user, document=document, detail=document.name)
    return document


def scan_before_sharing(room: DataRoom, uploaded):
    """The check before sending (``core.scanning``) of an upload into a room with external participants;
    None when only colleagues are in the room. The file is read and rewound; nothing is stored."""
    from privacyregie.core.scanning import scan_file

    if not _external_users(room).exists():
        return None
    data = uploaded.read(settings.MAX_UPLOAD_SIZE + 1)
    uploaded.seek(0)
    return scan_file(clean_filename(getattr(uploaded, "name", "") or ""), data)


def covered_categories(room: DataRoom) -> set[str]:
    """The data categories that every partner with access to the room may receive: what their agreements
    in force cover (for the case's processing activity when the room has a case). The check before
    sending blocks findings outside it, as the organisation's scan policy says."""
    from privacyregie.external.services import partners_of
    from privacyregie.register.services import covered_categories as agreement_cover

    activity = room.case.processing_activity if room.case_id else None
    covered: set[str] | None = None
    for partner in partners_of(_external_users(room)):
        cover = agreement_cover(partner, activity)
        covered = cover if covered is None else covered & cover
    return covered or set()


def stored_sha256(storage_name: str) -> str:
    """The SHA-256 of a stored blob's plaintext (decrypted and authenticated chunk by chunk)."""
    digest = hashlib.sha256()
    for chunk in open_encrypted(storage_name):
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def revert_to(request, version: DocumentVersion) -> DocumentVersion:
    """Restore ``version``: a new version with exactly its bytes (the same encrypted blob, whose
    SHA-256 is verified to equal the recorded one first). A deleted document comes back too."""
    document = _lock(version.document)
    _check(request, Action.UPDATE, document)
    current = document.current_version()
    if current is not None and current.pk == version.pk and document.deleted_at is None:
        raise ValidationError(_("Dit is al de huidige versie."))
    if stored_sha256(version.storage_name) != version.sha256:
        raise ValidationError(_("De opgeslagen inhoud van versie %(n)s klopt niet met de vastgelegde controlesom; "
                                "er is niets hersteld.") % {"n": version.number})
    restored = _store_version(request, document, None, restored_from=version)
    if document.deleted_at is not None:
        document.deleted_at, document.deleted_by = None, None
        document.save(update_fields=["deleted_at", "deleted_by"])
    _event(document.room, RoomEvent.Kind.REVERTED, request.user, document=document, version=restored,
           detail=_("versie %(old)s hersteld als versie %(new)s") % {"old": version.number, "new": restored.number})
    return restored


def download_version(request, version: DocumentVersion):
    """The download response of a version, after the kernel allowed and logged it."""
    with transaction.atomic():
        _check(request, Action.VIEW, version.document)
    return download_encrypted(version.storage_name, version.file_name, version.content_type)


# --- members -------------------------------------------------------------------------------------

@transaction.atomic
def add_member(request, room: DataRoom, user) -> DataRoomMember:
    """Add a municipal colleague (owner only). With a case, the colleague must be involved in it."""
    _require_open(room)
    _check(request, Action.UPDATE, room)
    if external.is_external(user) or user.organisation_id != room.organisation_id or not user.is_active:
        raise ValidationError(_("Kies een medewerker van uw organisatie. Externe deelnemers nodigt u uit."))
    if is_member(user, room):
        raise ValidationError(_("%(user)s is al lid van deze datakamer.") % {"user": user})
    if room.case_id is not None:
        from privacyregie.dossiers.services import is_member as on_case

        if not on_case(user, room.case):
            raise ValidationError(_("%(user)s is niet betrokken bij casus %(ref)s en kan daarom geen lid worden.")
                                  % {"user": user, "ref": room.case.reference})
    member = DataRoomMember.objects.create(room=room, user=user, added_by=request.user)
    _event(room, RoomEvent.Kind.MEMBER_ADDED, request.user, detail=str(user))
    return member


@transaction.atomic
def invite_external_member(request, room: DataRoom, *, email, partner, days=None, motivation: str = "",
                           data_categories=()):
    """Invite a partner's employee (owner only). It is a share: for a room with a case the sharing
    decision (``dossiers.services.authorise_share``: the partner's agreement covering the case's
    activity and ``data_categories``, a legal basis or a motivated deviation) decides and logs;
    for a room without a case the kernel asks a legal basis or a motivated deviation.

    A new address gets an invitation (external app); an existing external user gets a grant at once.
    """
    _require_open(room)
    if room.case_id is not None:
        from privacyregie.dossiers.services import authorise_share

        _check(request, Action.UPDATE, room)  # the owner manages the members
        authorise_share(request, room.case, partner=partner, data_categories=list(data_categories),
                        deviation_motivation=motivation)
    else:
        access(request, Action.SHARE, room, purpose_for(request.user), deviation_motivation=motivation)
    invitation = external.invite_external(request, email=email, partner=partner, grant_target=room, days=days)
    account = external.existing_account(email)
    if account is not None and not is_member(account, room):
        DataRoomMember.objects.create(room=room, user=account, external=True, added_by=request.user)
    _event(room, RoomEvent.Kind.MEMBER_INVITED, request.user,
           detail=_("%(email)s (%(partner)s), tot %(until)s") % {
               "email": invitation.email, "partner": partner,
               "until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y")})
    return invitation


def join_from_grant(user, room: DataRoom) -> DataRoomMember | None:
    """Make an external user with an active grant on the room a member (after their first visit)."""
    if not external.has_active_grant(user, room) or is_member(user, room) or room.is_closed:
        return None
    member = DataRoomMember.objects.create(room=room, user=user, external=True)
    _event(room, RoomEvent.Kind.MEMBER_ADDED, user, detail=_("%(user)s (extern, via uitnodiging)") % {"user": user})
    return member


@transaction.atomic
def remove_member(request, member: DataRoomMember) -> None:
    """Remove a member (owner only); an external member's grant is revoked at once."""
    room = member.room
    _require_open(room)
    _check(request, Action.UPDATE, room)
    if member.removed_at is not None:
        raise ValidationError(_("Dit lid is al verwijderd."))
    if member.user_id == room.created_by_id:
        raise ValidationError(_("De eigenaar kan niet uit de eigen datakamer worden verwijderd."))
    member.removed_at, member.removed_by = timezone.now(), request.user
    member.save(update_fields=["removed_at", "removed_by"])
    if member.external:
        external.revoke_grant(request, member.user, room)
    _event(room, RoomEvent.Kind.MEMBER_REMOVED, request.user, detail=str(member.user))


# --- closing --------------------------------------------------------------------------------------

def close_due_rooms(today=None) -> int:
    """Close rooms whose date has passed: read-only from now on, external grants revoked (idempotent)."""
    today = today or timezone.localdate()
    closed = 0
    for room in DataRoom.objects.filter(closed_at__isnull=True, closes_on__lt=today):
        with transaction.atomic():
            room = DataRoom.objects.select_for_update().get(pk=room.pk)
            if room.closed_at is not None:
                continue
            room.closed_at = timezone.now()
            room.save(update_fields=["closed_at"])
            for user in _external_users(room):
                external.revoke_grant(None, user, room)
            room.members.filter(external=True, removed_at__isnull=True).update(removed_at=room.closed_at)
            _event(room, RoomEvent.Kind.CLOSED, None,
                   detail=_("gesloten; de inhoud volgt de bewaartermijn van de casus") if room.case_id
                   else _("gesloten; de inhoud is alleen nog te lezen"))
            closed += 1
    return closed


def _external_users(room: DataRoom):
    """Everyone with an active grant on the room (also invitees who never opened it) and its external members."""
    from privacyregie.core.models import User
    from privacyregie.external.models import ExternalGrant

    granted = ExternalGrant.objects.active().for_target(room).values("user_id")
    listed = room.members.filter(external=True, removed_at__isnull=True).values("user_id")
    return User.objects.filter(models.Q(pk__in=granted) | models.Q(pk__in=listed))


# --- start page of external users -----------------------------------------------------------------

def start_section(user):
    """The "Datakamers" section of an external user's start page: rooms with an active grant."""
    rooms = DataRoom.objects.filter(pk__in=external.active_targets(user, DataRoom), closed_at__isnull=True,
                                    organisation_id=user.organisation_id).order_by("closes_on")
    return external.StartSection(
        title=_("Datakamers"),
        items=[external.StartItem(label=room.title, url=reverse("datarooms:room", args=[room.uuid]),
                                  note=_("open tot %(date)s") % {"date": room.closes_on.strftime("%d-%m-%Y")})
               for room in rooms],
        url=reverse("datarooms:my_rooms"),
    )


# --- destruction (retention, Archiefwet) --------------------------------------------------------------

def destruction_holds(case) -> list[str]:
    """Why a case may not be destroyed yet as far as data rooms go: its rooms still open."""
    return [_("datakamer '%(title)s' is nog open (sluit op %(date)s)") % {
        "title": room.title, "date": room.closes_on.strftime("%d-%m-%Y")}
        for room in case.data_rooms.filter(closed_at__isnull=True)]


def destroy_for_case(case) -> dict:
    """Delete the closed data rooms of a case being destroyed with all their contents (documents, every
    version, events, members). Call inside the destruction's transaction after the holds were checked;
    returns ``{"rooms": n, "files": n, "storage_names": [...]}`` for the caller to shred after commit."""
    rooms = list(case.data_rooms.all())
    versions = DocumentVersion.objects.filter(document__room__in=rooms)
    names = [n for n in versions.values_list("storage_name", flat=True) if n]
    for room in rooms:
        for user in _external_users(room):
            external.revoke_grant(None, user, room)
    RoomEvent.objects.filter(room__in=rooms).delete()  # events protect the documents and versions they name
    versions.update(restored_from=None)
    versions.delete()
    DataRoomDocument.objects.filter(room__in=rooms).delete()
    for room in rooms:
        room.delete()
    return {"rooms": len(rooms), "files": len(names), "storage_names": names}


def storage_names_for_case(case) -> list[str]:
    """The stored files of a case's data rooms (to bind them to the case's shred key)."""
    return [n for n in DocumentVersion.objects.filter(document__room__case=case).values_list("storage_name", flat=True)
            if n]
