"""Retention rules in words, and how a processing activity's version names its Selectielijst results.

The Selectielijst gemeenten en intergemeentelijke organen 2020 gives each result a term (``bewaartermijn``,
ISO 8601) and the moment the term starts (``procestermijn``): "nihil" means the term starts when the case
is closed; "bestaansduur_procesobject" means it starts when the process object (the provision, the
permit) ends. People read "8.1.2 Verstrekt — 20 jaar na afsluiting", never "P20Y".
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from privacyregie.register.periods import to_words

from .models import Valuation


def start_in_words(result) -> str:
    """When the term starts, from the result's ``procestermijn``."""
    kind = getattr(result, "process_term", "") or ""
    if kind == "nihil":
        return _("na afsluiting")
    if kind in ("bestaansduur_procesobject", "ingeschatte_bestaansduur_procesobject"):
        obj = (getattr(result.process_type, "process_object", "") or "").strip()
        if obj:
            return _("na het einde van %(object)s") % {"object": obj[0].lower() + obj[1:]}
        return _("na het einde van het procesobject")
    if kind == "vast_te_leggen_datum":
        return _("na een vast te leggen datum")
    if kind == "samengevoegd_met_bewaartermijn":
        return _("na afsluiting (procestermijn inbegrepen)")
    return _("na afsluiting")


def term_in_words(result) -> str:
    """'20 jaar na afsluiting', 'blijvend bewaren', 'vervallen' or 'geen termijn in de selectielijst'."""
    if result is None:
        return _("geen resultaat gekozen")
    if result.valuation == Valuation.WITHDRAWN:
        return _("vervallen")
    if result.valuation == Valuation.KEEP:
        return _("blijvend bewaren")
    if not result.retention_term:
        return _("geen termijn in de selectielijst")
    return f"{to_words(result.retention_term)} {start_in_words(result)}"


def result_label(result) -> str:
    """'8.1.2 Verstrekt (Individuele jeugdhulp voorziening)'."""
    if result is None:
        return ""
    label = f"{result.full_number} {result.name}"
    if result.description:
        label += f" ({result.description.strip()})"
    return label


def result_in_words(result) -> str:
    """'8.1.2 Verstrekt (Individuele jeugdhulp voorziening) — 20 jaar na afsluiting'."""
    if result is None:
        return _("geen resultaat gekozen")
    return f"{result_label(result)} — {term_in_words(result)}"
