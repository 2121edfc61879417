"""Envelope encryption of stored files (core.crypto, core.files): round trip, tamper detection,
key rotation without re-encryption, streaming in bounded memory, migration of Fernet files."""

import hashlib
import io
import json
import os
import struct
import time
import tracemalloc

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from privacyregie.core import crypto, files
from privacyregie.core.crypto import HEADER_SIZE, TAG_SIZE, Keyring, MasterKeyMissing, TamperedFile

RING = Keyring.parse(Keyring.new_entry("k1"))
OTHER_RING = Keyring.parse(Keyring.new_entry("k1"))  # same id, other key
CHUNK = 16


def encrypt(data: bytes, ring: Keyring = RING, chunk_size: int = CHUNK) -> bytes:
    out = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(data).read, out.write, ring, chunk_size=chunk_size)
    return out.getvalue()


def decrypt(blob: bytes, ring: Keyring = RING) -> bytes:
    return b"".join(crypto.decrypt_stream(io.BytesIO(blob).read, ring))


def chunks_of(blob: bytes, chunk_size: int = CHUNK) -> list[bytes]:
    body, block = blob[HEADER_SIZE:], chunk_size + TAG_SIZE
    return [body[i:i + block] for i in range(0, len(body), block)]


@pytest.fixture
def storage(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.VAR_DIR = tmp_path
    settings.FILE_MASTER_KEYS = Keyring.new_entry("k1")
    settings.FILE_MASTER_KEY_ID = ""
    settings.FILE_ENCRYPTION_KEY = ""
    return tmp_path


def stored_path(name: str):
    from django.conf import settings

    return settings.MEDIA_ROOT / name[:2] / name


# --- round trip ----------------------------------------------------------------------------------

@hsettings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200), chunk_size=st.sampled_from([1, 7, 16, 64]))
def test_round_trip_of_random_sizes_and_chunk_sizes(data, chunk_size):
    blob = encrypt(data, chunk_size=chunk_size)
    assert decrypt(blob) == data
    assert crypto.plaintext_size(len(blob), chunk_size) == len(data)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK - 1, 3 * CHUNK])
