"""The destruction certificate (verklaring van vernietiging, Archiefbesluit 1995 art. 8): what was destroyed
(case references, counts and pseudonyms only: never a name or a BSN), under which Selectielijst result and
term, approved by whom and when, executed by whom and when. A tagged PDF (``core.pdf.render_pdf``) stored
encrypted, and the ``DestructionCertificate`` record with the same summary; both are kept permanently (the
record protects its proposal from deletion). The PDF file is not bound to any shred key."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from privacyregie.core.files import read_encrypted, store_encrypted
from privacyregie.core.pdf import render_pdf

from .models import DestructionCertificate, DestructionProposal

TEMPLATE = "retention/destruction_certificate_pdf.html"


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def term_in_words(result) -> str:
    """'10 jaar' for a result's term (never 'P10Y'); empty without a term."""
    from privacyregie.register.periods import to_words

    if result is None or not result.retention_term:
        return ""
    return to_words(result.retention_term)


def build_summary(proposal: DestructionProposal, counts: dict) -> dict:
    """What the certificate says, as JSON (kept on the record, shown in the PDF and the API)."""
    items, excluded = [], []
    for item in proposal.items.select_related("result").order_by("case_reference"):
        if item.excluded_reason:
            excluded.append({"case_reference": item.case_reference, "reason": item.excluded_reason})
            continue
        result = item.result
        items.append({
            "case_reference": item.case_reference,
            "result": f"{result.full_number} {result.name}" if result else "",
            "valuation": result.get_valuation_display() if result else "",
            "term": term_in_words(result),
            "term_started_on": item.term_started_on.isoformat(),
            "term_ended_on": item.term_ended_on.isoformat(),
            "subject_pseudonyms": list(item.subject_pseudonyms),
            "counts": counts.get(item.case_reference, {}),
        })
    approvals = [{"name": _person(a.user), "capacity": str(a.get_capacity_display()), "at": _when(a.at)}
                 for a in proposal.approvals.select_related("user").order_by("at")]
    return {
        "proposal": proposal.reference,
        "organisation": proposal.organisation.name,
        "drawn_up_by": _person(proposal.created_by), "drawn_up_at": _when(proposal.created_at),
        "approvals": approvals,
        "executed_by": _person(proposal.executed_by), "executed_at": _when(proposal.executed_at),
        "items": items, "excluded": excluded,
        "totals": {key: sum(c.get(key, 0) for c in counts.values() if isinstance(c, dict))
                   for key in ("notes", "documents", "consents", "memberships", "residents", "exchanges",
                               "data_rooms", "files")},
    }


def render(summary: dict) -> bytes:
    return render_pdf(TEMPLATE, {"s": summary})


def issue_certificate(proposal: DestructionProposal, counts: dict) -> DestructionCertificate:
    """Create the certificate of an executed proposal (inside the execution's transaction)."""
    summary = build_summary(proposal, counts)
    pdf = render(summary)
    storage = store_encrypted(pdf)
    return DestructionCertificate.objects.create(
        organisation_id=proposal.organisation_id, proposal=proposal, summary=summary, pdf_path=storage,
        pdf_sha256=hashlib.sha256(pdf).hexdigest())


def certificate_pdf(certificate: DestructionCertificate) -> bytes:
    return read_encrypted(certificate.pdf_path)


__all__ = ["build_summary", "certificate_pdf", "issue_certificate", "render"]
