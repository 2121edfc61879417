"""Envelope encryption of stored files: a data key per file, AES-256-GCM in chunks, keys wrapped by a master key.

Every file gets its own random 256-bit data key. The content is encrypted with AES-256-GCM
in chunks of ``CHUNK_SIZE`` bytes (the STREAM construction): each chunk's nonce is the file's
random 7-byte prefix, the chunk counter and a last-chunk flag, and the same counter and flag
plus the file's fixed header are the chunk's associated data. Truncating the file, dropping,
reordering or swapping chunks (also between files), appending data or flipping any bit makes
authentication fail: :class:`TamperedFile`. The data key is wrapped with AES-256-GCM by a
master key from a keyring kept outside the database (``FILE_MASTER_KEYS``); the wrap's
associated data is the file's fixed header, the slot's generation and the master key id, so a
changed or transplanted key slot fails too.

Stored format, version 1 (integers big-endian)::

    fixed header (24 bytes, authenticated as associated data of every chunk)
      0  4  magic b"PRVF"
      4  1  format version (1)
      5  1  algorithm (1 = AES-256-GCM chunks, data key wrapped with AES-256-GCM)
      6  4  plaintext bytes per chunk
     10  7  nonce prefix (random per file)
     17  7  reserved, zero
    two key slots (84 bytes each): generation (4), master key id (20, NUL-padded ASCII),
      nonce (12), wrapped data key + tag (48). The newest slot that unwraps is used; an unused
      slot is all zeros (anything else there is tampering).
    chunks: ciphertext + 16-byte tag; every chunk but the last holds exactly a chunk of plaintext,
      the last holds 0..chunk bytes (an empty file is one empty last chunk).

Re-wrapping under a new master key (:func:`rewrap`) writes the other slot and then clears the
old one, in place: the content bytes never change and a crash halfway leaves one usable slot.
This module never returns bytes of a chunk that failed authentication, and never writes a key
in plain text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PRVF"
VERSION = 1
ALGORITHM = 1
CHUNK_SIZE = 64 * 1024
MAX_CHUNK_SIZE = 16 * 1024 * 1024  # a header asking for more is not ours: never allocate on its word
TAG_SIZE = 16
PREFIX_SIZE = 7
MAX_CHUNKS = 2**32  # the counter has 4 bytes in the nonce
FIXED = struct.Struct(">4sBBI7s7x")
SLOT = struct.Struct(">I20s12s48s")
WRAP_LABEL = b"PRVF data key"
EMPTY_SLOT = bytes(SLOT.size)
HEADER_SIZE = FIXED.size + 2 * SLOT.size
KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,20}$")


class TamperedFile(Exception):  # noqa: N818 - the name other capabilities import
    """A stored file failed authentication (changed, truncated, reordered) or cannot be unwrapped.

    Its bytes must never be served.
    """

    def __init__(self, message: str, storage_name: str = ""):
        super().__init__(message)
        self.storage_name = storage_name


class MasterKeyMissing(TamperedFile):  # noqa: N818
    """The file's data key is wrapped by a master key that is not in the keyring (removed too early?)."""


class KeyringError(ValueError):
    """``FILE_MASTER_KEYS`` (or the key file) cannot be read as a keyring."""


@dataclass(frozen=True)
class Keyring:
    """Master keys by id and the id of the current one (which wraps every new data key)."""

    keys: dict[str, bytes]
    current: str

    @classmethod
    def parse(cls, text: str, current: str = "") -> Keyring:
        """``"id:base64key,id2:base64key"`` (commas or newlines); the current key is ``current`` or the last one."""
        keys: dict[str, bytes] = {}
        for item in re.split(r"[,\s]+", text.strip()):
            if not item:
                continue
            key_id, sep, encoded = item.partition(":")
            if not sep or not KEY_ID.match(key_id):
                raise KeyringError(f"keyring entry {key_id[:20]!r}: expected id:base64key with an id of 1-20 [A-Za-z0-9_.-]")
            try:
                key = base64.urlsafe_b64decode(encoded.replace("+", "-").replace("/", "_") + "=" * (-len(encoded) % 4))
            except (binascii.Error, ValueError) as exc:
                raise KeyringError(f"keyring entry {key_id!r}: the key is not base64") from exc
            if len(key) != 32:
                raise KeyringError(f"keyring entry {key_id!r}: a master key has 32 bytes, not {len(key)}")
            if key_id in keys:
                raise KeyringError(f"keyring entry {key_id!r} appears twice")
            keys[key_id] = key
        if not keys:
            raise KeyringError("the keyring holds no key")
        current = current or list(keys)[-1]
        if current not in keys:
            raise KeyringError(f"the current key id {current!r} is not in the keyring")
        return cls(keys=keys, current=current)

    @staticmethod
    def new_entry(key_id: str) -> str:
        """A new ``id:base64key`` entry with a random 256-bit key."""
        if not KEY_ID.match(key_id):
            raise KeyringError(f"invalid key id {key_id!r}")
        return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