def test_round_trip_at_chunk_boundaries(size):
    data = os.urandom(size)
    blob = encrypt(data)
    assert decrypt(blob) == data
    # every chunk but the last is full; an exact multiple ends with a full last chunk, not an empty one
    assert len(chunks_of(blob)) == max(1, -(-size // CHUNK))


def test_stream_reports_size_and_sha256_of_the_plaintext(storage):
    data = os.urandom(3 * crypto.CHUNK_SIZE + 5)
    stored = files.store_encrypted_stream(io.BytesIO(data))
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert b"".join(files.open_encrypted(stored.storage_name)) == data
    assert files.encrypted_size(stored.storage_name) == len(data)


def test_the_existing_api_still_round_trips_and_stores_no_plaintext(storage):
    data = b"%PDF-1.4 vertrouwelijk verslag " * 100
    name = files.store_encrypted(data)
    on_disk = stored_path(name).read_bytes()
    assert on_disk.startswith(crypto.MAGIC) and b"vertrouwelijk" not in on_disk
    assert files.read_encrypted(name) == data


def test_two_stores_of_the_same_bytes_share_no_ciphertext(storage):
    first, second = files.store_encrypted(b"x" * 1000), files.store_encrypted(b"x" * 1000)
    assert stored_path(first).read_bytes()[HEADER_SIZE:] != stored_path(second).read_bytes()[HEADER_SIZE:]


def test_short_reads_of_the_source_give_the_same_file(storage):
    class Trickle(io.BytesIO):
        def read(self, n=-1):
            return super().read(min(n, 1000) if n and n > 0 else n)

    data = os.urandom(200_000)
    stored = files.store_encrypted_stream(Trickle(data))
    assert files.read_encrypted(stored.storage_name) == data


def test_a_stream_over_the_maximum_is_refused_and_nothing_is_stored(storage):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        files.store_encrypted_stream(io.BytesIO(b"x" * 3_000_000), max_size=2 * 1024 * 1024)
    assert list(files.stored_files()) == []
    assert not any(p.is_file() for p in (storage / "files").rglob("*"))


# --- tamper detection ----------------------------------------------------------------------------

BLOB_DATA = os.urandom(5 * CHUNK + 3)
BLOB = encrypt(BLOB_DATA)


@hsettings(max_examples=300, deadline=None)
@given(position=st.integers(min_value=0, max_value=len(BLOB) - 1), bit=st.integers(min_value=0, max_value=7))
def test_a_bit_flipped_anywhere_is_detected(position, bit):
    tampered = bytearray(BLOB)
    tampered[position] ^= 1 << bit
    with pytest.raises(TamperedFile):
        decrypt(bytes(tampered))


@pytest.mark.parametrize("keep", [0, 1, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + CHUNK + TAG_SIZE,
                                  HEADER_SIZE + 2 * (CHUNK + TAG_SIZE), len(BLOB) - 1])
def test_truncation_is_detected_also_at_a_chunk_boundary(keep):
    with pytest.raises(TamperedFile):
        decrypt(BLOB[:keep])


def test_appended_bytes_are_detected():
    with pytest.raises(TamperedFile):
        decrypt(BLOB + b"\0" * (CHUNK + TAG_SIZE))


def test_swapped_chunks_are_detected():
    parts = chunks_of(BLOB)
    parts[1], parts[2] = parts[2], parts[1]
    with pytest.raises(TamperedFile):
        decrypt(BLOB[:HEADER_SIZE] + b"".join(parts))


def test_reordered_and_dropped_chunks_are_detected():
    parts = chunks_of(BLOB)
    for arranged in (parts[::-1], parts[:2] + parts[3:], parts[:1] + parts[-1:], parts + parts[-1:]):
        with pytest.raises(TamperedFile):
            decrypt(BLOB[:HEADER_SIZE] + b"".join(arranged))


def test_a_chunk_from_another_file_with_the_same_key_slot_is_detected():
    other = encrypt(BLOB_DATA)
    parts, foreign = chunks_of(BLOB), chunks_of(other)
    with pytest.raises(TamperedFile):
        decrypt(BLOB[:HEADER_SIZE] + b"".join(parts[:2] + foreign[2:3] + parts[3:]))
    with pytest.raises(TamperedFile):  # the key slot of another file
        decrypt(BLOB[:crypto.FIXED.size] + other[crypto.FIXED.size:HEADER_SIZE] + BLOB[HEADER_SIZE:])


def test_a_wrong_master_key_is_refused():
    with pytest.raises(TamperedFile):
        decrypt(BLOB, OTHER_RING)


def test_a_missing_master_key_is_reported_as_such():
    with pytest.raises(MasterKeyMissing):
        decrypt(BLOB, Keyring.parse(Keyring.new_entry("k2")))


def test_no_byte_of_a_chunk_that_fails_is_given():
    tampered = bytearray(BLOB)
    tampered[HEADER_SIZE + 2 * (CHUNK + TAG_SIZE) + 1] ^= 1  # third chunk
    given_chunks = []
    with pytest.raises(TamperedFile):
        for chunk in crypto.decrypt_stream(io.BytesIO(bytes(tampered)).read, RING):
            given_chunks.append(chunk)
    assert b"".join(given_chunks) == BLOB_DATA[:2 * CHUNK]


def test_a_tampered_stored_file_is_refused_and_logged(storage, caplog):
    name = files.store_encrypted(b"%PDF-1.4 " + os.urandom(500))
    path = stored_path(name)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x40
    path.write_bytes(bytes(raw))
    with caplog.at_level("ERROR", logger="privacyregie.files"), pytest.raises(TamperedFile):
        files.read_encrypted(name)
    assert name in caplog.text


def test_a_tampered_file_asked_for_by_the_api_gets_a_problem_without_its_bytes(storage, caplog):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from privacyregie.core.middleware import FileIntegrityMiddleware

    name = files.store_encrypted(b"geheim-" + os.urandom(32))
    path = stored_path(name)
    path.write_bytes(path.read_bytes()[:-1])
    request = RequestFactory().get(f"/api/v1/bestanden/{name}")
    request.user = AnonymousUser()
    with pytest.raises(TamperedFile) as refused:
        files.download_encrypted(name, "x.txt", "text/plain")
    with caplog.at_level("ERROR", logger="privacyregie.files"):
        response = FileIntegrityMiddleware(lambda r: None).process_exception(request, refused.value)
    assert response.status_code == 500 and response["Content-Type"] == "application/problem+json"
    assert b"geheim" not in response.content and "beschadigd" in json.loads(response.content)["detail"]
    assert "refused to serve stored file" in caplog.text


# --- key rotation --------------------------------------------------------------------------------

def test_rotation_rewraps_without_touching_the_content(storage, settings):
    data = os.urandom(100_000)
    name = files.store_encrypted(data)
    before = stored_path(name).read_bytes()
    old = settings.FILE_MASTER_KEYS
    settings.FILE_MASTER_KEYS = f"{old},{Keyring.new_entry('k2')}"
    out = io.StringIO()
    call_command("rotate_file_keys", stdout=out)
    after = stored_path(name).read_bytes()
    assert "rewrapped: 1" in out.getvalue() and "master key k1: 0 file(s), unused, can be removed" in out.getvalue()
    assert after[HEADER_SIZE:] == before[HEADER_SIZE:] and after[:crypto.FIXED.size] == before[:crypto.FIXED.size]
    assert after[:HEADER_SIZE] != before[:HEADER_SIZE]
    assert files.master_key_ids(stored_path(name)) == ["k2"]
    settings.FILE_MASTER_KEYS = settings.FILE_MASTER_KEYS.split(",")[1]  # the old key removed
    assert files.read_encrypted(name) == data


def test_rotation_is_idempotent(storage, settings):
    files.store_encrypted(b"a")
    settings.FILE_MASTER_KEYS += "," + Keyring.new_entry("k2")
    call_command("rotate_file_keys", stdout=io.StringIO())
    snapshot = {p: p.read_bytes() for p in files.stored_files()}
    out = io.StringIO()
    call_command("rotate_file_keys", stdout=out)
    assert "rewrapped: 0, already_current: 1" in out.getvalue()
    assert {p: p.read_bytes() for p in files.stored_files()} == snapshot


def test_rotation_respects_the_configured_current_key(storage, settings):
    name = files.store_encrypted(b"a")
    settings.FILE_MASTER_KEYS = f"{Keyring.new_entry('k0')},{settings.FILE_MASTER_KEYS}"
    settings.FILE_MASTER_KEY_ID = "k0"
    call_command("rotate_file_keys", stdout=io.StringIO())
    assert files.master_key_ids(stored_path(name)) == ["k0"]


def test_rotation_in_the_embedded_default_adds_and_removes_keys_in_var(storage, settings):
    settings.FILE_MASTER_KEYS = ""
    name = files.store_encrypted(b"inhoud")
    key_file = storage / files.MASTER_KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    call_command("rotate_file_keys", "--new-key", "k2", "--remove-retired", stdout=io.StringIO())
    assert [line.split(":")[0] for line in key_file.read_text().split()] == ["k2"]
    assert files.read_encrypted(name) == b"inhoud"


def test_a_rotation_that_stopped_between_its_writes_still_reads_and_is_finished_later(storage, settings):
    name = files.store_encrypted(b"halverwege")
    path = stored_path(name)
    settings.FILE_MASTER_KEYS += "," + Keyring.new_entry("k2")
    ring = files.keyring()
    header = crypto.parse_header(path.read_bytes()[:HEADER_SIZE])
    data_key = crypto.unwrap(header, ring)[1]
    fd = os.open(path, os.O_RDWR)  # only the first write of a rotation: the new slot
    os.pwrite(fd, crypto._wrap(header.fixed, 2, ring, data_key), crypto.FIXED.size + crypto.SLOT.size)
    os.close(fd)
    assert files.read_encrypted(name) == b"halverwege"
    assert files.master_key_ids(path) == ["k2", "k1"]
    call_command("rotate_file_keys", stdout=io.StringIO())
    assert files.master_key_ids(path) == ["k2"]


def test_rotation_fails_loudly_on_a_file_whose_key_is_gone(storage, settings):
    files.store_encrypted(b"a")
    settings.FILE_MASTER_KEYS = Keyring.new_entry("k9")
    with pytest.raises(CommandError):
        call_command("rotate_file_keys", stdout=io.StringIO(), stderr=io.StringIO())


def test_keyring_refuses_bad_configuration():
    for text in ("", "k1", "k1:tooshort", "bad id:" + "A" * 43 + "=", Keyring.new_entry("k1") + "," + Keyring.new_entry("k1")):
        with pytest.raises(crypto.KeyringError):
            Keyring.parse(text)
    with pytest.raises(crypto.KeyringError):
        Keyring.parse(Keyring.new_entry("k1"), current="k2")


# --- streaming in bounded memory -----------------------------------------------------------------

class Generated(io.RawIOBase):
    """``size`` pseudo-random bytes, generated as they are read (never held whole)."""

    def __init__(self, size: int):
        self.left = size
        self.block = os.urandom(crypto.CHUNK_SIZE)
        self.digest = hashlib.sha256()

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        data = (self.block * (n // len(self.block) + 1))[:n]
        self.digest.update(data)
        return data


def test_a_64_mb_stream_is_stored_and_read_in_bounded_memory(storage):
    size = 64 * 1024 * 1024
    source = Generated(size)
    tracemalloc.start()
    try:
        stored = files.store_encrypted_stream(source)
        _, store_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest, seen = hashlib.sha256(), 0
        for chunk in files.open_encrypted(stored.storage_name):
            digest.update(chunk)
            seen += len(chunk)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored.size == seen == size and digest.hexdigest() == stored.sha256 == source.digest.hexdigest()
    assert store_peak < 2 * 1024 * 1024 and read_peak < 2 * 1024 * 1024, (store_peak, read_peak)


def test_a_large_download_streams_after_authenticating_every_chunk(storage):
    data = os.urandom(files.STREAM_THRESHOLD + 3 * crypto.CHUNK_SIZE + 11)
    stored = files.store_encrypted_stream(io.BytesIO(data))
    response = files.download_encrypted(stored.storage_name, "groot.pdf", "application/pdf")
    assert response.streaming and int(response["Content-Length"]) == len(data)
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == data


def test_a_large_tampered_file_is_refused_before_the_first_byte(storage):
    data = os.urandom(files.STREAM_THRESHOLD + 2 * crypto.CHUNK_SIZE)
    stored = files.store_encrypted_stream(io.BytesIO(data))
    path = stored_path(stored.storage_name)
    with open(path, "r+b") as f:
        f.seek(-3, os.SEEK_END)  # the very last chunk: only a full pass finds it
        last = f.read(1)
        f.seek(-3, os.SEEK_END)
        f.write(bytes([last[0] ^ 1]))
    with pytest.raises(TamperedFile):
        files.download_encrypted(stored.storage_name, "groot.pdf", "application/pdf")


# --- migration of Fernet files -------------------------------------------------------------------

def _legacy_file(storage, settings, data: bytes) -> str:
    """A file as core.files stored it before envelope encryption."""
    key = Fernet.generate_key()
    settings.FILE_ENCRYPTION_KEY = key.decode()
    name = os.urandom(16).hex()
    path = stored_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(Fernet(key).encrypt(data))
    return name


def test_old_fernet_files_are_still_read_until_migrated(storage, settings):
    name = _legacy_file(storage, settings, b"%PDF-1.4 oud")
    assert files.file_format(stored_path(name)) == "legacy"
    assert files.read_encrypted(name) == b"%PDF-1.4 oud"


def test_migration_moves_fernet_files_to_envelope_encryption_idempotently(storage, settings):
    old = _legacy_file(storage, settings, b"%PDF-1.4 oud document")
    new = files.store_encrypted(b"nieuw")
    new_bytes = stored_path(new).read_bytes()
    out = io.StringIO()
    call_command("migrate_file_encryption", stdout=out)
    assert "migrated: 1, already_envelope: 1" in out.getvalue()
    assert files.file_format(stored_path(old)) == "envelope"
    assert stored_path(new).read_bytes() == new_bytes
    settings.FILE_ENCRYPTION_KEY = ""  # the old key is no longer needed
    assert files.read_encrypted(old) == b"%PDF-1.4 oud document"
    again = io.StringIO()
    call_command("migrate_file_encryption", stdout=again)
    assert "migrated: 0, already_envelope: 2" in again.getvalue() and "can be removed" in again.getvalue()


def test_migration_check_reports_what_remains(storage, settings):
    _legacy_file(storage, settings, b"oud")
    with pytest.raises(SystemExit):
        call_command("migrate_file_encryption", "--check", stdout=io.StringIO())


def test_a_tampered_fernet_file_is_refused(storage, settings):
    name = _legacy_file(storage, settings, b"oud")
    path = stored_path(name)
    raw = bytearray(path.read_bytes())
    raw[-10] = ord("A") if raw[-10] != ord("A") else ord("B")
    path.write_bytes(bytes(raw))
    with pytest.raises(TamperedFile):
        files.read_encrypted(name)
    with pytest.raises(CommandError):
        call_command("migrate_file_encryption", stdout=io.StringIO(), stderr=io.StringIO())


def test_format_constants_are_what_the_adr_describes():
    assert (crypto.FIXED.size, crypto.SLOT.size, HEADER_SIZE) == (24, 84, 192)
    version, algorithm = struct.unpack_from(">BB", BLOB, 4)
    assert (BLOB[:4], version, algorithm) == (b"PRVF", 1, 1)


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3 * crypto.CHUNK_SIZE))
def test_sealed_values_round_trip_and_refuse_changes(storage, data):
    sealed = files.seal(data)
    assert files.unseal(sealed) == data
    with pytest.raises(TamperedFile):
        files.unseal(sealed[:-8] + ("A" if sealed[-8] != "A" else "B") + sealed[-7:])


def test_a_django_upload_on_disk_is_stored_from_its_stream(storage):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    data = os.urandom(300_000)
    upload = TemporaryUploadedFile("groot.pdf", "application/pdf", len(data), None)
    upload.write(data)
    upload.seek(0)
    stored = files.store_encrypted_stream(upload)
    upload.close()
    assert files.read_encrypted(stored.storage_name) == data


def test_an_unknown_or_malformed_name_fails_at_once_not_while_iterating(storage):
    for name in ("0" * 32, "../../etc/passwd", ""):
        with pytest.raises(FileNotFoundError):
            files.open_encrypted(name)


def test_unfinished_writes_are_left_out_and_purged_later(storage):
    class Failing(io.BytesIO):
        def read(self, n=-1):
            if self.tell() > 100_000:
                raise OSError("connection lost")
            return super().read(n)

    with pytest.raises(OSError):
        files.store_encrypted_stream(Failing(os.urandom(300_000)))
    assert list(files.stored_files()) == []
    leftover = storage / "files" / "ab" / ".abcdef.1234.tmp"  # as a killed process would leave it
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(b"ciphertext")
    assert files.purge_unfinished_writes() == 0
    old = time.time() - 2 * 24 * 3600
    os.utime(leftover, (old, old))
    assert files.purge_unfinished_writes() == 1 and not leftover.exists()
