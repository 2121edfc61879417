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


@register.simple_tag
def link_groups(menu, current_path):
    """The start page's groups of links of the user's menu, without the current page (``core.navigation``)."""
    from privacyregie.core.navigation import link_groups_html

    return link_groups_html(menu or (), current_path)
