"""The Selectielijst results of the register's starter activities (``register/starter.py``), per case outcome.

Source: Selectielijst gemeenten en intergemeentelijke organen 2020 (VNG), as shipped in ``data/``. Each
choice was made by reading the result's ``naam``, ``omschrijving``, ``herkomst`` and ``toelichting``, and the
description of its process type; never from the number alone. The tests check every number against the
source file: it exists, it is not withdrawn, and the term of the "granted" result equals the register's
retention period of the activity.

Outcomes (``models.CaseOutcome``): verstrekt (granted), geweigerd (refused), ingetrokken (withdrawn or
abandoned: the list calls it "afgebroken"), anders (ended otherwise: "beëindigd").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    number: str
    term: str  # the term in the source, to check against it (ISO 8601)
    reason: str


STARTER_RULES: dict[str, dict[str, Choice]] = {
    # Process type 8 "Voorzieningen verstrekken": the youth-care provision (Jeugdwet art. 7.3.8 lid 3, 7.3.9).
    "Jeugdhulp toewijzen": {
        "verstrekt": Choice("8.1.2", "P20Y", "Verstrekt — 'Individuele jeugdhulp voorziening' (herkomst: Jeugdwet "
                                             "art. 7.3.8 lid 3 en art. 7.3.9)."),
        "geweigerd": Choice("8.2", "P5Y", "Geweigerd — de lijst kent geen specifieke weigering voor jeugdhulp; het "
                                          "generieke resultaat van procestype 8 geldt."),
        "ingetrokken": Choice("8.4.1", "P42D", "Afgebroken — 'Voorziening in Sociale domein'."),
        "anders": Choice("8.3.2", "P20Y", "Beëindigd — 'Individuele jeugdhulp voorziening' (Jeugdwet art. 7.3.8 "
                                          "lid 3)."),
    },
    # Process type 8: the Wmo provision (Wmo 2015 art. 5.3.4 and 5.3.5).
    "Wmo-maatwerkvoorziening": {
        "verstrekt": Choice("8.1.1", "P15Y", "Verstrekt — 'WMO voorziening' (herkomst: Wmo 2015 art. 5.3.4 en "
                                             "5.3.5)."),
        "geweigerd": Choice("8.2", "P5Y", "Geweigerd — generiek resultaat van procestype 8 (geen specifieke "
                                          "Wmo-weigering in de lijst)."),
        "ingetrokken": Choice("8.4.1", "P42D", "Afgebroken — 'Voorziening in Sociale domein'."),
        "anders": Choice("8.3.1", "P15Y", "Beëindigd — 'WMO voorziening' (Wmo 2015 art. 5.3.4)."),
    },
    # Process type 8: the generic "Verstrekt" names "Uitkering of inkomensvoorziening" in its toelichting;
    # the term runs from the end of the benefit (procestermijn: bestaansduur procesobject).
    "Bijstand (Participatiewet)": {
        "verstrekt": Choice("8.1", "P10Y", "Verstrekt — generiek; toelichting: 'Uitkering of inkomensvoorziening'. "
                                           "Termijn na het einde van de uitkering."),
        "geweigerd": Choice("8.2", "P5Y", "Geweigerd — generiek resultaat van procestype 8 (afgewezen aanvraag)."),
        "ingetrokken": Choice("8.4.1", "P42D", "Afgebroken — 'Voorziening in Sociale domein'."),
        "anders": Choice("8.3", "P10Y", "Beëindigd — generiek resultaat van procestype 8."),
    },
    # Process type 8: debt counselling has its own results.
    "Schuldhulpverlening": {
        "verstrekt": Choice("8.1.9", "P5Y", "Verstrekt — 'Schuldhulpverlening'; termijn na het einde van het "
                                            "traject (bestaansduur procesobject)."),
        "geweigerd": Choice("8.2", "P5Y", "Geweigerd — generiek resultaat van procestype 8."),
        "ingetrokken": Choice("8.4.1", "P42D", "Afgebroken — 'Voorziening in Sociale domein'."),
        "anders": Choice("8.3.5", "P5Y", "Beëindigd — 'Schuldhulpverlening'."),
    },
    # Process type 21 "Adviseren": the first conversation ends in advice and a referral, not in a provision
    # (a provision then gets its own case under process type 8).
    "Toegang sociaal domein": {
        "verstrekt": Choice("21.1", "P5Y", "Adviseren, Verstrekt — het gesprek eindigt in een advies of "
                                           "doorverwijzing."),
        "geweigerd": Choice("21.2", "P1Y", "Adviseren, Niet verstrekt."),
        "ingetrokken": Choice("21.3", "P1Y", "Adviseren, Afgebroken."),
        "anders": Choice("21.1", "P5Y", "Adviseren, Verstrekt — anders afgerond: het gesprek leidde toch tot een "
                                        "advies."),
    },
}

GRANTED = "verstrekt"


def apply_starter_rules(organisation, selection_list=None, *, user=None) -> int:
    """Give the organisation's starter activities (current version) the results above, where that version has
    no rules yet. Returns the number of versions that got rules. Needs the list (imported first)."""
    from privacyregie.register.models import ProcessingActivity

    from . import services

    selection_list = selection_list or services.current_selection_list()
    if selection_list is None:
        return 0
    results = {r.full_number: r for r in selection_list.results.all()}
    done = 0
    for activity in ProcessingActivity.objects.filter(organisation=organisation, name__in=list(STARTER_RULES)):
        version = activity.current
        if version is None or services.rules_for(version):
            continue
        chosen = {outcome: results[choice.number] for outcome, choice in STARTER_RULES[activity.name].items()}
        services.set_rules(version, chosen, user=user, start_event=version.retention_start_event)
        done += 1
    return done
