"""Bad uploads: each gets a clear Dutch message, nothing is shared and the refusal is recorded."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from privacyregie.core.models import SecurityEvent
from privacyregie.exchange.models import Exchange

from .factories import upload


def _refused(share, world, file, match):
    with pytest.raises(ValidationError, match=match):
        share(uploads=[file])
    assert not Exchange.objects.filter(organisation=world.org).exists()
    assert SecurityEvent.objects.filter(user=world.worker, detail__startswith="uitwisseling geweigerd").exists()


def test_a_file_that_is_not_what_its_extension_says(share, world):
    _refused(share, world, upload("rapport.pdf", b"MZ\x90\x00 not a pdf"), "past niet bij de extensie")


def test_a_file_over_the_limit(share, world, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    _refused(share, world, upload("groot.pdf", b"%PDF-" + b"0" * 2048), "te groot")


class RawUpload(io.BytesIO):
    """An upload whose name arrives as sent (the API's base64 files, other callers than Django's parser)."""

    def __init__(self, name, data):
        super().__init__(data)
        self.name, self.size = name, len(data)


def test_a_file_name_with_a_path(share, world):
    _refused(share, world, RawUpload("../../etc/brief.pdf", b"%PDF-1.4\n"), "pad of stuurtekens")


def test_a_file_name_with_control_characters(share, world):
    file = upload("brief.pdf")
    file.name = "brief\x07.pdf"
    _refused(share, world, file, "pad of stuurtekens")


def test_an_archive_bomb(share, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    _refused(share, world, upload("bom.docx", buffer.getvalue()), "uitgepakt")
