"""What the public privacy statement (register) shows about residents' rights and retention (R6, issue 13 §8).

``{% public_rights version org as info %}`` gives the rights (``rights.sources``), the retention per outcome
in words (from the Selectielijst rules of the version, via ``retention.services``; else the register's own
``retention_in_words``), the link to the public request form and the one-month term. Never shows an ISO
duration ('P20Y') and never anything about a resident.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from privacyregie.rights import sources

register = template.Library()


def request_form_url(org) -> str:
    """The public request form (``rights:public_request``, or ``rights:public_form`` as the rights part named
    it), per organisation when the form takes one."""
    for name in ("rights:public_request", "rights:public_form"):
        for kwargs in ({"organisation": org.slug}, {"slug": org.slug}, {}):
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return ""


def retention_lines(version) -> list[dict]:
    """[{'outcome': 'verstrekt / toegekend', 'term': '8.1.2 Verstrekt — 20 jaar na afsluiting'}] or the
    register's own period in words (one line without outcome)."""
    from privacyregie.retention import services as retention

    rules_for = getattr(retention, "rules_for", None)
    describe = getattr(retention, "term_description", None)
    lines = []
    if rules_for is not None and describe is not None:
        for outcome, rule in sorted(rules_for(version).items()):
            label = rule.get_outcome_display() if hasattr(rule, "get_outcome_display") else outcome
            lines.append({"outcome": str(label), "term": describe(rule.result)})
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
