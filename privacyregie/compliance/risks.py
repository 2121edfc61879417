"""Risk register with the 5x5 heat map and the security plan (ADR 0052)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Risk, SecurityMeasure


def level(score: int) -> str:
    """Colour of a likelihood x impact score: red (>= 15), orange (>= 8), green."""
    if score >= 15:
        return "red"
    if score >= 8:
        return "orange"
    return "green"


LEVEL_LABELS = {"red": gettext_lazy("hoog"), "orange": gettext_lazy("midden"), "green": gettext_lazy("laag")}


def risks_for(organisation):
    return Risk.objects.filter(organisation=organisation).prefetch_related("measures", "requirements__framework")


def heat_map(risks, residual: bool = False) -> list[dict]:
    """Rows from likelihood 5 down to 1, each with five cells (impact 1..5) holding the risks there."""
    cells: dict[tuple[int, int], list[Risk]] = {}
    for risk in risks:
        key = (risk.residual_likelihood, risk.residual_impact) if residual else (risk.likelihood, risk.impact)
        cells.setdefault(key, []).append(risk)
    return [
        {"likelihood": likelihood,
         "cells": [{"impact": impact, "level": level(likelihood * impact), "risks": cells.get((likelihood, impact), [])}
                   for impact in range(1, 6)]}
        for likelihood in range(5, 0, -1)
    ]


def security_plan(organisation) -> list[SecurityMeasure]:
    """Open measures first, then by the risk reduction of their risk (largest first), then deadline."""
    measures = list(SecurityMeasure.objects.filter(organisation=organisation).select_related("risk")
                    .prefetch_related("requirements"))
    for measure in measures:
        measure.reduction = measure.risk.score - measure.risk.residual_score
    return sorted(measures, key=lambda m: (m.status == SecurityMeasure.Status.DONE, -m.reduction,
                                           m.deadline or timezone.localdate().replace(year=9999)))


def validate_scores(*scores) -> None:
    for score in scores:
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise ValidationError(_("Kans en impact zijn een getal van 1 tot en met 5."))


@transaction.atomic
def save_risk(risk: Risk) -> Risk:
    validate_scores(risk.likelihood, risk.impact, risk.residual_likelihood, risk.residual_impact)
    if risk.residual_score > risk.score:
        raise ValidationError(_("Het restrisico kan niet hoger zijn dan het bruto risico."))
    risk.full_clean()
    risk.save()
    return risk


def due_for_review(organisation, today=None):
    today = today or timezone.localdate()
    return Risk.objects.filter(organisation=organisation, review_date__lte=today)
