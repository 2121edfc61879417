"""Uploaded files: size- and type-checked, stored encrypted at rest (envelope encryption, ``core.crypto``).

Every stored file has its own data key, wrapped by a master key from ``FILE_MASTER_KEYS``
(or, in the embedded default, ``var/file_master_key``); no key is ever stored in the database.
Content is encrypted and decrypted in chunks, so files of any size stream in bounded memory.
Files stored before envelope encryption (one Fernet key, ``FILE_ENCRYPTION_KEY``) are still
read, detected by their header, until ``manage.py migrate_file_encryption`` has converted them.
This module never writes an unencrypted copy of an upload to disk and never returns bytes that
failed authentication (:class:`TamperedFile`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import logging
import os
import secrets
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from . import crypto
from .crypto import MasterKeyMissing, TamperedFile

__all__ = ["CheckedUpload", "MasterKeyMissing", "StoredFile", "TamperedFile", "check_upload", "clean_filename",
           "delete_encrypted", "discard_staged", "download_encrypted", "download_response", "encrypted_size",
           "keyring", "migrate_legacy_file", "open_encrypted", "purge_staged", "purge_unfinished_writes",
           "read_encrypted", "rewrap_file", "seal", "shred", "shred_key_id", "bind_to_shred_key", "destroy_shred_key",
           "is_bound_to_shred_key",
           "stage", "store_encrypted", "store_encrypted_stream",
           "unseal", "unstage", "verify_encrypted"]

log = logging.getLogger("privacyregie.files")
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


MASTER_KEY_FILE = "file_master_key"
LEGACY_KEY_FILE = "file_encryption_key"
LEGACY_PREFIX = b"gAAAAA"  # a Fernet token: version byte 0x80 and a timestamp, base64
# Up to this plaintext size a download is decrypted (and so authenticated) whole before it is
# sent; larger files are authenticated in a first pass and then streamed.
STREAM_THRESHOLD = 8 * 1024 * 1024


def keyring() -> crypto.Keyring:
    """The master keys: ``FILE_MASTER_KEYS`` ("id:base64key,...", current ``FILE_MASTER_KEY_ID`` or the last),
    else ``var/file_master_key``, generated once (embedded default)."""
    text = settings.FILE_MASTER_KEYS
    if not text:
        path = Path(settings.VAR_DIR) / MASTER_KEY_FILE
        if not path.exists():
            add_key_to_var_file(crypto.Keyring.new_entry("k1"))
        text = path.read_text()
    try:
        return crypto.Keyring.parse(text, settings.FILE_MASTER_KEY_ID)
    except crypto.KeyringError as exc:
        raise ImproperlyConfigured(f"FILE_MASTER_KEYS: {exc}") from exc


def add_key_to_var_file(entry: str) -> None:
    """Append a keyring entry to ``var/file_master_key`` (the embedded default), atomically, mode 0600."""
    path = Path(settings.VAR_DIR) / MASTER_KEY_FILE
    existing = path.read_text().strip() if path.exists() else ""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("\n".join(filter(None, [existing, entry])) + "\n")
    if existing:
        os.replace(tmp, path)
        return
    try:  # the first key: two processes starting at once must not each create their own
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def _legacy_fernet(storage_name: str) -> Fernet:
    """The single Fernet key of files stored before envelope encryption (never generated any more)."""
    key = settings.FILE_ENCRYPTION_KEY
    if not key:
        path = Path(settings.VAR_DIR) / LEGACY_KEY_FILE
        if not path.exists():
            raise MasterKeyMissing("a file from before envelope encryption, but no FILE_ENCRYPTION_KEY", storage_name)
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


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    size: int  # plaintext bytes
    sha256: str  # of the plaintext


def _valid_name(storage_name: str) -> bool:
    return bool(storage_name) and all(c in "0123456789abcdef" for c in storage_name)


def _path(storage_name: str) -> Path:
    if not _valid_name(storage_name):
        raise FileNotFoundError(storage_name)
    return Path(settings.MEDIA_ROOT) / storage_name[:2] / storage_name


def _write(path: Path, fileobj, max_size: int | None = None) -> crypto.Written:
    """Encrypt ``fileobj`` into ``path``: a temporary file in the same folder, synced, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ring = keyring()
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as out:
            written = crypto.encrypt_stream(fileobj.read, out.write, ring, max_size=max_size)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written


