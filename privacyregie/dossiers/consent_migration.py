"""Moving consents from free-text recipients to partners of the register (used by migration 0005).

Kept outside the migration file so that tests can call it: ``match_recipient`` is pure, and
``migrate_recipients`` takes the model classes the migration gives it (historical models).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def match_recipient(text: str, partners) -> object | None:
    """The partner the free text names, or None.

    First an exact match of the names (case-insensitive, trimmed, inner spaces collapsed); else a
    "contains" match (the text in the partner's name, or the partner's name in the text) when exactly
    one partner matches that way. Ambiguous or empty text matches nothing.
    """
    wanted = _norm(text)
    if not wanted:
        return None
    partners = list(partners)
    exact = [p for p in partners if _norm(p.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    contains = [p for p in partners if wanted in _norm(p.name) or _norm(p.name) in wanted]
    return contains[0] if len(contains) == 1 else None


def start_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment of a local (Europe/Amsterdam) day, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=AMSTERDAM).astimezone(datetime.UTC)


def migrate_recipients(consent_model, partner_model) -> dict:
    """Link each consent to the partner its old ``recipient`` text names (same organisation); keep the text
    in ``recipient_note`` when it names none. Also carry the dates over: ``valid_from`` from ``given_on``,
    ``withdrawn_at`` from the old withdrawal date (start of that day, Europe/Amsterdam). Returns counts."""
    matched = unmatched = 0
    by_org: dict[int, list] = {}
    for consent in consent_model.objects.all().order_by("pk"):
        partners = by_org.setdefault(consent.organisation_id,
                                     list(partner_model.objects.filter(organisation_id=consent.organisation_id)))
        partner = match_recipient(consent.recipient, partners)
        if partner is not None:
            consent.partners.add(partner)
            consent.recipient_note = ""
            matched += 1
        else:
            consent.recipient_note = (consent.recipient or "").strip()[:200]
            unmatched += 1
        consent.valid_from = consent.valid_from or consent.given_on
        if consent.withdrawn_on and not consent.withdrawn_at:
            consent.withdrawn_at = start_of_day(consent.withdrawn_on)
            consent.withdrawal_form = consent.withdrawal_form or consent.form
            consent.withdrawal_note = consent.withdrawal_note or "overgenomen uit de registratie van vóór 2026-12"
        consent.save()
    return {"matched": matched, "unmatched": unmatched}
