"""Uploaded files: size- and type-checked, stored encrypted at rest.

The encryption key (Fernet) comes from ``FILE_ENCRYPTION_KEY`` or is generated once
into ``var/file_encryption_key``; it is never stored in the database. This module
never writes an unencrypted copy of an upload to disk.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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


def check_upload(uploaded, allowed: tuple[str, ...] | None = None, max_size: int | None = None) -> CheckedUpload:
    """Validate size, extension and content of an uploaded file; raise ValidationError (Dutch)."""
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    allowed = allowed or tuple(ALLOWED_TYPES)
    name = Path(getattr(uploaded, "name", "") or "bestand").name[:200]
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
    return CheckedUpload(name=name, content_type=content_type, data=data)


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
