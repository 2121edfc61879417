"""Demo register: the starter set for both organisations, complete under AVG art. 30 (every
activity in force passes the checks); for BEL the processor's register (art. 30(2)) for the
three municipalities, a dozen partners with agreements in every status (one expired, one
missing) and a landscape of ten applications with one unencrypted link. Loading twice changes
nothing. Addresses and e-mail addresses are placeholders (example.nl)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation

from .models import (
    Agreement,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessingController,
    ProcessorActivity,
    SystemLink,
)
from .starter import load_starter_set

# The controllers' art. 30(1)(a) details and the explicit answer on transfers, per organisation.
CONTROLLERS = {
    "bel": {
        # the controllers only: that BEL Combinatie carries out their tasks is its processor's register
        # (art. 30(2)) and the privacy statement's "Wie is verantwoordelijk?"
        "controller": "De colleges van burgemeester en wethouders van Blaricum, Eemnes en Laren (elk voor de eigen "
                      "inwoners)",
        "controller_address": "BEL Combinatie, Postbus 123, 1250 AC Laren",
        "controller_contact": "privacy@bel.example.nl, via het contactformulier op www.bel.example.nl",
        "dpo_contact": "Functionaris gegevensbescherming BEL, fg@bel.example.nl",
        "transfers_outside_eea": "geen",
    },
    "haren": {
        "controller": "College van burgemeester en wethouders van Haren",
        "controller_address": "Gemeente Haren, Postbus 21, 9750 AA Haren",
        "controller_contact": "privacy@haren.example.nl, via het contactformulier op www.haren.example.nl",
        "dpo_contact": "Functionaris gegevensbescherming Haren, fg@haren.example.nl",
        "transfers_outside_eea": "geen",
    },
}

# BEL as processor (art. 30(2)): the three colleges are the controllers of the social-domain tasks.
PROCESSOR_CONTROLLERS = [
    ("College van burgemeester en wethouders van Blaricum", "Gemeente Blaricum, Postbus 1000, 1260 BA Blaricum",
     "privacy@blaricum.example.nl", "FG gemeente Blaricum, fg@blaricum.example.nl"),
    ("College van burgemeester en wethouders van Eemnes", "Gemeente Eemnes, Postbus 1000, 3755 ZH Eemnes",
     "privacy@eemnes.example.nl", "FG gemeente Eemnes, fg@eemnes.example.nl"),
    ("College van burgemeester en wethouders van Laren", "Gemeente Laren, Postbus 1000, 1250 BA Laren",
     "privacy@laren.example.nl", "FG gemeente Laren, fg@laren.example.nl"),
]
PROCESSOR_ACTIVITIES = [
    ("Uitvoering Jeugdwet", "Toegang tot jeugdhulp, toewijzen en volgen van jeugdhulp voor jeugdigen en gezinnen."),
    ("Uitvoering Wmo 2015", "Onderzoek naar de ondersteuningsvraag en beslissen over maatwerkvoorzieningen."),
    ("Uitvoering Participatiewet", "Aanvragen bijstand beoordelen, uitkeringen verstrekken, re-integratie."),
    ("Uitvoering schuldhulpverlening", "Plan van aanpak en schuldregeling voor inwoners met schulden."),
]

PARTNERS = [
    # name, kind, role, oin, kvk, agreement (kind, status, years left) or None
    ("Zorgaanbieder De Linde", "zorgaanbieder", "verantwoordelijke", "", "41234567", ("convenant", "getekend", 2)),
    ("Jeugdzorg Gooi", "zorgaanbieder", "verantwoordelijke", "", "51234568", ("convenant", "getekend", 1)),
    ("Huisartsenpraktijk Blaricum", "huisarts", "verantwoordelijke", "", "61234569", ("convenant", "concept", 3)),
    ("Regio Gooi en Vechtstreek (inkoop jeugd)", "inkooporganisatie", "gezamenlijk", "00000001821699180000", "",
     ("convenant", "getekend", 2)),
    ("Centrum voor Jeugd en Gezin", "overheid", "verantwoordelijke", "00000001003214345000", "", ("convenant", "beëindigd", -1)),
    ("SociaalDomein Software B.V.", "leverancier", "verwerker", "", "71234560", ("verwerkersovereenkomst", "getekend", 2)),
    ("Zaaksysteem Cloud B.V.", "leverancier", "verwerker", "", "71234561", ("verwerkersovereenkomst", "getekend", 3)),
    ("DocVeilig Archief B.V.", "leverancier", "verwerker", "", "71234562", ("verwerkersovereenkomst", "getekend", -1)),
    ("MailBeveiligd B.V.", "leverancier", "verwerker", "", "71234563", ("verwerkersovereenkomst", "concept", 2)),
    ("Printstraat Noord B.V.", "leverancier", "verwerker", "", "71234564", None),
    ("Inlichtingenbureau", "overheid", "verantwoordelijke", "00000001803197049000", "", ("convenant", "getekend", 4)),
    ("Kredietbank Gooi", "overheid", "verantwoordelijke", "", "81234565", ("convenant", "getekend", 2)),
]

# What each partner's agreement covers (core.categories codes); the rest get the ordinary case data.
ORDINARY = ["identificerend", "contact", "ondersteuning"]
AGREEMENT_CATEGORIES = {
    "Zorgaanbieder De Linde": [*ORDINARY, "gezin", "gezondheid"],
    "Jeugdzorg Gooi": [*ORDINARY, "gezin", "gezondheid"],
    "Huisartsenpraktijk Blaricum": [*ORDINARY, "gezondheid"],
    "Regio Gooi en Vechtstreek (inkoop jeugd)": [*ORDINARY, "bsn"],
    "SociaalDomein Software B.V.": [*ORDINARY, "bsn", "gezin", "gezondheid", "financieel", "werk_inkomen"],
    "Zaaksysteem Cloud B.V.": [*ORDINARY, "bsn", "gezin", "gezondheid", "financieel", "werk_inkomen"],
    "Inlichtingenbureau": ["identificerend", "bsn", "werk_inkomen", "financieel"],
    "Kredietbank Gooi": [*ORDINARY, "bsn", "financieel", "gezin", "werk_inkomen"],
}

# Activities an agreement covers beyond the first two (so the demo's Wmo and debt-relief cases can share).
EXTRA_ACTIVITIES = {
    "Kredietbank Gooi": ["Schuldhulpverlening"],
    "Inlichtingenbureau": ["Schuldhulpverlening"],
    "Zorgaanbieder De Linde": ["Wmo-maatwerkvoorziening"],
}


def _fill_agreement_categories(org) -> None:
    """Demo agreements name the data categories they cover (also in a demo database from before)."""
    for agreement in Agreement.objects.filter(organisation=org, data_categories=[]).select_related("partner"):
        agreement.data_categories = AGREEMENT_CATEGORIES.get(agreement.partner.name, ORDINARY)
        agreement.save(update_fields=["data_categories"])


def _fill_extra_activities(org) -> None:
    """The demo's debt-relief and Wmo partners cover those activities (also in a demo database from before)."""
    for name, activity_names in EXTRA_ACTIVITIES.items():
        activities = list(ProcessingActivity.objects.filter(organisation=org, name__in=activity_names))
        for partner in ChainPartner.objects.filter(organisation=org, name=name):
            partner.activities.add(*activities)
            for agreement in partner.agreements.all():
                agreement.activities.add(*activities)


