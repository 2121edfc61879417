"""Signed seals and their witnesses outside the database (docs/security.md, ADR 0012).

A seal records every chain head. It is signed with an Ed25519 key that is not in the
database (``PROCESSING_LOG_SIGNING_KEY`` or a key file under ``var/``) and written to one
or more witnesses outside the database: an append-only JSON-lines file (embedded default)
and/or syslog, from where a SIEM or write-once store keeps it. Someone who can rewrite the
database can neither sign a seal nor reach the witness, so ``verify`` finds a rewritten,
truncated or emptied log by comparing the chains with the witnessed seals.

Every seal records the id of the key that signed it (``key_id``); verification uses the public
key of that id from the keyring (the current key and the retired ones in
``PROCESSING_LOG_VERIFY_KEYS``), so the signing key can be rotated (``manage.py rotate_seal_key``)
and older seals still verify. This module never writes a key anywhere.

A witness is any object with ``record(record: dict)``; one that can be read back (the file)
also has ``records()``. Configure them with ``PROCESSING_LOG_WITNESSES`` ("file", "syslog"
or the dotted path of a class taking no arguments).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import logging.handlers
import os
from datetime import UTC
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.module_loading import import_string

RECORD_TYPE = "privacyregie.processing_log.seal"
RECORD_VERSION = 1


class WitnessError(Exception):
    """A witness record cannot be read or written."""


# --- signing -------------------------------------------------------------------------------------


def _decode_key(text: str) -> bytes:
    text = text.strip()
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise ValueError("PROCESSING_LOG_SIGNING_KEY must be 32 bytes, urlsafe base64 (secrets.token_urlsafe(32))")
    return raw


@lru_cache(maxsize=4)
def _private_key(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_decode_key(text))


@lru_cache(maxsize=4)
def _public_key_from_text(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_decode_key(text))


def signing_key() -> Ed25519PrivateKey:
    return _private_key(settings.PROCESSING_LOG_SIGNING_KEY)


def verify_key() -> Ed25519PublicKey:
    """The public key of the current signing key (``PROCESSING_LOG_VERIFY_KEY`` when an auditor
    gives only that one)."""
    configured = getattr(settings, "PROCESSING_LOG_VERIFY_KEY", "")
    return _public_key_from_text(configured) if configured else signing_key().public_key()


def key_id(public_key: Ed25519PublicKey) -> str:
    """A seal names the key that signed it by this id: the start of the SHA-256 of the public key,
    so an id can neither be chosen nor disagree with its key."""
    return hashlib.sha256(public_key.public_bytes_raw()).hexdigest()[:16]


def public_key_text(public_key: Ed25519PublicKey) -> str:
    return base64.urlsafe_b64encode(public_key.public_bytes_raw()).decode().rstrip("=")


def keyring() -> dict[str, Ed25519PublicKey]:
    """Every public key a seal may have been signed with, by key id: the current signing key's,
    ``PROCESSING_LOG_VERIFY_KEY`` (an auditor's copy of the current one) and the retired keys in
    ``PROCESSING_LOG_VERIFY_KEYS`` (after ``manage.py rotate_seal_key``). Public keys only: a
    retired private key is destroyed, and the keyring cannot sign."""
    keys = [signing_key().public_key()]
    texts = [getattr(settings, "PROCESSING_LOG_VERIFY_KEY", ""), *getattr(settings, "PROCESSING_LOG_VERIFY_KEYS", [])]
    for text in filter(None, (t.strip() for t in texts)):
        try:
            keys.append(_public_key_from_text(text))
        except ValueError as exc:
            raise ValueError(f"PROCESSING_LOG_VERIFY_KEYS holds something that is not a public key: {text[:8]}…") from exc
    return {key_id(key): key for key in keys}


def signature_problem(message: bytes, signature: str, signed_by: str) -> str | None:
    """Why ``signature`` does not prove ``message`` with the key named ``signed_by``; None when it does.

    The key is looked up by the id the seal records; an id that is not in the keyring is its own
    problem (a retired key was not kept, or the seal names a key that never signed here). A seal
    from before key ids were recorded (no id) is tried with every key in the keyring.
    """
    ring = keyring()
    if signed_by and signed_by not in ring:
        return (f"it names signing key {signed_by}, which is not in the keyring: add that key's public key to "
                "PROCESSING_LOG_VERIFY_KEYS (see manage.py rotate_seal_key) or the seal was not signed here")
    candidates = [ring[signed_by]] if signed_by else list(ring.values())
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError:
        return "its signature is not valid base64"
    for public_key in candidates:
        try:
            public_key.verify(raw, message)
        except InvalidSignature:
            continue
        return None
    return "it has no valid signature: it was changed after it was signed"


def signed_message(sealed_at, heads: dict, prev_seal_hash: str, seal_hash: str) -> bytes:
    """The bytes a seal's signature covers: time, every head, and the seal chain."""
    return json.dumps(
        {"type": RECORD_TYPE, "sealed_at": sealed_at.astimezone(UTC).isoformat(), "heads": heads,
         "prev_seal_hash": prev_seal_hash, "seal_hash": seal_hash},
        sort_keys=True, separators=(",", ":"),
    ).encode()


def sign(message: bytes) -> str:
    return base64.b64encode(signing_key().sign(message)).decode()


def signature_valid(message: bytes, signature: str, signed_by: str = "") -> bool:
    return signature_problem(message, signature, signed_by) is None


def record_for(seal_row) -> dict:
    """The witness record of a seal: everything needed to check the chains without the database."""
    return {
        "type": RECORD_TYPE, "version": RECORD_VERSION, "seal_id": seal_row.pk,
        "sealed_at": seal_row.sealed_at.astimezone(UTC).isoformat(), "heads": seal_row.heads,
        "prev_seal_hash": seal_row.prev_seal_hash, "seal_hash": seal_row.seal_hash,
        "key_id": seal_row.key_id, "signature": seal_row.signature,
    }


def record_signature_problem(record: dict) -> str | None:
    """Why a witnessed seal record is not signed by a key of the keyring; None when it is."""
    from datetime import datetime

    try:
        message = signed_message(datetime.fromisoformat(record["sealed_at"]), record["heads"],
                                 record["prev_seal_hash"], record["seal_hash"])
    except (KeyError, TypeError, ValueError):
        return "it is incomplete"
    return signature_problem(message, str(record.get("signature", "")), str(record.get("key_id") or ""))


def record_signature_valid(record: dict) -> bool:
    return record_signature_problem(record) is None


# --- witnesses -----------------------------------------------------------------------------------


class FileWitness:
    """Append-only JSON-lines file outside the database; every record is fsynced.

    Protect it at the operating-system level as well: another user than the database's,
    and ``chattr +a`` (append-only) where the file system allows.
    """

    readable = True

    def __init__(self, path=None):
        self.path = Path(path or settings.PROCESSING_LOG_WITNESS_FILE)

    def record(self, record: dict) -> None:
        line = json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"
        new = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line.encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if new:  # make the new directory entry durable too
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)

    def records(self) -> list[dict]:
        return read_records(self.path)


