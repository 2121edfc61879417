"""Benchmark of the processing log: kernel writes vs bare inserts vs django-auditlog,
"who consulted this resident" at a large log, verification speed, concurrent writers.

    python bench/processing_log.py --entries 5000 [--population 1000000] [--database-url URL]

Prints one JSON object and updates docs/benchmarks.md. Use a scratch database: the
benchmark empties the log tables of the database it is given. Without --database-url a
temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["BENCH_AUDITLOG"] = "1"
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="privacyregie-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _entry(org, i, subject, when=None):
    from privacyregie.kernel.models import Outcome, ProcessingLogEntry

    return ProcessingLogEntry(
        organisation=org, occurred_at=when or datetime.now(UTC), actor_user_id=1 + i % 50,
        actor_username=f"medewerker{i % 50}", actor_roles="consulent", action="view", target_type="dossiers.case",
        target_id=str(i % 5000), target_label=f"casus C-{i % 5000}", subject_pseudonym=subject,
        processing_activity="Maatschappelijke ondersteuning (Wmo 2015)", purpose="casusbehandeling",
        legal_basis="wettelijke_taak", legal_basis_detail="Wmo 2015, art. 2.3.2", outcome=Outcome.ALLOWED,
        origin="10.0.0.1", trace_id="0" * 32, span_id="0" * 16,
    )


def reset(connection):
    from privacyregie.kernel.models import ChainHead, ChainSeal, ProcessingLogEntry, VerificationRun

    with connection.cursor() as cursor:
        table = ProcessingLogEntry._meta.db_table
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}, {ChainHead._meta.db_table}, {ChainSeal._meta.db_table} RESTART IDENTITY")
        else:
            for model in (ProcessingLogEntry, ChainHead, ChainSeal):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
    VerificationRun.objects.all().delete()
    from django.conf import settings

    Path(settings.PROCESSING_LOG_WITNESS_FILE).unlink(missing_ok=True)  # the seals went with the tables


def bench_kernel_writes(org, n, offset=0):
    """``n`` kernel writes, one transaction each; returns (wall seconds, CPU seconds of this process)."""
    from django.db import transaction

    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.kernel import chain
    from privacyregie.kernel.services import pseudonymise_bsn

    subjects = [pseudonymise_bsn(demo_bsn(100_000 + s)) for s in range(500)]
    entries = [_entry(org, i, subjects[i % 500]) for i in range(offset, offset + n)]
    start, cpu = time.perf_counter(), time.process_time()
    for entry in entries:
        with transaction.atomic():
            chain.append(entry, entry.subject_pseudonym)
    return time.perf_counter() - start, time.process_time() - cpu


def bench_batch(org, size=5000):
    """One ``append_many`` of ``size`` entries over 500 residents in one transaction (the hub's batch)."""
    from django.db import transaction

    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.kernel import chain
    from privacyregie.kernel.services import pseudonymise_bsn

    subjects = [pseudonymise_bsn(demo_bsn(100_000 + s)) for s in range(500)]
    items = [(_entry(org, i, subjects[i % 500]), subjects[i % 500]) for i in range(size)]
    start = time.perf_counter()
    with transaction.atomic():
        chain.append_many(items)
    return size / (time.perf_counter() - start)


def bench_bare_inserts(org, n, connection, offset=0):
    """The same rows with one raw INSERT each, in one transaction each: the floor for a log write."""
    from django.db import transaction

    from privacyregie.kernel.chain import HASHED_FIELDS
    from privacyregie.kernel.models import ProcessingLogEntry

    table = ProcessingLogEntry._meta.db_table
    fields = [*HASHED_FIELDS, "entry_hash"]  # the same row as the kernel writes, without chaining it
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({placeholders})"
    rows = []
    for i in range(offset, offset + n):
        e = _entry(org, i, "bare")
        e.chain, e.seq, e.prev_hash, e.entry_hash, e.organisation_id = 200, i + 1, "0" * 64, "0" * 64, org.pk
        rows.append([getattr(e, f) for f in fields])
    start, cpu = time.perf_counter(), time.process_time()
    for row in rows:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, row)
    return time.perf_counter() - start, time.process_time() - cpu


