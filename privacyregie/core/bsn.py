"""The one BSN rule: how a burgerservicenummer is read, checked, stored and pseudonymised.

Every entry point uses :func:`normalise_bsn` (forms through :class:`BSNFormField`, API
serializers through :class:`BSNSerializerField`, services, the resident search, the
processing-log filters and the kernel's pseudonym), so one representation of a number
finds the same resident and the same log entries everywhere, and a refused one is refused
everywhere with the same Dutch message.

Accepted, exactly:

* 9 ASCII digits (a BSN may start with 0: the 0 is written, never implied);
* optionally with ONE separator between two digits: a space, a dot or a hyphen
  ("1112.22.333", "111 222 333", "111-222-333");
* surrounding whitespace is ignored (as Django's and DRF's text fields do);
* the number passes the 11-test (elfproef, python-stdnum ``nl.bsn``) and is not 000000000.

Refused, never repaired: letters and any other character (never stripped: "111222333A" is
not "111222333"), fewer or more than 9 digits (an 8-digit input is NOT zero-padded: a digit
dropped by mistake passes the 11-test after padding about one time in eleven and would then
name another person), a separator at the start or end or two in a row.

The canonical (stored and pseudonymised) form is the 9 digits without separators.
This module never logs or echoes a number it refuses.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn

SEPARATORS = " .-"
_ACCEPTED = re.compile(r"[0-9](?:[ .\-]?[0-9]){8}")
_DIGITS_AND_SEPARATORS = re.compile(r"[0-9 .\-]+")

MESSAGE_CHARACTERS = _("Een BSN bestaat alleen uit cijfers, eventueel gescheiden door een spatie, punt of streepje. "
                       "Letters en andere tekens horen er niet in.")
MESSAGE_LENGTH = _("Een BSN heeft precies 9 cijfers; u vulde er %(count)s in. "
                   "Begint het nummer met een 0? Vul die dan aan.")
MESSAGE_SEPARATORS = _("Zet tussen twee cijfers van het BSN hoogstens één spatie, punt of streepje.")
MESSAGE_CHECKSUM = _("Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef).")


def normalise_bsn(value) -> str:
    """The canonical 9 digits of an accepted BSN; ``ValidationError`` (Dutch, code ``invalid_bsn``) else."""
    text = value.strip() if isinstance(value, str) else ""
    if not _DIGITS_AND_SEPARATORS.fullmatch(text):
        raise ValidationError(MESSAGE_CHARACTERS, code="invalid_bsn")
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) != 9:
        raise ValidationError(MESSAGE_LENGTH, code="invalid_bsn", params={"count": len(digits)})
    if not _ACCEPTED.fullmatch(text):
        raise ValidationError(MESSAGE_SEPARATORS, code="invalid_bsn")
    try:
        return stdnum_bsn.validate(digits)
    except StdnumError as exc:
        raise ValidationError(MESSAGE_CHECKSUM, code="invalid_bsn") from exc


def is_valid_bsn(value) -> bool:
    try:
        normalise_bsn(value)
    except ValidationError:
        return False
    return True


def bsn_error(value) -> str | None:
    """The Dutch message that refuses ``value``, or None when it is accepted."""
    try:
        normalise_bsn(value)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def validate_stored_bsn(value) -> None:
    """Model validator: a stored BSN is the canonical form itself (9 digits, 11-test)."""
    if normalise_bsn(value) != value:
        raise ValidationError(MESSAGE_SEPARATORS, code="invalid_bsn")


def looks_like_bsn(query: str) -> bool:
    """A search term with a digit in it is meant as a BSN (names carry no digits)."""
    return any(ch.isdigit() for ch in query or "")


class BSNFormField(forms.CharField):
    """A form field that cleans to the canonical BSN, or refuses with the one rule's message.

    No ``max_length``: a length error would say something else than the BSN rule, and a
    browser's ``maxlength`` silently cuts a pasted number."""

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalise_bsn(value)


def serializer_field(**kwargs):
    """The DRF field for a BSN: same rule, same message (imported lazily: core serves non-API code too)."""
    from rest_framework import serializers

    class BSNSerializerField(serializers.CharField):
        def to_internal_value(self, data):
            value = super().to_internal_value(data)
            try:
                return normalise_bsn(value)
            except ValidationError as exc:
                raise serializers.ValidationError(exc.messages, code="invalid_bsn") from exc

    return BSNSerializerField(**kwargs)
