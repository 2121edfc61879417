"""A generated Dutch test set for the check before sending, and the precision and recall of each detector.

    python bench/scan_corpus.py [--seed 12] [--per-kind 400] [--write-docs]

Every case is one short Dutch text with a kind (bsn, iban, telefoon, geboortedatum, bijzonder) and
whether it truly contains that kind. True cases: valid BSNs (11-test) with and without the word "BSN",
in groups or plain; valid IBANs of NL, DE, BE, FR and AT, grouped or not; Dutch mobile and landline
numbers in the usual notations; birth dates with a context word or as dd-mm-yyyy of an adult; sentences
from case notes with special-category words. False cases: 9-digit numbers failing the 11-test (also
right after "BSN"), order and invoice numbers that pass it, IBANs with one digit wrong, product codes,
service numbers (0800, 0900), customer numbers, dates of meetings, decisions and events, impossible
dates, neutral sentences from municipal letters.

For each detector, over ALL cases: a true positive is a true case of its kind in which it finds its
kind, a false positive any other case in which it finds its kind (so an order number reported as a
phone number counts against the phone detector). Prints one JSON object; ``--write-docs`` replaces
the table in docs/scanning.md. The fixed seed makes the set, and so the numbers, reproducible.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("bsn", "iban", "telefoon", "geboortedatum", "bijzonder")
TODAY = date(2026, 11, 30)

FIRST = ["Jan", "Fatima", "Sanne", "Mohamed", "Emma", "Daan", "Noah", "Yasmina", "Pieter", "Anouk", "Kees", "Ayla"]
LAST = ["de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Smit", "Yilmaz", "de Boer", "Mulder", "Bos"]
PLACES = ["Laren", "Eemnes", "Blaricum", "Haren", "Hilversum"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]

SPECIAL = [  # sentences as they appear in case notes; not generated from the word list
    "{n} is bekend met ADHD en gebruikt Ritalin.", "Bij {n} is autisme vastgesteld door de kinderpsychiater.",
    "{n} heeft last van een depressie sinds het overlijden van haar moeder.",
    "Moeder is opgenomen geweest in verband met een psychose.", "{n} slikt antidepressiva.",
    "Er is sprake van een alcoholverslaving bij vader.", "{n} is verslaafd aan gokken.",
    "{n} heeft een licht verstandelijke beperking.", "De GGZ is betrokken bij het gezin.",
    "{n} heeft een eetstoornis en is onder behandeling bij een psycholoog.",
    "{n} heeft diabetes en moet dagelijks insuline spuiten.", "Vader heeft kanker en is veel in het ziekenhuis.",
    "{n} is zwanger van haar tweede kind.", "{n} zit in een rolstoel.", "Er zijn zorgen over suïcidale uitspraken.",
    "{n} heeft een burn-out en is arbeidsongeschikt.", "{n} is gediagnosticeerd met PTSS.",
    "{n} is in 2019 veroordeeld voor diefstal.", "Vader heeft een strafblad.", "{n} staat onder reclasseringstoezicht.",
    "{n} heeft een werkstraf gekregen.", "{n} heeft een enkelband.", "Er is melding gedaan van huiselijk geweld.",
    "Oom verblijft in de gevangenis.", "{n} was verdachte in een strafzaak.",
    "Het gezin is islamitisch en bezoekt de moskee.", "{n} is katholiek opgevoed.", "{n} draagt een hoofddoek.",
    "{n} is lid van de vakbond.", "{n} is homoseksueel en heeft dat thuis nog niet verteld.",
    "{n} is transgender.", "Er is sprake geweest van seksueel misbruik.", "{n} is statushouder uit Syrië.",
    "Het gezin heeft een Marokkaanse achtergrond.", "{n} heeft een migratieachtergrond.",
    "{n} heeft epilepsie.", "{n} heeft een angststoornis.", "{n} gebruikt medicatie voor zijn hart.",
    "Moeder lijdt aan dementie.", "{n} heeft een trauma opgelopen.",
    # realistic notes whose words are NOT on the list: the misses that recall must show
    "{n} heeft suikerziekte.", "{n} hoort stemmen en is erg achterdochtig.", "{n} zat vast in Nieuwersluis.",
]
NEUTRAL = [
    "Uw aanvraag is in behandeling genomen.", "Wij nemen binnen acht weken een besluit.",
    "De gemeente organiseert een informatieavond over de Wmo.", "Het gesprek vond plaats in het gemeentehuis.",
    "{n} heeft een huishoudelijke hulp aangevraagd.", "De energietransitie vraagt veel van de gemeente.",
    "Wilt u de bijlage ondertekend terugsturen?", "{n} woont sinds kort in {p}.",
    "De vergadering van de raad is openbaar.", "Het college heeft de aanbeveling overgenomen.",
    "De communicatie met de aanbieder verliep goed.", "{n} wil graag een andere woning.",
    "Het verslag van het keukentafelgesprek volgt.", "Wij verwijzen u naar het Sociaal Loket.",
    "De schuldhulpverlener neemt contact met u op.", "{n} krijgt een persoonsgebonden budget.",
    "De kerk aan het plein wordt gerestaureerd.", "De partij diende een motie in bij de raad.",
    "Het rapport van de rekenkamer is gepubliceerd.", "De aanbesteding voor jeugdhulp is gestart.",
    "{n} heeft de vragenlijst ingevuld.", "De trap naar de tweede verdieping is vernieuwd.",
    "Wij ontvingen uw bezwaarschrift.", "Het team bespreekt de casus in het overleg.",
]


@dataclass(frozen=True)
class Case:
    kind: str
    truth: bool
    text: str


def _bsn(rng: random.Random, valid: bool) -> str:
    while True:
        eight = "".join(rng.choice("0123456789") for _ in range(8))
        check = sum(int(d) * w for d, w in zip(eight, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        if valid and check < 10 and eight != "00000000":
            return eight + str(check)
        if not valid:
            last = rng.choice([d for d in "0123456789" if d != str(check)])
            return eight + last


def _iban(country: str, bban: str) -> str:
    check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    return f"{country}{check:02d}{bban}"


def _random_iban(rng: random.Random) -> str:
    """A valid IBAN (also by the national rules python-stdnum checks, such as Belgium's known bank codes)."""
    from stdnum import iban

    while not iban.is_valid(number := _draw_iban(rng)):
        pass
    return number


def _draw_iban(rng: random.Random) -> str:
    country = rng.choice(["NL", "NL", "NL", "DE", "BE", "FR", "AT"])
    digits = {"DE": 18, "BE": 10, "FR": 23, "AT": 16}.get(country, 10)
    bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) if country == "NL" else ""
    bban = bank + "".join(rng.choice("0123456789") for _ in range(digits))
    if country == "BE":  # the Belgian account number carries its own mod-97 check
        bban += f"{int(bban) % 97 or 97:02d}"
    return _iban(country, bban)


