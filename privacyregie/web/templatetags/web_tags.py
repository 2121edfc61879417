"""Template helpers of the web shell (page titles); presentation only, never data access."""

from django import template
from django.utils.html import strip_spaces_between_tags

register = template.Library()

SITE_NAME = "Privacyregie"


@register.filter
def page_title(text: str) -> str:
    """'Verwerkingslogboek – Privacyregie', or just 'Privacyregie' on a page without a title."""
    title = " ".join(strip_spaces_between_tags(str(text)).split())
    return f"{title} – {SITE_NAME}" if title else SITE_NAME
