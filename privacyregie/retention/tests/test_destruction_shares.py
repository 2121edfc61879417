"""Destruction handles a case's shares and data rooms through their apps: an open one holds the case, an
ended exchange and a closed room are destroyed with their files (shredded, unreadable from a backup)."""

import datetime

import pytest
from django.utils import timezone

from privacyregie.core import files
from privacyregie.datarooms.models import DataRoom, DataRoomDocument, DocumentVersion, RoomEvent
from privacyregie.exchange.models import Exchange, ExchangeFile, ExchangeMessage
from privacyregie.register.models import ChainPartner
from privacyregie.retention import destruction

from . import destruction_world
from .destruction_world import FakeRequest

dworld = destruction_world.dworld  # the fixture


def _exchange(w, *, open_until=None):
    partner = ChainPartner.objects.create(organisation=w.org, name="Zorgaanbieder", kind="zorgaanbieder",
                                          role="verantwoordelijke")
    now = timezone.now()
    exchange = Exchange.objects.create(
        organisation=w.org, case=w.case, partner=partner, subject="Verslag", created_by=w.worker,
        expires_at=open_until or now - datetime.timedelta(days=1),
        status=Exchange.Status.OPEN if open_until else Exchange.Status.EXPIRED)
    message = ExchangeMessage.objects.create(exchange=exchange, author=w.worker, direction="uit", text="Zie bijlage")
    name = files.store_encrypted(b"gedeeld verslag")
    ExchangeFile.objects.create(message=message, file_name="v.txt", content_type="text/plain", size=15,
                                sha256="0" * 64, storage_name=name)
    return exchange, name


def _room(w, *, closed=True):
    room = DataRoom.objects.create(organisation=w.org, title="Overleg", purpose="Afstemming", case=w.case,
                                   created_by=w.worker, closes_on=timezone.localdate(),
                                   closed_at=timezone.now() if closed else None)
    document = DataRoomDocument.objects.create(room=room, name="Plan")
    name = files.store_encrypted(b"plan")
    first = DocumentVersion.objects.create(document=document, number=1, file_name="p.txt", content_type="text/plain",
                                           size=4, sha256="0" * 64, storage_name=name, uploaded_by=w.worker)
    DocumentVersion.objects.create(document=document, number=2, file_name="p.txt", content_type="text/plain",
                                   size=4, sha256="0" * 64, storage_name=name, uploaded_by=w.worker,
                                   restored_from=first)
    RoomEvent.objects.create(room=room, kind="upload", actor=w.worker, document=document, version=first)
    return room, name


def _approved(w):
    proposal = destruction.draw_up(FakeRequest(w.manager))
    destruction.approve(FakeRequest(w.officer), proposal)
    destruction.approve(FakeRequest(w.both), proposal)
    return proposal


def test_open_shares_and_rooms_hold_the_case(dworld):
    w = dworld
    _exchange(w, open_until=timezone.now() + datetime.timedelta(days=3))
    _room(w, closed=False)
    reasons = destruction.all_holds(w.case)
    assert any("Zorgaanbieder" in r for r in reasons) and any("Overleg" in r for r in reasons)
    assert destruction.draw_up(FakeRequest(w.manager)).items.get().excluded_reason


def test_ended_shares_and_closed_rooms_are_destroyed_and_shredded(dworld, django_capture_on_commit_callbacks):
    w = dworld
    exchange, shared = _exchange(w)
    room, kept = _room(w)
    assert files.master_key_ids(files._path(shared))[0].startswith("s.")  # bound to the case's shred key
    backup = files._path(kept).read_bytes()
    proposal = _approved(w)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = destruction.execute(FakeRequest(w.manager), proposal)
    assert not Exchange.objects.filter(pk=exchange.pk).exists()
    assert not DataRoom.objects.filter(pk=room.pk).exists()
    assert not files._path(shared).exists() and not files._path(kept).exists()
    files._path(kept).write_bytes(backup)
    with pytest.raises(files.MasterKeyMissing):
        files.read_encrypted(kept)
    counts = certificate.summary["items"][0]["counts"]
    assert counts["exchanges"] == 1 and counts["data_rooms"] == 1


def test_files_stored_before_binding_are_bound_by_the_command(dworld):
    from django.core.management import call_command

    from privacyregie.dossiers.models import CaseDocument

    w = dworld
    name = files.store_encrypted(b"oud document")
    CaseDocument.objects.bulk_create([CaseDocument(  # bulk_create sends no signal: like a file from before
        case=w.case, uploaded_by=w.worker, title="Oud", file_name="o.txt", content_type="text/plain", size=12,
        sha256="0" * 64, storage_name=name)])
    assert not files.master_key_ids(files._path(name))[0].startswith("s.")
    call_command("bind_shred_keys", verbosity=0)
    assert files.master_key_ids(files._path(name)) == [files.shred_key_id(f"case:{w.case.uuid}")]
    assert files.read_encrypted(name) == b"oud document"
