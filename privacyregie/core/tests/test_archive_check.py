"""The bounded archive check of uploads: zip-based documents that unpack too far are refused unpacked."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from privacyregie.core.files import check_upload


def _docx(payload: bytes, entries: int = 1) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(entries):
            archive.writestr(f"word/part{n}.xml", payload)
    return buffer.getvalue()


def test_an_ordinary_document_passes():
    checked = check_upload(SimpleUploadedFile("brief.docx", _docx(b"<w:document>tekst</w:document>")))
    assert checked.name == "brief.docx"


def test_a_document_that_unpacks_beyond_the_limit_is_refused(settings):
    settings.MAX_UNPACKED_SIZE = 1024 * 1024
    with pytest.raises(ValidationError, match="zipbom"):
        check_upload(SimpleUploadedFile("bom.docx", _docx(b"0" * (2 * 1024 * 1024))))


def test_an_absurd_compression_ratio_is_refused():
    with pytest.raises(ValidationError, match="zipbom"):
        check_upload(SimpleUploadedFile("bom.xlsx", _docx(b"\0" * (50 * 1024 * 1024))))


def test_too_many_entries_are_refused(monkeypatch):
    monkeypatch.setattr("privacyregie.core.files.MAX_ARCHIVE_ENTRIES", 5)
    with pytest.raises(ValidationError, match="zipbom"):
        check_upload(SimpleUploadedFile("veel.odt", _docx(b"x", entries=10)))


def test_a_broken_archive_is_refused_with_its_own_message():
    with pytest.raises(ValidationError, match="beschadigd"):
        check_upload(SimpleUploadedFile("kapot.docx", b"PK\x03\x04kapot"))