SYSTEMS = [
    # name, supplier, hosting, owner
    ("Regiesysteem Sociaal Domein", "SociaalDomein Software B.V.", "SaaS (NL-datacentrum)", "Teamleider Toegang"),
    ("Zaaksysteem", "Zaaksysteem Cloud B.V.", "SaaS", "Informatiemanager"),
    ("Documentarchief", "DocVeilig Archief B.V.", "SaaS", "Archivaris"),
    ("Veilige mail", "MailBeveiligd B.V.", "SaaS", "CISO"),
    ("Printstraat", "Printstraat Noord B.V.", "extern rekencentrum", ""),
    ("Basisregistratie Personen (BRP)", "", "eigen beheer", "Burgerzaken"),
    ("Suwinet-Inkijk", "", "Suwinet", "Team Participatie"),
    ("Financieel systeem", "", "eigen beheer", "Financiën"),
    ("iJw-berichtenverkeer (VECOZO)", "", "VECOZO", "Functioneel beheer"),
    ("Privacyregie", "", "eigen beheer", "Privacy officer"),
]

LINKS = [
    ("Regiesysteem Sociaal Domein", "Basisregistratie Personen (BRP)", "StUF-BG", "Diginetwerk", True),
    ("Regiesysteem Sociaal Domein", "Zaaksysteem", "ZGW API's (HTTPS)", "internet, TLS 1.3", True),
    ("Zaaksysteem", "Documentarchief", "CMIS over HTTPS", "internet, TLS 1.2", True),
    ("Regiesysteem Sociaal Domein", "iJw-berichtenverkeer (VECOZO)", "iJw/iWmo", "VECOZO-verbinding", True),
    ("Regiesysteem Sociaal Domein", "Financieel systeem", "SFTP", "intern netwerk", True),
    ("Regiesysteem Sociaal Domein", "Printstraat", "FTP (platte tekst)", "internet", False),
    ("Suwinet-Inkijk", "Regiesysteem Sociaal Domein", "handmatig", "Suwinet", True),
    ("Veilige mail", "Zaaksysteem", "HTTPS", "internet, TLS 1.3", True),
    ("Privacyregie", "Regiesysteem Sociaal Domein", "HTTPS", "intern netwerk, TLS 1.3", True),
]


