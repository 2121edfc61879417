"""Benchmark of the processing-log hub: OTLP spans ingested per second, and "who consulted" at a large log.

    python bench/hub_ingest.py --database-url postgres://postgres@127.0.0.1:5432/SCRATCH \
        [--batches 20] [--batch-size 512] [--population 10000000] [--subjects 200000]

Use a scratch database: the benchmark empties the processing log and the hub's tables of the database it is
given. Prints one JSON object and rewrites its section of docs/benchmarks.md.

* ``ingest_spans_per_s``: OTLP/JSON batches of ``batch-size`` spans (the SDK's BatchSpanProcessor sends 512)
  through the receiver view (token check, decode, pseudonymise, resolve the activity, chain append, idempotency
  index), one batch after another in one process; ``chains_valid`` is the full verification afterwards.
* ``who_consulted_p50_ms``/``p95``: ``kernel.services.consultations_for_resident`` (all entries of one resident,
  oldest first) with ``population`` entries in the log. The population is built in the database with
  ``generate_series`` (its rows are not chained: the verification above runs before it is added).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MARKER = "<!-- hub_ingest -->"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="privacyregie-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def reset():
    from django.db import connection

    from privacyregie.hub.models import IntakeRefusal, ReceivedSpan
    from privacyregie.kernel.models import ChainHead, ChainSeal, ProcessingLogEntry, VerificationRun

    tables = [m._meta.db_table for m in (ReceivedSpan, IntakeRefusal, ProcessingLogEntry, ChainHead, ChainSeal,
                                         VerificationRun)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def organisation_and_application():
    from privacyregie.core.models import Application, Organisation

    org, _ = Organisation.objects.get_or_create(slug="bench-hub", defaults={"name": "Bench hub"})
    Application.objects.filter(organisation=org).delete()
    application = Application(organisation=org, name="Zaaksysteem (bench)", scopes=["hub.write_log"])
    token = application.issue_secret()
    application.save()
    return org, application, token


def protobuf(body: bytes) -> bytes:
    """The same ExportTraceServiceRequest in protobuf (what the SDK's OTLP/HTTP exporter sends by default)."""
    import base64

    from google.protobuf.json_format import ParseDict
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    document = json.loads(body)
    for resource_spans in document["resourceSpans"]:
        for scope_spans in resource_spans["scopeSpans"]:
            for data in scope_spans["spans"]:
                for key in ("traceId", "spanId"):  # hex in OTLP/JSON, base64 in protobuf's JSON mapping
                    data[key] = base64.b64encode(bytes.fromhex(data[key])).decode()
    return ParseDict(document, ExportTraceServiceRequest()).SerializeToString()


CONTENT_TYPES = {"json": "application/json", "protobuf": "application/x-protobuf"}


def batches(count, size, subjects, encoding="json"):
    from privacyregie.hub.tests.helpers import document, span

    now = datetime.now(UTC) - timedelta(hours=1)
    bodies = []
    for b in range(count):
        spans = [span(bsn=subjects[(b * size + i) % len(subjects)], activity="Wmo-ondersteuning",
                      at=now + timedelta(milliseconds=b * size + i), span_id=f"{b * size + i + 1:016x}",
                      extra={"enduser.role": "Consulent"}) for i in range(size)]
        data = json.dumps(document(spans)).encode()
        bodies.append(protobuf(data) if encoding == "protobuf" else data)
    return bodies


def _activity(org):
    from privacyregie.register.models import ProcessingActivity
    from privacyregie.register.services import save_activity
    from privacyregie.register.tests.factories import BASE

    if not ProcessingActivity.objects.filter(organisation=org, name="Wmo-ondersteuning").exists():
        save_activity(org, {**BASE, "name": "Wmo-ondersteuning"}, valid_from=datetime.now(UTC) - timedelta(days=30))


def _subjects():
    from privacyregie.dossiers.demo import demo_bsn

    return [demo_bsn(300_000 + s) for s in range(2000)]


def bench_ingest(org, token, count, size, encoding="json"):
    from django.test import RequestFactory

    from privacyregie.hub.views import receive_traces
    from privacyregie.kernel import chain

    _activity(org)
    subjects = _subjects()
    bodies = batches(count, size, subjects, encoding)
    factory = RequestFactory()
    start = time.perf_counter()
    for data in bodies:
        request = factory.post("/v1/traces", data=data, content_type=CONTENT_TYPES[encoding],
                               HTTP_AUTHORIZATION=f"Bearer {token}")
        response = receive_traces(request)
        assert response.status_code == 200, response.content
    elapsed = time.perf_counter() - start
    verify_start = time.perf_counter()
    result = chain.verify()
    return {"ingest_encoding": encoding, "ingest_spans": count * size, "ingest_batch_size": size,
            "ingest_spans_per_s": round(count * size / elapsed, 1), "chains_valid": result.ok,
            "verify_s": round(time.perf_counter() - verify_start, 2)}


def start_gunicorn(database_url: str, workers: int, port: int) -> subprocess.Popen:
    """gunicorn as in production (DEBUG off, persistent connections), ``workers`` sync workers."""
    from benchkit import start_gunicorn as start

    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO_MODE", "PRIVACYREGIE_TESTING")}
    env.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "privacyregie.settings", "DEBUG": "0",
                "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0",
                "DB_CONN_MAX_AGE": "600", "LOG_LEVEL": "ERROR"})
    return start(ROOT, env, port, workers)


