"""Guided risk assessment of a data breach: proposes no risk / risk / high risk with reasons.

Follows the reasoning of the AP's and EDPB's guidance (Guidelines 9/2022): the kind of
data, special categories and BSN, the number of people, vulnerable groups, the nature
of the breach, and whether the data were unintelligible (encrypted). The proposal is a
suggestion; the handler decides and the decision with its reasoning is kept, also
when it is "no notification". This module never decides on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import BreachAssessment

Risk = BreachAssessment.Risk


class Nature(models.TextChoices):
    CONFIDENTIALITY = "vertrouwelijkheid", gettext_lazy("Vertrouwelijkheid: ingezien of gekopieerd door onbevoegden")
    INTEGRITY = "integriteit", gettext_lazy("Integriteit: gegevens gewijzigd")
    AVAILABILITY = "beschikbaarheid", gettext_lazy("Beschikbaarheid: gegevens verwijderd of vernietigd")
    THEFT = "diefstal", gettext_lazy("Diefstal of verlies van een gegevensdrager")


class DataCategory(models.TextChoices):
    NAME_ADDRESS = "naw", gettext_lazy("Naam, adres, woonplaats")
    CONTACT = "contact", gettext_lazy("Contactgegevens (telefoon, e-mail)")
    IDENTIFICATION = "identificatie", gettext_lazy("Identificatiegegevens (geboortedatum, gebruikersnaam)")
    BSN = "bsn", gettext_lazy("Burgerservicenummer (BSN)")
    FINANCIAL = "financieel", gettext_lazy("Financiële gegevens (inkomen, schulden, bankrekening)")
    ID_COPY = "id_kopie", gettext_lazy("Kopie identiteitsbewijs")
    HEALTH = "gezondheid", gettext_lazy("Gezondheid (bijzonder)")
    RELIGION = "religie", gettext_lazy("Godsdienst of levensovertuiging (bijzonder)")
    ETHNICITY = "etniciteit", gettext_lazy("Ras of etnische afkomst (bijzonder)")
    POLITICAL = "politiek", gettext_lazy("Politieke opvattingen (bijzonder)")
    SEXUAL = "seksueel", gettext_lazy("Seksueel leven of gerichtheid (bijzonder)")
    UNION = "vakbond", gettext_lazy("Lidmaatschap vakbond (bijzonder)")
    CRIMINAL = "strafrechtelijk", gettext_lazy("Strafrechtelijke gegevens")


class AffectedGroup(models.TextChoices):
    """The AP form's question which groups of people are affected, for a municipality's social domain."""

    RESIDENTS = "inwoners", gettext_lazy("Inwoners")
    CLIENTS = "clienten", gettext_lazy("Cliënten sociaal domein (Wmo, Jeugdwet, Participatiewet, schuldhulp)")
    MINORS = "minderjarigen", gettext_lazy("Minderjarigen")
    VULNERABLE = "kwetsbaar", gettext_lazy("Andere kwetsbare groepen")
    EMPLOYEES = "medewerkers", gettext_lazy("Medewerkers")
    PARTNERS = "ketenpartners", gettext_lazy("Medewerkers van ketenpartners of zorgaanbieders")
    OTHER = "anders", gettext_lazy("Anders (zie omschrijving)")
    UNKNOWN = "onbekend", gettext_lazy("Nog niet bekend")


VULNERABLE_GROUPS = {AffectedGroup.MINORS, AffectedGroup.VULNERABLE}
# protection that makes the data unintelligible to anyone without access (art. 34(3)(a))
UNINTELLIGIBLE_PROTECTION = {BreachAssessment.Protection.ENCRYPTED, BreachAssessment.Protection.HASHED,
                             BreachAssessment.Protection.OTHER}

SPECIAL = {DataCategory.HEALTH, DataCategory.RELIGION, DataCategory.ETHNICITY, DataCategory.POLITICAL,
           DataCategory.SEXUAL, DataCategory.UNION, DataCategory.CRIMINAL}
SENSITIVE = {DataCategory.BSN, DataCategory.FINANCIAL, DataCategory.ID_COPY}
LARGE_SCALE = 100


@dataclass(frozen=True)
class Proposal:
    risk: str
    reasons: list[str]
    notify_ap: bool
    inform_residents: bool

    @property
    def reasoning(self) -> str:
        return "\n".join(f"- {r}" for r in self.reasons)


def duties_for(risk: str) -> tuple[bool, bool]:
    """(notify the AP, inform the residents) that follow from a risk level."""
    return risk in (Risk.RISK, Risk.HIGH), risk == Risk.HIGH


def propose(natures, categories, affected_max, unintelligible: bool, vulnerable: bool = False) -> Proposal:
    """The proposed risk level with the reasons that led to it."""
    categories = set(categories or [])
    natures = set(natures or [])
    reasons: list[str] = []
    if not categories:
        reasons.append(_("Er zijn (nog) geen persoonsgegevens aangegeven; ga na of het wel een datalek is."))
        return Proposal(Risk.NONE, reasons, False, False)
    if unintelligible and natures <= {Nature.CONFIDENTIALITY, Nature.THEFT}:
        reasons.append(_("De gegevens waren onbegrijpelijk of versleuteld en alleen de vertrouwelijkheid is geraakt: "
                         "er is waarschijnlijk geen risico voor betrokkenen."))
        return Proposal(Risk.NONE, reasons, False, False)

    score = 0
    special = sorted(str(DataCategory(c).label) for c in categories & SPECIAL)
    sensitive = sorted(str(DataCategory(c).label) for c in categories & SENSITIVE)
    if special:
        score += 2
        reasons.append(_("Bijzondere of strafrechtelijke persoonsgegevens: %(c)s.") % {"c": ", ".join(special)})
    if sensitive:
        score += 1
        reasons.append(_("Gevoelige gegevens (misbruik voor fraude of identiteitsfraude mogelijk): %(c)s.")
                       % {"c": ", ".join(sensitive)})
    if not special and not sensitive:
        reasons.append(_("Alleen gewone persoonsgegevens (naam, contact, identificatie)."))
    if affected_max and affected_max >= LARGE_SCALE:
        score += 1
        reasons.append(_("Grote groep betrokkenen (tot %(n)s personen).") % {"n": affected_max})
    if vulnerable:
        score += 1
        reasons.append(_("Kwetsbare betrokkenen, zoals kinderen of cliënten in het sociaal domein."))
    if Nature.CONFIDENTIALITY in natures or Nature.THEFT in natures:
        reasons.append(_("Onbevoegden hebben de gegevens mogelijk gezien of in handen."))
        score += 1 if (special or sensitive) else 0
    if Nature.INTEGRITY in natures:
        score += 1
        reasons.append(_("Gegevens zijn gewijzigd: besluiten kunnen op onjuiste gegevens berusten."))
    if Nature.AVAILABILITY in natures and not (natures - {Nature.AVAILABILITY}):
        reasons.append(_("Alleen de beschikbaarheid is geraakt."))

    if score >= 3:
        risk = Risk.HIGH
        reasons.append(_("Voorstel: hoog risico. Meld aan de AP binnen 72 uur en informeer de betrokkenen."))
    elif score >= 1 or (affected_max or 0) > 0:
        risk = Risk.RISK
        reasons.append(_("Voorstel: risico. Meld aan de AP binnen 72 uur."))
    else:
        risk = Risk.NONE
        reasons.append(_("Voorstel: geen risico. Leg het datalek vast in het register, melden is niet nodig."))
    notify_ap, inform = duties_for(risk)
    return Proposal(risk, reasons, notify_ap, inform)


def category_labels(values) -> list[str]:
    return [str(DataCategory(v).label) for v in values or [] if v in DataCategory.values]


def nature_labels(values) -> list[str]:
    return [str(Nature(v).label) for v in values or [] if v in Nature.values]


def group_labels(values) -> list[str]:
    return [str(AffectedGroup(v).label) for v in values or [] if v in AffectedGroup.values]
