"""The starter set of processing activities for the social domain (in our own words).

Retention defaults follow the Selectielijst gemeenten en intergemeentelijke organen 2020: the period is that of
the "granted" result; ``retention/starter_rules.py`` names the result per case outcome and is tested against the list.
Without the controller's details the activities are added as *concept*: art. 30 requires the
controller's name, address and contact, the DPO and an explicit answer on transfers before an
activity is in force, and the starter set cannot know those.
"""

STARTER_ACTIVITIES = [
    {
        "name": "Jeugdhulp toewijzen",
        "purposes": "Vaststellen welke jeugdhulp een jeugdige en het gezin nodig hebben, die hulp toewijzen en de "
                    "uitvoering volgen.",
        "legal_basis": "wettelijke_verplichting", "legal_article": "Jeugdwet art. 2.3, 7.4.0 en 7.4.4",
        "data_subject_categories": "Jeugdigen, ouders en verzorgers, gezinsleden",
        "personal_data_categories": "NAW, geboortedatum, BSN, contactgegevens, gezinssituatie, hulpvraag, "
                                    "gezondheidsgegevens, school",
        "special_categories": True, "uses_bsn": True, "dpia_required": True,
        "recipients": "Jeugdhulpaanbieders, gecertificeerde instellingen, regionale inkooporganisatie",
        "retention_period": "P20Y",
        "retention_explanation": "Selectielijst 2020: verstrekt 8.1.2 en beëindigd 8.3.2: 20 jaar; geweigerd 8.2: "
                                 "5 jaar; afgebroken 8.4.1: 42 dagen.",
        "retention_start_event": "einde van de hulpverlening",
    },
    {
        "name": "Wmo-maatwerkvoorziening",
        "purposes": "Onderzoeken van de ondersteuningsvraag van een inwoner en beslissen over een maatwerkvoorziening.",
        "legal_basis": "wettelijke_verplichting", "legal_article": "Wmo 2015 art. 2.3.2, 2.3.5 en 5.1.1",
        "data_subject_categories": "Inwoners met een ondersteuningsvraag, mantelzorgers",
        "personal_data_categories": "NAW, BSN, contactgegevens, gezondheid en beperkingen, woon- en leefsituatie, inkomen",
        "special_categories": True, "uses_bsn": True, "dpia_required": True,
        "recipients": "Zorgaanbieders, CAK (eigen bijdrage)",
        "retention_period": "P15Y",
        "retention_explanation": "Selectielijst 2020: verstrekt 8.1.1 en beëindigd 8.3.1: 15 jaar; geweigerd 8.2: "
                                 "5 jaar; afgebroken 8.4.1: 42 dagen.",
        "retention_start_event": "beëindiging van de voorziening",
    },
    {
        "name": "Bijstand (Participatiewet)",
        "purposes": "Beoordelen van het recht op bijstand, verstrekken van de uitkering en re-integratie.",
        "legal_basis": "wettelijke_verplichting", "legal_article": "Participatiewet art. 7, 17 en 64",
        "data_subject_categories": "Aanvragers en hun gezinsleden",
        "personal_data_categories": "NAW, BSN, inkomen en vermogen, woonsituatie, arbeidsverleden",
        "uses_bsn": True, "criminal_data": False,
        "recipients": "UWV, SVB, Belastingdienst (Suwinet)",
        "retention_period": "P10Y",
        "retention_explanation": "Selectielijst 2020: verstrekt 8.1: 10 jaar na beëindiging van de uitkering; "
                                 "beëindigd 8.3: 10 jaar; geweigerd 8.2: 5 jaar; afgebroken 8.4.1: 42 dagen.",
        "retention_start_event": "beëindiging van de uitkering of het besluit op de aanvraag",
    },
    {
        "name": "Schuldhulpverlening",
        "purposes": "Inwoners met (dreigende) schulden helpen met een plan van aanpak en schuldregeling.",
        "legal_basis": "wettelijke_verplichting", "legal_article": "Wet gemeentelijke schuldhulpverlening art. 2, 4a en 5",
        "data_subject_categories": "Inwoners met schulden, huisgenoten, schuldeisers (contactpersonen)",
        "personal_data_categories": "NAW, BSN, inkomen, schulden en schuldeisers, huishoudsamenstelling",
        "uses_bsn": True,
        "recipients": "Schuldeisers, kredietbank, bewindvoerders",
        "retention_period": "P5Y",
        "retention_explanation": "Selectielijst 2020: verstrekt 8.1.9 en beëindigd 8.3.5: 5 jaar; geweigerd 8.2: "
                                 "5 jaar; afgebroken 8.4.1: 42 dagen.",
        "retention_start_event": "afsluiting van het traject",
    },
    {
        "name": "Toegang sociaal domein",
        "purposes": "Eerste gesprek (keukentafelgesprek) en doorverwijzing naar de juiste ondersteuning.",
        "legal_basis": "publieke_taak", "legal_article": "Wmo 2015 art. 2.3.2; Jeugdwet art. 2.3",
        "data_subject_categories": "Inwoners met een hulpvraag",
        "personal_data_categories": "NAW, contactgegevens, hulpvraag",
        "recipients": "Wmo-, jeugd- en participatieteams",
        "retention_period": "P5Y",
        "retention_explanation": "Selectielijst 2020 (adviseren): advies of doorverwijzing 21.1: 5 jaar; niet "
                                 "verstrekt 21.2 en afgebroken 21.3: 1 jaar.",
        "retention_start_event": "datum van het gesprek",
    },
]


def _dutch_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def controller_name(organisation) -> str:
    """Who is the controller (AVG art. 4(7)) of the social domain's processing for this organisation.

    The college of each municipality is the controller; an executing organisation that serves several
    municipalities (a GR such as BEL Combinatie) carries out their tasks but is not a controller itself.
    """
    places = [m.name for m in organisation.municipalities.order_by("name")]
    if not places:
        return f"College van burgemeester en wethouders, {organisation.name}"
    if len(places) == 1:
        return f"College van burgemeester en wethouders van {places[0]}"
    return f"Colleges van burgemeester en wethouders van {_dutch_list(places)}"


COMMON = {
    "security_measures": "Toegang alleen voor betrokken medewerkers (need-to-know), tweefactorauthenticatie, "
                         "verwerkingslogboek, versleuteling, jaarlijkse autorisatiecontrole (BIO).",
    "responsible_body": "college",
}


def load_starter_set(organisation, user=None, details: dict | None = None) -> int:
    """Add the starter activities that the organisation does not have yet; returns how many were added.

    ``details`` are the organisation's own art. 30 answers (``controller``, ``controller_address``,
    ``controller_contact``, ``dpo_contact``, ``transfers_outside_eea``); with them the activities are
    in force, without them they are concepts to complete."""
    from .models import ProcessingActivity
    from .services import save_activity

    added = 0
    for spec in STARTER_ACTIVITIES:
        if ProcessingActivity.objects.filter(organisation=organisation, name=spec["name"]).exists():
            continue
        own = details or {"status": "concept", "controller": controller_name(organisation)}
        data = {**COMMON, **own, **spec}
        save_activity(organisation, data, user=user, note="startset sociaal domein")
        added += 1
    return added
