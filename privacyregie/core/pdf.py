"""One way to make a PDF: tagged PDF/UA-1, with the language and title of the HTML.

Every PDF that a resident, councillor or supervisor receives goes through here, so that
screen readers can read it (WCAG 2.1 AA / PDF/UA): the structure tree comes from the HTML,
the document language from ``<html lang>`` and the title from ``<title>``.
"""

from __future__ import annotations

from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render HTML to a tagged PDF/UA-1 document."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def render_pdf(template: str, context: dict, request=None) -> bytes:
    """Render a template (which must set ``<html lang>`` and ``<title>``) to a tagged PDF."""
    return html_to_pdf(render_to_string(template, context, request=request))
