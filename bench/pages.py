"""Benchmark of the pages under load: gunicorn as in production, PostgreSQL, wrk at 16 users.

    python bench/pages.py [--database-url postgres://postgres@127.0.0.1:5432/bench_pages]
                          [--residents 100000] [--log-entries 1000000] [--duration 10]
                          [--label after] [--app-dir DIR] [--rebuild]

Builds the data set once in a scratch PostgreSQL database (the demo organisations and accounts,
``--residents`` residents in cases of two, ``--log-entries`` chained processing-log entries),
starts gunicorn with 4 workers, DEBUG off and production settings (persistent connections,
sessions in Redis when it answers on ``--redis-url``), logs in demo users with a verified second
factor, and drives each page with ``wrk`` (16 connections; a Lua script reports the latency
percentiles). Prints one JSON object per page and updates the ``--label`` pages section of
docs/benchmarks.md. For the case page it checks that the log entries written equal the
successful reads times the residents of the case. ``--app-dir`` runs another checkout of the code
(e.g. the code before a change, from ``git archive``) against the same data.

Use a scratch database: ``--rebuild`` drops and recreates it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
if "--app-dir" in sys.argv:  # another checkout's code, also for the in-process measurement
    sys.path.insert(0, sys.argv[sys.argv.index("--app-dir") + 1])

BENCH_CASE = "C-2026-0001"  # the demo youth case: two residents, notes, a document, a consent

LUA = r"""
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, "status_errors": %d, "errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _admin_dsn(database_url: str) -> tuple[str, str]:
    parsed = urlparse(database_url)
    return parsed._replace(path="/postgres").geturl(), parsed.path.lstrip("/")