def bench_ingest_http(org, token, count, size, database_url, workers, senders, encoding="json"):
    """The same batches over HTTP to gunicorn (``workers`` processes) from ``senders`` concurrent exporters.

    Each sender posts its batches one after another on a keep-alive connection, as an OTLP exporter does; a
    429/503 is retried after its Retry-After (counted in ``ingest_retries``)."""
    import http.client

    from privacyregie.kernel import chain
    from privacyregie.kernel.models import ProcessingLogEntry

    _activity(org)
    subjects = _subjects()
    bodies = batches(count, size, subjects, encoding)
    before = ProcessingLogEntry.objects.count()
    from benchkit import free_port

    port = free_port()
    proc = start_gunicorn(database_url, workers, port)
    retries = [0]
    failures = []
    lock = threading.Lock()
    latencies = []

    def send(mine):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for body in mine:
            while True:
                started = time.perf_counter()
                connection.request("POST", "/v1/traces", body=body, headers={
                    "Content-Type": CONTENT_TYPES[encoding], "Authorization": f"Bearer {token}"})
                response = connection.getresponse()
                content = response.read()
                if response.status in (429, 503):
                    with lock:
                        retries[0] += 1
                    time.sleep(min(float(response.headers.get("Retry-After") or 1), 0.2))
                    continue
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    if response.status != 200:
                        failures.append((response.status, content[:200]))
                break
        connection.close()

    try:
        for body in batches(workers * 2, 1, subjects, encoding):  # warm-up (imports, connections), not timed
            send([body])
        warmed = ProcessingLogEntry.objects.count()
        threads = [threading.Thread(target=send, args=(bodies[i::senders],)) for i in range(senders)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(30)
    assert not failures, failures[:3]
    stored = ProcessingLogEntry.objects.count() - warmed
    load = os.getloadavg()
    verify_start = time.perf_counter()
    result = chain.verify()
    latencies.sort()
    return {"ingest_mode": f"http, gunicorn {workers} workers, {senders} concurrent senders",
            "ingest_encoding": encoding,
            "ingest_spans": count * size, "ingest_stored": stored, "ingest_batch_size": size,
            "ingest_spans_per_s": round(count * size / elapsed, 1),
            "ingest_batch_p50_ms": round(statistics.median(latencies), 1),
            "ingest_batch_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
            "ingest_retries": retries[0], "chains_valid": result.ok,
            "verify_s": round(time.perf_counter() - verify_start, 2), "log_entries_before": before,
            "load_average_after": " / ".join(f"{x:.1f}" for x in load)}


def populate(org, population, subject_count):
    """``population`` log rows in the database (generate_series), over ``subject_count`` pseudonymised residents."""
    from django.db import connection

    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.kernel.models import ProcessingLogEntry
    from privacyregie.kernel.services import pseudonymise_bsn

    bsns = [demo_bsn(400_000 + s) for s in range(subject_count)]
    table = ProcessingLogEntry._meta.db_table
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_subjects (n int PRIMARY KEY, pseudonym text)")
        with cursor.copy("COPY bench_subjects (n, pseudonym) FROM STDIN") as copy:
            for n, bsn in enumerate(bsns):
                copy.write_row((n, pseudonymise_bsn(bsn)))
        cursor.execute(f"""
            INSERT INTO {table} (organisation_id, occurred_at, chain, seq, actor_user_id, actor_username, actor_roles,
                application, action, target_type, target_id, target_label, subject_pseudonym, processing_activity,
                processing_activity_version_id, purpose, legal_basis, legal_basis_detail, outcome, reason, emergency,
                origin, trace_id, span_id, parent_span_id, trace_flags, tracestate, operation_name, service_name,
                service_version, subject_id_type, foreign_trace_id, foreign_span_id, foreign_processor, prev_hash,
                entry_hash)
            SELECT %s, now() - (i || ' seconds')::interval, i %% 16, 1000000000 + i, 1 + i %% 500, 'm' || (i %% 500),
                'consulent', CASE WHEN i %% 3 = 0 THEN 'Zaaksysteem' ELSE '' END, 'view', 'extern:zaaksysteem', '',
                'raadplegen zaakdossier', s.pseudonym, 'Wmo-ondersteuning', '', 'casusbehandeling', 'wettelijke_taak',
                '', 'allowed', '', false, '', '', '', '', '', '', 'raadplegen zaakdossier', 'zaaksysteem', '1.0',
                'BSN', '', '', '', repeat('0', 64), md5(i::text) || md5(i::text)
            FROM generate_series(1, %s) AS i JOIN bench_subjects s ON s.n = i %% %s
        """, [org.pk, population, subject_count])  # noqa: S608
        cursor.execute(f"ANALYZE {table}")
    return bsns, round(time.perf_counter() - start, 1)


def bench_who_consulted(org, bsns, samples):
    from privacyregie.kernel.services import consultations_for_resident

    timings = []
    rows = 0
    for k in range(samples):
        bsn = bsns[(k * 104729) % len(bsns)]
        start = time.perf_counter()
        rows += len(list(consultations_for_resident(org, bsn)))
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {"who_consulted_p50_ms": round(statistics.median(timings), 2),
            "who_consulted_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "who_consulted_rows_per_resident": round(rows / samples, 1)}


def write_markdown(result: dict) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    rows = "\n".join(f"| `{k}` | {v} |" for k, v in result.items())
    section = (f"{MARKER}\n### {result['backend']} ({result['measured_at']})\n\n| measure | value |\n|---|---|\n"
               f"{rows}\n{MARKER}-end")
    if MARKER in text:
        before = text.split(MARKER, 1)[0]
        after = text.split(f"{MARKER}-end", 1)[1] if f"{MARKER}-end" in text else ""
        text = before + section + after
    else:
        text += (
            "\n## Logboekhub (`bench/hub_ingest.py`)\n\n"
            "`python bench/hub_ingest.py --database-url URL --batches N --batch-size 512 --population 10000000`\n\n"
            "* `ingest_spans_per_s`: OTLP/JSON batches through the receiver view, one after another in one process;\n"
            "  `chains_valid`: full verification of the chains afterwards.\n"
            "* `who_consulted_p95_ms`: `consultations_for_resident` (every entry of one resident, oldest first)\n"
            "  with `population` entries in the log (built with `generate_series`).\n\n"
            "Targets from issue 16: ≥ 10,000 spans/s on 2 cores with the chains valid; who-consulted p95 ≤ 50 ms at\n"
            "10M entries.\n\n" + section + "\n")
    path.write_text(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--population", type=int, default=10_000_000)
    parser.add_argument("--subjects", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--no-markdown", action="store_true")
    parser.add_argument("--workers", type=int, default=0,
                        help="send over HTTP to gunicorn with this many workers (0: in process, one after another)")
    parser.add_argument("--senders", type=int, default=4, help="concurrent senders (with --workers)")
    parser.add_argument("--encoding", choices=sorted(CONTENT_TYPES), default="json",
                        help="OTLP/JSON or protobuf (the SDK exporter's default)")
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.db import connection

    reset()
    org, _application, token = organisation_and_application()
    result = {"backend": connection.vendor, "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    if args.workers:
        result.update(bench_ingest_http(org, token, args.batches, args.batch_size, args.database_url, args.workers,
                                        args.senders, args.encoding))
    else:
        result.update(bench_ingest(org, token, args.batches, args.batch_size, args.encoding))
    if args.population and connection.vendor == "postgresql":
        bsns, seconds = populate(org, args.population, args.subjects)
        result.update({"population": args.population, "population_build_s": seconds})
        result.update(bench_who_consulted(org, bsns, args.samples))
    print(json.dumps(result, indent=2))
    if not args.no_markdown:
        write_markdown(result)


if __name__ == "__main__":
    main()
