"""Input validators used at every boundary: forms, API serializers and imports.

* Control characters: NUL and the other C0/C1 control characters, DEL and lone UTF-16
  surrogates are refused with a clear message (tab, newline and carriage return are
  allowed in free text). PostgreSQL cannot store NUL and no database can store a lone
  surrogate; refusing them at the boundary gives the same answer on SQLite and PostgreSQL.
* Sane dates: a date (or moment) must lie between 1 January 1900 and a bound that fits
  the field: today for things that already happened, some years ahead for deadlines.

These validators never change a value; they only refuse it.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, newline and carriage return; DEL; C1 controls; lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_SINGLE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")

CONTROL_CHARACTER_MESSAGE = _(
    "Deze invoer bevat een niet-toegestaan stuurteken (%(char)s, op positie %(position)s). "
    "Verwijder het en probeer het opnieuw."
)
MIN_DATE = datetime.date(1900, 1, 1)


def find_control_character(value: str, *, multiline: bool = True) -> tuple[int, str] | None:
    """The (1-based) position and code point of the first refused character, or None."""
    match = (_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(value)
    if match is None:
        return None
    return match.start() + 1, f"U+{ord(match.group()):04X}"


@deconstructible
class NoControlCharactersValidator:
    code = "control_character"

    def __init__(self, multiline: bool = True):
        self.multiline = multiline

    def __call__(self, value):
        if not isinstance(value, str):
            return
        found = find_control_character(value, multiline=self.multiline)
        if found:
            raise ValidationError(CONTROL_CHARACTER_MESSAGE, code=self.code,
                                  params={"position": found[0], "char": found[1]})

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator) and other.multiline == self.multiline


validate_no_control_characters = NoControlCharactersValidator()


def control_character_errors(data, path: str = "") -> dict[str, list[str]]:
    """Every string in a nested structure (dicts, lists, keys) that holds a refused character.

    Returns ``{dotted.path: [message]}``; empty when all is well. Used by the API parsers
    and the imports, where the data has not yet met a form or serializer. Iterative, so a
    deeply nested document cannot exhaust the stack.
    """
    errors: dict[str, list[str]] = {}
    stack = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            found = find_control_character(value)
            if found:
                message = CONTROL_CHARACTER_MESSAGE % {"position": found[0], "char": found[1]}
                errors.setdefault(where or "nonFieldErrors", [str(message)])
        elif isinstance(value, dict):
            for key, item in value.items():
                name = f"{where}.{key}" if where else str(key)
                stack.append((name, key))
                stack.append((name, item))
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{where}.{index}" if where else str(index), item) for index, item in enumerate(value))
    return errors


@deconstructible
class SaneDateValidator:
    """A date or moment between 1 January 1900 and today (``past=True``) or some years ahead."""

    code = "date_out_of_range"

    def __init__(self, *, past: bool = False, years_ahead: int = 10, earliest: datetime.date = MIN_DATE):
        self.past = past
        self.years_ahead = years_ahead
        self.earliest = earliest

    def latest(self) -> datetime.date:
        today = timezone.localdate()
        if self.past:
            return today
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def __call__(self, value):
        if value is None or value == "":
            return
        if isinstance(value, datetime.datetime):
            day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            return
        latest = self.latest()
        if day < self.earliest or day > latest:
            if self.past and day > latest:
                raise ValidationError(_("Deze datum ligt in de toekomst. Vul een datum in tot en met vandaag."),
                                      code=self.code)
            raise ValidationError(
                _("Vul een datum in tussen %(earliest)s en %(latest)s."), code=self.code,
                params={"earliest": self.earliest.strftime("%d-%m-%Y"), "latest": latest.strftime("%d-%m-%Y")})

    def __eq__(self, other):
        return isinstance(other, SaneDateValidator) and (other.past, other.years_ahead, other.earliest) == (
            self.past, self.years_ahead, self.earliest)


validate_sane_date = SaneDateValidator()
validate_past_date = SaneDateValidator(past=True)

DATE_FIELD_TYPES = (forms.DateField, forms.DateTimeField)


def _has(validators, kind) -> bool:
    return any(isinstance(v, kind) for v in validators)


class SafeInputFormMixin:
    """Mix into every form: text fields refuse control characters, date fields refuse insane dates.

    A field that states its own :class:`SaneDateValidator` (e.g. ``past=True``) keeps it;
    others get the default (1900 up to ten years ahead).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not _has(field.validators, NoControlCharactersValidator):
                field.validators.append(validate_no_control_characters)
            elif isinstance(field, DATE_FIELD_TYPES) and not _has(field.validators, SaneDateValidator):
                field.validators.append(validate_sane_date)
