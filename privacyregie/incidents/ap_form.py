"""The Autoriteit Persoonsgegevens' online notification form for data breaches (art. 33 AVG), encoded once.

Source: the AP's "Meldformulier datalekken" (meldloket on autoriteitpersoonsgegevens.nl).
``AP_SECTIONS`` names the form's sections; ``FORM`` lists, per section, the questions we
answer with their field key, label and kind. The draft page, the PDF and the JSON are
all generated from ``FORM``: ``values`` gives the JSON values (machine-readable: ISO
8601 times with the Amsterdam offset, choice codes, numbers, lists of records) and
``display`` turns each JSON value into the text shown on the page and in the PDF. So
the page, the PDF and the JSON cannot drift apart, and a section added to the AP's
form is one entry here.

Art. 33(3) AVG lists the minimum content (nature, categories and approximate numbers of
people and records, contact point, likely consequences, measures); art. 33(4) allows
providing it in phases (a preliminary notification completed later); art. 34 asks
whether, when and how residents were informed, or on which ground of art. 34(3) not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from .assessment import AffectedGroup, DataCategory, Nature
from .deadlines import iso_local, local
from .models import BreachAssessment, Incident, Measure, ResidentInformation, YesNoUnknown

SCHEMA_VERSION = "privacyregie.ap-melding.v2"
SOURCE = "Autoriteit Persoonsgegevens, Meldformulier datalekken (art. 33 en 34 AVG)"

# The sections of the AP's form, in its order (the source this module follows).
AP_SECTIONS = {
    "contact": gettext_lazy("Contactgegevens"),
    "breach": gettext_lazy("Gegevens over het datalek"),
    "personal_data": gettext_lazy("Welke gegevens"),
    "people": gettext_lazy("Om hoeveel personen"),
    "consequences": gettext_lazy("Gevolgen"),
    "measures": gettext_lazy("Technische en organisatorische maatregelen"),
    "residents": gettext_lazy("Informeren betrokkene(n)"),
    "international": gettext_lazy("Internationale aspecten"),
    "follow_up": gettext_lazy("Vervolgmelding"),
}

TEXT, DATETIME, BOOL, COUNT, CHOICE, CHOICES, RECORDS = "text", "datetime", "bool", "count", "choice", "choices", "records"


class ResidentsStatus(models.TextChoices):
    INFORMED = "geinformeerd", gettext_lazy("Ja, de betrokkenen zijn geïnformeerd")
    NOT_YET = "nog_niet", gettext_lazy("Nog niet; dat gaat gebeuren (hoog risico)")
    EXEMPT = "uitzondering", gettext_lazy("Nee, op grond van art. 34 lid 3 AVG")
    NOT_REQUIRED = "niet_nodig", gettext_lazy("Nee, geen hoog risico voor de betrokkenen")


class Completeness(models.TextChoices):
    PRELIMINARY = "voorlopig", gettext_lazy("Voorlopige melding; wordt aangevuld")
    COMPLETE = "volledig", gettext_lazy("Volledige melding")
    COMPLETED = "aangevuld", gettext_lazy("Voorlopige melding, met een aanvulling volledig gemaakt")


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    get: Callable[[Context], Any] | None = None  # JSON value; None for the columns of a record
    kind: str = TEXT
    choices: type[models.TextChoices] | None = None
    columns: tuple[Field, ...] = ()
    empty: Any = ""  # shown when there is no value (e.g. "onbekend" for an unknown number)


@dataclass(frozen=True)
class Section:
    key: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        number = list(AP_SECTIONS).index(self.key) + 1
        return f"{number}. {AP_SECTIONS[self.key]}"


@dataclass
class Context:
    incident: Incident
    a: BreachAssessment | None
    n: Any  # ApNotification | None

    def att(self, obj: str, name: str, default: Any = "") -> Any:
        target = getattr(self, obj)
        return getattr(target, name) if target is not None else default


def context(incident: Incident) -> Context:
    return Context(incident, getattr(incident, "assessment", None), getattr(incident, "ap_notification", None))


def residents_status(c: Context) -> str:
    from .handling import residents_informed_individually

    if residents_informed_individually(c.incident):
        return ResidentsStatus.INFORMED
    if c.a is not None and c.a.art34_ground:
        return ResidentsStatus.EXEMPT
    if c.a is not None and c.a.inform_residents:
        return ResidentsStatus.NOT_YET
    return ResidentsStatus.NOT_REQUIRED


def _completeness(c: Context) -> str:
    if c.n is None or not c.n.preliminary:
        return Completeness.COMPLETE
    return Completeness.COMPLETED if c.n.completed_at else Completeness.PRELIMINARY


def _measures(c: Context) -> list[dict]:
    return [{"kind": m.kind, "description": m.description, "status": m.status} for m in c.incident.measures.all()]


def _communications(c: Context) -> list[dict]:
    return [{"informed_at": iso_local(r.informed_at), "method": r.method, "group": r.group_description,
             "count": r.residents_count, "message": r.message, "reason_not_individually": r.reason_not_individually}
            for r in c.incident.resident_information.all()]


def _supplements(c: Context) -> list[dict]:
    if c.n is None:
        return []
    return [{"submitted_at": iso_local(s.submitted_at), "text": s.text, "completes": s.completes}
            for s in c.n.supplements.all()]


UNKNOWN = gettext_lazy("onbekend")

FORM: tuple[Section, ...] = (
    Section("contact", (
        Field("organisation_name", _("Naam organisatie"), lambda c: c.incident.organisation.name),
        Field("oin", _("OIN"), lambda c: c.incident.organisation.oin),
        Field("organisation_address", _("Adres organisatie"), lambda c: c.att("n", "organisation_address")),
        Field("contact_name", _("Naam contactpersoon"), lambda c: c.att("n", "contact_name")),
        Field("contact_function", _("Functie contactpersoon"), lambda c: c.att("n", "contact_function")),
        Field("contact_email", _("E-mailadres contactpersoon"), lambda c: c.att("n", "contact_email")),
        Field("contact_phone", _("Telefoonnummer contactpersoon"), lambda c: c.att("n", "contact_phone")),
    )),
    Section("breach", (
        Field("summary", _("Samenvatting"), lambda c: c.incident.title),
        Field("description", _("Wat is er gebeurd"), lambda c: c.incident.description),
        Field("natures", _("Aard van de inbreuk"), lambda c: c.att("a", "natures", []), CHOICES, Nature),
        Field("reported_by_processor", _("Gemeld door verwerker"), lambda c: c.incident.supplier_name),
        Field("started_at", _("Begin van het datalek"), lambda c: iso_local(c.incident.occurred_at), DATETIME,
              empty=UNKNOWN),
        Field("ended_at", _("Einde van het datalek"), lambda c: iso_local(c.incident.ended_at), DATETIME),
        Field("still_ongoing", _("Duurt het datalek nog voort?"), lambda c: c.incident.still_ongoing, BOOL),
        Field("discovered_at", _("Ontdekt op"), lambda c: iso_local(c.incident.discovered_at), DATETIME),
        Field("awareness_at", _("Moment van kennisname verwerkingsverantwoordelijke"),
              lambda c: iso_local(c.incident.awareness_at), DATETIME),
        Field("notification_deadline", _("Uiterste meldtermijn (72 uur)"),
              lambda c: iso_local(c.incident.notification_deadline), DATETIME),
        Field("late_reason", _("Reden van vertraging (na 72 uur)"), lambda c: c.att("n", "late_reason")),
    )),
    Section("personal_data", (
        Field("categories", _("Soorten persoonsgegevens"), lambda c: c.att("a", "data_categories", []), CHOICES,
              DataCategory),
        Field("data_description", _("Omschrijving van de gegevens"), lambda c: c.incident.data_involved),
        Field("records_count", _("Aantal records"), lambda c: c.att("a", "records_count", None), COUNT, empty=UNKNOWN),
    )),
    Section("people", (
        Field("affected_min", _("Aantal betrokkenen (minimaal)"), lambda c: c.att("a", "affected_min", None), COUNT,
              empty=UNKNOWN),
        Field("affected_max", _("Aantal betrokkenen (maximaal)"), lambda c: c.att("a", "affected_max", None), COUNT,
              empty=UNKNOWN),
        Field("groups", _("Categorieën betrokkenen"), lambda c: c.att("a", "affected_groups", []), CHOICES,
              AffectedGroup),
        Field("vulnerable_groups", _("Kwetsbare groepen (bijv. kinderen)"),
              lambda c: c.att("a", "vulnerable_groups", False), BOOL),
        Field("description", _("Omschrijving van de groep"), lambda c: c.incident.affected_description),
    )),
    Section("consequences", (
        Field("consequences", _("Mogelijke gevolgen voor betrokkenen"), lambda c: c.att("a", "consequences")),
        Field("risk", _("Vastgesteld risico"), lambda c: c.att("a", "decided_risk"), CHOICE, BreachAssessment.Risk),
        Field("reasoning", _("Motivering"), lambda c: c.att("a", "decision_reasoning")),
    )),
    Section("measures", (
        Field("protection", _("Waren de gegevens versleuteld, gehasht of anders onbegrijpelijk?"),
              lambda c: c.att("a", "protection"), CHOICE, BreachAssessment.Protection),
        Field("protection_details", _("Hoe waren de gegevens beschermd"), lambda c: c.att("a", "protection_details")),
        Field("prior_measures", _("Maatregelen die vóór het datalek waren getroffen"),
              lambda c: c.att("n", "prior_measures")),
        Field("measures", _("Maatregelen naar aanleiding van het datalek"), _measures, RECORDS, columns=(
            Field("kind", _("Soort"), kind=CHOICE, choices=Measure.Kind),
            Field("description", _("Maatregel")),
            Field("status", _("Status"), kind=CHOICE, choices=Measure.MeasureStatus),
        )),
        Field("follow_up_actions", _("Vervolgacties"), lambda c: c.att("n", "follow_up")),
    )),
    Section("residents", (
        Field("status", _("Zijn of worden de betrokkenen geïnformeerd?"), residents_status, CHOICE, ResidentsStatus),
        Field("communications", _("Wanneer, hoe, hoeveel en met welk bericht"), _communications, RECORDS, columns=(
            Field("informed_at", _("Wanneer"), kind=DATETIME),
            Field("method", _("Hoe"), kind=CHOICE, choices=ResidentInformation.Method),
            Field("group", _("Wie")),
            Field("count", _("Aantal"), kind=COUNT),
            Field("message", _("Bericht")),
            Field("reason_not_individually", _("Waarom niet individueel")),
        )),
        Field("art34_ground", _("Grond om niet te informeren (art. 34 lid 3 AVG)"), lambda c: c.att("a", "art34_ground"),
              CHOICE, BreachAssessment.Art34Ground),
        Field("art34_reasoning", _("Toelichting op de grond"), lambda c: c.att("a", "art34_reasoning")),
    )),
    Section("international", (
        Field("cross_border", _("Betreft het datalek betrokkenen in andere EU-landen (grensoverschrijdend)?"),
              lambda c: c.att("n", "cross_border"), CHOICE, YesNoUnknown),
        Field("countries", _("Welke landen"), lambda c: c.att("n", "cross_border_countries")),
        Field("other_authorities_informed", _("Zijn andere Europese toezichthouders ingelicht?"),
              lambda c: c.att("n", "other_authorities_informed"), CHOICE, YesNoUnknown),
        Field("other_authorities", _("Welke toezichthouders"), lambda c: c.att("n", "other_authorities")),
    )),
    Section("follow_up", (
        Field("completeness", _("Voorlopige of volledige melding"), _completeness, CHOICE, Completeness),
        Field("ap_reference", _("Meldnummer AP"), lambda c: c.att("n", "ap_reference")),
        Field("submitted_at", _("Ingediend op"), lambda c: iso_local(c.att("n", "submitted_at", None)), DATETIME),
        Field("in_time", _("Binnen 72 uur gemeld"), lambda c: c.n.in_time if c.n is not None else None, BOOL),
        Field("supplements", _("Aanvullingen (vervolgmeldingen)"), _supplements, RECORDS, columns=(
            Field("submitted_at", _("Ingediend op"), kind=DATETIME),
            Field("text", _("Aanvulling")),
            Field("completes", _("Maakt de melding volledig"), kind=BOOL),
        )),
        Field("withdrawn_at", _("Ingetrokken op"), lambda c: iso_local(c.att("n", "withdrawn_at", None)), DATETIME),
        Field("withdrawal_reason", _("Reden van intrekking"), lambda c: c.att("n", "withdrawal_reason")),
    )),
)


def display(f: Field, value: Any) -> str:
    """The text for a JSON value, as shown on the page and in the PDF."""
    if value is None or value == "" or value == []:
        return str(f.empty) if f.empty else ""
    if f.kind == BOOL:
        return gettext("ja") if value else gettext("nee")
    if f.kind == DATETIME:
        return f"{local(datetime.fromisoformat(value)):%d-%m-%Y %H:%M}"
    if f.kind == CHOICE:
        return str(f.choices(value).label) if value in f.choices.values else str(value)
    if f.kind == CHOICES:
        return "; ".join(str(f.choices(v).label) if v in f.choices.values else str(v) for v in value)
    if f.kind == RECORDS:
        return "\n".join(" — ".join(f"{col.label}: {text}" for col in f.columns
                                    if (text := display(col, record.get(col.key)))) for record in value)
    return str(value)


def values(incident: Incident) -> dict[str, dict[str, Any]]:
    c = context(incident)
    return {s.key: {f.key: f.get(c) for f in s.fields} for s in FORM}


def sections(incident: Incident) -> list[dict]:
    """Ordered sections with (label, text) per field, for the page and the PDF."""
    data = values(incident)
    return [{"key": s.key, "title": s.title, "fields": [(str(f.label), display(f, data[s.key][f.key])) for f in s.fields]}
            for s in FORM]


def as_json(incident: Incident) -> dict:
    return {"schema": SCHEMA_VERSION, "source": SOURCE, "receipt_number": incident.receipt_number,
            "sections": values(incident)}
