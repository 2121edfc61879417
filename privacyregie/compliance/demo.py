"""Demo data of the compliance capability (idempotent; builds on the core demo).

* the shipped frameworks as shared library data;
* "haren": the stoplight assessment of the audit-office norms (reported), with the findings
  and state of affairs of the overview Haren sent its council in 2017, word for word
  (``demo_sources``, seed 000);
* "bel": the reported 2017 assessment built from the board's memo (seed 003; norms the memo
  does not speak to stay unassessed) and the current open one (made-up present-day demo), the
  six recommendations of the audit office's short review with the board's responses in full
  (seed 003) and actions, a risk register of eight risks with the security plan, an extra indicator
  asked by the council and two past quarters of scorecard snapshots.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation

from . import assessments, frameworks, scorecard
from .demo_sources import BEL_2017, BEL_MEMO_2017, HAREN_2017
from .models import (
    Assessment,
    Framework,
    ManualIndicator,
    Recommendation,
    RecommendationAction,
    Risk,
    ScorecardSnapshot,
    SecurityMeasure,
)

RK_URN = "urn:privacyregie:risk:framework:rekenkamer-privacy-sociaal-domein"
C, P, N = "compliant", "partially_compliant", "non_compliant"

BEL_NOW = {
    "1": (C, "Het privacybeleid en het protocol sociaal domein zijn door raad en college vastgesteld.", "Jaarlijks herzien."),
    "2": (C, "Convenanten met de zorgpartners zijn actueel.", ""),
    "3": (P, "De FG controleert steekproefsgewijs; de autorisatiecontrole loopt elk kwartaal.",
          "Uitbreiden naar alle teams in het komende kwartaal."),
    "4": (C, "De raad ontvangt ieder kwartaal de scorekaart en jaarlijks de stoplichtrapportage.", ""),
    "5": (P, "Met de meeste verwerkers is een overeenkomst gesloten; enkele ontbreken nog.",
          "Ontbrekende verwerkersovereenkomsten worden dit jaar afgesloten."),
    "6": (C, "Gedragscode en ambtseed voor alle medewerkers.", ""),
    "7": (P, "Er is een e-learning privacy, maar nog niet iedereen heeft die gevolgd.",
          "Teamleiders sturen op afronding vóór het eind van het kwartaal."),
    "8": (C, "De privacyverklaring en de brieven informeren inwoners.", ""),
    "9": (C, "De werkprocessen beschrijven per rol welke taken en bevoegdheden een medewerker heeft bij het verwerken "
             "van persoonsgegevens.", ""),
    "10": (C, "Iedere raadpleging wordt vastgelegd in het verwerkingslogboek van Privacyregie.",
           "De FG bekijkt de afwijkingen maandelijks."),
    "11": (P, "Toegang volgt de betrokkenheid bij een casus; de autorisatiecontrole is nog niet helemaal afgerond.",
           "Afronden van de lopende autorisatiecontrole."),
    "12": (P, "Beveiligd mailen werkt met de meeste ketenpartners; huisartsen gebruiken een eigen kanaal. Clean desk "
              "en schermvergrendeling zijn afgesproken.",
           "Evaluatie met de ketenpartners gepland."),
    "13": (C, "Incidenten en datalekken worden gemeld en afgehandeld in Privacyregie, met de 72-uurstermijn.",
           ""),
}

SOURCE = "Korte toets Rekenkamer BEL privacy in het sociaal domein (2017)"
RESPONDED_ON = datetime.datetime(2017, 2, 28, 12, 0)  # the board's memo to the councils (seed 003)
# number: (audience, the board's decision, actions: (description, owner, days from today, status, progress))
RECOMMENDATIONS = {
    1: ("raad", "adopted",
        [("GAP-analyse en risicoanalyse rapporteren aan de directieraad", "CISO", -300, "done", ""),
         ("Portefeuillehouders informeren over de uitkomst", "Directie", -250, "done", "")]),
    2: ("raad", "adopted",
        [("Indicatoren informatiebeveiliging opnemen in de kwartaalscorekaart", "Informatiemanager", -120, "done", ""),
         ("Extra indicatoren op verzoek van de raad toevoegen", "Functioneel beheer", 20, "in_progress", "")]),
    3: ("college", "adopted",
        [("Meldprocedure onder de aandacht brengen bij alle teams", "CISO", -30, "in_progress", "")]),
    4: ("college", "adopted",
        [("Proef beveiligd mailen evalueren met de ketenpartners", "Informatiemanager", -10, "planned", ""),
         ("Bewerkersovereenkomsten met alle leveranciers afsluiten", "Privacy officer", 60, "in_progress", "")]),
    5: ("college", "adopted",
        [("Privacyprotocol toetsen aan de AVG", "Privacy officer", -200, "done", ""),
         ("Werking van het protocol meenemen in de risicoanalyses", "CISO", 90, "planned", "")]),
    6: ("college", "partly",
        [("Werkafspraken met samenwerkingspartners op basis van het grondslagenonderzoek", "Privacy officer", 45,
          "in_progress", "")]),
}

RISKS = [
    ("R01", "Onbevoegde inzage in dossiers", 4, 5, 2, 4, "reduce", "Privacy officer",
     ["11", "10"], [("Kwartaalcontrole autorisaties", "Functioneel beheer", "in_progress"),
                    ("Verwerkingslogboek met afwijkingensignalering", "Privacy officer", "done")]),
    ("R02", "Gegevens per onbeveiligde e-mail verstuurd", 4, 4, 2, 3, "reduce", "Informatiemanager", ["12"],
     [("Beveiligd mailen voor alle ketenpartners", "Informatiemanager", "in_progress")]),
    ("R03", "Datalek niet binnen 72 uur gemeld", 3, 4, 1, 3, "reduce", "Privacy officer", ["13"],
     [("Meldproces met aftellende termijn in Privacyregie", "CISO", "done")]),
    ("R04", "Verwerker zonder verwerkersovereenkomst", 3, 3, 2, 3, "reduce", "Privacy officer", ["5"],
     [("Ontbrekende verwerkersovereenkomsten afsluiten", "Privacy officer", "planned")]),
    ("R05", "Onvoldoende privacybewustzijn bij medewerkers", 4, 3, 3, 2, "reduce", "Directie", ["7"],
     [("E-learning privacy verplicht voor alle teams", "Teamleiders", "in_progress")]),
    ("R06", "Ransomware op de zaaksystemen", 3, 5, 2, 5, "transfer", "CISO", [],
     [("Offline back-ups en hersteltest", "CISO", "planned")]),
    ("R07", "Ketenpartner deelt meer dan nodig", 3, 3, 3, 3, "accept", "Directie", ["2"], []),
    ("R08", "Papieren dossiers onbeheerd op de werkplek", 2, 3, 1, 2, "reduce", "Teamleiders", ["12"],
     [("Clean desk controle per kwartaal", "Teamleiders", "planned")]),
]


def _fill(assessment: Assessment, answers: dict) -> None:
    for item in assessment.items.select_related("requirement"):
        status, finding, state = answers.get(item.requirement.ref_id, ("not_assessed", "", ""))
        item.status, item.finding, item.state_of_affairs = status, finding, state
        item.save()


def _assessment(organisation, framework, title, period, municipality, answers, closed_on=None, previous=None):
    existing = Assessment.objects.filter(organisation=organisation, title=title, period=period).first()
    if existing is not None:
        return existing
    place = organisation.municipalities.filter(name=municipality).first() if municipality else None
    assessment = assessments.create_assessment(organisation, framework, title, period, place)
    _fill(assessment, answers)
    if previous is not None:
        assessment.previous = previous
    if closed_on is not None:
        assessment.status = Assessment.Status.CLOSED
        assessment.reported_at = closed_on
    assessment.save()
    return assessment


@transaction.atomic
def load() -> None:
    frameworks.import_shipped()
    framework = Framework.objects.get(organisation=None, urn=RK_URN)
    today = timezone.localdate()
    haren = Organisation.objects.get(slug="haren")
    _assessment(haren, framework, "Stoplichtoverzicht privacy sociaal domein", "2017", "Haren", HAREN_2017,
                closed_on=timezone.make_aware(datetime.datetime(2017, 10, 3, 10, 0)))

    bel = Organisation.objects.get(slug="bel")
    earlier = _assessment(bel, framework, "Stoplicht privacy sociaal domein BEL", "2017", "", BEL_2017,
                          closed_on=timezone.make_aware(RESPONDED_ON))
    _assessment(bel, framework, "Stoplicht privacy sociaal domein BEL", str(today.year), "", BEL_NOW, previous=earlier)

    for number, (audience, response, actions) in RECOMMENDATIONS.items():
        text, reasoning = BEL_MEMO_2017[number]
        recommendation, created = Recommendation.objects.get_or_create(
            organisation=bel, source=SOURCE, number=number,
            defaults={"audience": audience, "text": text, "response": response, "reasoning": reasoning,
                      "responded_at": timezone.make_aware(RESPONDED_ON)})
        if created:
            for description, owner, days, status, progress in actions:
                RecommendationAction.objects.create(
                    recommendation=recommendation, description=description, owner=owner,
                    deadline=today + datetime.timedelta(days=days), status=status, progress=progress)

    by_ref = {r.ref_id: r for r in framework.requirements.all()}
    for ref, title, lik, imp, rlik, rimp, treatment, owner, reqs, measures in RISKS:
        risk, created = Risk.objects.get_or_create(
            organisation=bel, ref_id=ref,
            defaults={"title": title, "likelihood": lik, "impact": imp, "residual_likelihood": rlik,
                      "residual_impact": rimp, "treatment": treatment, "owner": owner,
                      "review_date": today + datetime.timedelta(days=90 if ref != "R07" else -5)})
        if created:
            risk.requirements.set([by_ref[r] for r in reqs])
            for index, (measure_title, measure_owner, status) in enumerate(measures):
                measure = SecurityMeasure.objects.create(
                    organisation=bel, risk=risk, title=measure_title, owner=measure_owner, status=status,
                    deadline=today + datetime.timedelta(days=30 * (index + 1)))
                measure.requirements.set([by_ref[r] for r in reqs])

    indicator, created = ManualIndicator.objects.get_or_create(
        organisation=bel, name="Privacyvragen aan de FG",
        defaults={"unit": "", "source": "Registratie van de FG", "requested_by": "Commissie Bestuur en Middelen"})
    if created:
        for quarter, value in zip(scorecard.recent_quarters(3), (14, 11, 9), strict=True):
            indicator.values.create(year=quarter.year, quarter=quarter.quarter, value=value)

    for quarter in scorecard.recent_quarters(3)[:2]:
        if not ScorecardSnapshot.objects.filter(organisation=bel, year=quarter.year, quarter=quarter.quarter).exists():
            scorecard.take_snapshot(bel, quarter)
