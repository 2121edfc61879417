"""Benchmark of the detection of suspicious access (issue 16 §5): each rule's precision and recall on a
generated log with injected misuse, and the detection run time over a month of log on PostgreSQL.

    python bench/detection.py [--entries 10000000] [--database-url postgres://postgres@127.0.0.1:5432/h_detection_bench]
                              [--keep] [--no-markdown]

* Precision/recall: ``privacyregie.detection.generator`` (six weeks, 40 employees, 2,000 residents, three
  injected patterns per rule; the first four weeks are the volume baseline), scored per rule.
* Run time: a scratch PostgreSQL database (dropped and created again unless ``--keep``) gets ``--entries``
  processing-log rows over the 22 working days of a month, built in the database with
  ``INSERT ... SELECT FROM generate_series`` (1,000 employees in 20 teams, 100,000 residents, 1 % refused,
  rare emergency access). Measured: the database aggregation (``collect.inputs``), the rules
  (``rules.evaluate``) and the whole job (``services.run_detection``: also evidence and alerts).

Prints one JSON object and rewrites the "Signalering" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:detection:begin -->", "<!-- bench:detection:end -->"
USERS, TEAMS, RESIDENTS = 1000, 20, 100_000
MONTH_START = date(2026, 11, 2)  # a Monday; 22 working days from here


def precision_recall() -> dict:
    from privacyregie.detection import generator

    started = time.perf_counter()
    log = generator.generate()
    found = generator.evaluate(log)
    return {"rows": len(log.rows), "seconds": round(time.perf_counter() - started, 2),
            "rules": generator.score(found, log)}


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="privacyregie-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.settings"
    import django

    django.setup()


def build(entries: int) -> tuple[object, float]:
    from django.core.management import call_command
    from django.db import connection

    from privacyregie.core.models import Organisation, Team, TeamMembership, User
    from privacyregie.kernel.models import ProcessingLogEntry

    call_command("migrate", verbosity=0)
    org, _created = Organisation.objects.get_or_create(slug="bench-detectie", defaults={"name": "Bench detectie"})
    teams = [Team.objects.create(organisation=org, name=f"Team {k}", domain="jeugd") for k in range(TEAMS)]
    User.objects.bulk_create([User(id=u, username=f"medewerker{u}", organisation=org, last_name=f"Naam{u}",
                                   password="!") for u in range(1, USERS + 1)])
    TeamMembership.objects.bulk_create([TeamMembership(user_id=u, team=teams[u % TEAMS]) for u in range(1, USERS + 1)])
    table = ProcessingLogEntry._meta.db_table
    started = time.perf_counter()
    step = 1_000_000
    with connection.cursor() as cursor:
        for low in range(0, entries, step):
            high = min(entries, low + step) - 1
            # day d of 22 working days (weekends skipped), 08:00-17:00 local (07:00-16:00 UTC in November)
            cursor.execute(f"""
                INSERT INTO {table} (organisation_id, occurred_at, ended_at, chain, seq, actor_user_id, actor_username,
                    actor_roles, application, action, target_type, target_id, target_label, subject_pseudonym,
                    processing_activity, processing_activity_version_id, purpose, legal_basis, legal_basis_detail,
                    outcome, reason, emergency, origin, trace_id, span_id, parent_span_id, trace_flags, tracestate,
                    operation_name, service_name, service_version, subject_id_type, foreign_trace_id,
                    foreign_span_id, foreign_processor, prev_hash, entry_hash)
                SELECT %(org)s, ts, ts, n %% 16, n / 16 + 1, actor, 'medewerker' || actor, 'consulent', '', 'view',
                    'dossiers.case', (n %% 50000)::text, 'casus', 'p' || ((actor %% {TEAMS}) * {RESIDENTS // TEAMS}
                        + (n * 40503) %% {RESIDENTS // TEAMS}),
                    'Jeugdhulp toewijzen', '', 'casusbehandeling', 'wettelijke_taak', '',
                    CASE WHEN n %% 97 = 0 THEN 'denied' ELSE 'allowed' END, '', n %% 50021 = 0, '', '', '', '', '', '',
                    'view dossiers.case', CASE WHEN n %% 3 = 0 THEN 'zaaksysteem' ELSE 'privacyregie' END, '', 'BSN',
                    '', '', '', repeat('0', 64), repeat('0', 64)
                FROM (
                    SELECT n, 1 + ((n * 2654435761) %% 4294967296) %% {USERS} AS actor,
                        timestamptz %(start)s + (((n %% 22) + 2 * ((n %% 22) / 5)) * interval '1 day')
                            + interval '7 hours' + (((n * 7919) %% 32400) * interval '1 second') AS ts
                    FROM generate_series(%(low)s::bigint, %(high)s::bigint) AS n
                ) AS g
            """, {"org": org.pk, "start": f"{MONTH_START.isoformat()} 00:00:00+00", "low": low, "high": high})
        cursor.execute(f"ANALYZE {table}")
    return org, time.perf_counter() - started


def run_time(org, hourly_only: bool = False) -> dict:
    from privacyregie.detection import collect, rules, services

    start = datetime(MONTH_START.year, MONTH_START.month, MONTH_START.day, tzinfo=rules.AMSTERDAM)
    end = start + timedelta(days=30)
    from privacyregie.core.models import Team

    t = rules.Thresholds()
    per_team = RESIDENTS // TEAMS
    team_pk = {int(name.split()[1]): pk for pk, name in Team.objects.filter(organisation=org).values_list("pk", "name")}
    # residents' family names: a few share an employee's name (the family-name rule has something to look for)
    facts = {f"p{i}": (rules.name_key(f"Naam{i % 5000}") if i % 97 == 0 else "", frozenset({team_pk[i // per_team]}),
                       frozenset()) for i in range(RESIDENTS)}
    began = time.perf_counter()
    collect.refresh_relations(org, facts)
    t_snapshot = time.perf_counter() - began
    namesakes = {p for p, f in facts.items() if f[0]}
    if hourly_only:  # the month's figures are left as an earlier run measured them
        return hourly(org, start, end, facts, {"snapshot_seconds": round(t_snapshot, 2)})
    began = time.perf_counter()
    data = collect.inputs(org, start, end, t, namesakes)
    t_inputs = time.perf_counter() - began
    user_teams = {u: {team_pk[u % TEAMS]} for u in range(1, USERS + 1)}
    began = time.perf_counter()
    found = rules.evaluate(data, services._local_days(start, end - timedelta(microseconds=1)), t,
                           user_names={u: rules.name_key(f"Naam{u}") for u in range(1, USERS + 1)},
                           subject_names={p: f[0] for p, f in facts.items()}, user_teams=user_teams,
                           subject_relations={p: (f[1], f[2]) for p, f in facts.items()})
    t_rules = time.perf_counter() - began
    began = time.perf_counter()
    run = services.run_detection(org, start=start, end=end, facts=facts)
    t_job = time.perf_counter() - began
    return hourly(org, start, end, facts, {
        "snapshot_seconds": round(t_snapshot, 2), "aggregate_seconds": round(t_inputs, 2),
        "rules_seconds": round(t_rules, 2), "job_seconds": round(t_job, 2), "hour_rows": len(data.hours),
        "pair_rows": len(data.pairs), "refusals": len(data.refusals), "emergencies": len(data.emergencies),
        "findings": len(found), "alerts_created": run.alerts_created})


def hourly(org, start, end, facts, result: dict) -> dict:
    from privacyregie.detection import collect, rules, services

    # what the hourly job does: the last two days (services.WINDOW) of the month; first with no daily totals
    # kept (it counts the 28 baseline days from the log once), then as every later hour (reads them)
    collect.rebuild_daily_totals(org)
    began = time.perf_counter()
    services.run_detection(org, start=end - services.WINDOW, end=end, facts=facts)
    t_cold = time.perf_counter() - began
    began = time.perf_counter()
    services.run_detection(org, start=end - services.WINDOW, end=end, facts=facts)
    t_two_days = time.perf_counter() - began
    began = time.perf_counter()
    kept = collect.daily_totals(org, (end - services.WINDOW).astimezone(rules.AMSTERDAM).date() - timedelta(days=28),
                                (end - services.WINDOW).astimezone(rules.AMSTERDAM).date() - timedelta(days=1))
    t_read = time.perf_counter() - began
    # the same baseline as the hourly job read it before the daily totals: hour counts from the log
    began = time.perf_counter()
    collect.hour_counts(org, end - services.WINDOW - timedelta(days=28), end - services.WINDOW)
    t_from_log = time.perf_counter() - began
    return {**result, "two_day_job_seconds": round(t_two_days, 2), "two_day_job_cold_seconds": round(t_cold, 2),
            "daily_totals_read_seconds": round(t_read, 3), "daily_total_rows": len(kept),
            "baseline_from_log_seconds": round(t_from_log, 2)}


def update_markdown(result: dict) -> None:
    labels = {"volume": "piek in aantal", "buiten_werktijd": "buiten werktijd", "familienaam": "eigen achternaam",
              "noodtoegang": "vaak noodtoegang", "weigeringen": "reeks weigeringen", "geen_relatie": "geen relatie"}
    pr = result["precision_recall"]
    rows = "\n".join(f"| {labels[k]} | {v['injected']} | {v['findings']} | {v['true_positives']} | "
                     f"{v['precision']} | {v['recall']} |" for k, v in pr["rules"].items())
    timing = result.get("run_time")
    month = (f"Detection over a month ({result['entries']:,} entries, {result.get('database')}): database aggregation "
             f"**{timing['aggregate_seconds']} s**, rules {timing['rules_seconds']} s, the whole job (aggregation, rules, "
             f"evidence and alerts) **{timing['job_seconds']} s**; " if timing and "job_seconds" in timing else
             f"Month of {result['entries']:,} entries ({result.get('database')}; the whole-month job not run this time, "
             f"`--hourly-only`): ")
    timing_text = ("Run time not measured (no PostgreSQL database given).\n" if not timing else
                   month + f"the hourly job over its "
                   f"two-day window **{timing.get('two_day_job_seconds', 'n/a')} s** with the daily totals kept "
                   f"(reading the 28 baseline days: {timing.get('daily_total_rows', 0):,} rows in "
                   f"{timing.get('daily_totals_read_seconds', 'n/a')} s, where reading them as hour counts from the log, "
                   f"as before, took {timing.get('baseline_from_log_seconds', 'n/a')} s), "
                   f"{timing.get('two_day_job_cold_seconds', 'n/a')} s on its first run (counting them from the log "
                   f"once); "
                   + (f"{timing['hour_rows']:,} hour rows and {timing['pair_rows']:,} employee/resident/day rows "
                      f"aggregated, {timing['findings']} findings. " if "hour_rows" in timing else "")
                   + (f"Building the rows took {result['build_seconds']} s. " if result['build_seconds'] else
                      "The rows were built by an earlier run (`--keep`). ") +
                   f"Load average (1 min) at the end: {result['load_average']} (other engineers' work shared the "
                   f"two cores).\n")
    block = (f"{BEGIN}\n### {result['measured_at']} ({result['machine']})\n\n"
             f"Generated log: {pr['rows']:,} rows, six weeks, three injected patterns per rule (the family-name-or-"
             f"address rule three on the name and three on the address).\n\n"
             f"| regel | ingevoegd | signaleringen | terecht gevonden | precisie | recall |\n|---|---|---|---|---|---|\n"
             f"{rows}\n\n{timing_text}{END}")
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip() + "\n\n## Signalering van verdachte toegang (`bench/detection.py`)\n\n" + (
            "`python bench/detection.py --entries 10000000 --database-url postgres://postgres@127.0.0.1:5432/"
            "h_detection_bench`\n\nPrecision and recall of each rule on a generated log (docs/detection.md), and the "
            "run time of the detection job over a month of processing log on PostgreSQL.\n\n") + block + "\n"
    DOCS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="reuse the database and its rows")
    parser.add_argument("--no-markdown", action="store_true")
    parser.add_argument("--hourly-only", action="store_true", help="measure the hourly job only, not the month")
    args = parser.parse_args()
    result = {"measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "entries": args.entries}
    if args.database_url:
        if not args.keep:
            recreate_database(args.database_url)
        setup_django(args.database_url)
    else:
        setup_django(f"sqlite:///{tempfile.mkdtemp(prefix='privacyregie-bench-')}/bench.sqlite3")
    result["precision_recall"] = precision_recall()
    if args.database_url:
        from django.db import connection

        if args.keep:
            from django.core.management import call_command

            from privacyregie.core.models import Organisation

            call_command("migrate", verbosity=0)  # the rows stay; new tables (e.g. the daily totals) are made
            org, seconds = Organisation.objects.get(slug="bench-detectie"), 0.0
        else:
            org, seconds = build(args.entries)
        result.update(database=connection.vendor, build_seconds=round(seconds, 1), run_time=run_time(org, args.hourly_only))
    result["load_average"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))
    if not args.no_markdown:
        update_markdown(result)


if __name__ == "__main__":
    main()