def _group(value: str, size: int = 4) -> str:
    return " ".join(value[i:i + size] for i in range(0, len(value), size))


def _name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _phone(rng: random.Random) -> str:
    mobile = "6" + rng.choice("12345") + "".join(rng.choice("0123456789") for _ in range(7))
    area = rng.choice(["20", "10", "35", "50", "345", "294"])
    landline = area + rng.choice("23456789") + "".join(rng.choice("0123456789") for _ in range(8 - len(area)))
    number = rng.choice([mobile, landline])
    rest = number[len(area):] if number == landline else number[1:]
    head = area if number == landline else "6"
    return rng.choice([
        f"0{number}", f"0{head}-{rest}", f"0{head} {rest}", f"+31 {head} {rest}", f"+31{number}",
        f"0031 {head} {rest}", f"(0{head}) {rest}", f"+31 (0){head} {rest}",
        f"0{head} {rest[:3]} {rest[3:]}" if len(rest) > 6 else f"0{head}-{rest}",
    ])


def _date(rng: random.Random, start: int, end: int) -> date:
    first = date(start, 1, 1)
    return first + timedelta(days=rng.randrange((date(end, 12, 31) - first).days))


def generate(seed: int = 12, per_kind: int = 400) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(per_kind):
        n = _name(rng)
        number = _bsn(rng, True)
        written = rng.choice([number, f"{number[:4]}.{number[4:6]}.{number[6:]}", f"{number[:3]} {number[3:6]} {number[6:]}"])
        cases.append(Case("bsn", True, rng.choice([
            f"BSN: {written}", f"Het burgerservicenummer van {n} is {written}.", f"{n} ({written}) is aangemeld.",
            f"naam;bsn;woonplaats\n{n};{number};{rng.choice(PLACES)}", f"Sofinummer {written}",
        ])))
        wrong = _bsn(rng, False)
        order = _bsn(rng, True)
        cases.append(Case("bsn", False, rng.choice([
            f"BSN: {wrong}", f"{n} ({wrong}) is aangemeld.", f"Ordernummer {order} is verzonden.",
            f"Factuurnummer {order}", f"Uw kenmerk: {order}", f"Klantnummer {wrong}",
            f"Registratienummer 1{order}", f"Zaaknummer 2026-{order[:6]}",
        ])))
        iban = _random_iban(rng)
        cases.append(Case("iban", True, rng.choice([
            f"Graag overmaken op {iban} t.n.v. {n}.", f"IBAN: {_group(iban)}", f"Rekeningnummer {iban.lower()}",
        ])))
        broken = list(_random_iban(rng))
        position = rng.randrange(4, len(broken))
        broken[position] = str((int(broken[position]) + rng.randint(1, 9)) % 10) if broken[position].isdigit() else "X"
        code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2)) + "".join(
            rng.choice("0123456789") for _ in range(14))
        cases.append(Case("iban", False, rng.choice([
            f"IBAN: {''.join(broken)}", f"Artikelcode {code}", f"Productcode {_group(code)}",
        ])))
        cases.append(Case("telefoon", True, rng.choice([
            f"Bel {n} op {_phone(rng)}.", f"Telefoon: {_phone(rng)}", f"Bereikbaar via {_phone(rng)} (na 17 uur)",
        ])))
        digits = "".join(rng.choice("0123456789") for _ in range(9))
        cases.append(Case("telefoon", False, rng.choice([
            f"Bel gratis 0800-{digits[:4]}", f"Informatielijn 0900-{digits[:4]}", f"Klantnummer 0{digits}",
            f"Afspraak op {_date(rng, 2025, 2026):%d-%m-%Y} {rng.randint(8, 17)}:00",
            f"Postcode 1251 {digits[:2].replace('0', '1')}", f"Bedrag € {digits[:3]}.{digits[3:6]},{digits[6:8]}",
            f"Telefoon 06-{digits[:7]}",
        ])))
        born = _date(rng, 1930, 2024)
        adult = _date(rng, 1930, TODAY.year - 19)
        cases.append(Case("geboortedatum", True, rng.choice([
            f"{n}, geboren op {born:%d-%m-%Y}", f"geb. {born.day}-{born.month}-{born.year}",
            f"Geboortedatum: {born:%Y-%m-%d}", f"{n} is geboren op {born.day} {MONTHS[born.month - 1]} {born.year}.",
            f"{n} ({adult:%d-%m-%Y}) woont in {rng.choice(PLACES)}.",
        ])))
        recent = _date(rng, 2010, 2026)
        old = _date(rng, 1960, 2005)
        cases.append(Case("geboortedatum", False, rng.choice([
            f"Het gesprek vond plaats op {recent:%d-%m-%Y}.", f"Besluit van {old:%d-%m-%Y}",
            f"Ingangsdatum: {recent:%d-%m-%Y}", f"geboren 31-02-{old.year}", f"op {recent.day} {MONTHS[recent.month - 1]} "
            f"{recent.year} vergaderde de raad", f"De woning is in {old:%d-%m-%Y} opgeleverd.",
            f"Sinds {old:%d-%m-%Y} woont {n} in {rng.choice(PLACES)}.",
        ])))
        cases.append(Case("bijzonder", True, rng.choice(SPECIAL).format(n=n, p=rng.choice(PLACES))))
        cases.append(Case("bijzonder", False, rng.choice(NEUTRAL).format(n=n, p=rng.choice(PLACES))))
    return cases


