"""Read the project's seed documents (the sources the demo and the audit-office norms follow).

The seeds are text extracted from PDFs, so their words are sometimes split ("specif iek") and
their lines wrapped. ``normalise`` collapses whitespace and repairs exactly the extraction damage
listed in ``REPAIRS``, nothing else, so a comparison after ``normalise`` is a word-for-word
comparison. ``stoplight_rows`` cuts seed 000 (Haren's stoplight overview, 2017) into its rows of
norm, finding and state of affairs, using the first words of each cell as anchors (searched in
order, so a repeated opening such as "In het kader van" is found in the right row).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SEED_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"
HAREN_2017 = "000_"
BEL_MEMO_2017 = "003_"

# Extraction damage in the seeds, repaired after whitespace is collapsed: words split by a space
# (narrow glyphs such as "i", "l" and "j" drift apart in the PDF), compounds whose hyphen or slash
# ended a line, and one misread letter ("we!" for "wel").
REPAIRS = {
    "specif iek": "specifiek", "notit ie": "notitie", "Transit ie": "Transitie", "Partic iperend": "Participerend",
    "l i jkt": "lijkt", "li jn": "lijn", "verschil lende": "verschillende", "informatieveil igheid": "informatieveiligheid",
    "schrifteli jk": "schriftelijk", "beveil igd": "beveiligd", "parti j": "partij", "wetteli jk": "wettelijk",
    "verwerkingsverantwoordeli jk": "verwerkingsverantwoordelijk", "bij lage": "bijlage", "(zorg/ ict": "(zorg/ict",
    "KPN- doczend": "KPN-doczend", "clear - desk": "clear-desk", "er we! een": "er wel een",
    "DB- portefeuillehouder": "DB-portefeuillehouder", "GAP- analyse": "GAP-analyse",
    "bijna- voorvallen": "bijna-voorvallen",
}

# ref_id: opening words of the norm, the finding and (where the seed has one) the state of affairs.
STOPLIGHT_ANCHORS = [
    ("1", "De raad heeft een", "Er is geen algemeen privacybeleid", "In het beleidsnota sociaal domein"),
    ("2", "De gemeente heeft met zorgpartners", "Ja, het regelement", None),
    ("3", "Binnen de gemeentelijke organisatie", "Een externe jurist", "Er zijn verschillende protocollen"),
    ("4", "Er zijn afspraken gemaakt tussen", "Er zijn geen expliciete afspraken", "In het kader van"),
    ("5", "De gemeente heeft met externe", "Medewerkers van de gemeenten", "Het gaat er om welke partij"),
    ("6", "Er is binnen de gemeente een gedragscode", "Ja, deze gedragscode", None),
    ("7", "Er wordt periodiek aandacht", "Nee, de leidinggevende", "Training en deskundigheidsbevordering"),
    ("8", "Burgers worden actief", "Er wordt vooraf toestemming", None),
    ("9", "In werkprocessen zijn", "Bij de inrichting van het regiesysteem", None),
    ("10", "Uit het werkproces is", "Nee, uit de gesprekken", "In het kader van"),
    ("11", "De systemen zijn zo ingericht", "Ja, I-samenleving", None),
    ("12", "Er is sprake van een beveiligd", "Ja, er is een beveiligd", "Deze werkwijze is inmiddels"),
    ("13", "Er is een proces ingericht", "Nee, de planning", "Ook dit wordt meegenomen"),
]


def normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    for broken, whole in REPAIRS.items():
        text = text.replace(broken, whole)
    return text


def read(prefix: str) -> str | None:
    """The raw text of the seed whose file name starts with ``prefix``, or None when it is absent."""
    found = sorted(SEED_DIR.glob(f"{prefix}*.txt")) if SEED_DIR.is_dir() else []
    return found[0].read_text(encoding="utf-8") if found else None


def stoplight_rows(raw: str) -> dict[str, tuple[str, str, str]]:
    """ref_id -> (norm, finding, state of affairs), each normalised; state is "" where the seed has none."""
    text = normalise(raw)
    starts: list[tuple[str, str, int]] = []
    position = text.index("stoplicht overzicht.") + len("stoplicht overzicht.")
    for ref, *openings in STOPLIGHT_ANCHORS:
        for kind, opening in zip(("norm", "finding", "state"), openings, strict=True):
            if opening is None:
                continue
            position = text.index(opening, position)
            starts.append((ref, kind, position))
    rows: dict[str, dict[str, str]] = {}
    for index, (ref, kind, start) in enumerate(starts):
        end = starts[index + 1][2] if index + 1 < len(starts) else len(text)
        rows.setdefault(ref, {"norm": "", "finding": "", "state": ""})[kind] = text[start:end].strip()
    return {ref: (cells["norm"], cells["finding"], cells["state"]) for ref, cells in rows.items()}


def memo_recommendations(raw: str) -> dict[int, tuple[str, str]]:
    """Seed 003: number -> (recommendation, the board's response), each normalised."""
    text = normalise(raw)
    text = text.replace(" Aanbevelingen voor colleges van B&W ", " ")
    pieces = re.split(r" (\d)[.:] (?=[A-Z])", " " + text[text.index("Aanbevelingen voor Gemeenteraden"):])
    result = {}
    for number, body in zip(pieces[1::2], pieces[2::2], strict=True):
        recommendation, _sep, response = body.partition(" Reactie college: ")
        result[int(number)] = (recommendation.strip(), response.strip())
    return result