def store_encrypted_stream(fileobj, *, max_size: int | None = None) -> StoredFile:
    """Encrypt and store everything ``fileobj.read`` gives, in bounded memory; never an unencrypted copy.

    With ``max_size``: more plaintext raises ValidationError (Dutch) and nothing is stored.
    """
    storage_name = secrets.token_hex(16)
    try:
        written = _write(_path(storage_name), fileobj, max_size)
    except OverflowError as exc:
        raise ValidationError(
            _("Het bestand is te groot (maximaal %(mb)s MB).") % {"mb": (max_size or 0) // (1024 * 1024)}) from exc
    return StoredFile(storage_name=storage_name, size=written.size, sha256=written.sha256)


def store_encrypted(data: bytes) -> str:
    """Encrypt and store bytes; returns the storage name to keep in the database."""
    return store_encrypted_stream(io.BytesIO(data)).storage_name


def seal(data: bytes) -> str:
    """Small data encrypted like a stored file, as URL-safe text (e.g. for the session); see ``unseal``."""
    out = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(data).read, out.write, keyring())
    return base64.urlsafe_b64encode(out.getvalue()).decode()


def unseal(text: str) -> bytes:
    """The data ``seal`` encrypted; raises TamperedFile when it was changed or its key is gone."""
    try:
        raw = base64.urlsafe_b64decode(text.encode())
    except (ValueError, binascii.Error) as exc:
        raise TamperedFile("sealed data is not base64") from exc
    return b"".join(crypto.decrypt_stream(io.BytesIO(raw).read, keyring()))


def _logged(chunks: Iterator[bytes], storage_name: str) -> Iterator[bytes]:
    try:
        yield from chunks
    except TamperedFile as exc:
        log.error("stored file %s refused: %s", storage_name or "?", exc)
        raise


def _open_path(path: Path, storage_name: str) -> Iterator[bytes]:
    stream = open(path, "rb")  # noqa: SIM115 - closed by the generator below
    try:
        start = stream.read(len(crypto.MAGIC))
        if crypto.is_envelope(start):
            stream.seek(0)
            ring = _with_shred_keys(keyring(), stream.read(crypto.HEADER_SIZE), storage_name)
            stream.seek(0)
            chunks = crypto.decrypt_stream(stream.read, ring, storage_name)
        elif start == LEGACY_PREFIX[:len(start)] and start:
            try:
                chunks = iter([_legacy_fernet(storage_name).decrypt(start + stream.read())])
            except InvalidToken as exc:
                raise TamperedFile("a file from before envelope encryption fails authentication",
                                   storage_name) from exc
        else:
            raise TamperedFile("not an encrypted file of this application", storage_name)
    except TamperedFile as exc:
        stream.close()
        log.error("stored file %s refused: %s", storage_name or "?", exc)
        raise
    except BaseException:
        stream.close()
        raise
    return _closing(_logged(chunks, storage_name), stream)


def _closing(chunks: Iterator[bytes], stream) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        stream.close()


def open_encrypted(storage_name: str) -> Iterator[bytes]:
    """The plaintext of a stored file in chunks (each authenticated before it is given), bounded memory.

    Raises FileNotFoundError at once for an unknown name, TamperedFile (also while iterating) for
    a file that fails authentication or whose master key is missing.
    """
    return _open_path(_path(storage_name), storage_name)


def read_encrypted(storage_name: str) -> bytes:
    """The whole plaintext of a stored file (for small files; stream large ones with ``open_encrypted``)."""
    return b"".join(open_encrypted(storage_name))


def encrypted_size(storage_name: str) -> int | None:
    """The plaintext size of a stored file without decrypting it; None for a file in the old format."""
    path = _path(storage_name)
    with open(path, "rb") as stream:
        start = stream.read(crypto.HEADER_SIZE)
        size = os.fstat(stream.fileno()).st_size
    if not crypto.is_envelope(start):
        return None
    return crypto.plaintext_size(size, crypto.parse_header(start, storage_name).chunk_size)


def verify_encrypted(storage_name: str) -> int:
    """Authenticate every chunk of a stored file (bounded memory); returns its plaintext size."""
    return sum(len(chunk) for chunk in open_encrypted(storage_name))


def download_encrypted(storage_name: str, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """A download of a stored file; no byte leaves before the whole file has been authenticated.

    Small files are decrypted whole; large ones are authenticated in a first pass and then
    streamed in chunks with a ``Content-Length`` (a file changed between the passes still fails
    at its changed chunk: the connection ends short of the announced length).
    """
    size = encrypted_size(storage_name)
    if size is None or size <= STREAM_THRESHOLD:
        return download_response(read_encrypted(storage_name), filename, content_type, inline=inline)
    verify_encrypted(storage_name)
    response = StreamingHttpResponse(open_encrypted(storage_name), content_type=content_type)
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = content_disposition_header(not inline, clean_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def delete_encrypted(storage_name: str) -> None:
    if _valid_name(storage_name):
        _path(storage_name).unlink(missing_ok=True)


# --- Maintenance: moving old files to envelope encryption, re-wrapping under a new master key ---

def stored_files() -> Iterator[Path]:
    """Every stored file: ``MEDIA_ROOT/<2 hex>/<hex name>`` and the staged data."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and (folder.name == "staging" or (len(folder.name) == 2 and _valid_name(folder.name))):
            for path in sorted(folder.iterdir()):
                if path.is_file() and _valid_name(path.name):
                    yield path


def file_format(path: Path) -> str:
    """"envelope", "legacy" (Fernet, before envelope encryption) or "unknown"."""
    with open(path, "rb") as stream:
        start = stream.read(len(LEGACY_PREFIX))
    if crypto.is_envelope(start):
        return "envelope"
    return "legacy" if start == LEGACY_PREFIX else "unknown"


def migrate_legacy_file(path: Path) -> bool:
    """Re-encrypt one Fernet file under envelope encryption, same name (atomic rename); False if already done."""
    if file_format(path) != "legacy":
        return False
    try:
        data = _legacy_fernet(path.name).decrypt(path.read_bytes())
    except InvalidToken as exc:
        raise TamperedFile("a file from before envelope encryption fails authentication", path.name) from exc
    _write(path, io.BytesIO(data))
    return True


def rewrap_file(path: Path, ring: crypto.Keyring) -> bool:
    """Wrap one file's data key under the current master key; content untouched. False if nothing to do.

    A file bound to a shred key (``bind_to_shred_key``) is left alone: wrapping it under a master key
    again would undo what shredding its key is meant to achieve."""
    fd = os.open(path, os.O_RDWR)
    try:
        if _bound_to_shred_key(os.pread(fd, crypto.HEADER_SIZE, 0), path.name):
            return False
        return crypto.rewrap(fd, ring, path.name)
    finally:
        os.close(fd)


def master_key_ids(path: Path) -> list[str]:
    """The master key id(s) a stored envelope file's data key is wrapped under (newest first)."""
    with open(path, "rb") as stream:
        return crypto.parse_header(stream.read(crypto.HEADER_SIZE), path.name).key_ids()


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
    body = json.dumps({"owner": owner, "payload": payload, "at": time.time()}, default=str).encode()
    _write(_staging_dir() / token, io.BytesIO(body))
    return token


def unstage(token: str, owner: str):
    """The payload staged under ``token`` for ``owner``; None when missing, expired or someone else's."""
    path = _staging_path(token)
    if path is None or not path.exists():
        return None
    try:
        body = json.loads(b"".join(_open_path(path, f"staging/{token}")))
    except (TamperedFile, ValueError):
        return None
    if not isinstance(body, dict) or not 0 <= time.time() - float(body.get("at") or 0) <= STAGING_TTL:
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


def purge_unfinished_writes(max_age: int = 24 * 3600) -> int:
    """Delete temporary files of writes that never finished (a process killed while storing), older
    than ``max_age`` seconds. They hold ciphertext only; returns how many were deleted."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return 0
    limit, removed = time.time() - max_age, 0
    for path in root.glob("*/.*.tmp"):
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- Crypto-shredding: destroying data keys so that every copy of a file (backups too) is unreadable ---
#
# A file's data key is wrapped in its own header (ADR 0013). Deleting the file leaves every backup of it
# readable with the master key. A file that must be destroyable with its case is therefore *bound to a
# shred key*: its data key is re-wrapped (in place, like a rotation) under a key of its own group (one
# case, one resident) that lives in the shred-key store next to the master keys, never in the database
# or among the stored files. Destroying that key makes the file and every backup of it unreadable; see
# ADR 0104. ``shred`` also overwrites the key slots of the live file before deleting it.

SHRED_KEY_PREFIX = "s."
SHRED_KEY_DIR = "shred_keys"


def shred_key_id(group: str) -> str:
    """The key id (at most 20 characters, as a key slot allows) of a shred group such as ``case:<uuid>``."""
    return SHRED_KEY_PREFIX + hashlib.sha256(group.encode()).hexdigest()[:18]


def _shred_dir() -> Path:
    return Path(getattr(settings, "FILE_SHRED_KEY_DIR", "") or Path(settings.VAR_DIR) / SHRED_KEY_DIR)


def _shred_key_path(key_id: str) -> Path:
    if not key_id.startswith(SHRED_KEY_PREFIX) or not crypto.KEY_ID.match(key_id):
        raise ValueError(f"not a shred key id: {key_id!r}")
    return _shred_dir() / key_id


def _load_shred_key(key_id: str) -> bytes | None:
    try:
        key = _shred_key_path(key_id).read_bytes()
    except (FileNotFoundError, ValueError):
        return None
    return key if len(key) == 32 else None


def _create_shred_key(key_id: str) -> bytes:
    """The shred key ``key_id``, created once (mode 0600, atomic: two processes get the same key)."""
    existing = _load_shred_key(key_id)
    if existing:
        return existing
    folder = _shred_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = folder / f".{key_id}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(os.urandom(32))
        out.flush()
        os.fsync(out.fileno())
    try:
        os.link(tmp, _shred_key_path(key_id))
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return _load_shred_key(key_id)


def _with_shred_keys(ring: crypto.Keyring, header_raw: bytes, storage_name: str) -> crypto.Keyring:
    """``ring`` plus the shred keys the file's header names (when they still exist)."""
    ids = crypto.parse_header(header_raw, storage_name).key_ids()
    extra = {kid: key for kid in ids if kid.startswith(SHRED_KEY_PREFIX) and (key := _load_shred_key(kid))}
    return crypto.Keyring(keys={**ring.keys, **extra}, current=ring.current) if extra else ring


def _bound_to_shred_key(header_raw: bytes, storage_name: str) -> bool:
    if not crypto.is_envelope(header_raw):
        return False
    ids = crypto.parse_header(header_raw, storage_name).key_ids()
    return bool(ids) and all(kid.startswith(SHRED_KEY_PREFIX) for kid in ids)


def is_bound_to_shred_key(path: Path) -> bool:
    """Whether a stored file's data key is wrapped only under shred keys (no master key)."""
    with open(path, "rb") as stream:
        return _bound_to_shred_key(stream.read(crypto.HEADER_SIZE), path.name)


def bind_to_shred_key(storage_name: str, group: str) -> bool:
    """Wrap a stored file's data key under the shred key of ``group`` (in place; content untouched).

    Idempotent: False when it already was. A file in the old (Fernet) format is converted first."""
    path = _path(storage_name)
    migrate_legacy_file(path)
    key_id = shred_key_id(group)
    fd = os.open(path, os.O_RDWR)
    try:
        raw = os.pread(fd, crypto.HEADER_SIZE, 0)
        header = crypto.parse_header(raw, storage_name)
        if header.key_ids() == [key_id]:
            return False
        master = _with_shred_keys(keyring(), raw, storage_name)
        ring = crypto.Keyring(keys={**master.keys, key_id: _create_shred_key(key_id)}, current=key_id)
        return crypto.rewrap(fd, ring, storage_name)
    finally:
        os.close(fd)


def shred(storage_name: str) -> bool:
    """Destroy a stored file: its key slots are overwritten with random bytes and synced, then it is
    deleted. The live copy can never be decrypted again (not even from recovered disk blocks); its
    backups only when the shred key it was bound to is destroyed too (``destroy_shred_key``).
    Returns False when there was no such file."""
    if not _valid_name(storage_name):
        return False
    path = _path(storage_name)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        if crypto.is_envelope(os.pread(fd, len(crypto.MAGIC), 0)):
            os.pwrite(fd, os.urandom(2 * crypto.SLOT.size), crypto.FIXED.size)
        else:  # the old format holds no separate key: overwrite the whole token
            os.pwrite(fd, os.urandom(os.fstat(fd).st_size), 0)
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
    log.info("stored file %s shredded", storage_name)
    return True


def destroy_shred_key(group: str) -> bool:
    """Destroy the shred key of ``group``: every file bound to it, and every backup of such a file,
    becomes unreadable. Overwritten, synced and deleted; False when there was none."""
    path = _shred_key_path(shred_key_id(group))
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        os.pwrite(fd, os.urandom(32), 0)
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
    log.info("shred key %s destroyed", shred_key_id(group))
    return True
