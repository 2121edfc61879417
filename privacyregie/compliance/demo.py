"""Demo data of the compliance capability (idempotent; builds on the core demo).

* the shipped frameworks as shared library data;
* "haren": the stoplight assessment of the audit-office norms (reported), after the
  hand-made overview Haren sent its council, in our own words;
* "bel": an earlier reported assessment and the current open one, the six
  recommendations of the audit office's short review with the board's responses and
  actions, a risk register of eight risks with the security plan, an extra indicator
  asked by the council and two past quarters of scorecard snapshots.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation

from . import assessments, frameworks, scorecard
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

# ref_id: (status, finding, state of affairs) -- Haren, reported to the council in autumn 2017.
HAREN = {
    "1": (N, "Er is geen algemeen privacybeleid vastgesteld. Beleidsstukken over het sociaal domein gaan nauwelijks "
             "over privacy; reglement en handleiding uit 2013/2014 passen niet meer bij de huidige wijkteams.",
          "Het privacyprotocol sociaal domein wordt voor het eind van het jaar geactualiseerd en opgenomen in het "
          "gemeentebrede protocol, dat in concept klaar is. Bij de voorbereiding op de AVG wordt bepaald welke "
          "beleidsstukken opnieuw moeten worden vastgesteld."),
    "2": (C, "Het reglement verwerking persoonsgegevens wordt gebruikt; in de contracten voor ingekochte jeugdhulp "
             "staan afspraken over uitwisseling van gegevens.", "Geen actie nodig."),
    "3": (P, "Bij vragen wordt een externe jurist ingeschakeld en de informatiemanager bewaakt privacy in de lijn, "
             "maar een gestructureerde aanpak om misbruik te voorkomen ontbreekt.",
          "Protocollen en werkafspraken worden in het werkoverleg besproken; specialistische kennis wordt zo nodig "
          "extern ingehuurd."),
    "4": (N, "Er zijn geen expliciete afspraken tussen college en raad over de verantwoording; het advies van de "
             "adviesraad om een onafhankelijke audit te laten doen is niet opgevolgd.",
          "De wijze van verantwoorden wordt meegenomen in de voorbereiding op de AVG en opgenomen in het "
          "gemeentebrede privacyprotocol."),
    "5": (P, "Er is een convenant, maar medewerkers weten niet hoe partners verantwoording afleggen.",
          "Waar de gemeente verwerkingsverantwoordelijke is, komen de AVG-eisen in de overeenkomsten; met "
          "leveranciers worden waar nodig verwerkersovereenkomsten gesloten."),
    "6": (C, "Er is een gedragscode voor medewerkers.", "Geen actie nodig."),
    "7": (N, "De leidinggevende van het wijkteam informeert over privacy, maar er is geen training.",
          "Privacytraining wordt opgenomen in het opleidingsplan van het toegangsteam."),
    "8": (C, "Vooraf wordt toestemming gevraagd om informatie te delen; de beschikking noemt bezwaar en beroep.",
          "Geen actie nodig."),
    "9": (C, "Taken en bevoegdheden staan in de werkprocessen; rollen worden vastgelegd bij de inrichting van het "
             "regiesysteem.", "Geen actie nodig."),
    "10": (N, "Er wordt niet volgens een stappenplan afgewogen of gegevens gedeeld of geraadpleegd mogen worden, en "
              "dat wordt niet navolgbaar vastgelegd.",
           "Werkprocessen worden bij de AVG-voorbereiding herzien; afwijkingen van toestemming worden gemotiveerd "
           "vastgelegd in het systeem."),
    "11": (C, "Het regiesysteem is afgeschermd voor medewerkers die niet bij een casus betrokken zijn.",
           "Geen actie nodig."),
    "12": (P, "Er is beveiligd berichtenverkeer, maar omdat dat lastig is wordt soms gewone e-mail gebruikt; de "
              "fysieke beveiliging (opbergen, schermen vergrendelen) kan beter.",
           "Versleuteld mailen kan nu rechtstreeks vanuit het mailprogramma; er gelden regels voor een opgeruimd "
           "bureau en het vergrendelen van het scherm."),
    "13": (N, "Er is nog geen proces voor het melden van datalekken.",
           "Het proces wordt dit najaar ingericht als onderdeel van de AVG-voorbereiding; een datalek in de "
           "jeugdzorg is al gemeld bij de Autoriteit Persoonsgegevens en opgelost."),
}

BEL_NOW = {
    "1": (C, "Het privacybeleid en het protocol sociaal domein zijn door raad en college vastgesteld.", "Jaarlijks herzien."),
    "2": (C, "Convenanten met de zorgpartners zijn actueel.", "Geen actie nodig."),
    "3": (P, "De FG controleert steekproefsgewijs; de autorisatiecontrole loopt elk kwartaal.",
          "Uitbreiden naar alle teams in het komende kwartaal."),
    "4": (C, "De raad ontvangt ieder kwartaal de scorekaart en jaarlijks de stoplichtrapportage.", "Geen actie nodig."),
    "5": (P, "Met de meeste verwerkers is een overeenkomst gesloten; enkele ontbreken nog.",
          "Ontbrekende verwerkersovereenkomsten worden dit jaar afgesloten."),
    "6": (C, "Gedragscode en ambtseed voor alle medewerkers.", "Geen actie nodig."),
    "7": (P, "Er is een e-learning privacy, maar nog niet iedereen heeft die gevolgd.",
          "Teamleiders sturen op afronding vóór het eind van het kwartaal."),
    "8": (C, "De privacyverklaring en de brieven informeren inwoners.", "Geen actie nodig."),
    "9": (C, "FG, CISO en privacycontactpersonen zijn benoemd.", "Geen actie nodig."),
    "10": (C, "Iedere raadpleging wordt vastgelegd in het verwerkingslogboek van Privacyregie.",
           "De FG bekijkt de afwijkingen maandelijks."),
    "11": (P, "Toegang volgt de betrokkenheid bij een casus; de autorisatiecontrole is nog niet helemaal afgerond.",
           "Afronden van de lopende autorisatiecontrole."),
    "12": (P, "Beveiligd mailen werkt met de meeste ketenpartners; huisartsen gebruiken een eigen kanaal.",
           "Evaluatie met de ketenpartners gepland."),
    "13": (C, "Incidenten en datalekken worden gemeld en afgehandeld in Privacyregie, met de 72-uurstermijn.",
           "Geen actie nodig."),
}

SOURCE = "Korte toets Rekenkamer BEL privacy in het sociaal domein (2017)"
RECOMMENDATIONS = [
    (1, "raad", "Vraag het college de CISO een GAP- en risicoanalyse digitale veiligheid te laten uitvoeren en laat "
     "u over de uitkomst informeren.", "adopted",
     "Veel maatregelen zijn al genomen (autorisatiecontrole, beveiligde samenwerkomgeving). De GAP-analyse op basis "
     "van de baseline wordt met een risicoanalyse en een informatiebeveiligingsplan aan de directie voorgelegd; de "
     "portefeuillehouders worden daarna geïnformeerd.",
     [("GAP-analyse en risicoanalyse rapporteren aan de directieraad", "CISO", -300, "done",
       "Gerapporteerd met het informatiebeveiligingsplan."),
      ("Portefeuillehouders informeren over de uitkomst", "Directie", -250, "done", "")]),
    (2, "raad", "Vraag het college om managementinformatie over de risico's rond privacy en informatiebeveiliging.",
     "adopted", "Managementinformatie over informatiebeveiliging komt in de kwartaalrapportages. De raden ontvangen "
     "ieder kwartaal de scorekaart en kunnen om extra indicatoren vragen.",
     [("Indicatoren informatiebeveiliging opnemen in de kwartaalscorekaart", "Informatiemanager", -120, "done", ""),
      ("Extra indicatoren op verzoek van de raad toevoegen", "Functioneel beheer", 20, "in_progress",
       "Eerste verzoek van de raad verwerkt.")]),
    (3, "college", "Stimuleer het veilig melden van datalekken en registreer voorvallen en bijna-voorvallen, alleen "
     "om ervan te leren; melden mag nooit persoonlijke gevolgen hebben.", "adopted",
     "Overgenomen en grotendeels al in de praktijk: er is een procedure voor melden en afhandelen van (bijna-)"
     "incidenten, bij grotere incidenten een werkgroep die repressieve, corrigerende en preventieve maatregelen "
     "voorstelt.",
     [("Meldprocedure onder de aandacht brengen bij alle teams", "CISO", -30, "in_progress",
       "Nog twee teams te bezoeken.")]),
    (4, "college", "Breid beveiligd mailen uit naar alle relevante ketenpartners en evalueer het gebruik met gemeenten "
     "en ketenpartners.", "adopted",
     "Overgenomen. Gewone e-mail is niet veilig genoeg; een proef met beveiligd mailen loopt en wordt geëvalueerd. "
     "Daarnaast: beveiligde lijnen, een beveiligde samenwerkomgeving met tweestapsverificatie en "
     "verwerkersovereenkomsten met leveranciers.",
     [("Proef beveiligd mailen evalueren met de ketenpartners", "Informatiemanager", -10, "planned", ""),
      ("Verwerkersovereenkomsten met alle leveranciers afsluiten", "Privacy officer", 60, "in_progress",
       "Nog enkele leveranciers.")]),
    (5, "college", "Onderzoek hoe het privacyprotocol in de praktijk werkt en waar de uitvoering knelpunten ervaart.",
     "adopted", "Overgenomen. Het protocol wordt getoetst aan de AVG, zo nodig aangepast en opgenomen in het "
     "beveiligingsplan; de werking wordt een vast onderdeel van de risicoanalyses.",
     [("Privacyprotocol toetsen aan de AVG", "Privacy officer", -200, "done", "Protocol vastgesteld."),
      ("Werking van het protocol meenemen in de jaarlijkse risicoanalyse", "CISO", 90, "planned", "")]),
    (6, "college", "Onderzoek verschillen tussen de privacyreglementen van ketenpartners en het protocol van de "
     "gemeenten, breng knelpunten in kaart en leg vast dat het protocol ook voor ketenpartners de richtlijn is.",
     "partly", "Deels overgenomen. Een regionaal onderzoek naar de grondslagen in het sociaal domein is de basis voor "
     "werkafspraken met partners. Het protocol wordt niet opgelegd: ketenpartners zijn zelf verantwoordelijk voor "
     "privacy volgens de wet; daarover gaan we wel in overleg.",
     [("Werkafspraken met ketenpartners op basis van het grondslagenonderzoek", "Privacy officer", 45, "in_progress",
       "")]),
]

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
    _assessment(haren, framework, "Stoplichtoverzicht privacy sociaal domein", "2017", "Haren", HAREN,
                closed_on=timezone.make_aware(datetime.datetime(2017, 10, 3, 10, 0)))

    bel = Organisation.objects.get(slug="bel")
    earlier = _assessment(bel, framework, "Stoplicht privacy sociaal domein BEL", str(today.year - 1), "", HAREN,
                          closed_on=timezone.now() - datetime.timedelta(days=300))
    _assessment(bel, framework, "Stoplicht privacy sociaal domein BEL", str(today.year), "", BEL_NOW, previous=earlier)

    for number, audience, text, response, reasoning, actions in RECOMMENDATIONS:
        recommendation, created = Recommendation.objects.get_or_create(
            organisation=bel, source=SOURCE, number=number,
            defaults={"audience": audience, "text": text, "response": response, "reasoning": reasoning,
                      "responded_at": timezone.now() - datetime.timedelta(days=400)})
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
