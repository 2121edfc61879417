"""Template helpers of the web shell (page titles, kept fragments); presentation only, never data access."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.html import strip_spaces_between_tags
from django.utils.translation import get_language

from privacyregie.web.pagination import pagination_html

register = template.Library()

SITE_NAME = "Privacyregie"


@register.filter
def page_title(text: str) -> str:
    """'Verwerkingslogboek – Privacyregie', or just 'Privacyregie' on a page without a title."""
    title = " ".join(strip_spaces_between_tags(str(text)).split())
    return f"{title} – {SITE_NAME}" if title else SITE_NAME


@register.simple_tag(takes_context=True)
def pagination(context, page):
    """``{% pagination page %}``: the list's pagination (``web.pagination``), the request's other query
    parameters kept."""
    return pagination_html(page, context["request"].GET)


# --- fragments of the shell kept per language ------------------------------------------------------------------
# ``{% kept %}…{% endkept %}`` around a part of a template whose output follows from the active language, the
# script prefix and the settings alone (fixed texts, links to named pages, static files): rendered once per
# process and language instead of on every page. Never around anything of the request, the user or the data:
# ``web/tests/test_kept.py`` renders the shell for two users in both languages and compares.


_generation = [0]  # a changed setting (tests) forgets every kept fragment


@receiver(setting_changed)
def _forget_fragments(**kwargs):
    _generation[0] += 1


class KeptNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.kept: dict = {}  # (language, script prefix) -> HTML
        self.generation = _generation[0]

    def render(self, context):
        if self.generation != _generation[0]:  # a setting changed: render again (and keep no stale ones)
            self.kept, self.generation = {}, _generation[0]
        key = (get_language(), get_script_prefix())
        html = self.kept.get(key)
        if html is None:
            html = self.kept[key] = self.nodelist.render(context)
        return html


@register.tag("kept")
def kept(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'kept' takes no arguments")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist)
