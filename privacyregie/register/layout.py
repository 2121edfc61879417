"""The register as a spreadsheet, in the user's language: column headings and values, both ways.

One column per art. 30 field (``VERSION_FIELDS``, in that order). A column is headed by the label
people see in the register form ("Naam", "Grondslag"); a choice is written as its label
("Wettelijke verplichting (art. 6 lid 1c)"), a yes/no field as "ja" or "nee", and a retention
period in words ("10 jaar"). The export, the import template and the import use only this module,
so what the export writes, the import reads back to the same values.

Reading is forgiving: a heading or value is compared without regard to case, spaces or
underscores, and the older forms stay accepted (the English field names such as ``legal_basis``,
the internal codes such as ``wettelijke_verplichting``, ISO 8601 periods such as ``P10Y``, and
the labels in both interface languages).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import periods
from .art30 import RegisterStatus, Transfers
from .models import VERSION_FIELDS, LegalBasis, ProcessingActivityVersion, ResponsibleBody

COLUMNS = VERSION_FIELDS
BOOLEAN_FIELDS = {"special_categories", "criminal_data", "uses_bsn", "dpia_required", "no_recipients"}
CHOICES = {"status": RegisterStatus, "legal_basis": LegalBasis, "responsible_body": ResponsibleBody,
           "transfers_outside_eea": Transfers}
# Headings that differ from the form's label: the register stores ISO 8601, people write words.
HEADING_OVERRIDES = {"retention_period": gettext_lazy("Bewaartermijn")}
TRUE = {"ja", "yes", "true", "1", "waar", "j", "y"}
FALSE = {"nee", "no", "false", "0", "onwaar", "n", ""}
LANGUAGES = ("nl", "en")

# What each column holds, for the template's "Toelichting" sheet.
EXPLANATIONS = {
    "name": gettext_lazy("De naam van de verwerkingsactiviteit; uniek binnen het register. Verplicht."),
    "status": gettext_lazy("Concept, in gebruik of beëindigd. Leeg betekent 'in gebruik'. Voor een verwerking in "
                           "gebruik zijn alle velden van AVG art. 30 lid 1 verplicht."),
    "controller": gettext_lazy("Wie verantwoordelijk is, meestal het college of de gemeente."),
    "controller_address": gettext_lazy("Het postadres van de verwerkingsverantwoordelijke."),
    "controller_contact": gettext_lazy("Telefoon of e-mailadres van de verwerkingsverantwoordelijke."),
    "dpo_contact": gettext_lazy("Naam en contactgegevens van de functionaris gegevensbescherming."),
    "purposes": gettext_lazy("Waarvoor de gegevens worden verwerkt."),
    "legal_basis": gettext_lazy("De grondslag uit AVG art. 6 lid 1. Verplicht; kies uit de lijst."),
    "legal_article": gettext_lazy("Het wetsartikel waarop de verwerking rust, bijvoorbeeld 'art. 2.3.2 Wmo 2015'."),
    "responsible_body": gettext_lazy("Het bestuursorgaan dat verantwoordelijk is. Leeg betekent het college."),
    "data_subject_categories": gettext_lazy("Over wie het gaat, gescheiden door komma's."),
    "personal_data_categories": gettext_lazy("Welke soorten gegevens, gescheiden door komma's."),
    "special_categories": gettext_lazy("Ja als er bijzondere persoonsgegevens (zoals gezondheid) worden verwerkt."),
    "criminal_data": gettext_lazy("Ja als er strafrechtelijke gegevens worden verwerkt."),
    "uses_bsn": gettext_lazy("Ja als het burgerservicenummer wordt gebruikt."),
    "recipients": gettext_lazy("Aan wie de gegevens worden verstrekt, ook in derde landen."),
    "no_recipients": gettext_lazy("Ja alleen als de gegevens aan niemand worden verstrekt; laat dan de ontvangers "
                                  "leeg."),
    "transfers_outside_eea": gettext_lazy("Kies wel of geen doorgifte; leeg betekent 'nog niet beantwoord', niet "
                                          "'geen'."),
    "third_country_transfers": gettext_lazy("Bij doorgifte: naar welke landen of internationale organisaties."),
    "transfer_safeguards": gettext_lazy("Bij doorgifte: de passende waarborgen."),
    "retention_period": gettext_lazy("Hoe lang de gegevens worden bewaard, in woorden: '10 jaar', '6 maanden' of "
                                     "'2 jaar en 6 maanden'. Een ISO 8601-duur (P10Y) mag ook."),
    "retention_explanation": gettext_lazy("Waarom deze bewaartermijn, bijvoorbeeld de selectielijst."),
    "retention_start_event": gettext_lazy("Wanneer de bewaartermijn ingaat, bijvoorbeeld 'einde van de zaak'."),
    "security_measures": gettext_lazy("Een algemene beschrijving van de technische en organisatorische "
                                      "beveiligingsmaatregelen."),
    "processors": gettext_lazy("De verwerkers die voor ons werken."),
    "dpia_required": gettext_lazy("Ja als een DPIA verplicht is."),
    "dpia_link": gettext_lazy("Een link (https://…) naar de DPIA."),
}


def _key(text) -> str:
    """The form in which headings and values are compared: case, spaces and underscores ignored."""
    return " ".join(str(text or "").replace("_", " ").split()).casefold()


def heading(field: str) -> str:
    """The column heading of a field, as the register form labels it ('Naam', 'Grondslag')."""
    if field in HEADING_OVERRIDES:
        return str(HEADING_OVERRIDES[field])
    return capfirst(str(ProcessingActivityVersion._meta.get_field(field).verbose_name))


def headings() -> list[str]:
    return [heading(f) for f in COLUMNS]


def _heading_aliases() -> dict[str, str]:
    aliases = {}
    for language in LANGUAGES:
        with translation.override(language):
            for field in COLUMNS:
                aliases[_key(heading(field))] = field
                aliases[_key(ProcessingActivityVersion._meta.get_field(field).verbose_name)] = field
    aliases.update({_key(field): field for field in COLUMNS})  # the older English field names
    return aliases


def field_for(text: str) -> str | None:
    """The field a column heading names, or None: 'Grondslag', ' grondslag ', 'legal_basis' -> 'legal_basis'."""
    return _heading_aliases().get(_key(text))


def choice_labels(field: str) -> list[str]:
    """The values offered for a choice field, as the template's drop-down list shows them."""
    return [capfirst(str(label)) for _code, label in CHOICES[field].choices]