@dataclass(frozen=True)
class Slot:
    generation: int
    key_id: str
    nonce: bytes
    wrapped: bytes


@dataclass(frozen=True)
class Header:
    chunk_size: int
    prefix: bytes
    fixed: bytes
    slots: tuple[Slot, Slot]

    def used(self) -> list[tuple[int, Slot]]:
        """(index, slot) of the used slots, newest first."""
        return sorted(((i, s) for i, s in enumerate(self.slots) if s.generation), key=lambda t: -t[1].generation)

    def key_ids(self) -> list[str]:
        return [slot.key_id for _, slot in self.used()]


def is_envelope(start: bytes) -> bool:
    return start[:4] == MAGIC


def _wrap_aad(fixed: bytes, generation: int, key_id: str) -> bytes:
    return WRAP_LABEL + fixed + struct.pack(">I20s", generation, key_id.encode("ascii"))


def _wrap(fixed: bytes, generation: int, keyring: Keyring, data_key: bytes) -> bytes:
    nonce = os.urandom(12)
    wrapped = AESGCM(keyring.keys[keyring.current]).encrypt(nonce, data_key, _wrap_aad(fixed, generation, keyring.current))
    return SLOT.pack(generation, keyring.current.encode("ascii"), nonce, wrapped)


def parse_header(raw: bytes, storage_name: str = "") -> Header:
    if len(raw) < HEADER_SIZE or not is_envelope(raw):
        raise TamperedFile("not an encrypted file of this application, or its header is cut off", storage_name)
    magic, version, algorithm, chunk_size, prefix = FIXED.unpack_from(raw)
    if version != VERSION or algorithm != ALGORITHM or not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise TamperedFile(f"unknown format version {version}/{algorithm} or chunk size {chunk_size}", storage_name)
    slots = []
    for i in range(2):
        offset = FIXED.size + i * SLOT.size
        generation, key_id, nonce, wrapped = SLOT.unpack_from(raw, offset)
        key_id = key_id.rstrip(b"\0").decode("ascii", "replace")
        if generation == 0 and raw[offset:offset + SLOT.size] != EMPTY_SLOT:
            raise TamperedFile(f"key slot {i} is unused but not empty", storage_name)
        if generation and not KEY_ID.match(key_id):
            raise TamperedFile(f"key slot {i} names no valid master key", storage_name)
        slots.append(Slot(generation, key_id, nonce, wrapped))
    if not any(slot.generation for slot in slots):
        raise TamperedFile("no key slot is used", storage_name)
    return Header(chunk_size=chunk_size, prefix=prefix, fixed=raw[:FIXED.size], slots=(slots[0], slots[1]))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, last)


def _aad(fixed: bytes, index: int, last: bool) -> bytes:
    return fixed + struct.pack(">QB", index, last)


