"""Demo requests for organisation "bel": one near its deadline, one overdue, one extended, one answered.

``V-DEMO-01`` (inzage, web form, identity checked, resident Gerard de Groot) can be followed on the public page
with follow-up code ``DEMO-VERZOEK-2026``. The public form is at ``/rechten/openbaar/bel/verzoek/``.
Idempotent: a demo request that exists is left as it is.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation, User
from privacyregie.dossiers.demo import demo_bsn
from privacyregie.kernel.services import pseudonymise_bsn

from . import deadlines
from .models import Channel, IdentityMethod, Outcome, RequestEvent, RequestKind, RequestStatus, SubjectRequest

DEMO_FOLLOW_UP_CODE = "DEMO-VERZOEK-2026"

# reference, kind, channel, days ago received, resident seed (identity checked) or None, state
REQUESTS = [
    ("V-DEMO-01", RequestKind.ACCESS, Channel.WEB_FORM, 26, 4, "open"),
    ("V-DEMO-02", RequestKind.ERASURE, Channel.LETTER, 40, None, "open"),
    ("V-DEMO-03", RequestKind.RECTIFICATION, Channel.COUNTER, 45, 5, "extended"),
    ("V-DEMO-04", RequestKind.OBJECTION, Channel.EMAIL, 70, 2, "answered"),
]
NAMES = {4: "Gerard de Groot", 5: "Yasmina El Idrissi", 2: "Linda Jansen", None: "J. Smit"}


def _days_ago(days: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return datetime.combine(day, time(10, 0), tzinfo=deadlines.AMSTERDAM)


@transaction.atomic
def load() -> None:
    from privacyregie.dossiers.models import Resident

    org = Organisation.objects.filter(slug="bel").first()
    officer = User.objects.filter(username="fg").first()
    if org is None or officer is None:
        return
    for reference, kind, channel, days, seed, state in REQUESTS:
        if SubjectRequest.objects.filter(organisation=org, reference=reference).exists():
            continue
        received = _days_ago(days)
        bsn = demo_bsn(seed) if seed else demo_bsn(900)
        resident = Resident.objects.filter(organisation=org, bsn=bsn).first() if seed else None
        sr = SubjectRequest.objects.create(
            organisation=org, reference=reference, kind=kind, channel=channel, received_at=received,
            requester_name=NAMES[seed], requester_contact="Postbus 123, 1260 AC Blaricum (fictief demo-adres)",
            subject_pseudonym=pseudonymise_bsn(bsn), due_on=deadlines.answer_due(received),
            follow_up_code_hash=make_password(DEMO_FOLLOW_UP_CODE) if channel == Channel.WEB_FORM else "",
            description="Demoverzoek (fictief).")
        RequestEvent.objects.create(request=sr, at=received, kind="ontvangen",
                                    detail=f"Ontvangen via {sr.get_channel_display()}.")
        if seed:
            sr.resident, sr.identity_method = resident, IdentityMethod.COUNTER_ID_DOCUMENT
            sr.identity_checked_by, sr.identity_checked_at = officer, received + timedelta(days=2)
            sr.handler, sr.status = officer, RequestStatus.IN_PROGRESS
            RequestEvent.objects.create(request=sr, actor=officer, at=sr.identity_checked_at, kind="identiteit",
                                        detail="Identiteit vastgesteld aan de balie met een identiteitsbewijs.")
        if state == "extended":
            sr.extended_due_on = deadlines.extended_due(received, 2)
            sr.extension_reason = "Gegevens in drie teams en bij een ketenpartner; de controle kost meer tijd."
            sr.extension_sent_on = (received + timedelta(days=20)).date()
        if state == "answered":
            sr.status, sr.outcome = RequestStatus.ANSWERED, Outcome.REFUSED
            sr.decision_reasoning = ("Het bezwaar is afgewogen; de verwerking is nodig voor de wettelijke taak "
                                     "(Jeugdwet art. 2.3) en er zijn dwingende gerechtvaardigde gronden.")
            sr.answered_at = received + timedelta(days=20)
            RequestEvent.objects.create(request=sr, actor=officer, at=sr.answered_at, kind="beantwoord",
                                        detail="Besluit: afgewezen.")
        sr.save()
