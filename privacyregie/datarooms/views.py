"""Pages of the data rooms: my rooms, a room (documents with versions, members, history) and
its changes. Thin: forms validate, ``services`` decides and writes, the privacy kernel decides
and logs every opening, download and change. A room of another organisation is a 404; a room
of the own organisation the user is not a member of is refused (403) with the kernel's reason.
Every change is a POST followed by a redirect; deleting, reverting and removing a member ask
for confirmation first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyregie.core.access import requires
from privacyregie.core.files import TamperedFile
from privacyregie.core.scanning import blocked_categories, confirm_findings, summarise
from privacyregie.external import services as external
from privacyregie.kernel.services import AccessDenied, write_pending_denial

from . import services
from .forms import InviteForm, MemberForm, RenameForm, RoomForm, UploadForm, VersionForm
from .models import DataRoom, DataRoomDocument, DataRoomMember, DocumentVersion

USE = "core.use_app"
WORK = "dossiers.work_cases"


def _room(request, uuid) -> DataRoom:
    try:
        return services.get_room(request.user, uuid)
    except DataRoom.DoesNotExist as exc:
        raise Http404 from exc


def _document(request, uuid) -> DataRoomDocument:
    return get_object_or_404(DataRoomDocument.objects.select_related("room", "room__case"), uuid=uuid,
                             room__organisation_id=request.user.organisation_id)


def _version(request, uuid) -> DocumentVersion:
    return get_object_or_404(DocumentVersion.objects.select_related("document__room__case"), uuid=uuid,
                             document__room__organisation_id=request.user.organisation_id)


def _refused(request, room, denied: AccessDenied):
    write_pending_denial(denied)  # a refusal inside a rolled-back transaction is still logged
    return render(request, "datarooms/refused.html", {"room": room, "reason": str(denied)}, status=403)


def _messages(request, error: ValidationError):
    for text in error.messages:
        messages.error(request, text)


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@requires(USE)
def my_rooms(request):
    return render(request, "datarooms/my_rooms.html", {
        "rooms": services.rooms_for(request.user),
        "may_create": not external.is_external(request.user) and WORK in request.user.privacy_permissions,
    })


@requires(WORK)
def room_create(request):
    case = None
    case_uuid = request.GET.get("casus") or request.POST.get("casus")
    if case_uuid:
        from privacyregie.dossiers.services import get_case

        try:
            case = get_case(request.user, case_uuid)
        except ObjectDoesNotExist as exc:  # unknown, malformed or another organisation's: 404
            raise Http404 from exc
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            room = services.create_room(request, title=data["title"], purpose=data["purpose"],
                                        closes_on=data["closes_on"], case=case)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        except AccessDenied as denied:
            write_pending_denial(denied)
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("De datakamer is aangemaakt."))
            return redirect("datarooms:room", uuid=room.uuid)
    return render(request, "datarooms/room_form.html", {"form": form, "case": case})


@requires(USE)
def room_detail(request, uuid):
    room = _room(request, uuid)
    try:
        decision = services.open_room(request, room)
    except AccessDenied as denied:
        return _refused(request, room, denied)
    if external.is_external(request.user):
        services.join_from_grant(request.user, room)
    is_owner = room.created_by_id == request.user.pk and not external.is_external(request.user)
    context = {"room": room, "decision": decision, "is_owner": is_owner, "is_external": external.is_external(request.user),
               **services.room_contents(room)}
    if not room.is_closed:
        context.update({"upload_form": UploadForm(), "version_form": VersionForm(), "rename_form": RenameForm()})
        if is_owner:
            context.update({"member_form": MemberForm(room=room), "invite_form": InviteForm(room=room)})
    return render(request, "datarooms/room.html", context)


def _change(request, room, work, success):
    """Run ``work()``; success, refusal or bad input each get a clear message, then back to the room."""
    try:
        work()
    except ValidationError as error:
        _messages(request, error)
    except AccessDenied as denied:
        return _refused(request, room, denied)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        messages.success(request, success)
    return redirect("datarooms:room", uuid=room.uuid)


def _scan_confirmed(request, room, form, action_url, title):
    """None when the upload may go on; else the page with the findings and the confirmation box.

    Uploads into a room with external participants pass the check before sending first: the
    findings are shown (masked) and the sender confirms them, choosing the file again."""
    result = services.scan_before_sharing(room, form.cleaned_data["file"])
    if result is None:
        return None
    blocked = blocked_categories(result.findings, services.covered_categories(room), room.organisation)
    if not blocked and confirm_findings(form, result.findings, [result.problem]):
        return None
    return render(request, "datarooms/scan_confirm.html", {
        "room": room, "form": form, "action_url": action_url, "title": title, "blocked": blocked,
        "scan": summarise([(form.cleaned_data["file"].name, result)], blocked),
    }, status=403 if blocked else 200)


@require_POST
@requires(USE)
def upload(request, uuid):
    room = _room(request, uuid)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("datarooms:room", uuid=room.uuid)
    page = _scan_confirmed(request, room, form, reverse("datarooms:upload", args=[room.uuid]),
                           _("Document toevoegen"))
    if page is not None:
        return page
    return _change(request, room, lambda: services.upload_document(request, room, form.cleaned_data["file"],
                                                                   name=form.cleaned_data["name"]),
                   _("Het document is toegevoegd."))


@require_POST
@requires(USE)
def new_version(request, uuid):
    document = _document(request, uuid)
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("datarooms:room", uuid=document.room.uuid)
    page = _scan_confirmed(request, document.room, form, reverse("datarooms:new_version", args=[document.uuid]),
                           _("Nieuwe versie opslaan"))
    if page is not None:
        return page
    return _change(request, document.room, lambda: services.add_version(request, document, form.cleaned_data["file"]),
                   _("De nieuwe versie is opgeslagen."))


@require_POST
@requires(USE)
def rename(request, uuid):
    document = _document(request, uuid)
    form = RenameForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("datarooms:room", uuid=document.room.uuid)
    return _change(request, document.room, lambda: services.rename_document(request, document, form.cleaned_data["name"]),
                   _("De naam is gewijzigd."))


def _confirm(request, room, *, title, text, button):
    return render(request, "datarooms/confirm.html", {"room": room, "title": title, "text": text, "button": button})


@requires(USE)
def delete(request, uuid):
    document = _document(request, uuid)
    if request.method != "POST":
        try:
            services.open_document(request, document)
        except AccessDenied as denied:
            return _refused(request, document.room, denied)
        return _confirm(request, document.room, title=_("Document verwijderen"),
                        text=_("Wilt u “%(name)s” verwijderen? Alle versies blijven bewaard; u kunt het verwijderen "
                               "ongedaan maken.") % {"name": document.name}, button=_("Verwijderen"))
    return _change(request, document.room, lambda: services.delete_document(request, document),
                   _("Het document is verwijderd. U kunt dit ongedaan maken."))


@require_POST
@requires(USE)
def undelete(request, uuid):
    document = _document(request, uuid)
    return _change(request, document.room, lambda: services.undelete_document(request, document),
                   _("Het document is teruggezet."))


@requires(USE)
def revert(request, uuid):
    version = _version(request, uuid)
    room = version.document.room
    if request.method != "POST":
        try:
            services.open_document(request, version.document)
        except AccessDenied as denied:
            return _refused(request, room, denied)
        return _confirm(request, room, title=_("Eerdere versie herstellen"),
                        text=_("Wilt u versie %(n)s van “%(name)s” herstellen? Er komt een nieuwe versie met precies "
                               "de inhoud van versie %(n)s; de huidige versie blijft bewaard.")
                        % {"n": version.number, "name": version.document.name}, button=_("Herstellen"))
    return _change(request, room, lambda: services.revert_to(request, version),
                   _("Versie %(n)s is hersteld.") % {"n": version.number})


@requires(USE)
def download(request, uuid):
    version = _version(request, uuid)
    try:
        return services.download_version(request, version)
    except AccessDenied as denied:
        return _refused(request, version.document.room, denied)
    except TamperedFile:
        return render(request, "datarooms/refused.html", {
            "room": version.document.room,
            "reason": _("Dit bestand is beschadigd of gewijzigd en wordt niet getoond. Meld dit bij de beheerder."),
        }, status=409)


@require_POST
@requires(WORK)
def member_add(request, uuid):
    room = _room(request, uuid)
    form = MemberForm(request.POST, room=room)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("datarooms:room", uuid=room.uuid)
    return _change(request, room, lambda: services.add_member(request, room, form.cleaned_data["user"]),
                   _("Het lid is toegevoegd."))


@require_POST
@requires(WORK)
def invite(request, uuid):
    room = _room(request, uuid)
    form = InviteForm(request.POST, room=room)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("datarooms:room", uuid=room.uuid)
    data = form.cleaned_data
    return _change(request, room, lambda: services.invite_external_member(
        request, room, email=data["email"], partner=data["partner"], days=data["days"], motivation=data["motivation"],
        data_categories=data.get("data_categories") or ()),
        _("De uitnodiging is verstuurd."))


@requires(WORK)
def member_remove(request, uuid):
    member = get_object_or_404(DataRoomMember.objects.select_related("room", "user"), uuid=uuid,
                               room__organisation_id=request.user.organisation_id)
    if request.method != "POST":
        try:
            services.open_room(request, member.room)
        except AccessDenied as denied:
            return _refused(request, member.room, denied)
        return _confirm(request, member.room, title=_("Lid verwijderen"),
                        text=_("Wilt u %(user)s uit de datakamer verwijderen? De toegang stopt direct.")
                        % {"user": member.user}, button=_("Verwijderen"))
    return _change(request, member.room, lambda: services.remove_member(request, member),
                   _("Het lid is verwijderd; de toegang is direct beëindigd."))
