"""Demo residents and case files for ``make run`` (idempotent: loading twice changes nothing).

Makes need-to-know visible: consulent.jeugd is on youth case C-2026-0001 (with a note, a
document and a consent) and not on the Wmo case C-2026-0003 that consulent.wmo works on;
one break-the-glass access (found by an emergency search) awaits review by the privacy officer; an authorisation review
round is open for the team leads; the processing log has a history of past consultations.
BSNs are test numbers that pass the 11-test, generated deterministically.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from stdnum.nl import bsn as bsn_number

from privacyregie.core.files import store_encrypted
from privacyregie.core.models import Organisation, Team, User

from .models import (
    AuthorisationReview,
    BreakGlassAccess,
    Case,
    CaseDocument,
    CaseMembership,
    CaseNote,
    CaseResident,
    Confidentiality,
    Consent,
    Resident,
)


def demo_bsn(seed: int) -> str:
    """A valid test BSN per seed: an 8-digit number derived from the seed, completed with
    the check digit of the 11-test (seeds whose digit would be 10 move on to the next number)."""
    offset = seed * 7
    while True:
        digits = f"{10_000_000 + (89_990_000 + offset) % 90_000_000:08d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10 and bsn_number.is_valid(digits + str(check)):
            return digits + str(check)
        offset += 1


RESIDENTS = {
    # key: (organisation, seed, first, last, born, address, postal code, city)
    "jansen_kind": ("bel", 1, "Noah", "Jansen", date(2014, 3, 2), "Brink 12", "1261 ER", "Blaricum"),
    "jansen_moeder": ("bel", 2, "Linda", "Jansen", date(1984, 7, 19), "Brink 12", "1261 ER", "Blaricum"),
    "bos_kind": ("bel", 3, "Mila", "Bos", date(2011, 11, 5), "Wakkerendijk 40", "3755 DE", "Eemnes"),
    "de_groot": ("bel", 4, "Gerard", "de Groot", date(1941, 1, 23), "Naarderstraat 8", "1251 BC", "Laren"),
    "el_idrissi": ("bel", 5, "Yasmina", "El Idrissi", date(1990, 5, 30), "Torenlaan 3", "1261 GA", "Blaricum"),
    "meijer_kind": ("bel", 6, "Daan", "Meijer", date(2016, 9, 14), "Raadhuisplein 1", "3755 AA", "Eemnes"),
    "haren_inwoner": ("haren", 7, "Anna", "Kuipers", date(1975, 2, 8), "Kerkstraat 20", "9751 BB", "Haren"),
}

CASES = [
    # reference, org, team, domain, title, activity, statutory basis, members [(user, role)], residents [(key, role)]
    ("C-2026-0001", "bel", "Jeugdteam BEL", "jeugd", "Opvoedondersteuning gezin Jansen", "Jeugdhulp toewijzen",
     "Jeugdwet art. 2.3", [("consulent.jeugd", "regie")], [("jansen_kind", "client"), ("jansen_moeder", "ouder")]),
    ("C-2026-0002", "bel", "Jeugdteam BEL", "jeugd", "Schoolverzuim en gezinsbegeleiding Bos", "Jeugdhulp toewijzen",
     "Jeugdwet art. 2.3", [("consulent.jeugd2", "regie")], [("bos_kind", "client")]),
    ("C-2026-0003", "bel", "Wmo-team BEL", "wmo", "Huishoudelijke hulp de Groot", "Wmo-maatwerkvoorziening",
     "Wmo 2015 art. 2.3.2", [("consulent.wmo", "regie")], [("de_groot", "client")]),
    ("C-2026-0004", "bel", "Schuldhulp BEL", "schuldhulp", "Schuldregeling El Idrissi", "Schuldhulpverlening",
     "", [("consulent.schuldhulp", "regie")], [("el_idrissi", "client")]),
    ("C-2026-0005", "bel", "Jeugdteam BEL", "jeugd", "Aanmelding ondersteuning Meijer", "Jeugdhulp toewijzen",
     "Jeugdwet art. 2.3", [], [("meijer_kind", "client")]),
    ("H-2026-0001", "haren", "WIJZ-team Haren", "toegang", "Keukentafelgesprek Kuipers", "Toegang sociaal domein",
     "Wmo 2015 art. 2.3.2", [("consulent.haren", "regie")], [("haren_inwoner", "client")]),
]

DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _days_ago(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load() -> None:
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=["bel", "haren"])}
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    residents = {}
    for key, (org, seed, first, last, born, address, postal, city) in RESIDENTS.items():
        residents[key], _ = Resident.objects.get_or_create(
            organisation=orgs[org], bsn=demo_bsn(seed),
            defaults={"first_name": first, "last_name": last, "date_of_birth": born, "address": address,
                      "postal_code": postal, "city": city, "email": f"{first.lower()}@example.org"})
    cases = {}
    for i, (ref, org, team, domain, title, activity, basis, members, links) in enumerate(CASES):
        case, _ = Case.objects.get_or_create(
            organisation=orgs[org], reference=ref,
            defaults={"team": Team.objects.get(organisation=orgs[org], name=team), "domain": domain, "title": title,
                      "processing_activity": activity, "statutory_basis": basis,
                      "status": Case.Status.ACTIVE if members else Case.Status.INTAKE,
                      "confidentiality": Confidentiality.CONFIDENTIAL,
                      "opened_on": timezone.localdate() - timedelta(days=60 - i * 7)})
        cases[ref] = case
        for username, role in members:
            if not case.memberships.filter(user=users[username], revoked_at__isnull=True).exists():
                CaseMembership.objects.create(case=case, user=users[username], role=role,
                                              assigned_at=_days_ago(55 - i * 7))
        for key, role in links:
            CaseResident.objects.get_or_create(case=case, resident=residents[key], defaults={"role": role})

    youth = cases["C-2026-0001"]
    if not youth.notes.exists():
        CaseNote.objects.create(case=youth, author=users["consulent.jeugd"], created_at=_days_ago(40),
                                text="Intakegesprek met moeder gevoerd. Zorgen over slaap en schoolgang van Noah.")
        CaseNote.objects.create(case=youth, author=users["consulent.jeugd"], created_at=_days_ago(20),
                                text="Afspraak met school gemaakt; ouderbegeleiding twee keer per maand.")
    if not youth.documents.exists():
        CaseDocument.objects.create(case=youth, uploaded_by=users["consulent.jeugd"], uploaded_at=_days_ago(35),
                                    title="Plan van aanpak", file_name="plan-van-aanpak.pdf",
                                    content_type="application/pdf", size=len(DEMO_PDF),
                                    sha256=hashlib.sha256(DEMO_PDF).hexdigest(),
                                    storage_name=store_encrypted(DEMO_PDF))
    if not Consent.objects.filter(case=youth).exists():
        Consent.objects.create(organisation=youth.organisation, resident=residents["jansen_moeder"], case=youth,
                               form=Consent.Form.WRITTEN, scope="Informatie delen met de school over de aanpak",
                               recipient="Basisschool De Brink", given_on=timezone.localdate() - timedelta(days=38),
                               recorded_by=users["consulent.jeugd"])
    debt = cases["C-2026-0004"]
    if not Consent.objects.filter(case=debt).exists():
        Consent.objects.create(organisation=debt.organisation, resident=residents["el_idrissi"], case=debt,
                               form=Consent.Form.ORAL, purpose="casusbehandeling",
                               scope="Schulden inventariseren bij schuldeisers",
                               recipient="Kredietbank", given_on=timezone.localdate() - timedelta(days=30),
                               recorded_by=users["consulent.schuldhulp"])
    wmo = cases["C-2026-0003"]
    if not BreakGlassAccess.objects.filter(case=wmo).exists():
        _demo_break_glass(wmo, users["consulent.jeugd2"])
    bel = orgs["bel"]
    if not AuthorisationReview.objects.filter(organisation=bel).exists():
        AuthorisationReview.objects.create(
            organisation=bel, started_by=users["beheerder"], started_at=_days_ago(200), closed_at=_days_ago(170),
            outcome="14 autorisaties: 12 bevestigd, 2 ingetrokken, 0 niet beoordeeld.")
        from .services import start_authorisation_review

        start_authorisation_review(users["beheerder"])
    _log_history(cases, users)


def _demo_break_glass(case, user) -> None:
    """An emergency access made through the same services as real use: the grant, the notified
    privacy officer, and the opening of the case and its residents logged by the kernel."""
    from privacyregie.kernel.policy import Action, Purpose
    from privacyregie.kernel.services import access

    from .services import emergency_search, open_from_emergency_search

    started = timezone.now() - timedelta(hours=1)  # still running: the start page shows it
    # found by an emergency search (noodzoeken) with the reason, then opened with that same reason
    search = emergency_search(None, reason="Avonddienst: melding van de huisarts over acute zorgen, vaste consulent "
                                           "niet bereikbaar.", name=case.residents.first().last_name, user=user,
                              now=started - timedelta(minutes=1))
    open_from_emergency_search(None, search, case.uuid, user=user, now=started)
    access(None, Action.VIEW, case, Purpose.EMERGENCY, user=user, occurred_at=started + timedelta(minutes=2))
    for offset, resident in enumerate(case.residents.all(), start=3):
        access(None, Action.VIEW, resident, Purpose.EMERGENCY, user=user, occurred_at=started + timedelta(minutes=offset))


def _log_history(cases, users) -> None:
    """Past consultations in the processing log, written through the kernel (request=None)."""
    from privacyregie.kernel.policy import Action, Purpose
    from privacyregie.kernel.services import AccessDenied, access, log_entries_for_subject, write_pending_denial

    youth = cases["C-2026-0001"]
    if log_entries_for_subject(youth.organisation, youth.subject_bsns()[0]).exists():
        return
    events = [
        ("consulent.jeugd", youth, Action.CREATE, Purpose.CASE_WORK, 56),
        ("consulent.jeugd", youth, Action.VIEW, Purpose.CASE_WORK, 40),
        ("consulent.jeugd", youth, Action.VIEW, Purpose.CASE_WORK, 20),
        ("teamleider.jeugd", youth, Action.VIEW, Purpose.TEAM_LEAD, 15),
        ("consulent.wmo", cases["C-2026-0003"], Action.VIEW, Purpose.CASE_WORK, 10),
        ("consulent.wmo", youth, Action.VIEW, Purpose.CASE_WORK, 8),
        ("consulent.jeugd", youth, Action.VIEW, Purpose.CASE_WORK, 2),
        ("consulent.haren", cases["H-2026-0001"], Action.VIEW, Purpose.CASE_WORK, 5),
    ]
    denied_attempts = []
    for username, case, action, purpose, days in events:
        try:
            access(None, action, case, purpose, user=users[username], occurred_at=_days_ago(days, 9 + days % 7))
        except AccessDenied as denied:
            denied_attempts.append(denied)  # a refused attempt belongs in the history too
    transaction.on_commit(lambda: [write_pending_denial(d) for d in denied_attempts])