def ensure_database(database_url: str, rebuild: bool) -> bool:
    """Create the scratch database; True when it was (re)created and needs its data."""
    import psycopg

    admin, name = _admin_dsn(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and rebuild:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    if not exists:
        return True
    with psycopg.connect(database_url) as conn:
        try:
            return conn.execute("SELECT count(*) FROM dossiers_resident").fetchone()[0] < 1000
        except psycopg.errors.UndefinedTable:
            return True


def setup_django(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.settings"
    import django

    django.setup()


def build(residents: int, log_entries: int) -> None:
    """Demo data, then residents in cases of two and the processing log, in bulk."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from privacyregie.core.models import Organisation, Team, User
    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.dossiers.models import Case, CaseResident, Confidentiality, Resident

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    org = Organisation.objects.get(slug="bel")
    team = Team.objects.get(organisation=org, name="Jeugdteam BEL")
    worker = User.objects.get(username="consulent.jeugd")
    batch = 5000
    for start in range(0, residents, batch):
        count = min(batch, residents - start)
        with transaction.atomic():
            people = Resident.objects.bulk_create([
                Resident(organisation=org, bsn=demo_bsn(500_000 + start + i), first_name=f"Inwoner{start + i}",
                         last_name="Benchmark", city="Bussum") for i in range(count)])
            cases = Case.objects.bulk_create([
                Case(organisation=org, reference=f"B-{start + i:07d}", title="Benchmarkcasus", team=team,
                     domain="jeugd", processing_activity="Jeugdhulp", statutory_basis="Jeugdwet, art. 2.3",
                     status=Case.Status.ACTIVE, confidentiality=Confidentiality.CONFIDENTIAL)
                for i in range(0, count, 2)])
            CaseResident.objects.bulk_create([
                CaseResident(case=cases[i // 2], resident=person) for i, person in enumerate(people)])
    print(f"residents and cases: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    from processing_log import populate

    from privacyregie.kernel.models import ProcessingLogEntry

    existing = ProcessingLogEntry.objects.count()
    if log_entries > existing:
        populate(org, log_entries - existing)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s (worker {worker.username})", file=sys.stderr)


def session_cookie(username: str) -> str:
    """A session of ``username`` with the second factor verified, as after a real login."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from privacyregie.core.models import User

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "privacyregie.core.backends.LocalAccountBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["otp_device_id"] = device.persistent_id
    session.set_expiry(3600 * 4)
    session.create()
    return session.session_key


def start_gunicorn(app_dir: Path, env: dict, port: int) -> subprocess.Popen:
    from benchkit import start_gunicorn as start

    return start(app_dir, env, port, 4, access_log="-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
                 timeout_s=20)


def fetch(port: int, path: str, session_key: str) -> tuple[int, str]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": f"sessionid={session_key}", "Accept": "text/html,application/json"})
    response = conn.getresponse()
    return response.status, response.read().decode(errors="replace")


def run_wrk(port: int, path: str, session_key: str, connections: int, duration: int, lua: Path) -> dict:
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s", "--latency", "-s", str(lua),
         "-H", f"Cookie: sessionid={session_key}", "-H", "Accept: text/html,application/json",
         f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    return json.loads(line[len("WRKJSON "):])


def log_count() -> int:
    from privacyregie.kernel.models import ProcessingLogEntry

    return ProcessingLogEntry.objects.count()


def pages() -> list[dict]:
    """The pages to drive: (name, user, path, residents read per request)."""
    from django.urls import reverse

    from privacyregie.dossiers.models import Case

    case = Case.objects.get(reference=BENCH_CASE)
    residents = case.case_residents.count()
    bsn = case.case_residents.order_by("id").first().resident.bsn
    result = [
        {"page": "case page", "user": "consulent.jeugd", "path": reverse("dossiers:case_detail", args=[case.uuid]),
         "residents_per_read": residents, "target_rps": 200},
        {"page": "API case detail", "user": "consulent.jeugd",
         "path": reverse("api:case-detail", args=[case.uuid]) if _has_route("api:case-detail") else
         f"/api/v1/cases/{case.uuid}/", "residents_per_read": residents, "target_rps": 250},
        {"page": "log viewer (resident)", "user": "fg",
         "path": reverse("kernel:log") + f"?bsn={bsn}&purpose=controle", "residents_per_read": 1, "target_rps": 150},
        {"page": "register list", "user": "fg", "path": reverse("register:index"), "target_rps": 150},
        {"page": "incident dashboard", "user": "fg", "path": reverse("incidents:dashboard"), "target_rps": 150},
    ]
    for user in ["consulent.jeugd", "teamleider.jeugd", "fg", "ciso", "beheerder", "informatiemanager", "directie",
                 "raad"]:
        result.append({"page": f"start page ({user})", "user": user, "path": reverse("web:home"), "target_rps": 150})
    return result


def _has_route(name: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name, args=["00000000-0000-0000-0000-000000000000"])
        return True
    except NoReverseMatch:
        return False


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except Exception:  # noqa: BLE001 - no Redis: the benchmark runs with database sessions
        return False


def write_markdown(label: str, rows: list[dict], meta: dict) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    marker = f"<!-- pages-{label} -->"
    table = "".join(
        f"| {r['page']} | `{r['path'].split('?')[0]}` | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
        f"{r['errors']} | {r['log_entries_written']} |\n" for r in rows)
    section = (
        f"{marker}\n#### {label} ({meta['measured_at']})\n\n"
        f"{meta['residents']} residents, {meta['log_entries']} log entries, gunicorn 4 workers, "
        f"wrk {meta['connections']} connections for {meta['duration']} s per page, sessions: {meta['sessions']}, "
        f"`DB_CONN_MAX_AGE={meta['conn_max_age']}`. Case page, single user: p95 {meta['single_user_p95_ms']} ms.\n\n"
        "| page | path | req/s | p50 ms | p95 ms | p99 ms | errors | log entries written |\n"
        "|---|---|---|---|---|---|---|---|\n" + table + f"{marker}\n")
    from benchkit import replace_section

    replace_section(path, marker, section)


class _Counter:
    def __init__(self, statements: list):
        self.statements = statements

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)


def stand_in_for_autovacuum() -> bool:
    """``VACUUM (ANALYZE)`` of the processing log when the server's autovacuum is off (as on our benchmark
    machines): production runs autovacuum, which keeps the log's statistics and visibility map current
    (``kernel.partitions.AUTOVACUUM_PARAMETERS``). Without it every run adds thousands of entries for the
    benchmark's resident and case that the planner does not know of; the next page would be measured
    against a database no production server would have. Returns whether it ran."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] == "on":
            return False
        cursor.execute("VACUUM (ANALYZE) kernel_processinglogentry")
    return True


def in_process(selected: list[dict], requests: int, profile: bool = False) -> list[dict]:
    """CPU time of the application process per request (Django test client, no HTTP, no load generator).

    Less sensitive to other work on the machine than throughput: the time the database server spends
    is not in it, the Python and template work of the page is. One request's SQL statements are counted.
    ``profile``: print a cProfile of each page's timed requests to stderr (where its CPU time goes).
    """
    import statistics

    from django.db import connection
    from django.test import Client

    rows = []
    for page in selected:
        client = Client(HTTP_ACCEPT="text/html,application/json")
        client.cookies["sessionid"] = session_cookie(page["user"])
        for _ in range(3):
            assert client.get(page["path"]).status_code == 200, page
        statements = []
        with connection.execute_wrapper(_Counter(statements)):
            client.get(page["path"])
        cpu, wall = [], []
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        for _ in range(requests):
            c0, w0 = time.process_time(), time.perf_counter()
            client.get(page["path"])
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        if profiler is not None:
            import pstats

            profiler.disable()
            print(f"--- profile of {page['page']} ({requests} requests), by own time and by cumulative time",
                  file=sys.stderr)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        row = {"page": page["page"], "path": page["path"], "cpu_ms_median": round(statistics.median(cpu), 1),
               "wall_ms_median": round(statistics.median(wall), 1), "statements": len(statements)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def write_in_process_markdown(label: str, rows: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    marker = f"<!-- pages-in-process-{label} -->"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (f"{marker}\n#### in process, {label} ({stamp})\n\n"
               "| page | CPU ms per request (median) | wall ms (median) | SQL statements |\n|---|---|---|---|\n"
               + "".join(f"| {r['page']} | {r['cpu_ms_median']} | {r['wall_ms_median']} | {r['statements']} |\n"
                         for r in rows) + f"{marker}\n")
    from benchkit import replace_section

    replace_section(path, marker, section)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_pages")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--log-entries", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--conn-max-age", type=int, default=600)
    parser.add_argument("--label", default="after")
    parser.add_argument("--app-dir", default=str(ROOT), help="checkout whose code gunicorn runs")
    parser.add_argument("--only", default="", help="comma-separated page names to run (default: all)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--in-process", type=int, default=0, metavar="N",
                        help="instead of wrk: N requests per page through the Django test client, CPU time each")
    parser.add_argument("--profile", action="store_true", help="with --in-process: cProfile of each page to stderr")
    parser.add_argument("--no-markdown", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: bash scripts/apt-install.sh wrk", file=sys.stderr)
        return 2

    var_dir = os.environ.get("BENCH_VAR_DIR") or str(Path(tempfile.gettempdir()) / "privacyregie-bench-pages")
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    fresh = ensure_database(args.database_url, args.rebuild)
    if args.in_process:  # the settings gunicorn gets below, for the test client in this process
        os.environ.update({"DEBUG": "0", "ALLOWED_HOSTS": "testserver,127.0.0.1", "SECURE_COOKIES": "0",
                           "SECURE_SSL_REDIRECT": "0", "DB_CONN_MAX_AGE": str(args.conn_max_age),
                           "API_RATE_END_USER": "100000000/m", "LOG_LEVEL": "ERROR"})
        if redis_answers(args.redis_url):
            os.environ["CACHE_URL"] = args.redis_url
    setup_django(args.database_url, var_dir)
    if fresh:
        build(args.residents, args.log_entries)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    if args.in_process:
        only = {x.strip() for x in args.only.split(",") if x.strip()}
        rows = in_process([p for p in pages() if not only or p["page"] in only], args.in_process, args.profile)
        if not args.no_markdown and not only:
            write_in_process_markdown(args.label, rows)
        return 0

    use_redis = redis_answers(args.redis_url)
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO_MODE", "PRIVACYREGIE_TESTING")}
    env.update({
        "DATABASE_URL": args.database_url, "VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "privacyregie.settings",
        "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # plain HTTP on the loopback: production sits behind a TLS proxy; everything else as in production
        "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0",
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
        # the load generator is one end user: the per-user API rate limit would answer 429
        "API_RATE_END_USER": "100000000/m",
        "LOG_LEVEL": "ERROR",
    })
    if use_redis:
        env["CACHE_URL"] = args.redis_url
    from benchkit import free_port

    port = free_port()
    lua = Path(var_dir) / "latency.lua"
    lua.write_text(LUA)
    proc = start_gunicorn(Path(args.app_dir), env, port)
    rows = []
    try:
        cookies = {}
        only = {x.strip() for x in args.only.split(",") if x.strip()}
        selected = [p for p in pages() if not only or p["page"] in only]
        for page in selected:
            key = cookies.setdefault(page["user"], session_cookie(page["user"]))
            status, body = fetch(port, page["path"], key)
            if status != 200:
                raise RuntimeError(f"{page['page']}: {page['path']} answers {status} for {page['user']}: {body[:300]}")
            for _ in range(20):  # warm up every worker
                fetch(port, page["path"], key)
            time.sleep(2)  # let the previous run's requests drain
            stand_in_for_autovacuum()
            before = log_count()
            wrk = run_wrk(port, page["path"], key, args.connections, args.duration, lua)
            time.sleep(2)  # requests in flight when wrk stopped finish (and log) before counting
            written = log_count() - before
            ok = wrk["requests"] - wrk["status_errors"]
            row = {
                "page": page["page"], "path": page["path"], "user": page["user"],
                "rps": round(wrk["requests"] / (wrk["duration_us"] / 1e6), 1),
                "p50_ms": round(wrk["p50_us"] / 1000, 1), "p95_ms": round(wrk["p95_us"] / 1000, 1),
                "p99_ms": round(wrk["p99_us"] / 1000, 1), "errors": wrk["errors"], "log_entries_written": written,
                "target_rps": page["target_rps"],
            }
            if page.get("residents_per_read"):
                # wrk counts the answers it received within the run; requests still in flight when it stops
                # (at most one per connection) are answered and logged after that.
                per = page["residents_per_read"]
                row["log_entries_expected"] = ok * per
                row["log_complete"] = ok * per <= written <= (ok + args.connections) * per and written % per == 0
            if page["page"] == "case page":
                time.sleep(2)
                single = run_wrk(port, page["path"], key, 1, args.duration, lua)
                row["single_user_p95_ms"] = round(single["p95_us"] / 1000, 2)
                row["single_user_rps"] = round(single["requests"] / (single["duration_us"] / 1e6), 1)
            print(json.dumps(row), flush=True)
            rows.append(row)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)

    from privacyregie.kernel import chain

    result = chain.verify(workers=1) if os.environ.get("BENCH_VERIFY") else None
    if result is not None:
        print(json.dumps({"chain_ok": result.ok, "entries_checked": result.entries_checked}))
    from privacyregie.dossiers.models import Resident

    meta = {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "residents": Resident.objects.count(),
        "log_entries": log_count(), "connections": args.connections, "duration": args.duration,
        "sessions": "cached_db (Redis)" if use_redis else "database", "conn_max_age": args.conn_max_age,
        "single_user_p95_ms": next((r["single_user_p95_ms"] for r in rows if "single_user_p95_ms" in r), "-"),
    }
    if rows and not args.no_markdown and not only:
        write_markdown(args.label, rows, meta)
    incomplete = [r["page"] for r in rows if r.get("log_complete") is False]
    if incomplete:
        print(f"log entries missing for: {', '.join(incomplete)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
