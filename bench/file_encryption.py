"""Benchmark of file encryption at rest: envelope encryption (core.files) vs the raw AES-GCM primitive,
and peak memory while streaming a large file.

    python bench/file_encryption.py [--mb 100] [--size 1024] [--dir /tmp] [--no-markdown]

* ``--mb``: megabytes encrypted and decrypted for the throughput figures, as one file and as
  1 MB files.
* ``--size``: megabytes of the file streamed (stored, then read back) for the memory figure,
  measured in a fresh process so that nothing else has raised its peak.

Prints one JSON object and rewrites the "Bestandsversleuteling" table in docs/benchmarks.md.
Files go to a temporary folder under ``--dir`` that is removed afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024


def setup_django(folder: Path) -> None:
    os.environ["VAR_DIR"] = str(folder)
    os.environ["MEDIA_ROOT"] = str(folder / "files")
    os.environ.pop("FILE_MASTER_KEYS", None)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'unused.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.settings"
    import django

    django.setup()


class Generated(io.RawIOBase):
    """``size`` bytes produced as they are read, so the source itself holds no more than a block."""

    def __init__(self, size: int):
        self.left = size
        self.block = os.urandom(MB)

    def readable(self):
        return True

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        if n <= len(self.block):
            return self.block[:n]
        return (self.block * (n // len(self.block) + 1))[:n]


class Clock:
    """Wall-clock and CPU seconds of a block: on a shared, loaded machine the CPU time is the fairer
    comparison of the two pipelines (both are CPU-bound); the wall clock includes waiting for disk."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def raw_aesgcm(data: bytes, chunk_size: int) -> tuple[Clock, Clock]:
    """Encrypt + decrypt with AESGCM alone, in memory: in chunks like the files, and in one call."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead, nonce = AESGCM(AESGCM.generate_key(bit_length=256)), os.urandom(12)
    view = memoryview(data)
    with Clock() as chunked:
        sealed = [aead.encrypt(nonce, view[i:i + chunk_size], b"aad") for i in range(0, len(data), chunk_size)]
        for part in sealed:
            aead.decrypt(nonce, part, b"aad")
    del sealed
    with Clock() as whole:
        aead.decrypt(nonce, aead.encrypt(nonce, data, b"aad"), b"aad")
    return chunked, whole


def raw_aesgcm_on_disk(data: bytes, chunk_size: int, folder: Path) -> Clock:
    """The raw primitive with the same disk work as a stored file: chunks written, synced, read back, decrypted."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead, nonce = AESGCM(AESGCM.generate_key(bit_length=256)), os.urandom(12)
    view, path, block = memoryview(data), folder / "raw.bin", chunk_size + 16
    with Clock() as clock:
        with open(path, "wb") as out:
            for i in range(0, len(data), chunk_size):
                out.write(aead.encrypt(nonce, view[i:i + chunk_size], b"aad"))
            out.flush()
            os.fsync(out.fileno())
        with open(path, "rb") as stream:
            while part := stream.read(block):
                aead.decrypt(nonce, part, b"aad")
    path.unlink()
    return clock


class Parts:
    """A reader over a list of byte strings (the ciphertext kept in memory, as the raw figure keeps it)."""

    def __init__(self, parts: list[bytes]):
        self.parts, self.index, self.offset = parts, 0, 0

    def read(self, n: int) -> bytes:
        out = []
        while n > 0 and self.index < len(self.parts):
            part = self.parts[self.index]
            piece = part[self.offset:self.offset + n] if self.offset or n < len(part) else part
            out.append(piece)
            n -= len(piece)
            self.offset += len(piece)
            if self.offset == len(part):
                self.index, self.offset = self.index + 1, 0
        return out[0] if len(out) == 1 else b"".join(out)


def envelope_in_memory(data: bytes) -> Clock:
    """The envelope pipeline (core.crypto: chunking, nonces, SHA-256 of the plaintext, key wrap) without disk."""
    from privacyregie.core import crypto, files

    ring = files.keyring()
    with Clock() as clock:
        parts: list[bytes] = []
        crypto.encrypt_stream(io.BytesIO(data).read, parts.append, ring)
        for _ in crypto.decrypt_stream(Parts(parts).read, ring):
            pass
    return clock


def envelope(data: bytes, file_size: int) -> Clock:
    """store_encrypted_stream + open_encrypted (disk, fsync, SHA-256 of the plaintext included) over ``data``."""
    from privacyregie.core import files

    names = []
    with Clock() as clock:
        for offset in range(0, len(data), file_size):
            names.append(files.store_encrypted_stream(io.BytesIO(data[offset:offset + file_size])).storage_name)
        for name in names:
            for _ in files.open_encrypted(name):
                pass
    for name in names:
        files.delete_encrypted(name)
    return clock


