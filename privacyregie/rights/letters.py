"""The letter that answers a resident's request (AVG art. 12(1), (4)): a tagged PDF with the decision, its
reasoning, what was done (rectified values, erased or refused cases with the reason, restriction, objection)
and the resident's rights, including the complaint to the Autoriteit Persoonsgegevens.

The rights paragraphs come from ``rights.sources`` (the one place the AVG rights texts are kept). Never
includes data of anyone but the requester.
"""

from __future__ import annotations

from django.utils import timezone

from privacyregie.core.pdf import render_pdf

from . import deadlines
from .models import RequestKind, SubjectRequest


def rights_paragraphs() -> list[str]:
    """The resident's rights as ``rights.sources`` words them (the one place they are written)."""
    from . import sources

    return [f"{right.title} ({right.article}): {right.text}" for right in sources.rights()]


def letter_context(request: SubjectRequest, *, erasure=None) -> dict:
    return {
        "sr": request,
        "organisation": request.organisation,
        "generated": timezone.localtime(timezone.now(), deadlines.AMSTERDAM),
        "rectifications": list(request.rectifications.all()) if request.kind == RequestKind.RECTIFICATION else [],
        "restrictions": list(request.restrictions.all()) if request.kind == RequestKind.RESTRICTION else [],
        "erasure_events": list(request.events.filter(kind="wissing")) if request.kind == RequestKind.ERASURE else [],
        "erasure": erasure,
        "rights": rights_paragraphs(),
        "addressee": request.representative_name or request.requester_name,
    }


def letter_pdf(request: SubjectRequest) -> bytes:
    """The answer letter (or, while the request is open, its draft) as a tagged PDF."""
    return render_pdf("rights/letter_pdf.html", letter_context(request))
