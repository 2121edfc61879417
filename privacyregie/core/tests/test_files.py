"""core.files: upload names are cleaned, downloads get a correct Content-Disposition, previews stay server-side."""

import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.http import content_disposition_header

from privacyregie.core import files
from privacyregie.core.sessions import BoundedJSONSerializer, SessionTooLarge


@pytest.mark.parametrize(("raw", "clean"), [
    ("factuur\u202efdp.exe", "factuurfdp.exe"),  # right-to-left override: would show as "factuurexe.pdf"
    ("\u2067rapport\u2069.pdf", "rapport.pdf"),
    ("a\u200fb\u200e\u061c.pdf", "ab.pdf"),
    ("C:\\Users\\x\\verslag.pdf", "verslag.pdf"),
    ("../../etc/passwd", "passwd"),
    ("regel\nbreuk\t.pdf", "regel breuk .pdf"),
    ("nul\x00teken.pdf", "nul teken.pdf"),
    ("\u200bonzichtbaar.pdf", "onzichtbaar.pdf"),
    (".verborgen", "verborgen"),
    ("\u202e", "bestand"),
])
def test_file_names_are_cleaned(raw, clean):
    assert files.clean_filename(raw) == clean


def test_upload_keeps_the_cleaned_name():
    checked = files.check_upload(SimpleUploadedFile("brief\u202efdp.txt", b"hallo"), allowed=("txt",))
    assert checked.name == "brieffdp.txt"


def test_too_long_file_name_gets_a_message_about_length_not_type():
    upload = SimpleUploadedFile("b" * 250 + ".pdf", b"%PDF-1.4 test")
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload, allowed=("pdf",))
    message = " ".join(refused.value.messages)
    assert "te lang" in message and "254" in message and "bestandstype" not in message


@pytest.mark.parametrize("name", ['rapport "definitief".pdf', "r\u00e9sum\u00e9 \u202ecod.exe", "a;b=c.pdf",
                                  "regel\r\nContent-Type: text/html.pdf"])
def test_download_header_is_built_by_django_from_the_cleaned_name(name):
    response = files.download_response(b"x", name, "application/pdf")
    assert response["Content-Disposition"] == content_disposition_header(True, files.clean_filename(name))
    assert "\n" not in response["Content-Disposition"] and "\u202e" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_inline_download():
    assert files.download_response(b"x", "a.pdf", "application/pdf", inline=True)["Content-Disposition"].startswith(
        "inline")


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_staged_data_is_encrypted_and_only_for_its_owner(media):
    token = files.stage({"rows": ["geheim"]}, "gebruiker-1")
    assert b"geheim" not in (media / "staging" / token).read_bytes()
    assert files.unstage(token, "gebruiker-1") == {"rows": ["geheim"]}
    assert files.unstage(token, "gebruiker-2") is None
    files.discard_staged(token)
    assert files.unstage(token, "gebruiker-1") is None


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "g" * 32, "a" * 31])
def test_unstage_refuses_malformed_tokens(media, token):
    assert files.unstage(token, "x") is None


def test_staged_data_expires_and_is_purged(media, monkeypatch):
    token = files.stage({"a": 1}, "o")
    path = media / "staging" / token
    old = time.time() - files.STAGING_TTL - 10
    os.utime(path, (old, old))
    monkeypatch.setattr(files, "STAGING_TTL", -1)  # the encrypted timestamp is past its lifetime
    assert files.unstage(token, "o") is None
    monkeypatch.undo()
    fresh = files.stage({"b": 2}, "o")
    assert files.purge_staged() == 1
    assert not path.exists() and files.unstage(fresh, "o") == {"b": 2}


def test_session_serializer_refuses_oversized_sessions(settings):
    settings.SESSION_MAX_BYTES = 1000
    serializer = BoundedJSONSerializer()
    assert serializer.loads(serializer.dumps({"a": "x" * 100})) == {"a": "x" * 100}
    with pytest.raises(SessionTooLarge):
        serializer.dumps({"a": "x" * 2000})
