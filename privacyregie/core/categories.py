"""The one list of categories of personal data, shared by every capability that must name them.

Consents (what a resident agreed to share), agreements and covenants (what a partner may
receive), the sharing decision (is this category covered?) and the check before sending
(which categories does this text or file contain?) all speak this vocabulary, so a finding
of the scanner can be compared with what an agreement covers.

Sources: AVG art. 9(1) (special categories), art. 10 (criminal convictions and offences),
UAVG art. 46 (the BSN as national identification number). The ordinary categories are the
ones the social domain's registers use (seed 003, the register of processing activities).
This module holds names only; it never stores or inspects personal data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    # ordinary personal data
    IDENTIFYING = "identificerend", _("Naam, adres en geboortedatum")
    CONTACT = "contact", _("Contactgegevens (telefoon, e-mail)")
    NATIONAL_ID = "bsn", _("Burgerservicenummer (BSN)")
    FINANCIAL = "financieel", _("Financiële gegevens (inkomen, schulden, rekeningnummer)")
    WORK_AND_INCOME = "werk_inkomen", _("Werk, uitkering en re-integratie")
    HOUSEHOLD = "gezin", _("Gezinssituatie en huishouden")
    SUPPORT = "ondersteuning", _("Hulpvraag en ondersteuning (Wmo, jeugdhulp)")
    # special categories (AVG art. 9(1))
    HEALTH = "gezondheid", _("Gezondheid (ook diagnoses en medicatie)")
    ETHNICITY = "etniciteit", _("Ras of etnische afkomst")
    POLITICS = "politiek", _("Politieke opvattingen")
    RELIGION = "religie", _("Religieuze of levensbeschouwelijke overtuigingen")
    TRADE_UNION = "vakbond", _("Lidmaatschap van een vakbond")
    GENETIC = "genetisch", _("Genetische gegevens")
    BIOMETRIC = "biometrisch", _("Biometrische gegevens voor identificatie")
    SEXUALITY = "seksualiteit", _("Seksueel gedrag of seksuele gerichtheid")
    # criminal data (AVG art. 10)
    CRIMINAL = "strafrechtelijk", _("Strafrechtelijke gegevens")


# AVG art. 9(1): processing is prohibited unless an exception of art. 9(2) applies.
SPECIAL_CATEGORIES = frozenset({
    DataCategory.HEALTH, DataCategory.ETHNICITY, DataCategory.POLITICS, DataCategory.RELIGION,
    DataCategory.TRADE_UNION, DataCategory.GENETIC, DataCategory.BIOMETRIC, DataCategory.SEXUALITY,
})
# AVG art. 10: only under official authority or where Union or member-state law allows it.
CRIMINAL_CATEGORIES = frozenset({DataCategory.CRIMINAL})


def is_sensitive(category: str) -> bool:
    """Special (art. 9) or criminal (art. 10) data: never shared without explicit cover."""
    return category in SPECIAL_CATEGORIES or category in CRIMINAL_CATEGORIES


def labels(categories) -> list[str]:
    """The Dutch labels of the given category codes, in the order of the list above; unknown codes are skipped."""
    wanted = set(categories or ())
    return [str(choice.label) for choice in DataCategory if choice.value in wanted]


def validate_categories(value) -> None:
    """A stored list of category codes: a list of known codes, each once (for JSON fields)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _t

    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_t("Kies gegevenscategorieën uit de lijst."), code="invalid_categories")
    unknown = sorted(set(value) - set(DataCategory.values))
    if unknown:
        raise ValidationError(_t("Onbekende gegevenscategorie: %(codes)s.") % {"codes": ", ".join(unknown)},
                              code="unknown_category")
    if len(set(value)) != len(value):
        raise ValidationError(_t("Een gegevenscategorie staat er meer dan eens in."), code="duplicate_category")
