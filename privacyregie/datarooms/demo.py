"""Demo data of the data rooms (idempotent): a room on youth case C-2026-0001 of consulent.jeugd
with one document in two versions, all made through the services (kernel-logged), and the demo
GP ``huisarts`` as an external member with a grant of 14 days."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import User
from privacyregie.dossiers.models import Case

from .models import DataRoom, DataRoomMember

TITLE = "Overleg huisarts over Noah"


class _Request:
    """What the services need of a request when the demo loader acts for a user."""

    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}


@transaction.atomic
def load() -> None:
    from privacyregie.external import services as external

    from . import services

    case = Case.objects.filter(reference="C-2026-0001").first()
    owner = User.objects.filter(username="consulent.jeugd").first()
    if case is None or owner is None or DataRoom.objects.filter(case=case, title=TITLE).exists():
        return
    request = _Request(owner)
    room = services.create_room(request, title=TITLE, purpose="Afstemming met de huisarts over de slaapproblemen.",
                                closes_on=timezone.localdate() + timedelta(days=90), case=case)
    document = services.upload_document(request, room, SimpleUploadedFile(
        "afspraken.txt", b"Afspraken met de huisarts\n\n1. Slaapdagboek bijhouden.\n"), name="Afspraken")
    services.add_version(request, document, SimpleUploadedFile(
        "afspraken.txt", b"Afspraken met de huisarts\n\n1. Slaapdagboek bijhouden.\n2. Controle over zes weken.\n"))
    gp = User.objects.filter(username="huisarts").first()
    if gp is not None:
        external.grant_access(None, gp, room, until=timezone.now() + timedelta(days=14))
        DataRoomMember.objects.create(room=room, user=gp, external=True, added_by=owner)
