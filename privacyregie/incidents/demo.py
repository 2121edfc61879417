"""Demo incidents for organisation "bel": every state of the 72-hour clock and of handling.

A fresh breach with its clock running (awareness 20 hours ago), one notified in time,
one notified late with its reason, an anonymous near miss (receipt ``M-DEMO-04``,
follow-up code ``DEMO-CODE-VOLG-2026``), a processor's breach awaiting triage, and
closed incidents with their measures spread over the last two quarters. Idempotent:
when the demo incidents exist, nothing changes.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation, User

from .models import (
    ApNotification,
    ApSupplement,
    BreachAssessment,
    Incident,
    IncidentType,
    Measure,
    ReporterVisibility,
    ResidentInformation,
    Source,
    Status,
    TimelineEvent,
    WorkingGroupMember,
    YesNoUnknown,
)

DEMO_FOLLOW_UP_CODE = "DEMO-CODE-VOLG-2026"
DEMO_ADDRESS = "Postbus 123, 1260 AC Blaricum (fictief demo-adres)"
R = BreachAssessment.Risk
K = Measure.Kind
S = Measure.MeasureStatus


def _user(username):
    return User.objects.filter(username=username).first()


def _incident(org, number, *, reported, triaged_hours=None, handler=None, events=(), **fields):
    incident = Incident.objects.create(
        organisation=org, receipt_number=number, reported_at=reported,
        triaged_at=reported + timedelta(hours=triaged_hours) if triaged_hours is not None else None,
        triaged_by=handler if triaged_hours is not None else None, **fields,
    )
    TimelineEvent.objects.create(incident=incident, at=reported, text="Melding ontvangen.")
    for offset_hours, text, author in events:
        TimelineEvent.objects.create(incident=incident, at=reported + timedelta(hours=offset_hours), text=text,
                                     author=author)
    return incident


def _assessment(incident, handler, risk, reasoning, **fields):
    notify_ap, inform = risk in (R.RISK, R.HIGH), risk == R.HIGH
    return BreachAssessment.objects.create(
        incident=incident, proposed_risk=risk, proposed_reasoning=reasoning, decided_risk=risk,
        decision_reasoning=reasoning, notify_ap=notify_ap, inform_residents=inform,
        decided_at=incident.triaged_at, decided_by=handler, **fields,
    )


def _measure(incident, kind, text, owner, due, status, evidence=""):
    return Measure.objects.create(incident=incident, kind=kind, description=text, owner=owner, due_date=due,
                                  status=status, evidence=evidence,
                                  completed_at=timezone.now() if status == S.DONE else None)


@transaction.atomic
def load() -> None:
    org = Organisation.objects.filter(slug="bel").first()
    if org is None or Incident.objects.filter(organisation=org, receipt_number__startswith="M-DEMO-").exists():
        return
    now = timezone.now()
    fg, ciso, worker = _user("fg"), _user("ciso"), _user("consulent.jeugd")
    wmo, manager, admin = _user("consulent.wmo"), _user("directie"), _user("beheerder")
    today = timezone.localdate()

    # 1. fresh breach, clock running
    aware = now - timedelta(hours=20)
    fresh = _incident(
        org, "M-DEMO-01", reported=aware, triaged_hours=2, handler=fg, type=IncidentType.DATA_BREACH,
        title="E-mail met zorgplan naar verkeerde ouder",
        description="Een zorgplan van een jeugdige is per e-mail naar de verkeerde ouder gestuurd (typefout in het adres).",
        discovered_at=aware, occurred_at=aware - timedelta(hours=1), data_involved="Naam, adres, BSN, zorgplan",
        affected_description="Eén gezin (twee kinderen)", reporter=worker, reporter_visibility=ReporterVisibility.NAMED,
        status=Status.IN_HANDLING, is_breach=True, awareness_at=aware,
        triage_reasoning="Gezondheidsgegevens van een kind bij een onbevoegde.",
        events=[(2, "Beoordeeld als datalek; termijn AP loopt.", fg)],
    )
    BreachAssessment.objects.create(
        incident=fresh, natures=["vertrouwelijkheid"], data_categories=["naw", "bsn", "gezondheid"],
        records_count=1, affected_min=3, affected_max=3, vulnerable_groups=True,
        affected_groups=["clienten", "minderjarigen"], protection=BreachAssessment.Protection.NONE,
        consequences="Ouder kan gegevens over de gezinssituatie van het andere gezin inzien.",
        proposed_risk=R.HIGH, proposed_reasoning="- Bijzondere persoonsgegevens: gezondheid.\n- Kwetsbare betrokkenen.",
    )
    _measure(fresh, K.REPRESSIVE, "Ontvanger gevraagd de e-mail te verwijderen en dat te bevestigen.", worker,
             today, S.DECIDED)

    # 2. notified in time, closed (previous quarter)
    aware = now - timedelta(days=75)
    in_time = _incident(
        org, "M-DEMO-02", reported=aware, triaged_hours=3, handler=fg, type=IncidentType.DATA_BREACH,
        title="Wmo-beschikkingen in verkeerde enveloppen",
        description="Bij het printen zijn 40 beschikkingen in de verkeerde envelop gestoken.",
        discovered_at=aware, occurred_at=aware - timedelta(days=2), data_involved="Naam, adres, indicatie Wmo",
        affected_description="40 Wmo-cliënten", reporter=wmo, reporter_visibility=ReporterVisibility.CONFIDENTIAL,
        status=Status.CLOSED, is_breach=True, awareness_at=aware, closed_at=aware + timedelta(days=30),
        ended_at=aware + timedelta(days=3),
        triage_reasoning="Gezondheidsgegevens (Wmo-indicatie) bij derden.",
        lessons_learned="Vier-ogencontrole bij bulkverzending werkt; printstraat gekoppeld aan adresbestand.",
        events=[(30, "Gemeld aan de AP.", fg), (48, "Betrokkenen per brief geïnformeerd.", fg)],
    )
    _assessment(in_time, fg, R.HIGH, "Gezondheidsgegevens van 40 personen bij onbevoegden.",
                natures=["vertrouwelijkheid"], data_categories=["naw", "gezondheid"], records_count=40,
                affected_min=40, affected_max=40, affected_groups=["clienten"],
                protection=BreachAssessment.Protection.NONE)
    ApNotification.objects.create(
        incident=in_time, organisation_address=DEMO_ADDRESS, contact_name="Fatima Yilmaz",
        contact_function="Functionaris gegevensbescherming", contact_email="fg@demo.privacyregie.nl",
        contact_phone="035 000 00 00", cross_border=YesNoUnknown.NO, other_authorities_informed=YesNoUnknown.NO,
        prior_measures="Printstraat met adrescontrole; werkinstructie verzending beschikkingen.",
        submitted_at=aware + timedelta(hours=30), ap_reference="AP-2026-104233",
    )
    ResidentInformation.objects.create(
        incident=in_time, informed_at=aware + timedelta(hours=48), method=ResidentInformation.Method.LETTER,
        group_description="Alle 40 Wmo-cliënten", residents_count=40, recorded_by=fg,
        message="Beste inwoner, door een fout bij het verzenden is uw Wmo-beschikking in een verkeerde envelop "
                "bij een andere inwoner bezorgd. Wij hebben alle brieven teruggehaald. Hebt u vragen? Bel de "
                "functionaris gegevensbescherming.",
    )
    WorkingGroupMember.objects.create(incident=in_time, user=fg, role="Voorzitter")
    WorkingGroupMember.objects.create(incident=in_time, user=ciso, role="Beveiliging")
    _measure(in_time, K.REPRESSIVE, "Verkeerd bezorgde brieven teruggehaald.", wmo, (aware + timedelta(days=3)).date(),
             S.DONE, "Alle 40 brieven retour ontvangen.")
    _measure(in_time, K.PREVENTIVE, "Vier-ogencontrole bij bulkverzending.", manager,
             (aware + timedelta(days=20)).date(), S.DONE, "Werkinstructie vastgesteld.")

    # 3. notified late, with its reason (this quarter)
    aware = now - timedelta(days=40)
    late = _incident(
        org, "M-DEMO-03", reported=aware + timedelta(hours=2), triaged_hours=20, handler=ciso,
        type=IncidentType.DATA_BREACH, title="Gedeelde map schuldhulp openbaar bereikbaar",
        description="Een map met schuldhulpdossiers was via een deellink voor iedereen met de link bereikbaar.",
        discovered_at=aware, data_involved="Financiële gegevens, BSN", affected_description="Circa 120 cliënten",
        reporter=None, reporter_name="Leverancier Zorgportaal BV", source=Source.PROCESSOR,
        supplier_name="Zorgportaal BV", registered_by=ciso, status=Status.IN_HANDLING, is_breach=True,
        awareness_at=aware, ended_at=aware + timedelta(hours=6), triage_reasoning="Verwerker meldt openbare deellink.",
        events=[(80, "Gemeld aan de AP (te laat).", fg)],
    )
    _assessment(late, fg, R.RISK, "BSN en financiële gegevens; geen aanwijzing dat de link is gebruikt.",
                natures=["vertrouwelijkheid"], data_categories=["bsn", "financieel"], records_count=120,
                affected_min=100, affected_max=130, affected_groups=["clienten"],
                protection=BreachAssessment.Protection.NONE)
    late_notification = ApNotification.objects.create(
        incident=late, organisation_address=DEMO_ADDRESS, contact_name="Fatima Yilmaz",
        contact_function="Functionaris gegevensbescherming", contact_email="fg@demo.privacyregie.nl",
        contact_phone="035 000 00 00", cross_border=YesNoUnknown.NO, other_authorities_informed=YesNoUnknown.NO,
        submitted_at=aware + timedelta(hours=80), ap_reference="AP-2026-118790", preliminary=True,
        late_reason="De verwerker leverde de lijst van getroffen dossiers pas na drie dagen aan.",
    )
    ApSupplement.objects.create(
        notification=late_notification, submitted_at=aware + timedelta(days=6), completes=True,
        text="Logbestanden van de verwerker onderzocht: de deellink is niet door derden gebruikt. 118 cliënten.",
    )
    _measure(late, K.REPRESSIVE, "Deellink ingetrokken.", admin, (aware + timedelta(days=1)).date(), S.DONE,
             "Link verwijderd, logbestanden bewaard.")
    _measure(late, K.CORRECTIVE, "Deellinks standaard uitgeschakeld in het portaal.", admin,
             (now - timedelta(days=5)).date(), S.DECIDED)
    _measure(late, K.PREVENTIVE, "Afspraak in verwerkersovereenkomst: melding binnen 24 uur.", manager,
             (now + timedelta(days=30)).date(), S.PROPOSED)

    # 4. anonymous near miss
    Incident.objects.create(
        organisation=org, receipt_number="M-DEMO-04", reported_at=now - timedelta(days=10),
        type=IncidentType.NEAR_MISS, title="Dossier bijna naar verkeerde ketenpartner gestuurd",
        description="Bij het delen stond de verkeerde zorgaanbieder geselecteerd; op tijd gezien.",
        discovered_at=now - timedelta(days=10), reporter_visibility=ReporterVisibility.ANONYMOUS,
        follow_up_code_hash=make_password(DEMO_FOLLOW_UP_CODE), status=Status.REPORTED,
    )

    # 5. closed security incident (two quarters back)
    aware = now - timedelta(days=120)
    phishing = _incident(
        org, "M-DEMO-05", reported=aware, triaged_hours=4, handler=ciso, type=IncidentType.SECURITY_INCIDENT,
        title="Phishingmail met inlogpagina", description="Drie medewerkers klikten op een link in een phishingmail.",
        discovered_at=aware, reporter=worker, status=Status.CLOSED, is_breach=False,
        triage_reasoning="Geen inloggegevens ingevuld; geen persoonsgegevens geraakt.",
        lessons_learned="Meldknop phishing in de mailclient; bewustwordingssessie per team.",
        closed_at=aware + timedelta(days=14),
    )
    _measure(phishing, K.REPRESSIVE, "Afzender geblokkeerd.", ciso, (aware + timedelta(days=1)).date(), S.DONE,
             "Blokkade in mailfilter.")
    _measure(phishing, K.PREVENTIVE, "Bewustwordingssessie phishing.", ciso, (aware + timedelta(days=30)).date(),
             S.DONE, "Sessies gehouden, 86% opkomst.")

    # 6. breach without notification: encrypted laptop stolen, closed
    aware = now - timedelta(days=100)
    laptop = _incident(
        org, "M-DEMO-06", reported=aware, triaged_hours=1, handler=fg, type=IncidentType.THEFT,
        title="Laptop gestolen uit auto", description="Versleutelde laptop van een consulent gestolen.",
        discovered_at=aware, reporter=wmo, status=Status.CLOSED, is_breach=True, awareness_at=aware,
        triage_reasoning="Datalek (verlies), maar schijf volledig versleuteld.",
        lessons_learned="Versleuteling werkt; apparaat op afstand gewist.", closed_at=aware + timedelta(days=5),
    )
    _assessment(laptop, fg, R.NONE, "Volledige schijfversleuteling; sleutel niet bij de dader. Geen melding nodig.",
                natures=["diefstal"], data_categories=["naw", "gezondheid"], unintelligible=True,
                affected_groups=["clienten"], protection=BreachAssessment.Protection.ENCRYPTED,
                protection_details="Volledige schijfversleuteling (BitLocker, XTS-AES 256) met TPM en pincode; "
                                   "pincode niet bij de laptop bewaard.")
    _measure(laptop, K.REPRESSIVE, "Laptop op afstand gewist.", admin, (aware + timedelta(days=1)).date(), S.DONE,
             "Wisbevestiging MDM.")

    # 7. aggression incident in handling
    _incident(
        org, "M-DEMO-07", reported=now - timedelta(days=3), triaged_hours=5, handler=ciso,
        type=IncidentType.AGGRESSION, title="Bedreiging aan de balie",
        description="Een inwoner bedreigde een medewerker aan de balie.", discovered_at=now - timedelta(days=3),
        reporter=worker, reporter_visibility=ReporterVisibility.CONFIDENTIAL, status=Status.IN_HANDLING,
        is_breach=False, triage_reasoning="Geen datalek; agressie-protocol gevolgd.",
    )