@transaction.atomic
def load() -> None:
    for org in Organisation.objects.filter(slug__in=["bel", "haren"]):
        load_starter_set(org, details=CONTROLLERS[org.slug])
        _complete_starter_activities(org)
    bel = Organisation.objects.get(slug="bel")
    _load_processor_register(bel)
    if ChainPartner.objects.filter(organisation=bel).exists():
        _fill_agreement_categories(bel)
        _fill_extra_activities(bel)
        return
    today = timezone.localdate()
    activities = list(ProcessingActivity.objects.filter(organisation=bel))
    partners = {}
    for name, kind, role, oin, kvk_number, agreement in PARTNERS:
        partner = ChainPartner.objects.create(organisation=bel, name=name, kind=kind, role=role, oin=oin,
                                              kvk_number=kvk_number, contact_email="privacy@example.nl")
        partner.activities.set(activities[:2])
        partners[name] = partner
        if agreement:
            a_kind, a_status, years = agreement
            starts = today - timedelta(days=365 * 2)
            ends = today + timedelta(days=365 * years) if years > 0 else today - timedelta(days=20)
            created = Agreement.objects.create(
                organisation=bel, partner=partner, kind=a_kind, status=a_status if a_status != "verlopen" else "getekend",
                title=f"{'Verwerkersovereenkomst' if a_kind == 'verwerkersovereenkomst' else 'Convenant'} {name}",
                scope="Gegevens van inwoners in het sociaal domein voor de afgesproken taak",
                starts_on=starts, ends_on=ends, review_on=ends - timedelta(days=90) if ends else None,
                security_reporting="Jaarlijkse ISAE 3402-verklaring en pentestrapport",
                last_report_on=today - timedelta(days=400 if name.startswith("Zaaksysteem") else 120),
            )
            created.activities.set(activities[:2])
    _fill_agreement_categories(bel)
    _fill_extra_activities(bel)
    systems = {}
    for name, supplier, hosting, owner in SYSTEMS:
        supplier_obj = partners.get(supplier)
        agreement = None
        if supplier_obj:
            agreement = supplier_obj.agreements.filter(kind="verwerkersovereenkomst", status="getekend").first()
        systems[name] = InformationSystem.objects.create(
            organisation=bel, name=name, supplier=supplier_obj, hosting=hosting, owner=owner,
            processor_agreement=agreement, data_categories="NAW, BSN, zorggegevens" if supplier_obj else "",
            confidentiality="vertrouwelijk",
        )
        systems[name].activities.set(activities[:2])
    for source, target, protocol, line, encrypted in LINKS:
        SystemLink.objects.create(organisation=bel, source=systems[source], target=systems[target], protocol=protocol,
                                  line_type=line, encrypted=encrypted, owner="Functioneel beheer")


def _complete_starter_activities(org) -> None:
    """A demo database from before the art. 30 rule: complete its starter activities with a new version (once)."""
    from .art30 import art30_1_missing
    from .services import save_activity, version_data

    for activity in ProcessingActivity.objects.filter(organisation=org).prefetch_related("versions"):
        version = activity.current
        if version is not None and version.change_note == "startset sociaal domein" and art30_1_missing(version):
            save_activity(org, {**version_data(version), **CONTROLLERS[org.slug]}, activity=activity,
                          note="aangevuld volgens AVG art. 30")


def _load_processor_register(bel) -> None:
    if ProcessorActivity.objects.filter(organisation=bel).exists():
        return
    from .starter import COMMON

    controllers = [ProcessingController.objects.get_or_create(
        organisation=bel, name=name, defaults={"address": address, "contact": contact, "dpo_contact": dpo})[0]
        for name, address, contact, dpo in PROCESSOR_CONTROLLERS]
    for name, description in PROCESSOR_ACTIVITIES:
        record = ProcessorActivity(
            organisation=bel, name=name, description=description,
            processor_contact="BEL Combinatie, Postbus 123, 1250 AC Laren, privacy@bel.example.nl",
            processor_dpo_contact=CONTROLLERS["bel"]["dpo_contact"], transfers_outside_eea="geen",
            security_measures=COMMON["security_measures"])
        record.full_clean()
        record.save()
        record.controllers.set(controllers)
