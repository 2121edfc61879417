"""The residents' rights under the AVG, written once (R6, R27).

The access report, the letters and the public privacy statement all read these texts; never phrase a
right anywhere else. Each right cites its article of Regulation (EU) 2016/679 (AVG/GDPR):

- art. 15 inzage (access, including the recipients, the retention period and the source, art. 15(1)(a)-(h));
- art. 16 rectificatie; art. 17 wissing ("recht op vergetelheid"); art. 18 beperking van de verwerking;
- art. 20 overdraagbaarheid; art. 21 bezwaar; art. 7(3) intrekken van toestemming;
- art. 77 klacht bij de toezichthouder, in Nederland de Autoriteit Persoonsgegevens (UAVG art. 6);
- art. 79 beroep bij de rechter (for a municipality's decision: Awb bezwaar en beroep, UAVG art. 34);
- art. 12(3) the answer term: one month after receipt, extendable once by two further months.

Must never contain an organisation's own data: contact details come from the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

AP_NAME = "Autoriteit Persoonsgegevens"
AP_URL = "https://www.autoriteitpersoonsgegevens.nl"
ANSWER_TERM_MONTHS = 1  # art. 12(3): "binnen een maand na ontvangst van het verzoek"
EXTENSION_MONTHS = 2  # art. 12(3): "indien nodig ... met nog eens twee maanden worden verlengd"


@dataclass(frozen=True)
class Right:
    key: str
    title: str
    article: str
    text: str

    def as_dict(self) -> dict:
        return {"key": self.key, "title": str(self.title), "article": self.article, "text": str(self.text)}


RIGHTS: tuple[Right, ...] = (
    Right("inzage", _("Recht op inzage"), "AVG art. 15",
          _("U mag vragen welke gegevens wij van u hebben, waarvoor wij ze gebruiken, aan wie wij ze geven, hoe lang "
            "wij ze bewaren, waar wij ze vandaan hebben en wie ze heeft bekeken. U krijgt een kopie.")),
    Right("rectificatie", _("Recht op rectificatie"), "AVG art. 16",
          _("Kloppen uw gegevens niet of zijn ze onvolledig? Dan mag u vragen ze te verbeteren of aan te vullen.")),
    Right("wissing", _("Recht op wissing"), "AVG art. 17",
          _("U mag vragen uw gegevens te verwijderen. Dat doen wij, tenzij een wet ons verplicht ze te bewaren "
            "(bijvoorbeeld de Archiefwet). Dan leggen wij u uit waarom.")),
    Right("beperking", _("Recht op beperking van de verwerking"), "AVG art. 18",
          _("U mag vragen het gebruik van uw gegevens tijdelijk te stoppen, bijvoorbeeld terwijl wij een fout "
            "onderzoeken. Wij bewaren ze dan alleen nog en gebruiken ze niet, behalve voor een rechtszaak.")),
    Right("overdraagbaarheid", _("Recht op overdraagbaarheid"), "AVG art. 20",
          _("Gegevens die u ons zelf heeft gegeven op basis van toestemming, mag u in een gangbaar digitaal formaat "
            "krijgen om aan een ander te geven.")),
    Right("bezwaar", _("Recht van bezwaar"), "AVG art. 21",
          _("U mag bezwaar maken tegen het gebruik van uw gegevens vanwege uw persoonlijke situatie. Wij stoppen dan, "
            "tenzij wij zwaarwegende redenen hebben die wij u uitleggen.")),
    Right("toestemming", _("Toestemming intrekken"), "AVG art. 7 lid 3",
          _("Heeft u toestemming gegeven? Dan mag u die altijd weer intrekken. Dat geldt vanaf dat moment.")),
    Right("klacht", _("Klacht bij de Autoriteit Persoonsgegevens"), "AVG art. 77",
          _("Bent u het niet eens met hoe wij met uw gegevens omgaan? Neem eerst contact op met onze functionaris "
            "gegevensbescherming. U mag ook altijd een klacht indienen bij de Autoriteit Persoonsgegevens "
            "(www.autoriteitpersoonsgegevens.nl).")),
    Right("rechter", _("Bezwaar en beroep"), "AVG art. 79, UAVG art. 34",
          _("Een besluit op uw verzoek is een besluit van de gemeente. U kunt daartegen bezwaar maken en daarna in "
            "beroep gaan bij de rechter. Hoe dat gaat, staat in de brief met het besluit.")),
)

ANSWER_TERM_TEXT = _(
    "Wij beantwoorden uw verzoek binnen een maand na ontvangst (AVG art. 12 lid 3). Is uw verzoek ingewikkeld of "
    "krijgen wij veel verzoeken? Dan kunnen wij die termijn één keer met ten hoogste twee maanden verlengen. Dat "
    "laten wij u binnen de eerste maand weten, met de reden.")

HOW_TO_REQUEST_TEXT = _(
    "U kunt uw verzoek indienen via het formulier op onze website, per brief, per e-mail, telefonisch of aan de "
    "balie. Wij vragen niet om een kopie van uw identiteitsbewijs; wij stellen uw identiteit op een andere manier vast.")


def rights() -> tuple[Right, ...]:
    return RIGHTS


def right(key: str) -> Right:
    for item in RIGHTS:
        if item.key == key:
            return item
    raise KeyError(key)
