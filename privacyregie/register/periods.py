"""Retention periods in words ("10 jaar", "2 jaar en 6 maanden") and as ISO 8601 ("P10Y").

The register stores ISO 8601 durations (interoperable with the VNG layout); people read and type
words. ``to_words`` and ``parse`` are the one pair of functions for both directions: what
``to_words`` writes, ``parse`` reads back to the same duration. Never shows "P10Y" to a reader.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# ISO 8601 date durations as the register uses them: years, months, weeks, days
ISO = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
UNITS = ("Y", "M", "W", "D")
WORDS = {
    "Y": ("jaar", "jaren", "j", "jr", "year", "years"),
    "M": ("maand", "maanden", "mnd", "mnd.", "month", "months"),
    "W": ("week", "weken", "wk", "weeks"),
    "D": ("dag", "dagen", "d", "day", "days"),
}
_WORD_UNIT = {word: unit for unit, words in WORDS.items() for word in words}
_PART = re.compile(r"(\d+)\s*([a-z.]+)")
_SEPARATORS = re.compile(r"\s*(?:,|\ben\b|\band\b|\+)\s*")


def _label(unit: str, n: int) -> str:
    if unit == "Y":
        return ngettext("%(n)s jaar", "%(n)s jaar", n) % {"n": n}
    if unit == "M":
        return ngettext("%(n)s maand", "%(n)s maanden", n) % {"n": n}
    if unit == "W":
        return ngettext("%(n)s week", "%(n)s weken", n) % {"n": n}
    return ngettext("%(n)s dag", "%(n)s dagen", n) % {"n": n}


def to_words(value: str) -> str:
    """'P2Y6M' -> '2 jaar en 6 maanden'; empty stays empty; anything else is returned unchanged."""
    match = ISO.match((value or "").strip().upper())
    if not match:
        return value or ""
    parts = [_label(unit, int(n)) for unit, n in zip(UNITS, match.groups(), strict=True) if n is not None]
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def parse(text: str) -> str:
    """A period in words or ISO 8601 -> ISO 8601 ('6 maanden' -> 'P6M'); '' for empty.

    Raises ValidationError with a Dutch message for anything else.
    """
    raw = (text or "").strip()
    if not raw:
        return ""
    if ISO.match(raw.upper()):
        return raw.upper()
    amounts: dict[str, int] = {}
    pieces = [p for p in _SEPARATORS.split(raw.lower()) if p]
    for piece in pieces:
        match = _PART.fullmatch(piece.strip())
        unit = _WORD_UNIT.get(match.group(2)) if match else None
        if unit is None or unit in amounts:
            raise ValidationError(
                _("'%(v)s' is geen bewaartermijn. Schrijf bijvoorbeeld '10 jaar', '6 maanden' of '2 jaar en 6 "
                  "maanden'.") % {"v": raw}, code="invalid_period")
        amounts[unit] = int(match.group(1))
    return "P" + "".join(f"{amounts[u]}{u}" for u in UNITS if u in amounts)
