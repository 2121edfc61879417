"""Uploaded files: size- and type-checked, stored encrypted at rest.

The encryption key (Fernet) comes from ``FILE_ENCRYPTION_KEY`` or is generated once
into ``var/file_encryption_key``; it is never stored in the database. This module
never writes an unencrypted copy of an upload to disk.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

MAX_FILENAME_LENGTH = 200
# Characters that reorder how a name is displayed ("invoice\u202efdp.exe" shows as "invoiceexe.pdf").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that hide what a name really says.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")

# Allowed types by extension, with the magic bytes the content must start with.
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "txt": ("text/plain", ()),
    "csv": ("text/csv", ()),
}


def _fernet() -> Fernet:
    key = settings.FILE_ENCRYPTION_KEY
    if not key:
        path = Path(settings.VAR_DIR) / "file_encryption_key"
        if not path.exists():
            path.write_bytes(Fernet.generate_key())
            path.chmod(0o600)
        key = path.read_bytes().strip()
    return Fernet(key)


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def clean_filename(name: str, default: str = "bestand") -> str:
    """The last path part of ``name``, without bidirectional overrides, control or invisible characters.

    Never returns an empty name, a hidden name (leading dot) or a path.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in name
                   if c not in BIDI_CONTROLS and c not in INVISIBLE)
    name = " ".join(name.split()).strip(" .")
    return name or default


def download_response(data: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """A file download; ``Content-Disposition`` built by Django's helper from the cleaned name."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, clean_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def check_upload(uploaded, allowed: tuple[str, ...] | None = None, max_size: int | None = None) -> CheckedUpload:
    """Validate size, extension and content of an uploaded file; raise ValidationError (Dutch)."""
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    allowed = allowed or tuple(ALLOWED_TYPES)
    name = clean_filename(getattr(uploaded, "name", "") or "")
    if len(name) > MAX_FILENAME_LENGTH:
        raise ValidationError(
            _("De bestandsnaam is te lang (%(n)s tekens, maximaal %(max)s). Geef het bestand een kortere naam.")
            % {"n": len(name), "max": MAX_FILENAME_LENGTH}
        )
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_size:
        raise ValidationError(_("Het bestand is te groot (maximaal %(mb)s MB).") % {"mb": max_size // (1024 * 1024)})
    data = uploaded.read(max_size + 1)
    if len(data) > max_size:
        raise ValidationError(_("Het bestand is te groot (maximaal %(mb)s MB).") % {"mb": max_size // (1024 * 1024)})
    if not data:
        raise ValidationError(_("Het bestand is leeg."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed or extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Toegestaan: %(types)s.") % {"types": ", ".join(allowed)}
        )
    content_type, magics = ALLOWED_TYPES[extension]
    if magics and not any(data.startswith(m) for m in magics):
        raise ValidationError(_("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": extension})
    if not magics:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Een tekstbestand moet UTF-8 tekst bevatten.")) from exc
    if magics == (b"PK\x03\x04",):
        check_archive(data)
    return CheckedUpload(name=name, content_type=content_type, data=data)


MAX_ARCHIVE_ENTRIES = 10_000
MAX_ARCHIVE_RATIO = 100  # uncompressed / compressed, per entry


def check_archive(data: bytes, max_unpacked: int | None = None) -> None:
    """A zip-based document (DOCX, XLSX, ODT) that would unpack to more than ``MAX_UNPACKED_SIZE``, has too
    many entries or an absurd compression ratio is an archive bomb: refused, without unpacking it.

    Reads only the central directory (the declared sizes), so the check is bounded whatever the content."""
    import io
    import zipfile

    max_unpacked = max_unpacked or getattr(settings, "MAX_UNPACKED_SIZE", 100 * 1024 * 1024)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ValidationError(_("Het bestand is geen geldig document (het archief is beschadigd).")) from exc
    total = sum(entry.file_size for entry in entries)
    bomb = (len(entries) > MAX_ARCHIVE_ENTRIES or total > max_unpacked
            or any(entry.file_size > MAX_ARCHIVE_RATIO * max(entry.compress_size, 1) for entry in entries
                   if entry.file_size > 1024 * 1024))
    if bomb:
        raise ValidationError(_("Het bestand wordt uitgepakt veel te groot (mogelijk een zipbom) en is geweigerd."))


def store_encrypted(data: bytes) -> str:
    """Encrypt and store bytes; returns the storage name to keep in the database."""
    storage_name = secrets.token_hex(16)
    folder = Path(settings.MEDIA_ROOT) / storage_name[:2]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / storage_name).write_bytes(_fernet().encrypt(data))
    return storage_name


def read_encrypted(storage_name: str) -> bytes:
    if not storage_name or not all(c in "0123456789abcdef" for c in storage_name):
        raise FileNotFoundError(storage_name)
    path = Path(settings.MEDIA_ROOT) / storage_name[:2] / storage_name
    try:
        return _fernet().decrypt(path.read_bytes())
    except InvalidToken as exc:
        raise ValueError("stored file cannot be decrypted with the configured key") from exc


def delete_encrypted(storage_name: str) -> None:
    if storage_name and all(c in "0123456789abcdef" for c in storage_name):
        (Path(settings.MEDIA_ROOT) / storage_name[:2] / storage_name).unlink(missing_ok=True)


# --- Staged data: server-side, encrypted, short-lived (e.g. an import preview) -------------------

STAGING_TTL = 3600  # seconds


def _staging_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "staging"


def _staging_path(token: str) -> Path | None:
    if not token or len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        return None
    return _staging_dir() / token


def stage(payload, owner: str) -> str:
    """Keep a JSON-able ``payload`` for ``owner`` on the server, encrypted; return a random token.

    The token is what a session keeps instead of the data; the data expires after ``STAGING_TTL``.
    """
    token = secrets.token_hex(16)
    folder = _staging_dir()
    folder.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"owner": owner, "payload": payload}, default=str).encode()
    (folder / token).write_bytes(_fernet().encrypt(body))
    return token


def unstage(token: str, owner: str):
    """The payload staged under ``token`` for ``owner``; None when missing, expired or someone else's."""
    path = _staging_path(token)
    if path is None or not path.exists():
        return None
    try:
        body = json.loads(_fernet().decrypt(path.read_bytes(), ttl=STAGING_TTL))
    except (InvalidToken, ValueError):
        return None
    return body["payload"] if body.get("owner") == owner else None


def discard_staged(token: str) -> None:
    path = _staging_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def purge_staged(max_age: int = STAGING_TTL) -> int:
    """Delete staged data older than ``max_age`` seconds; returns how many were deleted."""
    folder = _staging_dir()
    if not folder.exists():
        return 0
    limit, removed = time.time() - max_age, 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
