"""AVG article 30: the one rule for what a register record must contain.

``art30_1_missing(version)`` lists what a controller's record (art. 30(1)) lacks, and
``art30_2_missing(record, controllers)`` what a processor's record (art. 30(2)) lacks. The
activity form, the import, the API and the checks page all use these two functions (through
``validate_*`` for forms, import and API); nothing else decides what is mandatory.

The rule applies to records *in force* (status "in gebruik"); a concept may still be
incomplete, and is refused only for contradictions. An empty answer is never read as
"none": "geen ontvangers" and "geen doorgifte" must be chosen explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterStatus(models.TextChoices):
    CONCEPT = "concept", _("concept (nog niet vastgesteld)")
    IN_FORCE = "in_gebruik", _("in gebruik")
    ENDED = "beeindigd", _("beëindigd")


class Transfers(models.TextChoices):
    """Art. 30(1)(e) / 30(2)(c): an explicit answer; blank means *not answered*, not "none"."""

    NONE = "geen", _("geen doorgifte naar derde landen of internationale organisaties")
    YES = "wel", _("wel doorgifte naar derde landen of internationale organisaties")


@dataclass(frozen=True)
class Gap:
    field: str  # the field (or "controllers") that must be filled in
    point: str  # where art. 30 asks for it, e.g. "lid 1 onder a"
    message: str


# (point, field) in the order of art. 30(1); "recipients" and the transfer details are conditional.
ARTICLE_30_1 = [
    ("lid 1 onder a", "controller"), ("lid 1 onder a", "controller_address"), ("lid 1 onder a", "controller_contact"),
    ("lid 1 onder a", "dpo_contact"),
    ("lid 1 onder b", "purposes"),
    ("lid 1 onder c", "data_subject_categories"), ("lid 1 onder c", "personal_data_categories"),
    ("lid 1 onder d", "recipients"),
    ("lid 1 onder e", "transfers_outside_eea"), ("lid 1 onder e", "third_country_transfers"),
    ("lid 1 onder e", "transfer_safeguards"),
    ("lid 1 onder f", "retention_period"),
    ("lid 1 onder g", "security_measures"),
]

# (point, field) in the order of art. 30(2); the controllers' own details are required by their model.
ARTICLE_30_2 = [
    ("lid 2 onder a", "processor_contact"), ("lid 2 onder a", "processor_dpo_contact"),
    ("lid 2 onder a", "controllers"),
    ("lid 2 onder b", "name"), ("lid 2 onder b", "description"),
    ("lid 2 onder c", "transfers_outside_eea"), ("lid 2 onder c", "third_country_transfers"),
    ("lid 2 onder c", "transfer_safeguards"),
    ("lid 2 onder d", "security_measures"),
]


def _filled(value) -> bool:
    return bool(str(value or "").strip())


def _label(record, field: str) -> str:
    return str(record._meta.get_field(field).verbose_name)


def _missing(record, point: str, field: str) -> Gap:
    return Gap(field, point, _("Ontbreekt (AVG art. 30 %(point)s): %(what)s.") % {
        "point": point, "what": _label(record, field)})


def _not_required(record, field: str) -> bool:
    """Fields that an explicit "none" answer makes unnecessary."""
    if field == "recipients":
        return bool(getattr(record, "no_recipients", False))
    if field in ("third_country_transfers", "transfer_safeguards"):
        return record.transfers_outside_eea != Transfers.YES
    return False


def contradictions(record) -> list[Gap]:
    """An explicit "none" next to a filled-in answer: refused in every status."""
    gaps = []
    if getattr(record, "no_recipients", False) and _filled(record.recipients):
        gaps.append(Gap("recipients", "", _(
            "Kies 'geen ontvangers' óf vul de ontvangers in, niet allebei.")))
    if record.transfers_outside_eea == Transfers.NONE and (
            _filled(record.third_country_transfers) or _filled(record.transfer_safeguards)):
        gaps.append(Gap("transfers_outside_eea", "", _(
            "U koos 'geen doorgifte', maar vulde landen of waarborgen in. Kies 'wel doorgifte' of maak die velden leeg.")))
    return gaps


def art30_1_missing(version) -> list[Gap]:
    """What a processing activity version in force lacks under art. 30(1), one gap per field."""
    if version.status != RegisterStatus.IN_FORCE:
        return []
    return [_missing(version, point, field) for point, field in ARTICLE_30_1
            if not _not_required(version, field) and not _filled(getattr(version, field))]


def art30_2_missing(record, controllers=None) -> list[Gap]:
    """What a processor's record in force lacks under art. 30(2).

    ``controllers`` are the controllers on whose behalf it processes; ``None`` skips that check
    (a model's ``clean`` cannot see its many-to-many relations; form and API pass them)."""
    if record.status != RegisterStatus.IN_FORCE:
        return []
    gaps = []
    for point, field in ARTICLE_30_2:
        if field == "controllers":
            if controllers is not None and not list(controllers):
                gaps.append(Gap(field, point, _(
                    "Ontbreekt (AVG art. 30 %(point)s): de verwerkingsverantwoordelijke(n) voor wie wij verwerken.")
                    % {"point": point}))
        elif not _not_required(record, field) and not _filled(getattr(record, field)):
            gaps.append(_missing(record, point, field))
    return gaps


def _raise(gaps: list[Gap]) -> None:
    if gaps:
        errors: dict[str, list] = {}
        for gap in gaps:
            errors.setdefault(gap.field, []).append(gap.message)
        raise ValidationError(errors)


def validate_art30_1(version) -> None:
    """Raise a ValidationError per field for everything art. 30(1) requires (and every contradiction)."""
    _raise(contradictions(version) + art30_1_missing(version))


def validate_art30_2(record, controllers=None) -> None:
    _raise(contradictions(record) + art30_2_missing(record, controllers))