def read_exact(read: Callable[[int], bytes], n: int) -> bytes:
    """Up to ``n`` bytes, fewer only at the end of the stream (``read`` may return short reads)."""
    data = read(n)
    if data is None:
        data = b""
    if len(data) == n or not data:
        return bytes(data)
    parts, got = [data], len(data)
    while got < n:
        more = read(n - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


@dataclass(frozen=True)
class Written:
    size: int
    sha256: str


def encrypt_stream(read: Callable[[int], bytes], write: Callable[[bytes], object], keyring: Keyring, *,
                   chunk_size: int = CHUNK_SIZE, max_size: int | None = None) -> Written:
    """Encrypt everything ``read`` gives into ``write``, a chunk at a time (memory: two chunks).

    Raises :class:`OverflowError` when the plaintext exceeds ``max_size``.
    """
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError("chunk size out of range")
    data_key = AESGCM.generate_key(bit_length=256)
    prefix = os.urandom(PREFIX_SIZE)
    fixed = FIXED.pack(MAGIC, VERSION, ALGORITHM, chunk_size, prefix)
    write(fixed + _wrap(fixed, 1, keyring, data_key) + EMPTY_SLOT)
    aead = AESGCM(data_key)
    digest, size, index = hashlib.sha256(), 0, 0
    current = read_exact(read, chunk_size)
    while True:
        following = read_exact(read, chunk_size) if len(current) == chunk_size else b""
        last = not following
        size += len(current)
        if max_size is not None and size > max_size:
            raise OverflowError(size)
        if index >= MAX_CHUNKS:
            raise OverflowError("too many chunks")
        digest.update(current)
        write(aead.encrypt(_nonce(prefix, index, last), current, _aad(fixed, index, last)))
        if last:
            return Written(size=size, sha256=digest.hexdigest())
        index += 1
        current = following


def unwrap(header: Header, keyring: Keyring, storage_name: str = "") -> tuple[int, bytes]:
    """(slot index, data key) of the newest slot that unwraps with a key of the keyring.

    An older slot is only there when a rotation stopped halfway; either slot gives the same data
    key, and the content is authenticated with that key anyway.
    """
    tried = []
    for index, slot in header.used():
        if slot.key_id not in keyring.keys:
            continue
        tried.append(slot.key_id)
        try:
            return index, AESGCM(keyring.keys[slot.key_id]).decrypt(
                slot.nonce, slot.wrapped, _wrap_aad(header.fixed, slot.generation, slot.key_id))
        except InvalidTag:
            continue
    if tried:
        raise TamperedFile(f"the data key does not unwrap with master key(s) {tried}", storage_name)
    raise MasterKeyMissing(f"the file's data key is wrapped by master key(s) {header.key_ids()} "
                           "that are not in the keyring", storage_name)


def decrypt_stream(read: Callable[[int], bytes], keyring: Keyring, storage_name: str = "") -> Iterator[bytes]:
    """Plaintext chunks of an encrypted stream, each authenticated before it is yielded.

    The header is read and the data key unwrapped before the first ``next()``: a wrong or
    missing key fails at once. Memory: two chunks.
    """
    header = parse_header(read_exact(read, HEADER_SIZE), storage_name)
    aead = AESGCM(unwrap(header, keyring, storage_name)[1])
    return _chunks(read, aead, header, storage_name)


def _chunks(read, aead: AESGCM, header: Header, storage_name: str) -> Iterator[bytes]:
    block, index = header.chunk_size + TAG_SIZE, 0
    current = read_exact(read, block)
    while True:
        following = read_exact(read, block) if len(current) == block else b""
        last = not following
        if len(current) < TAG_SIZE or index >= MAX_CHUNKS:
            raise TamperedFile("the file is cut off", storage_name)
        try:
            plain = aead.decrypt(_nonce(header.prefix, index, last), current, _aad(header.fixed, index, last))
        except InvalidTag as exc:
            raise TamperedFile(f"chunk {index} fails authentication", storage_name) from exc
        yield plain
        if last:
            return
        index += 1
        current = following


def plaintext_size(stored_size: int, chunk_size: int) -> int:
    """The plaintext length of a well-formed stored file of ``stored_size`` bytes."""
    body = stored_size - HEADER_SIZE
    chunks = max(1, -(-body // (chunk_size + TAG_SIZE)))
    return body - chunks * TAG_SIZE


def rewrap(fd: int, keyring: Keyring, storage_name: str = "") -> bool:
    """Wrap the data key of the open file ``fd`` (read/write) under the current master key, in place.

    Writes the free slot (generation + 1), syncs, then clears the old slot and syncs again;
    the content is not touched. Returns False when there was nothing to do.
    """
    header = parse_header(os.pread(fd, HEADER_SIZE, 0), storage_name)
    active, data_key = unwrap(header, keyring, storage_name)
    slot, other = header.slots[active], 1 - active
    if slot.key_id != keyring.current:
        os.pwrite(fd, _wrap(header.fixed, slot.generation + 1, keyring, data_key), FIXED.size + other * SLOT.size)
        os.fsync(fd)
        other = active
    elif not header.slots[other].generation:
        return False
    # Clear the slot that no longer counts (after a new wrap, or left over by a rotation that stopped).
    os.pwrite(fd, EMPTY_SLOT, FIXED.size + other * SLOT.size)
    os.fsync(fd)
    return True
