"""Benchmark of the authorise question of a jump host, VPN or PAM: "may supplier X enter system Y now?".

    python bench/remote_access.py [--calls 1000] [--database-url sqlite:///...|postgres://...] [--no-markdown]

Issue 14 requires an answer within 20 ms at p95. Measured in-process through the whole API stack
(bearer-token authentication, permission, throttling, serializer, ``suppliers.authorise``, the
answer record and the security event, and for a "no" the CISO notification), with Django's test
client, so the network and the WSGI server are not included. The database holds a realistic
amount of history: 50 systems, 200 supplier accounts, 5,000 requests and 20,000 earlier answers.

Prints one JSON object and rewrites the "Inbeltoegang" section of docs/benchmarks.md (between
``<!-- remote-access:begin -->`` and ``<!-- remote-access:end -->``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- remote-access:begin -->", "<!-- remote-access:end -->"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="privacyregie-bench-"))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["API_RATE_APPLICATION"] = "1000000/m"  # measure the answer, not the rate limit
    os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import logging

    logging.getLogger("privacyregie.suppliers").setLevel(logging.ERROR)  # a "no" warns; not for 500 lines here


def build_world():
    """An organisation with history; returns (token, [(user, system, allowed)])."""
    from django.utils import timezone

    from privacyregie.core.models import Application, Organisation, RoleAssignment, User
    from privacyregie.external.models import Acceptance, ExternalAccount, StatementVersion
    from privacyregie.register.models import Agreement, ChainPartner, InformationSystem
    from privacyregie.suppliers.models import AccessRequest, AuthorisationAnswer, RemoteAccessSystem, Status

    org, _created = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Benchgemeente"})
    if RemoteAccessSystem.objects.filter(organisation=org).exists():
        RemoteAccessSystem.objects.filter(organisation=org).update(active=True)
    else:
        owner = User.objects.create_user(username="bench.eigenaar", organisation=org)
        RoleAssignment.objects.create(user=owner, organisation=org, role="informatiemanager")
        ciso = User.objects.create_user(username="bench.ciso", organisation=org)
        RoleAssignment.objects.create(user=ciso, organisation=org, role="ciso")
        statement = StatementVersion.objects.current() or StatementVersion.objects.create(version=1, text="Verklaring")
        now = timezone.now()
        systems, suppliers = [], []
        for s in range(50):
            partner = ChainPartner.objects.create(organisation=org, name=f"Leverancier {s}", kind="leverancier",
                                                  role="verwerker")
            agreement = Agreement.objects.create(organisation=org, partner=partner, kind="verwerkersovereenkomst",
                                                 title=f"VO {s}", status="getekend")
            info = InformationSystem.objects.create(organisation=org, name=f"Systeem {s}", supplier=partner,
                                                    processor_agreement=agreement)
            system = RemoteAccessSystem.objects.create(organisation=org, system=info, access_name=f"systeem-{s}",
                                                       owner=owner, high_confidentiality=s % 5 == 0)
            system.partners.add(partner)
            systems.append(system)
            for u in range(4):
                user = User.objects.create_user(username=f"leverancier-{s}-{u}", organisation=org)
                RoleAssignment.objects.create(user=user, organisation=org, role="leverancier")
                ExternalAccount.objects.create(user=user, partner=partner)
                Acceptance.objects.create(user=user, version=statement)
                suppliers.append((user, system))
        requests = []
        for i in range(5000):
            user, system = suppliers[i % len(suppliers)]
            start = now - timedelta(days=i % 365, hours=i % 24)
            requests.append(AccessRequest(organisation=org, system=system, requester=user, purpose="onderhoud",
                                          reference=f"CHG-{i}", starts_at=start, ends_at=start + timedelta(hours=4),
                                          status=Status.APPROVED if i % 7 else Status.REFUSED, decided_at=start))
        AccessRequest.objects.bulk_create(requests, batch_size=1000)
        AccessRequest.objects.filter(organisation=org, reference__in=[f"CHG-{i}" for i in range(0, 200, 2)]).update(
            starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1), status=Status.APPROVED)
        AuthorisationAnswer.objects.bulk_create([
            AuthorisationAnswer(organisation=org, at=now - timedelta(minutes=i), username=f"leverancier-{i % 50}-0",
                                system_name=f"systeem-{i % 50}", allowed=bool(i % 3), reason="x", client="jump")
            for i in range(20000)], batch_size=2000)
    Application.objects.filter(organisation=org, name="Bench jump host").delete()
    app = Application(organisation=org, name="Bench jump host", scopes=["suppliers.authorise"])
    token = app.issue_secret()
    app.save()
    open_now = list(AccessRequest.objects.filter(organisation=org, reference__in=[f"CHG-{i}" for i in range(0, 200, 2)])
                    .values_list("requester__username", "system__access_name"))
    questions = [(u, s, True) for u, s in open_now]
    questions += [(f"leverancier-{i % 50}-3", f"systeem-{(i + 7) % 50}", False) for i in range(len(open_now))]
    return token, questions


def measure(token: str, questions, calls: int) -> dict:
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    timings = {True: [], False: []}
    cpu = []
    wrong = 0
    for i in range(calls + 50):
        user, system, expected = questions[i % len(questions)]
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post("/api/v1/inbeltoegang/autoriseren", {"user": user, "system": system}, format="json",
                               secure=True)
        elapsed = (time.perf_counter() - started) * 1000
        elapsed_cpu = (time.process_time() - started_cpu) * 1000
        if response.status_code != 200 or response.json()["allowed"] is not expected:
            if not wrong:
                print("unexpected answer:", response.status_code, response.content[:300], file=sys.stderr)
            wrong += 1
        if i >= 50:  # the first calls warm caches and connections
            timings[expected].append(elapsed)
            cpu.append(elapsed_cpu)

    def summary(values):
        values = sorted(values)
        return {"n": len(values), "p50_ms": round(statistics.median(values), 2),
                "p95_ms": round(values[int(0.95 * (len(values) - 1))], 2),
                "p99_ms": round(values[int(0.99 * (len(values) - 1))], 2), "max_ms": round(values[-1], 2)}

    both = timings[True] + timings[False]
    return {"yes": summary(timings[True]), "no": summary(timings[False]), "all": summary(both),
            "all_cpu": summary(cpu), "wrong_answers": wrong}


def update_markdown(result: dict) -> None:
    rows = "\n".join(f"| {label} | {result[key]['n']} | {result[key]['p50_ms']} | {result[key]['p95_ms']} | "
                     f"{result[key]['p99_ms']} | {result[key]['max_ms']} |"
                     for key, label in (("yes", "ja (venster open)"), ("no", "nee (+ melding aan CISO)"),
                                        ("all", "alle antwoorden"),
                                        ("all_cpu", "alle antwoorden, CPU-tijd van het proces")))
    block = (f"{BEGIN}\n### {result['measured_at']} ({result['database']}, {result['machine']})\n\n"
             f"| antwoord | aantal | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|---|---|\n{rows}\n\n"
             f"Belasting van de machine tijdens de meting (load average, 1 min): {result['load_average']}.\n\n"
             f"Eis: p95 onder 20 ms (kloktijd). Gehaald: **{'ja' if result['meets_20ms_p95'] else 'nee'}**. "
             f"Verkeerde antwoorden: {result['all_wrong_answers']}.\n{END}")
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip() + "\n\n## Inbeltoegang (`bench/remote_access.py`)\n\n" + (
            "`python bench/remote_access.py --calls 1000`\n\n"
            "The authorise question of a jump host (issue 14 §3, docs/suppliers.md), measured in-process through "
            "the whole API stack (token, permission, throttle, serializer, decision, answer record, security event; "
            "for a \"no\" also the CISO notification), on a database with 50 systems, 200 supplier accounts, "
            "5,000 requests and 20,000 earlier answers. The network and the WSGI server are not included.\n\n") + block + "\n"
    DOCS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-markdown", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="privacyregie-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    setup_django(url)
    token, questions = build_world()
    result = measure(token, questions, args.calls)
    from django.db import connection

    result = {"measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "database": connection.vendor,
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "calls": args.calls, "load_average": round(os.getloadavg()[0], 2), **result,
              "all_wrong_answers": result.pop("wrong_answers")}
    result["meets_20ms_p95"] = result["all"]["p95_ms"] < 20
    print(json.dumps(result, indent=2))
    if not args.no_markdown:
        update_markdown(result)


if __name__ == "__main__":
    main()
