"""Demo alerts: a few log entries with patterns of misuse, then one detection run over them (idempotent).

``consulent.wmo`` consults residents of youth cases late in the evening through the (fictitious)
case system of the social domain, which logs into Privacyregie; ``consulent.jeugd2`` collects a
burst of refusals. The detection run turns them into alerts for the privacy officer ``fg``.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation, User
from privacyregie.kernel import chain
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, LegalBasisKind, Purpose
from privacyregie.kernel.services import SUBJECT_ID_TYPE, pseudonymise_bsn

from .rules import AMSTERDAM

MARKER = "demo-signalering"
LATE_RESIDENTS = ("jansen_kind", "jansen_moeder", "bos_kind")


def _entry(org, user, at, *, bsn="", allowed=True, app=""):
    pseudonym = pseudonymise_bsn(bsn) if bsn else ""
    entry = ProcessingLogEntry(
        organisation=org, occurred_at=at, ended_at=at, actor_user_id=user.pk, actor_username=user.username,
        actor_roles=",".join(user.roles), application=app, action=Action.VIEW, target_type="dossiers.resident",
        target_label="inwoner" if bsn else "casus", subject_pseudonym=pseudonym,
        subject_id_type=SUBJECT_ID_TYPE if bsn else "", purpose=Purpose.CASE_WORK,
        legal_basis=LegalBasisKind.STATUTORY_TASK if allowed else LegalBasisKind.NONE,
        outcome=Outcome.ALLOWED if allowed else Outcome.DENIED,
        reason="" if allowed else "Geen betrokkenheid bij deze casus.", origin=MARKER,
        operation_name="view dossiers.resident", service_name="zaaksysteem-sociaal-domein" if app else "privacyregie",
    )
    return entry, pseudonym or f"actor:{user.pk}"


@transaction.atomic
def load() -> None:
    from privacyregie.dossiers.demo import RESIDENTS, demo_bsn

    from .services import run_detection

    bel = Organisation.objects.filter(slug="bel").first()
    users = {u.username: u for u in User.objects.filter(username__in=["consulent.wmo", "consulent.jeugd2"])}
    if bel is None or len(users) < 2 or ProcessingLogEntry.objects.filter(organisation=bel, origin=MARKER).exists():
        return
    day = timezone.localdate() - timedelta(days=3)
    late = datetime.combine(day, time(22, 5), tzinfo=AMSTERDAM)
    entries = []
    for i in range(6):
        key = LATE_RESIDENTS[i % len(LATE_RESIDENTS)]
        entries.append(_entry(bel, users["consulent.wmo"], late + timedelta(minutes=7 * i),
                              bsn=demo_bsn(RESIDENTS[key][1]), app="Zaaksysteem sociaal domein"))
    burst = datetime.combine(day + timedelta(days=1), time(14, 30), tzinfo=AMSTERDAM)
    for i in range(6):
        entries.append(_entry(bel, users["consulent.jeugd2"], burst + timedelta(seconds=40 * i), allowed=False))
    chain.append_many(entries)
    run_detection(bel, start=late - timedelta(hours=1), end=timezone.now())