class _StrictSysLogHandler(logging.handlers.SysLogHandler):
    def handleError(self, record):  # noqa: N802 - logging's name
        raise WitnessError("the seal could not be sent to syslog")


class SyslogWitness:
    """Sends every seal to syslog (RFC 3164 over a Unix socket, UDP or TCP) for a SIEM or
    write-once store; write-only, so verification reads an export of it (``--witness``)."""

    readable = False

    def __init__(self, address=None, facility=None):
        address = address or settings.PROCESSING_LOG_SYSLOG_ADDRESS
        if ":" in address and not address.startswith("/"):
            host, port = address.rsplit(":", 1)
            address = (host, int(port))
        facility = facility or settings.PROCESSING_LOG_SYSLOG_FACILITY
        self.handler = _StrictSysLogHandler(
            address=address, facility=logging.handlers.SysLogHandler.facility_names[facility])
        self.handler.ident = "privacyregie: "
        self.handler.append_nul = False

    def record(self, record: dict) -> None:
        message = json.dumps(record, sort_keys=True, separators=(",", ":"))
        self.handler.emit(logging.makeLogRecord({"msg": message, "levelno": logging.INFO, "levelname": "INFO"}))

    def records(self):
        return None


_BUILTIN = {"file": FileWitness, "syslog": SyslogWitness}


def witnesses() -> list:
    configured = getattr(settings, "PROCESSING_LOG_WITNESSES", ["file"])
    return [(_BUILTIN.get(name) or import_string(name))() for name in configured]


def write(record: dict) -> None:
    """Write a seal to every configured witness; any failure raises (the seal is then not stored)."""
    for witness in witnesses():
        witness.record(record)


def read_records(path) -> list[dict]:
    """The seal records of a JSON-lines file (the file witness, or an export from syslog/SIEM).

    Lines that are not seal records (other syslog traffic) are skipped; a syslog prefix before
    the JSON object is allowed.
    """
    path = Path(path)
    if not path.exists():
        return []
    found = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            start = line.find("{")
            if start < 0 or RECORD_TYPE not in line:
                continue
            try:
                record, _end = json.JSONDecoder().raw_decode(line[start:])  # trailing NUL/newline ignored
            except json.JSONDecodeError as exc:
                raise WitnessError(f"line {number} of {path} is not a seal record") from exc
            if isinstance(record, dict) and record.get("type") == RECORD_TYPE:
                record["_line"] = number
                found.append(record)
    return found


def available_records(path=None) -> list[dict] | None:
    """Witnessed seals: from ``path`` when given, else from the first readable witness; None when
    no witness can be read back (syslog only, and no export given)."""
    if path:
        return read_records(path)
    for witness in witnesses():
        if getattr(witness, "readable", False):
            return witness.records()
    return None