def peak_rss_mb() -> float:
    """The process's resident high-water mark (VmHWM: per address space, so not inherited from the
    parent at fork the way ``getrusage``'s ``ru_maxrss`` is)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def _stream_once(size_mb: int) -> float:
    from privacyregie.core import files

    start = time.perf_counter()
    stored = files.store_encrypted_stream(Generated(size_mb * MB))
    digest, total = hashlib.sha256(), 0
    for chunk in files.open_encrypted(stored.storage_name):
        digest.update(chunk)
        total += len(chunk)
    elapsed = time.perf_counter() - start
    files.delete_encrypted(stored.storage_name)
    assert total == size_mb * MB and digest.hexdigest() == stored.sha256
    return elapsed


def stream_memory(size_mb: int) -> dict:
    """In this (fresh) process: store and read back ``size_mb`` MB twice: once for the peak resident
    memory above the start (the whole process, native allocations included), once under tracemalloc
    for the Python heap's peak (tracemalloc's own bookkeeping would distort the first figure)."""
    import tracemalloc

    from privacyregie.core import files

    files.keyring()  # key material loaded before measuring
    before = rss_mb()
    elapsed = _stream_once(size_mb)
    peak = peak_rss_mb()
    tracemalloc.start()
    _stream_once(size_mb)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"stream_mb": size_mb, "stream_peak_rss_above_start_mb": round(peak - before, 1),
            "stream_python_heap_peak_mb": round(heap_peak / MB, 2),
            "stream_store_and_read_mb_s": round(2 * size_mb / elapsed, 1)}


def write_markdown(result: dict) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    marker = "<!-- file-encryption -->"
    section = (
        f"{marker}\n### Gemeten ({result['measured_at']})\n\n| measure | value |\n|---|---|\n"
        + "".join(f"| `{k}` | {v} |\n" for k, v in result.items() if k != "measured_at")
        + f"{marker}\n"
    )
    from benchkit import replace_section

    replace_section(path, marker, section, heading="## Bestandsversleuteling (`bench/file_encryption.py`)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100, help="megabytes for the throughput figures")
    parser.add_argument("--size", type=int, default=1024, help="megabytes of the streamed file (memory figure)")
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where the temporary files go")
    parser.add_argument("--no-markdown", action="store_true")
    parser.add_argument("--memory-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="privacyregie-bench-files-", dir=args.dir))
    try:
        setup_django(folder)
        if args.memory_only:
            print(json.dumps(stream_memory(args.size)))
            return
        from privacyregie.core import crypto

        data = os.urandom(args.mb * MB)
        chunked, whole = raw_aesgcm(data, crypto.CHUNK_SIZE)
        raw_disk = raw_aesgcm_on_disk(data, crypto.CHUNK_SIZE, folder)
        in_memory = envelope_in_memory(data)
        one_file = envelope(data, len(data))
        small_files = envelope(data, MB)

        def rate(seconds: float) -> float:
            return round(args.mb / seconds, 1)

        result = {"measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "mb": args.mb,
                  "load_average_1min": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
                  "raw_aesgcm_64k_chunks_mb_s": rate(chunked.wall), "raw_aesgcm_64k_chunks_mb_cpu_s": rate(chunked.cpu),
                  "raw_aesgcm_one_call_mb_s": rate(whole.wall), "raw_aesgcm_one_call_mb_cpu_s": rate(whole.cpu),
                  "raw_aesgcm_on_disk_mb_s": rate(raw_disk.wall), "raw_aesgcm_on_disk_mb_cpu_s": rate(raw_disk.cpu),
                  "envelope_in_memory_mb_s": rate(in_memory.wall), "envelope_in_memory_mb_cpu_s": rate(in_memory.cpu),
                  "envelope_one_file_mb_s": rate(one_file.wall), "envelope_one_file_mb_cpu_s": rate(one_file.cpu),
                  "envelope_1mb_files_mb_s": rate(small_files.wall), "envelope_1mb_files_mb_cpu_s": rate(small_files.cpu),
                  "in_memory_vs_raw_wall": round(chunked.wall / in_memory.wall, 2),
                  "in_memory_vs_raw_cpu": round(chunked.cpu / in_memory.cpu, 2),
                  "one_file_on_disk_vs_raw_wall": round(chunked.wall / one_file.wall, 2),
                  "one_file_on_disk_vs_raw_cpu": round(chunked.cpu / one_file.cpu, 2),
                  "one_file_on_disk_vs_raw_on_disk_wall": round(raw_disk.wall / one_file.wall, 2),
                  "one_file_on_disk_vs_raw_on_disk_cpu": round(raw_disk.cpu / one_file.cpu, 2)}
        del data
        memory = subprocess.run([sys.executable, __file__, "--memory-only", "--size", str(args.size), "--dir",
                                 args.dir], capture_output=True, text=True, check=True)
        result.update(json.loads(memory.stdout.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if not args.no_markdown:
        write_markdown(result)


if __name__ == "__main__":
    main()