def bench_writes_interleaved(org, n, connection, rounds=10):
    """Kernel writes and bare inserts in alternating rounds, so that a change in the machine's load hits
    both alike; returns rates (wall clock) and the CPU ratio (SQLite runs in this process: its CPU time is
    the work of the write itself, without waiting for the disk)."""
    per_round = max(1, n // rounds)
    kernel_wall = kernel_cpu = bare_wall = bare_cpu = 0.0
    for r in range(rounds):
        wall, cpu = bench_kernel_writes(org, per_round, offset=r * per_round)
        kernel_wall, kernel_cpu = kernel_wall + wall, kernel_cpu + cpu
        wall, cpu = bench_bare_inserts(org, per_round, connection, offset=r * per_round)
        bare_wall, bare_cpu = bare_wall + wall, bare_cpu + cpu
    total = per_round * rounds
    return total / kernel_wall, total / bare_wall, kernel_cpu / bare_cpu


def bench_auditlog(org, n):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from privacyregie.core.models import Organisation

    content_type = ContentType.objects.get_for_model(Organisation)
    start = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            LogEntry.objects.create(
                content_type=content_type, object_pk=str(i % 5000), object_id=i % 5000, object_repr=f"casus C-{i % 5000}",
                action=LogEntry.Action.ACCESS, changes={}, actor_id=None, remote_addr="10.0.0.1",
                additional_data={"purpose": "casusbehandeling", "subject": "x" * 64},
            )
    elapsed = time.perf_counter() - start
    LogEntry.objects.all().delete()
    return n / elapsed


def populate(org, population, subjects_count=20000, batch=5000):
    """Fill the log with valid, chained entries quickly (hashes computed, bulk inserted)."""
    from django.db import transaction

    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.kernel import chain
    from privacyregie.kernel.models import CHAIN_COUNT, GENESIS_HASH, ChainHead, ProcessingLogEntry
    from privacyregie.kernel.services import pseudonymise_bsn

    subjects = [pseudonymise_bsn(demo_bsn(200_000 + s)) for s in range(subjects_count)]
    chains = {subject: chain.chain_for(subject) for subject in subjects}
    heads = {c: [0, GENESIS_HASH] for c in range(CHAIN_COUNT)}
    for head in ChainHead.objects.all():
        heads[head.chain] = [head.last_seq, head.last_hash]
    base = datetime.now(UTC) - timedelta(days=365)
    pending = []
    ids = iter(())
    for i in range(population):
        if i % batch == 0:  # the id is part of the hash (v2): take ids before inserting with them
            ids = iter(chain.reserve_ids(min(batch, population - i)))
        subject = subjects[(i * 7919) % subjects_count]
        e = _entry(org, i, subject, base + timedelta(seconds=i * 30))
        c = chains[subject]
        e.pk, e.chain, e.seq, e.prev_hash = next(ids), c, heads[c][0] + 1, heads[c][1]
        e.entry_hash = chain.hash_of(e)
        heads[c] = [e.seq, e.entry_hash]
        pending.append(e)
        if len(pending) >= batch:
            with transaction.atomic():
                ProcessingLogEntry.objects.bulk_create(pending)
            pending = []
    if pending:
        ProcessingLogEntry.objects.bulk_create(pending)
    for c, (seq, last) in heads.items():
        ChainHead.objects.update_or_create(chain=c, defaults={"last_seq": seq, "last_hash": last})
    return subjects


def bench_subject_query(org, subjects, samples=300):
    from privacyregie.kernel.models import ProcessingLogEntry

    timings = []
    for k in range(samples):
        subject = subjects[(k * 104729) % len(subjects)]
        start = time.perf_counter()
        list(ProcessingLogEntry.objects.filter(organisation=org, subject_pseudonym=subject)
             .order_by("-occurred_at")[:100].values_list("occurred_at", "actor_username", "action", "purpose"))
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def bench_verify(workers):
    from privacyregie.kernel import chain

    start = time.perf_counter()
    result = chain.verify(workers=workers)
    elapsed = time.perf_counter() - start
    assert result.ok, result.describe()
    return result.entries_checked / elapsed, result.entries_checked


WRITER = """
import os, sys, time
sys.path.insert(0, sys.argv[4])
os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.settings"
import django; django.setup()
from django.db import transaction
from privacyregie.core.models import Organisation
sys.path.insert(0, os.path.join(sys.argv[4], "bench"))
from processing_log import _entry
from privacyregie.kernel import chain
org = Organisation.objects.get(pk=int(sys.argv[1]))
n, w = int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()  # all writers start together
start = time.time()
for i in range(n):
    key = f"w{w}-s{i % 97}"
    with transaction.atomic():
        chain.append(_entry(org, i, key), key)
print(start, time.time(), flush=True)
"""


def bench_concurrent(org, n, writers, database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    per = max(1, n // writers)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(org.pk), str(per), str(w), str(ROOT)], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for w in range(writers)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    spans = []
    for p in procs:
        out, _ = p.communicate()
        if p.returncode != 0:
            raise RuntimeError("a writer process failed")
        spans.append([float(x) for x in out.split()])
    elapsed = max(end for _, end in spans) - min(start for start, _ in spans)
    return per * writers / elapsed


def write_markdown(result: dict) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    marker = f"<!-- {result['backend']} -->"
    section = (
        f"{marker}\n### {result['backend']} ({result['measured_at']})\n\n"
        f"| measure | value |\n|---|---|\n"
        + "".join(f"| `{k}` | {v} |\n" for k, v in result.items() if k not in ("backend", "measured_at"))
        + f"{marker}\n"
    )
    from benchkit import replace_section

    replace_section(path, marker, section)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000, help="writes per method")
    parser.add_argument("--population", type=int, default=1_000_000, help="log size for query and verification")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--no-markdown", action="store_true")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='privacyregie-bench-')}/bench.sqlite3"
    setup_django(url)
    from django.db import connection

    from privacyregie.core.models import Organisation

    org, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Benchmarkgemeente"})
    reset(connection)
    result = {"backend": connection.vendor, "entries": args.entries, "population": args.population,
              "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    kernel_rate, bare_rate, cpu_ratio = bench_writes_interleaved(org, args.entries, connection)
    result["kernel_writes_per_s"] = round(kernel_rate, 1)
    result["bare_inserts_per_s"] = round(bare_rate, 1)
    result["auditlog_writes_per_s"] = round(bench_auditlog(org, args.entries), 1)
    result["kernel_vs_bare_ratio"] = round(result["bare_inserts_per_s"] / result["kernel_writes_per_s"], 2)
    result["kernel_vs_bare_cpu_ratio"] = round(cpu_ratio, 2)
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    result["kernel_batch_5000_per_s"] = round(bench_batch(org), 1)
    reset(connection)
    if connection.vendor == "postgresql":
        result["kernel_writes_per_s_8_writers"] = round(bench_concurrent(org, args.entries, args.writers, url), 1)
        reset(connection)
    subjects = populate(org, args.population)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE kernel_processinglogentry")
    result["subject_query_p50_ms"], result["subject_query_p95_ms"] = (round(v, 2) for v in bench_subject_query(org, subjects))
    from privacyregie.kernel import chain

    start = time.perf_counter()
    chain.seal()  # signed and witnessed: verification below also checks the witness
    result["seal_ms"] = round((time.perf_counter() - start) * 1000, 2)
    rate, checked = bench_verify(os.cpu_count() or 1)
    result["verify_entries_per_s"] = round(rate, 1)
    result["verified_entries"] = checked
    reset(connection)
    print(json.dumps(result))
    if not args.no_markdown:
        write_markdown(result)


if __name__ == "__main__":
    main()
