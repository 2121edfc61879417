"""What the public privacy statement (register) shows about residents' rights and retention (R6, issue 13 §8).

``{% public_rights version org as info %}`` gives the rights (``rights.sources``), the retention per outcome
in words (from the Selectielijst rules of the version, via ``retention.services``; else the register's own
``retention_in_words``), the link to the public request form and the one-month term. Never shows an ISO
duration ('P20Y') and never anything about a resident.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from privacyregie.rights import sources

register = template.Library()


def request_form_url(org) -> str:
    """The organisation's public request form."""
    return reverse("rights:public_form", kwargs={"organisation": org.slug})


def retention_lines(version) -> list[dict]:
    """[{'outcome': 'verstrekt / toegekend', 'term': '8.1.2 Verstrekt — 20 jaar na afsluiting'}] from the
    Selectielijst rules of the version, or else the register's own period in words (one line without outcome)."""
    from privacyregie.retention import services as retention

    lines = [{"outcome": outcome, "term": term} for outcome, term in retention.retention_in_words(version)]
    if not lines:
        words = version.retention_in_words() if version.retention_period else ""
        text = version.retention_explanation or words
        if words and version.retention_explanation and words not in version.retention_explanation:
            text = f"{words}: {version.retention_explanation}"
        if text and version.retention_start_event:
            text = f"{text} ({version.retention_start_event})"
        lines.append({"outcome": "", "term": text})
    return lines


@register.simple_tag
def public_rights(version, org):
    return {
        "rights": sources.rights(),
        "retention": retention_lines(version),
        "request_url": request_form_url(org),
        "answer_term": sources.ANSWER_TERM_TEXT,
        "how_to": sources.HOW_TO_REQUEST_TEXT,
        "ap_url": sources.AP_URL,
    }