def measure(cases: list[Case], today: date = TODAY) -> dict:
    from privacyregie.core.scanning import scan_text

    counts = {kind: {"tp": 0, "fp": 0, "fn": 0, "true_cases": 0, "false_cases": 0} for kind in KINDS}
    for case in cases:
        found = {f.kind for f in scan_text(case.text, today=today)}
        counts[case.kind]["true_cases" if case.truth else "false_cases"] += 1
        for kind in KINDS:
            positive = case.kind == kind and case.truth
            if kind in found:
                counts[kind]["tp" if positive else "fp"] += 1
            elif positive:
                counts[kind]["fn"] += 1
    scores = {}
    for kind, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        scores[kind] = {**c, "precision": round(precision, 3), "recall": round(recall, 3)}
    return scores


LABELS = {"bsn": "BSN (11-test)", "iban": "IBAN", "telefoon": "Telefoonnummer", "geboortedatum": "Geboortedatum",
          "bijzonder": "Woorden bijzondere / strafrechtelijke gegevens"}
BEGIN, END = "<!-- scan-corpus:begin -->", "<!-- scan-corpus:end -->"


def table(scores: dict, seed: int, per_kind: int) -> str:
    lines = [BEGIN, f"Generated set: seed {seed}, {per_kind} true and {per_kind} false cases per detector "
                    f"(`python bench/scan_corpus.py --seed {seed} --per-kind {per_kind}`).", "",
             "| detector | true cases | false cases | found (TP) | false alarms (FP) | missed (FN) | precision | recall |",
             "|---|---|---|---|---|---|---|---|"]
    for kind, s in scores.items():
        lines.append(f"| {LABELS[kind]} | {s['true_cases']} | {s['false_cases']} | {s['tp']} | {s['fp']} | {s['fn']} "
                     f"| {s['precision']:.3f} | {s['recall']:.3f} |")
    return "\n".join(lines + [END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--per-kind", type=int, default=400)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyregie.settings")
    import django

    django.setup()
    scores = measure(generate(args.seed, args.per_kind))
    print(json.dumps({"seed": args.seed, "per_kind": args.per_kind, "detectors": scores}, indent=2))
    if args.write_docs:
        path = ROOT / "docs" / "scanning.md"
        text = path.read_text(encoding="utf-8")
        start, end = text.index(BEGIN), text.index(END) + len(END)
        path.write_text(text[:start] + table(scores, args.seed, args.per_kind) + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
