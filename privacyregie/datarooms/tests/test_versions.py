"""Versions: nothing is overwritten, and a revert restores exactly the earlier bytes."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacyregie.core.files import read_encrypted
from privacyregie.core.tests.utils import login_verified
from privacyregie.datarooms import services
from privacyregie.datarooms.models import DocumentVersion

from .conftest import upload

A = b"Versie A: afspraken met de huisarts.\n"
B = b"Versie B: afspraken gewijzigd, controle over zes weken.\n"


def _download(client, version) -> bytes:
    response = client.get(reverse("datarooms:download", args=[version.uuid]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_revert_is_byte_exact(world, client):
    request = world.request(world.owner)
    document = services.upload_document(request, world.room, upload(A))
    services.add_version(request, document, upload(B))
    first = document.versions.get(number=1)

    restored = services.revert_to(request, first)

    assert restored.number == 3
    assert restored.restored_from == first
    assert restored.sha256 == hashlib.sha256(A).hexdigest() == first.sha256
    assert read_encrypted(restored.storage_name) == A
    login_verified(client, world.owner)
    downloaded = _download(client, restored)
    assert downloaded == A
    assert hashlib.sha256(downloaded).hexdigest() == first.sha256
    assert _download(client, document.versions.get(number=2)) == B  # the later version is kept


def test_revert_refuses_when_the_stored_bytes_do_not_match(world):
    request = world.request(world.owner)
    document = services.upload_document(request, world.room, upload(A))
    services.add_version(request, document, upload(B))
    first = document.versions.get(number=1)
    DocumentVersion.objects.filter(pk=first.pk).update(sha256="0" * 64)
    first.refresh_from_db()

    with pytest.raises(ValidationError, match="controlesom"):
        services.revert_to(request, first)
    assert document.versions.count() == 2


def test_revert_to_the_current_version_is_refused(world):
    request = world.request(world.owner)
    document = services.upload_document(request, world.room, upload(A))
    with pytest.raises(ValidationError, match="huidige versie"):
        services.revert_to(request, document.versions.get())


def test_delete_and_undelete_keep_every_version(world, client):
    request = world.request(world.owner)
    document = services.upload_document(request, world.room, upload(A))
    services.add_version(request, document, upload(B))

    services.delete_document(request, document)
    document.refresh_from_db()
    assert document.deleted_at is not None
    with pytest.raises(ValidationError, match="verwijderd"):
        services.add_version(request, document, upload(b"C\n"))

    services.undelete_document(request, document)
    document.refresh_from_db()
    assert document.deleted_at is None
    assert [v.number for v in document.versions.all()] == [2, 1]
    login_verified(client, world.owner)
    assert _download(client, document.current_version()) == B


def test_rename_back(world):
    request = world.request(world.owner)
    document = services.upload_document(request, world.room, upload(A), name="Afspraken")
    services.rename_document(request, document, "Afspraken (concept)")
    services.rename_document(request, document, "Afspraken")
    document.refresh_from_db()
    assert document.name == "Afspraken"
    with pytest.raises(ValidationError):
        services.rename_document(request, document, "Afspraken")


def test_bad_upload_changes_nothing(world):
    request = world.request(world.owner)
    with pytest.raises(ValidationError, match="past niet bij de extensie"):
        services.upload_document(request, world.room, upload(b"not a pdf", "brief.pdf"))
    assert not world.room.documents.exists()


def test_pages_upload_new_version_and_revert_with_confirmation(world, client):
    login_verified(client, world.owner)
    response = client.post(reverse("datarooms:upload", args=[world.room.uuid]), {"file": upload(A), "name": "Brief"})
    assert response.status_code == 302
    document = world.room.documents.get()
    client.post(reverse("datarooms:new_version", args=[document.uuid]), {"file": upload(B)})
    first = document.versions.get(number=1)
    confirm = client.get(reverse("datarooms:revert", args=[first.uuid]))
    assert confirm.status_code == 200 and "precies" in confirm.content.decode()
    assert document.versions.count() == 2  # asking is not doing
    response = client.post(reverse("datarooms:revert", args=[first.uuid]))
    assert response.status_code == 302
    assert response["Location"] == reverse("datarooms:room", args=[world.room.uuid])
    assert _download(client, document.current_version()) == A
    page = client.get(reverse("datarooms:room", args=[world.room.uuid])).content.decode()
    assert "hersteld uit versie 1" in page