def yes_no() -> list[str]:
    return [_("ja"), _("nee")]


def to_cell(field: str, value):
    """A stored value as the spreadsheet shows it."""
    if field in BOOLEAN_FIELDS:
        return _("ja") if value else _("nee")
    if field in CHOICES:
        return capfirst(str(CHOICES[field](value).label)) if value in CHOICES[field].values else (value or "")
    if field == "retention_period":
        return periods.to_words(value)
    return value


def _choice_aliases(field: str) -> dict[str, str]:
    aliases = {}
    for language in LANGUAGES:
        with translation.override(language):
            for code, label in CHOICES[field].choices:
                text = str(label)
                aliases[_key(text)] = code
                aliases[_key(text.split(" (")[0])] = code  # 'Wettelijke verplichting' without the article
    aliases.update({_key(code): code for code in CHOICES[field].values})
    return aliases


def from_cell(field: str, text: str):
    """A cell's text as the value to store; raises ValidationError with a Dutch message (no column named)."""
    value = (text or "").strip()
    if field in BOOLEAN_FIELDS:
        if value.casefold() in TRUE:
            return True
        if value.casefold() in FALSE:
            return False
        raise ValidationError(_("'%(v)s' is geen geldige waarde; vul ja of nee in.") % {"v": value}, code="yes_no")
    if field in CHOICES:
        if not value:
            return ""
        code = _choice_aliases(field).get(_key(value))
        if code is None:
            raise ValidationError(_("'%(v)s' is geen geldige keuze. Kies uit: %(ok)s.") % {
                "v": value, "ok": "; ".join(choice_labels(field))}, code="choice")
        return code
    if field == "retention_period":
        return periods.parse(value)  # '10 jaar' as well as 'P10Y'
    return value
